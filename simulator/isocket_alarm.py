"""The alarm input: sensor, notification cycles, relay links, alarm log (spec §3.8).

The stimuli act on the physical sensor: ``wiring`` says whether it closes
(N/O) or opens (N/C) its contact when it detects, and SENSORTYPE tells the
device how to read the contact, so a wrong SENSORTYPE inverts the alarm as it
would on the real device. Everything here happens only while armed.

SMS, CALL and OFF are level-triggered with the 60-s rule: a trigger starts a
cycle, nothing is detected during it, and 60 s after it ends the device looks
again and starts a new cycle if the sensor is still active (also on arming).
SMSCHANGE reports every change of the logical state, both ways.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime
import re
from typing import TYPE_CHECKING

from .clock import TimerHandle
from .isocket_errors import IncorrectValueError
from .network import Call, CallState

if TYPE_CHECKING:
    from collections.abc import Callable

    from .isocket import ISocket
    from .isocket_commands import Request

RING_SECONDS = 20.0
REARM_SECONDS = 60.0
LOG_SIZE = 10
CHANGE_KINDS = {True: "sensor_active", False: "sensor_normal"}
EMPTY_LOG_TEXT = "ALARM log is empty"
_RELAYTIME = re.compile(r"0|(ON|OFF)(\d*)")


def relay_action(value: str) -> tuple[bool, int | None] | None:
    """RELAYTIME as (switch on, seconds or None for permanent); None for ``0``."""
    match = _RELAYTIME.fullmatch(value)
    if match is None or value == "0":
        return None
    seconds = match.group(2)
    return match.group(1) == "ON", int(seconds) if seconds else None


class Alarm:
    """Sensor input, arming, notification cycles and the alarm log."""

    def __init__(self, device: ISocket, wiring: str = "NO") -> None:
        """A quiet sensor of the given physical type (``NO`` or ``NC``)."""
        self._device = device
        self.wiring = wiring
        self.detecting = False
        self.log: deque[datetime] = deque(maxlen=LOG_SIZE)
        self._ready = True
        self._last_active = self.active
        self._timers: list[TimerHandle] = []
        self._call: Call | None = None

    @property
    def active(self) -> bool:
        """The logical state the device reads from the contact."""
        contact_closed = self.detecting == (self.wiring == "NO")
        return contact_closed == (self._device.settings.sensortype == "NO")

    @property
    def armed(self) -> bool:
        """Whether the alarm function is on (kept in the settings)."""
        return self._device.settings.alarm_armed

    def set_detecting(self, detecting: bool) -> None:
        """The physical sensor starts or stops detecting."""
        self.detecting = detecting
        self.input_changed()

    def input_changed(self) -> None:
        """Re-read the input (after a stimulus or a SENSORTYPE change)."""
        active = self.active
        if active == self._last_active or not self._device.powered:
            self._last_active = active
            return
        self._last_active = active
        if not self.armed:
            return
        if self._device.settings.alert == "SMSCHANGE":
            self._changed(active)
        else:
            self._look()

    def arm(self) -> None:
        """ALARMON, scheduler AON."""
        self._device.settings.alarm_armed = True
        self._last_active = self.active
        self._look()

    def disarm(self) -> None:
        """ALARMOFF, scheduler AOF, the hidden button: stops a running cycle."""
        self._device.settings.alarm_armed = False
        self.stop()

    def start(self) -> None:
        """Power-on: read the input as it is now."""
        self._last_active = self.active
        self._ready = True

    def stop(self) -> None:
        """Abandon a running cycle (power loss, disarm, close)."""
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()
        if self._call is not None:
            self._call.hangup(self._device.number)
            self._call = None
        self._ready = True

    def reset(self) -> None:
        """Factory reset: no cycle, empty log."""
        self.stop()
        self.log.clear()

    # -- SMS, CALL, OFF: one alarm per cycle, ready again 60 s after it ------

    def _look(self) -> None:
        settings = self._device.settings
        if self.armed and self.active and self._ready and settings.alert != "SMSCHANGE":
            self._trigger()

    def _trigger(self) -> None:
        self._ready = False
        now = self._device.device_clock.now()
        self.log.append(now)
        self._link_relay(returning=False)
        mode = self._device.settings.alert
        if mode == "CALL":
            self._call_next(list(self._device.settings.alert_numbers))
            return
        if mode == "SMS":
            self._device.alert(self._alarm_text(now))
        self._cycle_done()

    def _cycle_done(self) -> None:
        self._schedule(REARM_SECONDS, self._rearm)

    def _rearm(self) -> None:
        self._ready = True
        self._look()

    def _call_next(self, numbers: list[str]) -> None:
        if not numbers:  # nobody answered: SMS to all ends the cycle
            self._device.alert(self._alarm_text(self._device.device_clock.now()))
            self._cycle_done()
            return
        call = self._device.network.call(self._device.number, f"+{numbers[0]}")
        self._call = call
        timer = self._schedule(RING_SECONDS, lambda: self._ring_over(call, numbers[1:]))

        def on_change(changed: Call) -> None:
            if changed.state is CallState.ANSWERED and self._call is changed:
                self._call = None
                timer.cancel()
                changed.hangup(self._device.number)  # ringing only, no voice
                self._cycle_done()

        call.add_listener(on_change)

    def _ring_over(self, call: Call, rest: list[str]) -> None:
        # a rejected call still uses its 20 s slot (§9.2)
        if call.active:
            call.hangup(self._device.number)
        self._call = None
        self._call_next(rest)

    # -- SMSCHANGE ---------------------------------------------------------

    def _changed(self, active: bool) -> None:
        if active:
            self.log.append(self._device.device_clock.now())
        # after the relay link, so that a wording naming the socket is right
        self._link_relay(returning=not active)
        self._device.alert(self._device.say(CHANGE_KINDS[active]))

    def _alarm_text(self, moment: datetime) -> str:
        """The alarm SMS (ALERT=SMS, and CALL when nobody answers)."""
        return self._device.say("alarm", time=self._device.wording.stamp(moment))

    def _link_relay(self, *, returning: bool) -> None:
        action = relay_action(self._device.settings.relaytime)
        if action is None:
            return
        on, seconds = action
        relay = self._device.relay
        if returning:  # §7.2: the opposite state, permanent actions included
            relay.set(not on)
        elif seconds is None:
            relay.set(on)
        else:
            relay.set_for(on, seconds)

    def _schedule(self, delay: float, callback: Callable[[], None]) -> TimerHandle:
        self._timers = [timer for timer in self._timers if not timer.cancelled]
        timer = self._device.clock.call_later(delay, callback)
        self._timers.append(timer)
        return timer


# -- command handlers ------------------------------------------------------


def alarm_on(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """ALARMON."""
    device.alarm.arm()
    return "ALARMON - OK\nALARM function: Enabled"


def alarm_off(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """ALARMOFF."""
    device.alarm.disarm()
    return "ALARMOFF - OK\nALARM function: Disabled"


def alarm_inquiry(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """ALARM?."""
    armed = "Enabled" if device.alarm.armed else "Disabled"
    activity = "Activity" if device.alarm.active else "No activity"
    return f"ALARM function: {armed}\nSensor(s): Connected\nALARM status: {activity}"


def show_alarm_log(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """SHOWALARMLOG: oldest first, one ``yy/mm/dd,hh:mm:ss`` a line."""
    stamps = (device.wording.log_stamp(moment) for moment in device.alarm.log)
    return "\n".join(stamps) or EMPTY_LOG_TEXT


def set_relaytime(device: ISocket, match: re.Match[str], _request: Request) -> str:
    """RELAYTIME=0|ON|OFF|ON<n>|OFF<n>, n 1…65000."""
    value = match.group(1)
    parsed = _RELAYTIME.fullmatch(value)
    seconds = parsed.group(2) if parsed else None
    if parsed is None or (seconds and not 1 <= int(seconds) <= 65000):
        raise IncorrectValueError(value)
    if seconds:  # ON060 is stored and reported as ON60
        value = f"{parsed.group(1)}{int(seconds)}"
    device.settings.relaytime = value
    return f"RELAYTIME={value} - OK"


def relaytime_inquiry(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """RELAYTIME?."""
    return f"RELAYTIME={device.settings.relaytime}"
