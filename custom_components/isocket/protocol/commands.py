"""The iSocket command set (spec §3) as data, one builder per command, and ``render``.

``COMMANDS`` has one ``CommandSpec`` row per command variant of spec §3, keyed by
a stable name: the literal text for commands without argument (``"ON"``,
``"RING=SWITCH"``, ``"SECNUMBER-ALL"``) and the fixed stem for commands with
one (``"RESTARTTIME="``, ``"SECNUMBER+"``, ``"SIMCARD"``), written ``<n>`` where
the stem alone is another command's key (``"ON<n>"``, ``"RELAYTIME=ON<n>"``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from typing import Any, Final, Literal

from .arguments import (
    Argument,
    Clock,
    CommandValue,
    InternationalNumber,
    Password,
    PhoneNumber,
    Schedule,
    ScheduleAction,
    ScheduleRule,
    ScheduleTime,
    Seconds,
    TemperatureArgument,
    UssdCode,
    check_int,
    check_password,
    make_temperature,
    malformed,
)
from .charset import check_characters
from .errors import InvalidCommandError

#: The device silently drops an SMS longer than this (password included).
MAX_SMS_LENGTH: Final = 30


class CommandKind(StrEnum):
    """Conf (30-minute window), Inf (``NAME?``) or Ctrl (always accepted), spec §2."""

    CONF = "conf"
    INF = "inf"
    CTRL = "ctrl"


@dataclass(frozen=True, slots=True, repr=False)
class Command:
    """One command ready to render: ``text`` is the SMS body without password."""

    key: str
    text: str
    kind: CommandKind
    always_replies: bool
    #: The typed argument (seconds, Temperature, number, datetime, ...), if any.
    value: CommandValue | None = None

    @property
    def redacted(self) -> str:
        """``text`` safe for logs and messages: a new password shows as ``*****``."""
        if self.key in _SECRET_KEYS:
            return self.key + "*" * (len(self.text) - len(self.key))
        return self.text

    @property
    def security(self) -> bool:
        """Whether the command is of the security class: only an administrator sends it.

        Read from the command table by key (see ``CommandSpec.security``).
        """
        spec = COMMANDS.get(self.key)
        return spec is not None and spec.security

    def __repr__(self) -> str:
        """Like the dataclass repr, without secrets."""
        value = "'*****'" if self.key in _SECRET_KEYS else repr(self.value)
        return f"Command({self.key!r}, {self.redacted!r}, {self.kind.value}, value={value})"


#: Keys whose argument is a secret (the device itself answers ``PASSWORD=*****``).
_SECRET_KEYS: Final = frozenset({"PASSWORD="})


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One row of the command table."""

    key: str
    kind: CommandKind
    #: Replies even with ``SMSCONFIRM=OFF`` (spec §2: every Inf and a fixed list).
    always_replies: bool
    #: The whole text of a command without argument, else the text before it.
    stem: str
    argument: Argument[Any] | None = None
    #: The argument's case is significant (a password); the rest is upper-cased.
    keeps_case: bool = False
    #: Security class: decides who controls the device, who hears from it or
    #: what its SIM's credit is spent on (:data:`SECURITY_KEYS`).
    security: bool = False

    def build(self, value: Any = None) -> Command:
        """Make the command; validate and normalise ``value`` through the grammar."""
        if self.argument is None:
            return Command(self.key, self.stem, self.kind, self.always_replies)
        normalised = self.argument.normalize(value)
        text = self.stem + self.argument.format(normalised)
        return Command(self.key, text, self.kind, self.always_replies, normalised)


