"""Which result types the reply to each command of ``COMMANDS`` parses to.

Most keys follow from their shape (`NAME?` → inquiry, `NAME=...`, `NAME+`,
`NAME-` → acknowledgement); the rest are listed. Error replies are not listed
here: any command can meet them (the correlator knows which).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from .commands import COMMANDS, CommandKind
from .results import (
    AlarmInfo,
    AlarmLog,
    AlertMeAck,
    ClockReading,
    CreditText,
    Firmware,
    Hardware,
    MakeMeBossAck,
    NumberList,
    Restarted,
    Result,
    ScheduleList,
    SeclistNotActive,
    SerialNumber,
    SettingAck,
    SettingInquiry,
    SocketOnSince,
    SocketState,
    StatusReport,
    TemperatureReading,
    ThermostatInfo,
)

type ResultTypes = tuple[type[Result], ...]

_LISTED: Final[Mapping[str, ResultTypes]] = {
    "ON": (SocketState,),
    "OFF": (SocketState,),
    "ON<n>": (SocketState,),
    "OFF<n>": (SocketState,),
    "RESTART": (Restarted,),
    "STATUS": (StatusReport,),
    "TEMPERATURE": (TemperatureReading,),
    # a socket that is off has no "on since"; the device says so in words
    "RUNTIME": (SocketOnSince, SocketState),
    "RING=SWITCH": (SettingAck, SeclistNotActive),
    "RING=RESTART": (SettingAck, SeclistNotActive),
    "MAKEMEBOSS": (MakeMeBossAck,),
    "SECNUMBER?": (NumberList,),
    "ALERTME": (AlertMeAck,),
    "ALERTNUMBER?": (NumberList,),
    "THERMOSTATON": (ThermostatInfo,),
    "THERMOSTATOFF": (ThermostatInfo,),
    "THERMOSTAT=HEATING": (ThermostatInfo,),
    "THERMOSTAT=COOLING": (ThermostatInfo,),
    "THERMOSTAT?": (ThermostatInfo,),
    "DATESMS": (ClockReading,),
    "DATE=": (ClockReading,),
    "DATE": (ClockReading,),
    "ALARMON": (AlarmInfo,),
    "ALARMOFF": (AlarmInfo,),
    "ALARM?": (AlarmInfo,),
    "SHOWALARMLOG": (AlarmLog,),
    "SCHEDULER?": (ScheduleList,),
    "CREDIT": (CreditText,),
    "SIMCARD": (CreditText,),
    "HARDWARE": (Hardware,),
    "SERIALNUM": (SerialNumber,),
    "FIRMWARE": (Firmware,),
}


def _by_shape(kind: CommandKind) -> ResultTypes:
    """`NAME?` answers with its values; anything else with `NAME... - OK`."""
    if kind is CommandKind.INF:
        return (SettingInquiry,)
    return (SettingAck,)


REPLY_KINDS: Final[dict[str, ResultTypes]] = {
    key: _LISTED.get(key) or _by_shape(spec.kind) for key, spec in COMMANDS.items()
}
"""Command key → the result types a successful reply to it parses to."""


def reply_kinds_for(key: str) -> ResultTypes:
    """The result types of the reply to the command ``key`` (empty if unknown)."""
    return REPLY_KINDS.get(key, ())
