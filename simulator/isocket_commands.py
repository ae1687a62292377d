"""The iSocket's command table: one regex per command of spec §3, with its handler.

This is the emulator's own reading of the manual, written independently of
``protocol/`` (which builds and parses the same commands for the
integration), so that testing one against the other proves something. Keys
follow ``protocol.commands.COMMANDS`` so ``scripts/spec_coverage.py`` can line
them up. Bodies are matched upper-cased and whole (the password is already
stripped); handlers read case-sensitive values from :meth:`Request.original`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
import re
from typing import TYPE_CHECKING

from . import (
    isocket_alarm as alarm,
    isocket_control as control,
    isocket_scheduler as scheduler,
    isocket_security as security,
    isocket_thermostat as thermostat,
)
from .isocket_errors import IncorrectValueError, NotAppliedError
from .isocket_settings import ENUM_SETTINGS, EnumSetting

if TYPE_CHECKING:
    from .isocket import ISocket


class Kind(StrEnum):
    """Conf commands need the configuration window; Inf and Ctrl never do."""

    CONF = "Conf"
    INF = "Inf"
    CTRL = "Ctrl"


@dataclass(frozen=True, slots=True)
class Request:
    """What a handler may know about the SMS besides the matched command."""

    sender: str | None
    timestamp: datetime
    body: str  # the command as sent (password stripped), original case

    def original(self, match: re.Match[str], group: int) -> str:
        """A matched group in its original case (the match ran upper-cased)."""
        start, end = match.span(group)
        return self.body[start:end]


type Handler = Callable[[ISocket, re.Match[str], Request], str | None]


@dataclass(frozen=True, slots=True)
class CommandRow:
    """One command: its key, kind, whole-body pattern and handler."""

    key: str
    kind: Kind
    pattern: re.Pattern[str]
    handler: Handler

    @property
    def always_replies(self) -> bool:
        """Replies even with SMSCONFIRM=OFF (spec §2)."""
        return self.kind is Kind.INF or self.key in ALWAYS_REPLY


ALWAYS_REPLY = frozenset(
    {"STATUS", "TEMPERATURE", "RUNTIME", "SHOWALARMLOG", "CREDIT"}
    | {"HARDWARE", "SERIALNUM", "FIRMWARE", "DATE"}
)
CONF, INF, CTRL = Kind.CONF, Kind.INF, Kind.CTRL


def _row(
    key: str, kind: Kind, handler: Handler, pattern: str | None = None
) -> CommandRow:
    return CommandRow(key, kind, re.compile(pattern or re.escape(key)), handler)


# -- generic NAME=VALUE settings ---------------------------------------------


def _ring_guard(device: ISocket, value: str) -> None:
    if value != "NOACTION" and device.settings.seclist != "ON":
        raise NotAppliedError(device.say("seclist_inactive"))


def _seclist_off(device: ISocket, value: str) -> None:
    if value == "OFF":  # calls are unprotected now: no call-triggered actions
        device.settings.ring = "NOACTION"


def _nothing(_device: ISocket, _value: str) -> None:
    return None


_GUARDS: dict[str, Callable[[ISocket, str], None]] = {"RING": _ring_guard}
_AFTER: dict[str, Callable[[ISocket, str], None]] = {
    "SECLIST": _seclist_off,
    "SENSORTYPE": lambda device, _value: device.alarm.input_changed(),
    "TSENSFAILALERT": lambda device, _value: device.thermostat.settings_changed(),
    "SWITCHOFFALERT": lambda device, _value: device.thermostat.settings_changed(),
}


def _enum_setter(setting: EnumSetting, value: str) -> Handler:
    def handler(device: ISocket, _match: re.Match[str], _request: Request) -> str:
        _GUARDS.get(setting.name, _nothing)(device, value)
        setattr(device.settings, setting.attribute, value)
        _AFTER.get(setting.name, _nothing)(device, value)
        return setting.render_ok(value)

    return handler


def _enum_inquiry(setting: EnumSetting) -> Handler:
    def handler(device: ISocket, _match: re.Match[str], _request: Request) -> str:
        current = getattr(device.settings, setting.attribute)
        return device.wording.inquiry(
            setting.render_inquiry(current), setting.name, setting.options(current)
        )

    return handler


def _incorrect_value(_device: ISocket, match: re.Match[str], _request: Request) -> str:
    raise IncorrectValueError(match.group(0))


def _enum_rows(setting: EnumSetting) -> list[CommandRow]:
    rows = [
        _row(f"{setting.name}={value}", CONF, _enum_setter(setting, value))
        for value in setting.values
    ]
    return [*rows, _row(f"{setting.name}?", INF, _enum_inquiry(setting))]


_NUMBER = r"(.*)"
COMMAND_TABLE: tuple[CommandRow, ...] = (
    # §3.1 main socket
    _row("ON", CTRL, control.switch_on),
    _row("OFF", CTRL, control.switch_off),
    _row("ON<n>", CTRL, control.switch_for, r"(ON)(\d+)"),
    _row("OFF<n>", CTRL, control.switch_for, r"(OFF)(\d+)"),
    _row("RESTART", CTRL, control.restart),
    _row("RESTARTTIME=", CONF, control.set_restart_time, r"RESTARTTIME=(.*)"),
    _row("RESTARTTIME?", INF, control.restart_time_inquiry),
    _row("STATUS", CTRL, control.status),
    _row("TEMPERATURE", CTRL, thermostat.temperature),
    _row("RUNTIME", CTRL, control.runtime),
    # §3.3 security, §3.4 alert numbers
    _row("MAKEMEBOSS", CONF, security.make_me_boss),
    _row("SECNUMBER-ALL", CONF, security.clear_secnumbers),
    _row("SECNUMBER+", CONF, security.add_secnumber, rf"SECNUMBER\+{_NUMBER}"),
    _row("SECNUMBER-", CONF, security.remove_secnumber, rf"SECNUMBER-{_NUMBER}"),
    _row("SECNUMBER?", INF, security.list_secnumbers),
    _row("PASSWORD=NO", CONF, security.set_password, r"PASSWORD=(NO)"),
    _row("PASSWORD=", CONF, security.set_password, r"PASSWORD=(.*)"),
    _row("ALERTME", CONF, security.alert_me),
    _row("ALERTNUMBER-ALL", CONF, security.clear_alertnumbers),
    _row("ALERTNUMBER+", CONF, security.add_alertnumber, rf"ALERTNUMBER\+{_NUMBER}"),
    _row("ALERTNUMBER-", CONF, security.remove_alertnumber, rf"ALERTNUMBER-{_NUMBER}"),
    _row("ALERTNUMBER?", INF, security.list_alertnumbers),
    # §3.2, §3.5, §3.6, §3.8, §3.10: NAME=VALUE settings and their inquiries
    *(row for setting in ENUM_SETTINGS for row in _enum_rows(setting)),
    # §3.6 thermostat and temperature alerts
    _row("THERMOSTATON", CTRL, thermostat.thermostat_on),
    _row("THERMOSTATOFF", CTRL, thermostat.thermostat_off),
    _row("THERMOSTAT=HEATING", CONF, thermostat.set_mode, r"THERMOSTAT=(HEATING)"),
    _row("THERMOSTAT=COOLING", CONF, thermostat.set_mode, r"THERMOSTAT=(COOLING)"),
    _row("THERMOSTAT?", INF, thermostat.thermostat_inquiry),
    _row("SWITCHOFFTEMP=", CONF, thermostat.set_switchoff_temp, r"SWITCHOFFTEMP=(.*)"),
    _row("TRISEALERT=OFF", CONF, thermostat.set_trise, r"TRISEALERT=(OFF)"),
    _row("TRISEALERT=", CONF, thermostat.set_trise, r"TRISEALERT=(.*)"),
    _row("TRISEALERT?", INF, thermostat.trise_inquiry),
    _row("TFALLALERT=OFF", CONF, thermostat.set_tfall, r"TFALLALERT=(OFF)"),
    _row("TFALLALERT=", CONF, thermostat.set_tfall, r"TFALLALERT=(.*)"),
    _row("TFALLALERT?", INF, thermostat.tfall_inquiry),
    # §3.7 date and time
    _row("DATESMS", CONF, control.date_from_sms),
    _row("DATE=", CONF, control.set_date, r"DATE=(.*)"),
    _row("DATE", CTRL, control.date),
    # §3.8 alarm input and links
    _row("RELAYTIME=ON", CONF, alarm.set_relaytime, r"RELAYTIME=(ON)"),
    _row("RELAYTIME=OFF", CONF, alarm.set_relaytime, r"RELAYTIME=(OFF)"),
    _row("RELAYTIME=0", CONF, alarm.set_relaytime, r"RELAYTIME=(0)"),
    _row("RELAYTIME=ON<n>", CONF, alarm.set_relaytime, r"RELAYTIME=(ON\d+)"),
    _row("RELAYTIME=OFF<n>", CONF, alarm.set_relaytime, r"RELAYTIME=(OFF\d+)"),
    _row("RELAYTIME?", INF, alarm.relaytime_inquiry),
    _row("ALARMON", CTRL, alarm.alarm_on),
    _row("ALARMOFF", CTRL, alarm.alarm_off),
    _row("ALARM?", INF, alarm.alarm_inquiry),
    _row("SHOWALARMLOG", CTRL, alarm.show_alarm_log),
    # §3.9 scheduler
    _row("SCHEDULER-ALL", CTRL, scheduler.clear_rules),
    _row("SCHEDULER+", CTRL, scheduler.add_rule, r"SCHEDULER\+(.*)"),
    _row("SCHEDULER-", CTRL, scheduler.remove_rule, r"SCHEDULER-(.*)"),
    _row("SCHEDULER?", INF, scheduler.list_rules),
    # §3.11 credit and SIM services
    _row("CREDITUMS=NO", CONF, control.set_creditums, r"CREDITUMS=(NO)"),
    _row("CREDITUMS=", CONF, control.set_creditums, r"CREDITUMS=(.*)"),
    _row("CREDITUMS?", INF, control.creditums_inquiry),
    _row("CREDIT", CTRL, control.credit),
    _row("SIMCARD", CONF, control.simcard, r"SIMCARD(.*)"),
    # §3.12 version information
    _row("HARDWARE", CTRL, control.hardware),
    _row("SERIALNUM", CTRL, control.serial_number),
    _row("FIRMWARE", CTRL, control.firmware),
)

# A known setting with a value it does not take is "Incorrect value!", not an
# unknown command; these rows come last and are no commands of their own.
_BAD_VALUES: tuple[CommandRow, ...] = tuple(
    _row(f"{name}=*", CONF, _incorrect_value, rf"{name}=.*")
    for name in (*(s.name for s in ENUM_SETTINGS), "THERMOSTAT", "RELAYTIME")
)

#: The spec §3 commands the emulator implements, keyed as in ``protocol.commands``.
HANDLED_COMMANDS: frozenset[str] = frozenset(row.key for row in COMMAND_TABLE)


def match_command(body: str) -> tuple[CommandRow, re.Match[str]] | None:
    """The first row whose pattern matches the whole (upper-cased) body."""
    # per character, so spans stay valid for Request.original ("ß" would grow)
    upper = "".join(ch.upper() if len(ch.upper()) == 1 else ch for ch in body)
    for row in (*COMMAND_TABLE, *_BAD_VALUES):
        if (match := row.pattern.fullmatch(upper)) is not None:
            return row, match
    return None