# Spec §2: these answer even with SMSCONFIRM=OFF (besides every Inf command).
_REPLY_EVEN_WITHOUT_CONFIRM: Final = frozenset(
    {"STATUS", "TEMPERATURE", "RUNTIME", "SHOWALARMLOG", "CREDIT"}
    | {"HARDWARE", "SERIALNUM", "FIRMWARE", "DATE"}
)
#: The security class: who may command the device, who hears from it, what its
#: SIM's credit is spent on. Each of these can lock Home Assistant out of the
#: device or hand it (or its alerts, or its money) to another number, so only
#: an administrator may send them, whichever action carries them.
#:
#: - PASSWORD=, PASSWORD=NO: a password HA does not know locks HA out (§5.2).
#: - MAKEMEBOSS: puts the sender on the security list, turns the list on
#:   and makes the sender the number for all alerts (§3, §5.1).
#: - ALERTME: adds the sender as a number for all alerts (§5.3); the manual
#:   also says "sets" it as *the* number, so the owner's phone may stop
#:   hearing of power cuts and alarms.
#: - SECNUMBER+/-/-ALL, SECLIST=ON/OFF: who may command the device at all;
#:   ON without the modem on the list locks HA out, OFF opens the device to
#:   every caller and resets RING (§5.1).
#: - ALERTNUMBER+/-/-ALL: who hears of alarms and power cuts (§5.3).
#: - RING=...: lets every number on the security list switch or restart the
#:   socket by a free call (§4.2).
#: - SECNUMBER?, ALERTNUMBER?: no change, but the answer is the owner's
#:   private phone numbers (``manage_numbers`` reads them for admins only).
#: - CREDITUMS=, CREDITUMS=NO, SIMCARD: run any USSD code on the device's SIM
#:   (now or at every CREDIT): operators' codes transfer credit or buy
#:   subscriptions, as ``modem_ussd`` could on the modem's SIM (§12).
#:
#: Left out on purpose (borderline): SMSCONFIRM, ERROR, RINGCONFIRM and
#: SMSCONFIRMUNAUTH change what the device *says*, not who controls it; a
#: user who may switch the socket and disarm the alarm (every non-admin user
#: may) gains nothing with them. SCHEDULER rules do at set times what such a
#: user may do at any time (ON, OFF, arm, disarm, STATUS to the alert numbers).
#: DATE/DATESMS only set the clock.
SECURITY_KEYS: Final = frozenset(
    {"PASSWORD=", "PASSWORD=NO", "MAKEMEBOSS", "ALERTME"}
    | {"SECNUMBER+", "SECNUMBER-", "SECNUMBER-ALL", "SECNUMBER?"}
    | {"SECLIST=ON", "SECLIST=OFF"}
    | {"ALERTNUMBER+", "ALERTNUMBER-", "ALERTNUMBER-ALL", "ALERTNUMBER?"}
    | {"RING=SWITCH", "RING=RESTART", "RING=NOACTION"}
    | {"CREDITUMS=", "CREDITUMS=NO", "SIMCARD"}
)
_CONF, _INF, _CTRL = CommandKind.CONF, CommandKind.INF, CommandKind.CTRL
_SOCKET_SECONDS = Seconds(1, 65000)
_TEMPERATURE = TemperatureArgument()
_NUMBER = PhoneNumber()
_INTERNATIONAL = InternationalNumber()  # alert numbers (manual §5.3)
_USSD = UssdCode()


def _row(
    key: str,
    kind: CommandKind,
    argument: Argument[Any] | None = None,
    *,
    stem: str | None = None,
    keeps_case: bool = False,
) -> CommandSpec:
    replies = kind is CommandKind.INF or key in _REPLY_EVEN_WITHOUT_CONFIRM
    stem = key.removesuffix("<n>") if stem is None else stem
    security = key in SECURITY_KEYS
    return CommandSpec(key, kind, replies, stem, argument, keeps_case, security)


def _variants(name: str, values: str, kind: CommandKind = _CONF) -> list[CommandSpec]:
    """``NAME=V`` for each value, plus ``NAME?``."""
    return [_row(f"{name}={value}", kind) for value in values.split()] + [
        _row(f"{name}?", _INF)
    ]


