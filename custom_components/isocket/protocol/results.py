"""Typed results of parsing one SMS from an iSocket (spec §2.1, §3, §4).

Every result keeps the message's ``raw`` text and says through its class-level
``category`` whether it is a reply to a command, an unsolicited alert, an error
reply or something unrecognised. Dataclasses are keyword-only so that a result
reads like the manual: ``SocketState(raw=..., on=True)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from .temperature import Temperature


class Category(StrEnum):
    """What kind of message a result is."""

    REPLY = "reply"
    ALERT = "alert"
    ERROR = "error"
    INFORMATION = "information"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    """Base of every parsed message; ``raw`` is the SMS text as received."""

    category: ClassVar[Category] = Category.REPLY
    raw: str


# --- replies -----------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SocketState(Result):
    """`Power socket ON/OFF` or `Power ON/OFF for <n> seconds`."""

    on: bool
    for_seconds: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Restarted(Result):
    """`Power socket restarted` (RESTART)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusReport(Result):
    """The multi-line STATUS text (§3.1.1); every field ``None`` when its line is missing."""

    socket_on: bool | None = None
    signal_word: str | None = None
    signal_dbm: int | None = None
    temperature: Temperature | None = None
    # the TEMP line's text when it holds no readable temperature (no probe)
    temperature_text: str | None = None
    alarm_armed: bool | None = None
    alarm_activity: str | None = None
    alarm_active: bool | None = None
    device_time: datetime | None = None
    extra_lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TemperatureReading(Result):
    """`TEMPERATURE: 25C(77F)`; ``temperature`` is ``None`` when unreadable."""

    temperature: Temperature | None
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SocketOnSince(Result):
    """`Power socket is ON from: y/m/d,h:m:s` (RUNTIME), device local time."""

    since: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ThermostatInfo(Result):
    """Thermostat facts from THERMOSTAT?, THERMOSTATON/OFF or THERMOSTAT= replies.

    ``ack`` is the acknowledged command (``THERMOSTATON``, ``THERMOSTAT=HEATING``)
    or ``None`` for the inquiry reply.
    """

    enabled: bool | None = None
    mode: str | None = None
    switch_off_temperature: Temperature | None = None
    ack: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SettingAck(Result):
    """`NAME=VALUE - OK` (also `NAME+VALUE`, `NAME-VALUE`, bare `NAME - OK`).

    ``name`` is canonical (``RINGCONFIRMTYPE`` becomes ``RINGCONFIRM``, §7.7),
    ``value`` upper-cased; ``thermostat`` holds thermostat lines that follow the
    ack (SWITCHOFFTEMP), ``extra_lines`` anything else after it.
    """

    name: str
    operator: str = "="
    value: str | None = None
    temperature: Temperature | None = None
    thermostat: ThermostatInfo | None = None
    extra_lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SettingInquiry(Result):
    """`NAME=V1,(V2),V3` (options, current in parentheses) or a plain `NAME=VALUE`."""

    name: str
    options: tuple[str, ...] = ()
    current: str | None = None
    temperature: Temperature | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AlarmInfo(Result):
    """ALARMON/ALARMOFF/ALARM? replies; ``ack`` as for :class:`ThermostatInfo`."""

    armed: bool | None = None
    sensor_connected: bool | None = None
    activity: str | None = None
    active: bool | None = None
    ack: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NumberList(Result):
    """`SECNUMBERs: ...` (kind ``security``) or `ALERTNUMBERs: ...` (kind ``alert``)."""

    kind: str
    numbers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AlarmLog(Result):
    """SHOWALARMLOG: alarm times, oldest first, device local time."""

    entries: tuple[datetime, ...] = ()
    extra_lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScheduleRule:
    """One scheduler rule: ``time`` `hh:mm`, ``day`` `*` or `1`…`7`, ``action``."""

    time: str
    day: str
    action: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleList(Result):
    """SCHEDULER? reply, one rule a line."""

    rules: tuple[ScheduleRule, ...] = ()
    extra_lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ClockReading(Result):
    """`DATE yy/mm/dd, hh:mm:ss+zz` (``acknowledged`` when it ends in `- OK`).

    ``time`` is aware when the zone (GMT, whole hours, manual §8) is given,
    naive otherwise.
    """

    time: datetime
    acknowledged: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class MakeMeBossAck(Result):
    """MAKEMEBOSS accepted: sender on the (now active) security list and alert number."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertMeAck(Result):
    """ALERTME accepted: the sender receives all alerts."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CreditText(Result):
    """Operator's free text for CREDIT / SIMCARD; only the correlator makes these."""

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Hardware(Result):
    """HARDWARE reply, e.g. `iSocket Environment Pro`."""

    model: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SerialNumber(Result):
    """SERIALNUM reply `S/N: ...`."""

    serial: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Firmware(Result):
    """FIRMWARE reply, e.g. `v1.0.0 (c) iSocket Systems`; ``version`` without the `v`."""

    version: str
    text: str


