"""The device-side scheduler (spec §3.9): up to 8 rules run on the device clock.

A timer fires at every minute boundary of the device clock and runs the rules
of that minute. Setting the clock (DATE=, DATESMS) re-aims the timer; each
minute runs at most once even if the clock is set back into it.
"""

from __future__ import annotations

from datetime import timedelta
import re
from typing import TYPE_CHECKING

from .clock import TimerHandle
from .isocket_errors import ExecuteError, IncorrectValueError
from .isocket_settings import MAX_RULES, ScheduleRule

if TYPE_CHECKING:
    from collections.abc import Callable

    from .isocket import ISocket
    from .isocket_commands import Request

_RULE = re.compile(r"([01]\d|2[0-3]):([0-5]\d),([*1-7]),(ON|OFF|INF|AON|AOF)")
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
EMPTY_TEXT = "No scheduler rules"
_SLACK = timedelta(seconds=0.5)

# What each action does; INF sends the STATUS text to the alert numbers.
_ACTIONS: dict[str, Callable[[ISocket], None]] = {
    "ON": lambda device: device.relay.set(True),
    "OFF": lambda device: device.relay.set(False),
    "INF": lambda device: device.alert(device.status_text()),
    "AON": lambda device: device.alarm.arm(),
    "AOF": lambda device: device.alarm.disarm(),
}


class Scheduler:
    """Runs ``settings.schedule`` at the device clock's minute boundaries."""

    def __init__(self, device: ISocket) -> None:
        """Idle until :meth:`start`."""
        self._device = device
        self._timer: TimerHandle | None = None
        self._last_minute: str | None = None

    def start(self) -> None:
        """Aim at the next minute boundary (power-on, clock set)."""
        self.stop()
        # half a second of slack: a tick that lands a hair early in float time
        # still counts as its minute, and the next one aims a whole minute on
        now = self._device.device_clock.now() + _SLACK
        delay = 60 - now.second - now.microsecond / 1e6 + _SLACK.total_seconds()
        self._timer = self._device.clock.call_later(delay, self._tick)

    def stop(self) -> None:
        """No more ticks (power loss, close)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _tick(self) -> None:
        now = self._device.device_clock.now() + _SLACK
        minute = now.replace(second=0, microsecond=0)
        key = minute.strftime("%y%m%d%H%M")
        if key != self._last_minute:
            self._last_minute = key
            hhmm, weekday = minute.strftime("%H:%M"), str(minute.isoweekday())
            for rule in list(self._device.settings.schedule):
                if rule.time == hhmm and rule.day in ("*", weekday):
                    _ACTIONS[rule.action](self._device)
        self.start()


def add_rule(device: ISocket, match: re.Match[str], _request: Request) -> str:
    """SCHEDULER+hh:mm,day,action."""
    parsed = _RULE.fullmatch(match.group(1))
    if parsed is None:
        raise IncorrectValueError(match.group(1))
    hh, mm, day, action = parsed.groups()
    rule = ScheduleRule(f"{hh}:{mm}", day, action)
    schedule = device.settings.schedule
    if rule not in schedule:
        if len(schedule) >= MAX_RULES:
            raise ExecuteError(rule.text)
        schedule.append(rule)
    return f"SCHEDULER+{rule.text} - OK"


def remove_rule(device: ISocket, match: re.Match[str], _request: Request) -> str:
    """SCHEDULER-hh:mm: every rule at that time."""
    time = match.group(1)
    if _TIME.fullmatch(time) is None:
        raise IncorrectValueError(time)
    device.settings.schedule[:] = [
        rule for rule in device.settings.schedule if rule.time != time
    ]
    return f"SCHEDULER-{time} - OK"


def clear_rules(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """SCHEDULER-ALL."""
    device.settings.schedule.clear()
    return "SCHEDULER-ALL - OK"


def list_rules(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """SCHEDULER?: one rule a line."""
    return "\n".join(rule.text for rule in device.settings.schedule) or EMPTY_TEXT