_TABLE: Final[list[CommandSpec]] = [
    # §3.1 main socket
    _row("ON", _CTRL),
    _row("OFF", _CTRL),
    _row("ON<n>", _CTRL, _SOCKET_SECONDS),
    _row("OFF<n>", _CTRL, _SOCKET_SECONDS),
    _row("RESTART", _CTRL),
    _row("RESTARTTIME=", _CONF, Seconds(1, 600)),
    _row("RESTARTTIME?", _INF),
    _row("STATUS", _CTRL),
    _row("TEMPERATURE", _CTRL),
    _row("RUNTIME", _CTRL),
    # §3.2 control by phone call
    *_variants("RING", "SWITCH RESTART NOACTION"),
    # §3.3 security
    _row("MAKEMEBOSS", _CONF),
    _row("SECNUMBER+", _CONF, _NUMBER),
    _row("SECNUMBER-", _CONF, _NUMBER),
    _row("SECNUMBER-ALL", _CONF),
    _row("SECNUMBER?", _INF),
    *_variants("SECLIST", "ON OFF"),
    _row("PASSWORD=", _CONF, Password(), keeps_case=True),
    _row("PASSWORD=NO", _CONF),
    # §3.4 alert numbers
    _row("ALERTME", _CONF),
    _row("ALERTNUMBER+", _CONF, _INTERNATIONAL),
    _row("ALERTNUMBER-", _CONF, _NUMBER),
    _row("ALERTNUMBER-ALL", _CONF),
    _row("ALERTNUMBER?", _INF),
    # §3.5 confirmations and errors
    *_variants("SMSCONFIRM", "ON OFF"),
    *_variants("RINGCONFIRM", "SMS CALL OFF"),
    *_variants("ERROR", "ON OFF"),
    *_variants("SMSCONFIRMUNAUTH", "ON OFF"),
    # §3.6 thermostat and temperature alerts
    _row("THERMOSTATON", _CTRL),
    _row("THERMOSTATOFF", _CTRL),
    _row("THERMOSTAT=HEATING", _CONF),
    _row("THERMOSTAT=COOLING", _CONF),
    _row("THERMOSTAT?", _INF),
    _row("SWITCHOFFTEMP=", _CONF, _TEMPERATURE),
    *_variants("SWITCHOFFALERT", "ON OFF"),
    *_variants("TSENSFAILALERT", "ON OFF"),
    _row("TRISEALERT=", _CONF, _TEMPERATURE),
    *_variants("TRISEALERT", "OFF"),
    _row("TFALLALERT=", _CONF, _TEMPERATURE),
    *_variants("TFALLALERT", "OFF"),
    # §3.7 date and time
    _row("DATESMS", _CONF),
    _row("DATE=", _CONF, Clock()),
    _row("DATE", _CTRL),
    # §3.8 alarm input and links
    *_variants("SENSORTYPE", "NO NC"),
    *_variants("ALERT", "SMS SMSCHANGE CALL OFF"),
    _row("RELAYTIME=ON<n>", _CONF, _SOCKET_SECONDS),
    _row("RELAYTIME=OFF<n>", _CONF, _SOCKET_SECONDS),
    *_variants("RELAYTIME", "ON OFF 0"),
    _row("ALARMON", _CTRL),
    _row("ALARMOFF", _CTRL),
    _row("ALARM?", _INF),
    _row("SHOWALARMLOG", _CTRL),
    # §3.9 scheduler
    _row("SCHEDULER+", _CTRL, Schedule()),
    _row("SCHEDULER-", _CTRL, ScheduleTime()),
    _row("SCHEDULER-ALL", _CTRL),
    _row("SCHEDULER?", _INF),
    # §3.10 power
    *_variants("POWERALERT", "ON OFF"),
    *_variants("POWERSTATE", "REMEMBER ON OFF"),
    # §3.11 credit and SIM services
    _row("CREDITUMS=", _CONF, _USSD),
    *_variants("CREDITUMS", "NO"),
    _row("CREDIT", _CTRL),
    _row("SIMCARD", _CONF, _USSD),
    # §3.12 version information
    _row("HARDWARE", _CTRL),
    _row("SERIALNUM", _CTRL),
    _row("FIRMWARE", _CTRL),
]

#: Every command of spec §3, by key.
COMMANDS: Final[dict[str, CommandSpec]] = {spec.key: spec for spec in _TABLE}
if not COMMANDS.keys() >= SECURITY_KEYS:  # a typo would leave a command unguarded
    raise RuntimeError(
        f"unknown security keys {sorted(SECURITY_KEYS - COMMANDS.keys())}"
    )

#: The builder of each key (several keys may share a builder).
BUILDERS: Final[dict[str, Callable[..., Command]]] = {}


def _builds[**P](*keys: str) -> Callable[[Callable[P, Command]], Callable[P, Command]]:
    """Register a builder for the keys it can produce."""

    def register(builder: Callable[P, Command]) -> Callable[P, Command]:
        for key in keys:
            if key not in COMMANDS or key in BUILDERS:
                raise RuntimeError(f"bad builder registration for {key!r}")
            BUILDERS[key] = builder
        return builder

    return register