# --- error replies (§2.1) ----------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorReply(Result):
    """Base of the device's error replies."""

    category: ClassVar[Category] = Category.ERROR


@dataclass(frozen=True, slots=True, kw_only=True)
class UnknownCommandError(ErrorReply):
    """`<command> - No such command exists on the device!` (or a missing password, §7.1)."""

    command: str


@dataclass(frozen=True, slots=True, kw_only=True)
class InvalidPassword(ErrorReply):
    """`Invalid access password!`."""


@dataclass(frozen=True, slots=True, kw_only=True)
class IncorrectValue(ErrorReply):
    """`Incorrect value!`."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfigWindowExpired(ErrorReply):
    """`<command> - Time for configuration (is) expired (Conf)!`."""

    command: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecuteError(ErrorReply):
    """`Execute error!`."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessDenied(ErrorReply):
    """`Access deny!` (sender not on the security list, SMSCONFIRMUNAUTH=ON)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SeclistNotActive(ErrorReply):
    """`SECLIST is not active!` (RING=SWITCH/RESTART refused)."""


# --- unsolicited alerts (§4, modelled texts) ---------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Alert(Result):
    """Base of the messages the device sends on its own.

    ``device_time`` is a device timestamp found in the text, if any (the manual
    does not quote alert texts, §4; the simulator appends `Time: ...`).
    """

    category: ClassVar[Category] = Category.ALERT
    device_time: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerFailure(Alert):
    """Mains lost (POWERALERT=ON); the device shuts down after sending it.

    ``socket_on`` is the socket state the text mentions, if any.
    """

    socket_on: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerRestored(Alert):
    """Mains back (POWERALERT=ON); ``socket_on`` as POWERSTATE left it, if stated."""

    socket_on: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TemperatureRise(Alert):
    """Temperature above TRISEALERT."""

    temperature: Temperature | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TemperatureFall(Alert):
    """Temperature below TFALLALERT."""

    temperature: Temperature | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SwitchOffReached(Alert):
    """The thermostat switched the socket off (SWITCHOFFALERT=ON)."""

    temperature: Temperature | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProbeFailure(Alert):
    """Temperature probe failed or unreadable (TSENSFAILALERT=ON)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AlarmTriggered(Alert):
    """Sensor triggered while armed (ALERT=SMS, or CALL with nobody answering)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SensorActive(Alert):
    """ALERT=SMSCHANGE: the sensor became active."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SensorNormal(Alert):
    """ALERT=SMSCHANGE: the sensor returned to normal."""


# --- what the owner taught as only information (issue 18) --------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Information(Result):
    """A text the owner taught as only information: shown, it changes nothing."""

    category: ClassVar[Category] = Category.INFORMATION


# --- anything else -----------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Unknown(Result):
    """Text that matches no known reply or alert; never dropped."""

    category: ClassVar[Category] = Category.UNKNOWN