def _build(key: str, value: object = None) -> Command:
    return COMMANDS[key].build(value)


def _option(name: str, option: object) -> Command:
    """``NAME=OPTION`` for one of the table's literal options."""
    spec = COMMANDS.get(f"{name}={option}")
    if spec is None or spec.argument is not None:
        options = [
            key.split("=", 1)[1] for key in COMMANDS if key.startswith(f"{name}=")
        ]
        raise malformed(str(option), "one of " + ", ".join(options))
    return spec.build()


def _switch(name: str, enabled: bool) -> Command:
    return _option(name, "ON" if enabled else "OFF")


def render(command: Command, password: str | None) -> str:
    """The SMS body: the password (if any) prefixed without separator, ≤ 30 characters."""
    prefix = "" if password is None else check_password(password)
    text = prefix + command.text
    # Commands can be made by hand; the modem must never see control characters.
    check_characters(text)
    if len(text) > MAX_SMS_LENGTH:
        raise InvalidCommandError(
            "too_long",
            f"{len(text)} characters (password included) is too long: the device "
            f"drops messages over {MAX_SMS_LENGTH} characters.",
            {"length": str(len(text)), "maximum": str(MAX_SMS_LENGTH)},
        )
    return text


# --- §3.1 main socket -------------------------------------------------------


@_builds("ON")
def socket_on() -> Command:
    """Switch the main socket on."""
    return _build("ON")


@_builds("OFF")
def socket_off() -> Command:
    """Switch the main socket off."""
    return _build("OFF")


@_builds("ON<n>")
def switch_on_for(seconds: int) -> Command:
    """Switch on for 1…65000 s, then back."""
    return _build("ON<n>", seconds)


@_builds("OFF<n>")
def switch_off_for(seconds: int) -> Command:
    """Switch off for 1…65000 s, then back."""
    return _build("OFF<n>", seconds)


@_builds("RESTART")
def restart() -> Command:
    """Toggle the socket and return after RESTARTTIME."""
    return _build("RESTART")


@_builds("RESTARTTIME=")
def set_restart_time(seconds: int) -> Command:
    """Set the restart duration, 1…600 s."""
    return _build("RESTARTTIME=", seconds)


@_builds("RESTARTTIME?")
def query_restart_time() -> Command:
    """Ask for the restart duration."""
    return _build("RESTARTTIME?")


@_builds("STATUS")
def status() -> Command:
    """Ask for the full status report."""
    return _build("STATUS")


@_builds("TEMPERATURE")
def temperature() -> Command:
    """Ask for the current temperature."""
    return _build("TEMPERATURE")


@_builds("RUNTIME")
def runtime() -> Command:
    """Ask since when the socket is on."""
    return _build("RUNTIME")


# --- §3.2 control by phone call ---------------------------------------------

type RingAction = Literal["SWITCH", "RESTART", "NOACTION"]


@_builds("RING=SWITCH", "RING=RESTART", "RING=NOACTION")
def set_ring_action(action: RingAction) -> Command:
    """What a call to the device does."""
    return _option("RING", action)


@_builds("RING?")
def query_ring_action() -> Command:
    """Ask for the call action."""
    return _build("RING?")


# --- §3.3 security -----------------------------------------------------------


@_builds("MAKEMEBOSS")
def make_me_boss() -> Command:
    """Put the sender on the security list, activate it, make it the alert number."""
    return _build("MAKEMEBOSS")


@_builds("SECNUMBER+")
def add_security_number(number: str) -> Command:
    """Add a number, international or local (``+``, spaces and dashes are dropped).

    Manual §5.1: where an operator shows local numbers for calls, add both forms.
    """
    return _build("SECNUMBER+", number)


@_builds("SECNUMBER-")
def remove_security_number(number: str) -> Command:
    """Remove a number from the security list."""
    return _build("SECNUMBER-", number)


@_builds("SECNUMBER-ALL")
def clear_security_numbers() -> Command:
    """Remove every number (the device also sets SECLIST=OFF)."""
    return _build("SECNUMBER-ALL")


@_builds("SECNUMBER?")
def query_security_numbers() -> Command:
    """Ask for the security list."""
    return _build("SECNUMBER?")


@_builds("SECLIST=ON", "SECLIST=OFF")
def set_security_list(enabled: bool) -> Command:
    """Activate or deactivate the security list."""
    return _switch("SECLIST", enabled)


@_builds("SECLIST?")
def query_security_list() -> Command:
    """Ask whether the security list is active."""
    return _build("SECLIST?")


@_builds("PASSWORD=")
def set_password(password: str) -> Command:
    """Set a 5-character password (render with the old one to change it)."""
    return _build("PASSWORD=", password)


@_builds("PASSWORD=NO")
def remove_password() -> Command:
    """Remove the password (render with the current one)."""
    return _build("PASSWORD=NO")


# --- §3.4 alert numbers ------------------------------------------------------


@_builds("ALERTME")
def alert_me() -> Command:
    """Make the sender the number for all alerts."""
    return _build("ALERTME")


@_builds("ALERTNUMBER+")
def add_alert_number(number: str) -> Command:
    """Add an alert number in international form (``+``/``00``, spaces, dashes dropped).

    Manual §5.3 forbids the local form (a local or wrong alert number delays
    alerts to the others): a number with a national trunk prefix is refused.
    """
    return _build("ALERTNUMBER+", number)


@_builds("ALERTNUMBER-")
def remove_alert_number(number: str) -> Command:
    """Remove an alert number."""
    return _build("ALERTNUMBER-", number)


@_builds("ALERTNUMBER-ALL")
def clear_alert_numbers() -> Command:
    """Remove every alert number."""
    return _build("ALERTNUMBER-ALL")


@_builds("ALERTNUMBER?")
def query_alert_numbers() -> Command:
    """Ask for the alert numbers."""
    return _build("ALERTNUMBER?")


# --- §3.5 confirmations and errors ---------------------------------------------


@_builds("SMSCONFIRM=ON", "SMSCONFIRM=OFF")
def set_sms_confirm(enabled: bool) -> Command:
    """Reply after each command or not."""
    return _switch("SMSCONFIRM", enabled)


@_builds("SMSCONFIRM?")
def query_sms_confirm() -> Command:
    """Ask for SMSCONFIRM."""
    return _build("SMSCONFIRM?")


type RingConfirm = Literal["SMS", "CALL", "OFF"]


@_builds("RINGCONFIRM=SMS", "RINGCONFIRM=CALL", "RINGCONFIRM=OFF")
def set_ring_confirm(mode: RingConfirm) -> Command:
    """How a call-triggered action is confirmed."""
    return _option("RINGCONFIRM", mode)


@_builds("RINGCONFIRM?")
def query_ring_confirm() -> Command:
    """Ask for RINGCONFIRM."""
    return _build("RINGCONFIRM?")


@_builds("ERROR=ON", "ERROR=OFF")
def set_error_replies(enabled: bool) -> Command:
    """Send error replies or not."""
    return _switch("ERROR", enabled)


@_builds("ERROR?")
def query_error_replies() -> Command:
    """Ask for ERROR."""
    return _build("ERROR?")


@_builds("SMSCONFIRMUNAUTH=ON", "SMSCONFIRMUNAUTH=OFF")
def set_reply_unauthorised(enabled: bool) -> Command:
    """Answer unauthorised numbers (``Access deny!``) or stay silent."""
    return _switch("SMSCONFIRMUNAUTH", enabled)


@_builds("SMSCONFIRMUNAUTH?")
def query_reply_unauthorised() -> Command:
    """Ask for SMSCONFIRMUNAUTH."""
    return _build("SMSCONFIRMUNAUTH?")


# --- §3.6 thermostat and temperature alerts ----------------------------------------

type TemperatureUnit = Literal["C", "F"]
type ThermostatMode = Literal["HEATING", "COOLING"]


@_builds("THERMOSTATON")
def thermostat_on() -> Command:
    """Enable the thermostat."""
    return _build("THERMOSTATON")


@_builds("THERMOSTATOFF")
def thermostat_off() -> Command:
    """Disable the thermostat (the relay stays as it is)."""
    return _build("THERMOSTATOFF")


@_builds("THERMOSTAT=HEATING", "THERMOSTAT=COOLING")
def set_thermostat_mode(mode: ThermostatMode) -> Command:
    """Heating or cooling mode."""
    return _option("THERMOSTAT", mode)


@_builds("THERMOSTAT?")
def query_thermostat() -> Command:
    """Ask for the thermostat's state, mode and set point."""
    return _build("THERMOSTAT?")


@_builds("SWITCHOFFTEMP=")
def set_switch_off_temperature(value: int, unit: TemperatureUnit = "C") -> Command:
    """Set the switch-off temperature: −55…120 °C or even −67…248 °F."""
    return _build("SWITCHOFFTEMP=", make_temperature(value, unit))


@_builds("SWITCHOFFALERT=ON", "SWITCHOFFALERT=OFF")
def set_switch_off_alert(enabled: bool) -> Command:
    """Alert when the thermostat switches off."""
    return _switch("SWITCHOFFALERT", enabled)


@_builds("SWITCHOFFALERT?")
def query_switch_off_alert() -> Command:
    """Ask for SWITCHOFFALERT."""
    return _build("SWITCHOFFALERT?")


@_builds("TSENSFAILALERT=ON", "TSENSFAILALERT=OFF")
def set_sensor_failure_alert(enabled: bool) -> Command:
    """Alert when the temperature probe fails."""
    return _switch("TSENSFAILALERT", enabled)


@_builds("TSENSFAILALERT?")
def query_sensor_failure_alert() -> Command:
    """Ask for TSENSFAILALERT."""
    return _build("TSENSFAILALERT?")


def _threshold(name: str, value: int | None, unit: TemperatureUnit) -> Command:
    if value is None:
        return _build(f"{name}=OFF")
    return _build(f"{name}=", make_temperature(value, unit))


@_builds("TRISEALERT=", "TRISEALERT=OFF")
def set_rise_alert(value: int | None, unit: TemperatureUnit = "C") -> Command:
    """Alert above a temperature; ``None`` disables it."""
    return _threshold("TRISEALERT", value, unit)


@_builds("TRISEALERT?")
def query_rise_alert() -> Command:
    """Ask for TRISEALERT."""
    return _build("TRISEALERT?")


@_builds("TFALLALERT=", "TFALLALERT=OFF")
def set_fall_alert(value: int | None, unit: TemperatureUnit = "C") -> Command:
    """Alert below a temperature; ``None`` disables it."""
    return _threshold("TFALLALERT", value, unit)


@_builds("TFALLALERT?")
def query_fall_alert() -> Command:
    """Ask for TFALLALERT."""
    return _build("TFALLALERT?")


# --- §3.7 date and time ----------------------------------------------------------


@_builds("DATESMS")
def set_clock_from_sms() -> Command:
    """Set the device clock from this SMS's service-centre timestamp."""
    return _build("DATESMS")


@_builds("DATE=")
def set_clock(when: datetime) -> Command:
    """Set the device clock (time-zone aware; the offset in whole hours).

    The manual (§8) calls ``+zz`` the GMT zone: hours. A zone that is no
    whole hour cannot be sent. :func:`set_clock_from_sms` is the safe default.
    """
    return _build("DATE=", when)


@_builds("DATE")
def query_clock() -> Command:
    """Ask for the device clock."""
    return _build("DATE")


# --- §3.8 alarm input and links ------------------------------------------------------

type SensorType = Literal["NO", "NC"]
type AlertMode = Literal["SMS", "SMSCHANGE", "CALL", "OFF"]


@_builds("SENSORTYPE=NO", "SENSORTYPE=NC")
def set_sensor_type(sensor_type: SensorType) -> Command:
    """Normally-open or normally-closed sensor."""
    return _option("SENSORTYPE", sensor_type)


@_builds("SENSORTYPE?")
def query_sensor_type() -> Command:
    """Ask for SENSORTYPE."""
    return _build("SENSORTYPE?")


@_builds("ALERT=SMS", "ALERT=SMSCHANGE", "ALERT=CALL", "ALERT=OFF")
def set_alert_mode(mode: AlertMode) -> Command:
    """How the alarm notifies."""
    return _option("ALERT", mode)


@_builds("ALERT?")
def query_alert_mode() -> Command:
    """Ask for ALERT."""
    return _build("ALERT?")


@_builds(
    "RELAYTIME=ON<n>",
    "RELAYTIME=ON",
    "RELAYTIME=OFF<n>",
    "RELAYTIME=OFF",
    "RELAYTIME=0",
)
def set_relay_link(
    action: Literal["ON", "OFF"] | None, seconds: int | None = None
) -> Command:
    """What a trigger does to the socket: on/off for n s or permanently; ``None`` = nothing."""
    if action is None:
        return _build("RELAYTIME=0")
    if seconds is None:
        return _option("RELAYTIME", action)
    return _build(f"RELAYTIME={action}<n>", seconds)


@_builds("RELAYTIME?")
def query_relay_link() -> Command:
    """Ask for RELAYTIME."""
    return _build("RELAYTIME?")


@_builds("ALARMON")
def alarm_on() -> Command:
    """Arm the alarm function."""
    return _build("ALARMON")


@_builds("ALARMOFF")
def alarm_off() -> Command:
    """Disarm the alarm function."""
    return _build("ALARMOFF")


@_builds("ALARM?")
def query_alarm() -> Command:
    """Ask for the alarm function, sensor and activity."""
    return _build("ALARM?")


@_builds("SHOWALARMLOG")
def show_alarm_log() -> Command:
    """Ask for the last 10 alarm events."""
    return _build("SHOWALARMLOG")


# --- §3.9 scheduler -----------------------------------------------------------------


@_builds("SCHEDULER+")
def add_schedule(
    hour: int, minute: int, day: int | None, action: ScheduleAction
) -> Command:
    """Add a rule; ``day`` None = every day, 1 = Monday … 7 = Sunday."""
    return _build("SCHEDULER+", ScheduleRule(hour, minute, day, action))


@_builds("SCHEDULER-")
def remove_schedule(hour: int, minute: int) -> Command:
    """Remove the rule at hh:mm."""
    return _build(
        "SCHEDULER-",
        time(check_int(hour, 0, 23, " h"), check_int(minute, 0, 59, " min")),
    )


@_builds("SCHEDULER-ALL")
def clear_schedules() -> Command:
    """Remove every scheduler rule."""
    return _build("SCHEDULER-ALL")


@_builds("SCHEDULER?")
def query_schedules() -> Command:
    """Ask for the scheduler rules."""
    return _build("SCHEDULER?")


# --- §3.10 power -------------------------------------------------------------------

type PowerState = Literal["REMEMBER", "ON", "OFF"]


@_builds("POWERALERT=ON", "POWERALERT=OFF")
def set_power_alert(enabled: bool) -> Command:
    """Notify on mains failure and restoration."""
    return _switch("POWERALERT", enabled)


@_builds("POWERALERT?")
def query_power_alert() -> Command:
    """Ask for POWERALERT."""
    return _build("POWERALERT?")


@_builds("POWERSTATE=REMEMBER", "POWERSTATE=ON", "POWERSTATE=OFF")
def set_power_state(state: PowerState) -> Command:
    """Socket state after power returns."""
    return _option("POWERSTATE", state)


@_builds("POWERSTATE?")
def query_power_state() -> Command:
    """Ask for POWERSTATE."""
    return _build("POWERSTATE?")


# --- §3.11 credit and SIM services -------------------------------------------------------


@_builds("CREDITUMS=", "CREDITUMS=NO")
def set_credit_code(code: str | None) -> Command:
    """The USSD code of the balance query; ``None`` removes it."""
    if code is None:
        return _build("CREDITUMS=NO")
    return _build("CREDITUMS=", code)


@_builds("CREDITUMS?")
def query_credit_code() -> Command:
    """Ask for CREDITUMS."""
    return _build("CREDITUMS?")


@_builds("CREDIT")
def credit() -> Command:
    """Run the balance query."""
    return _build("CREDIT")


@_builds("SIMCARD")
def ussd(code: str) -> Command:
    """Run any USSD code (``SIMCARD*100#``)."""
    return _build("SIMCARD", code)


# --- §3.12 version information ---------------------------------------------------------


@_builds("HARDWARE")
def hardware() -> Command:
    """Ask for the hardware name."""
    return _build("HARDWARE")


@_builds("SERIALNUM")
def serial_number() -> Command:
    """Ask for the serial number."""
    return _build("SERIALNUM")


@_builds("FIRMWARE")
def firmware() -> Command:
    """Ask for the firmware version."""
    return _build("FIRMWARE")
