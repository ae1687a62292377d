"""Everything the integration can know about one iSocket, learned only from replies.

:class:`DeviceState` starts with every field ``None`` ("unknown") and changes
only through :meth:`DeviceState.apply` of a parsed result. Rules worth knowing:

- Acknowledgements carry their effect: `SECNUMBER+N - OK` adds N to a known
  list, `SECNUMBER-ALL - OK` empties it and (spec §3.3) turns the security list
  off, which resets RING to NOACTION (§3.2); `SECLIST is not active!` teaches
  SECLIST=OFF. After MAKEMEBOSS/ALERTME the lists hold a number we cannot see
  (the sender's), so they become unknown again.
- Settings live in ``settings`` by canonical name with the device's value text
  (`SMSCONFIRM` → `OFF`, `TRISEALERT` → `35C(96F)`); typed properties read them.
- Mains power: a power-failure alert sets it off; any other message from the
  device proves it is powered (it shuts down after reporting a failure).
- Probe health (spec §1: 85, 127 and 0 °C are the broken-probe signatures):
  127 °C is outside the probe's range, always a failure; 85 °C is a failure
  unless the last credible reading was within 10 °C of it; 0 °C is normal in
  freezers and winters, so it fails only as a jump of more than 10 °C from the
  last credible reading, and is merely *suspect* with no reading to compare.
  A failed reading leaves ``temperature`` unknown; ``last_reading`` keeps it.
- ``apply`` returns the names of the fields that changed; a changed setting
  adds ``settings`` and ``settings.<NAME>``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from enum import StrEnum
import re
from typing import Any, Final

from .reply_fields import parse_full_temperature
from .results import (
    AlarmInfo,
    AlarmLog,
    AlarmTriggered,
    AlertMeAck,
    ClockReading,
    CreditText,
    Firmware,
    Hardware,
    MakeMeBossAck,
    NumberList,
    PowerFailure,
    PowerRestored,
    ProbeFailure,
    Restarted,
    Result,
    ScheduleList,
    ScheduleRule,
    SeclistNotActive,
    SensorActive,
    SensorNormal,
    SerialNumber,
    SettingAck,
    SettingInquiry,
    SocketOnSince,
    SocketState,
    StatusReport,
    SwitchOffReached,
    TemperatureFall,
    TemperatureReading,
    TemperatureRise,
    ThermostatInfo,
    Unknown,
)
from .temperature import Temperature

PROBE_SIGNATURES: Final = frozenset({85, 127, 0})
"""Readings (°C) a disconnected or broken probe produces (spec §1)."""

MAX_TIMED_SECONDS: Final = 65000
"""Longest ON<n>/OFF<n> the device accepts (spec §3.1)."""

PLAUSIBLE_STEP: Final = 10
"""°C a real temperature may move between two readings we trust."""


class ProbeHealth(StrEnum):
    """What the last reading says about the temperature probe."""

    OK = "ok"
    SUSPECT = "suspect"
    FAILED = "failed"


def assess_reading(
    reading: Temperature, last_credible: Temperature | None
) -> ProbeHealth:
    """Judge a reading against the failure signatures (rules in the module docstring)."""
    celsius = reading.celsius
    if celsius not in PROBE_SIGNATURES:
        return ProbeHealth.OK
    if celsius == 127:
        return ProbeHealth.FAILED
    if last_credible is None:
        return ProbeHealth.FAILED if celsius == 85 else ProbeHealth.SUSPECT
    jump = abs(celsius - last_credible.celsius) > PLAUSIBLE_STEP
    return ProbeHealth.FAILED if jump else ProbeHealth.OK


def temperature_text(value: Temperature) -> str:
    """The device's own notation: `10C(50F)`."""
    if value.fahrenheit is None:
        return f"{value.celsius}C"
    return f"{value.celsius}C({value.fahrenheit}F)"


@dataclass(slots=True)
class DeviceState:
    """One device as far as we know it; ``None`` = not learned yet."""

    socket_on: bool | None = None
    socket_timed_until: datetime | None = None  # ON<n>/OFF<n>: when it switches back
    socket_on_since: datetime | None = None
    restarted_at: datetime | None = None
    temperature: Temperature | None = None  # last credible reading
    last_reading: Temperature | None = None  # last reading as reported
    probe: ProbeHealth | None = None
    thermostat_enabled: bool | None = None
    alarm_armed: bool | None = None
    alarm_triggered: bool | None = None
    alarm_activity: str | None = None
    sensor_active: bool | None = None
    sensor_connected: bool | None = None
    mains_power: bool | None = None
    signal_dbm: int | None = None
    signal_word: str | None = None
    device_time: datetime | None = None  # the device clock as last read
    device_time_read_at: datetime | None = None  # our time when it was read
    settings: dict[str, str] = field(default_factory=dict)
    setting_options: dict[str, tuple[str, ...]] = field(default_factory=dict)
    security_numbers: tuple[str, ...] | None = None
    alert_numbers: tuple[str, ...] | None = None
    schedule: tuple[ScheduleRule, ...] | None = None
    alarm_log: tuple[datetime, ...] | None = None
    model: str | None = None
    serial_number: str | None = None
    firmware: str | None = None
    credit: str | None = None
    credit_at: datetime | None = None
    last_seen: datetime | None = None

    def apply(self, result: Result, now: datetime) -> frozenset[str]:
        """Learn from one parsed message received at ``now``; names of changed fields."""
        delta = _Delta(self)
        if not isinstance(result, PowerFailure | Unknown):
            delta.set("mains_power", True)
        handler = _HANDLERS.get(type(result))
        if handler is not None:
            handler(delta, result, now)
        delta.set("last_seen", now)
        return delta.commit()

    # --- typed views of ``settings`` -------------------------------------------

    def setting(self, name: str) -> str | None:
        """A setting's value text, ``None`` if unknown."""
        return self.settings.get(name)

    def setting_flag(self, name: str) -> bool | None:
        """An ON/OFF setting as a bool."""
        return {"ON": True, "OFF": False}.get(self.settings.get(name, ""))

    def setting_temperature(self, name: str) -> Temperature | None:
        """A temperature setting (``None`` when unknown or OFF)."""
        return parse_full_temperature(self.settings.get(name, ""))

    @property
    def thermostat_mode(self) -> str | None:
        """`HEATING` or `COOLING`."""
        return self.setting("THERMOSTAT")

    @property
    def switch_off_temperature(self) -> Temperature | None:
        """The thermostat's set point."""
        return self.setting_temperature("SWITCHOFFTEMP")

    @property
    def restart_time(self) -> int | None:
        """RESTARTTIME in seconds."""
        value = self.setting("RESTARTTIME")
        digits = value is not None and re.fullmatch(r"[0-9]{1,6}", value)
        return int(value) if value is not None and digits else None

    @property
    def confirmations(self) -> bool | None:
        """SMSCONFIRM: whether the device answers every command."""
        return self.setting_flag("SMSCONFIRM")

    @property
    def security_list_active(self) -> bool | None:
        """SECLIST."""
        return self.setting_flag("SECLIST")

    @property
    def password_set(self) -> bool | None:
        """Whether a password protects the device (PASSWORD is `NO` when not)."""
        value = self.setting("PASSWORD")
        return None if value is None else value != "NO"

    @property
    def rise_alert(self) -> Temperature | None:
        """TRISEALERT threshold (``None`` when off or unknown)."""
        return self.setting_temperature("TRISEALERT")

    @property
    def fall_alert(self) -> Temperature | None:
        """TFALLALERT threshold (``None`` when off or unknown)."""
        return self.setting_temperature("TFALLALERT")


_FIELD_NAMES: Final = frozenset(f.name for f in fields(DeviceState))


class _Delta:
    """Changes one result makes, committed together so ``apply`` can diff them."""

    def __init__(self, state: DeviceState) -> None:
        self.state = state
        self.values: dict[str, Any] = {}
        self.settings: dict[str, str] = dict(state.settings)
        self.options: dict[str, tuple[str, ...]] = dict(state.setting_options)

    def get(self, name: str) -> Any:
        return self.values.get(name, getattr(self.state, name))

    def set(self, name: str, value: object) -> None:
        if name not in _FIELD_NAMES:  # a typo in a handler must not pass silently
            raise AttributeError(name)
        self.values[name] = value

    def setting(self, name: str, value: str) -> None:
        self.settings[name] = value

    def commit(self) -> frozenset[str]:
        changed = {n for n, v in self.values.items() if getattr(self.state, n) != v}
        for name in changed:
            setattr(self.state, name, self.values[name])
        old = self.state.settings
        changed_settings = {n for n, v in self.settings.items() if old.get(n) != v}
        if changed_settings:
            self.state.settings = self.settings
            changed |= {"settings", *(f"settings.{n}" for n in changed_settings)}
        if self.options != self.state.setting_options:
            self.state.setting_options = self.options
            changed.add("setting_options")
        return frozenset(changed)


type _Handler = Callable[[_Delta, Any, datetime], None]


def _reading(delta: _Delta, reading: Temperature | None, unreadable: bool) -> None:
    """A temperature report; ``unreadable`` when the device printed no number."""
    if reading is None:
        if unreadable:
            delta.set("probe", ProbeHealth.FAILED)
            delta.set("temperature", None)
        return
    health = assess_reading(reading, delta.get("temperature"))
    delta.set("last_reading", reading)
    delta.set("probe", health)
    delta.set("temperature", None if health is ProbeHealth.FAILED else reading)


def _socket(delta: _Delta, result: SocketState, now: datetime) -> None:
    if delta.get("socket_on") is not result.on:
        # the device's RUNTIME clock is not ours: unknown until asked again
        delta.set("socket_on_since", None)
    delta.set("socket_on", result.on)
    seconds = result.for_seconds
    # beyond the device's 65000 s the number is garbage, not a time to wait for
    until = None
    if seconds is not None and 0 < seconds <= MAX_TIMED_SECONDS:
        until = now + timedelta(seconds=seconds)
    delta.set("socket_timed_until", until)


def _status(delta: _Delta, result: StatusReport, now: datetime) -> None:
    optional = {
        "socket_on": result.socket_on,
        "signal_dbm": result.signal_dbm,
        "signal_word": result.signal_word,
        "alarm_armed": result.alarm_armed,
        "alarm_activity": result.alarm_activity,
        "sensor_active": result.alarm_active,
        "device_time": result.device_time,
    }
    for name, value in optional.items():
        if value is not None:
            delta.set(name, value)
    if result.device_time is not None:
        delta.set("device_time_read_at", now)
    if result.alarm_armed is False:
        delta.set("alarm_triggered", False)
    _reading(delta, result.temperature, result.temperature_text is not None)


def _thermostat(delta: _Delta, info: ThermostatInfo, _now: datetime) -> None:
    if info.enabled is not None:
        delta.set("thermostat_enabled", info.enabled)
    if info.mode is not None:
        delta.setting("THERMOSTAT", info.mode)
    if info.switch_off_temperature is not None:
        delta.setting("SWITCHOFFTEMP", temperature_text(info.switch_off_temperature))


def _alarm(delta: _Delta, info: AlarmInfo, _now: datetime) -> None:
    if info.armed is not None:
        delta.set("alarm_armed", info.armed)
        if not info.armed:
            delta.set("alarm_triggered", False)
    if info.sensor_connected is not None:
        delta.set("sensor_connected", info.sensor_connected)
    if info.activity is not None:
        delta.set("alarm_activity", info.activity)
        delta.set("sensor_active", info.active)


def _numbers_after(
    current: tuple[str, ...] | None, operator: str, value: str | None
) -> tuple[str, ...] | None:
    """A number list after `+N`, `-N` or `-ALL`; an unknown list stays unknown."""
    if operator == "-" and value == "ALL":
        return ()
    if current is None or not value:
        return current
    kept = tuple(n for n in current if n != value)
    return (*kept, value) if operator == "+" else kept


def _schedule_after(
    current: tuple[ScheduleRule, ...] | None, operator: str, value: str | None
) -> tuple[ScheduleRule, ...] | None:
    """The rule list after `SCHEDULER+hh:mm,day,action`, `-hh:mm` or `-ALL`."""
    if operator == "-" and value == "ALL":
        return ()
    if current is None or not value:
        return current
    parts = [part.strip() for part in value.split(",")]
    kept = tuple(rule for rule in current if rule.time != parts[0])
    if operator == "+" and len(parts) == 3:
        return (*kept, ScheduleRule(*parts))
    return kept if operator == "-" else current


_LIST_FIELDS: Final = {"SECNUMBER": "security_numbers", "ALERTNUMBER": "alert_numbers"}

# Acknowledgements that change more than their own setting.
_SIDE_EFFECTS: Final[Mapping[tuple[str, str, str | None], Mapping[str, str]]] = {
    ("SECNUMBER", "-", "ALL"): {"SECLIST": "OFF", "RING": "NOACTION"},
    ("SECLIST", "=", "OFF"): {"RING": "NOACTION"},
}


def _ack(delta: _Delta, ack: SettingAck, now: datetime) -> None:
    name, operator, value = ack.name, ack.operator, ack.value
    if name in _LIST_FIELDS:
        target = _LIST_FIELDS[name]
        delta.set(target, _numbers_after(delta.get(target), operator, value))
    elif name == "SCHEDULER":
        delta.set("schedule", _schedule_after(delta.get("schedule"), operator, value))
    elif operator == "=" and value is not None:
        delta.setting(name, value)
    for other, other_value in _SIDE_EFFECTS.get((name, operator, value), {}).items():
        delta.setting(other, other_value)
    if ack.thermostat is not None:
        _thermostat(delta, ack.thermostat, now)


def _inquiry(delta: _Delta, inquiry: SettingInquiry, _now: datetime) -> None:
    if inquiry.current is not None:
        delta.setting(inquiry.name, inquiry.current)
    if inquiry.options:
        delta.options[inquiry.name] = inquiry.options


def _lists(delta: _Delta, result: NumberList, _now: datetime) -> None:
    target = "security_numbers" if result.kind == "security" else "alert_numbers"
    delta.set(target, result.numbers)


def _boss(delta: _Delta, _result: Result, _now: datetime) -> None:
    # the sender (our modem) was added, but its number is not in the reply
    delta.setting("SECLIST", "ON")
    delta.set("security_numbers", None)
    delta.set("alert_numbers", None)


def _seclist_off(delta: _Delta, _result: Result, _now: datetime) -> None:
    delta.setting("SECLIST", "OFF")


def _temperature_alert(delta: _Delta, result: TemperatureRise, _now: datetime) -> None:
    _reading(delta, result.temperature, unreadable=False)


def _switched_off(delta: _Delta, result: SwitchOffReached, now: datetime) -> None:
    delta.set("socket_on", False)
    delta.set("socket_on_since", None)
    _reading(delta, result.temperature, unreadable=False)


def _triggered(delta: _Delta, _result: Result, _now: datetime) -> None:
    # the device raises alarms only while the alarm function is armed
    delta.set("alarm_armed", True)
    delta.set("alarm_triggered", True)


def _sensor(active: bool) -> _Handler:
    def handle(delta: _Delta, _result: Result, _now: datetime) -> None:
        delta.set("sensor_active", active)
        if active and delta.get("alarm_armed"):
            delta.set("alarm_triggered", True)

    return handle


def _fields(**values: Callable[[Any, datetime], object]) -> _Handler:
    """Handler that sets each named field from the result."""

    def handle(delta: _Delta, result: Result, now: datetime) -> None:
        for name, read in values.items():
            delta.set(name, read(result, now))

    return handle


_HANDLERS: Final[Mapping[type[Result], _Handler]] = {
    SocketState: _socket,
    Restarted: _fields(restarted_at=lambda _r, now: now),
    StatusReport: _status,
    TemperatureReading: lambda d, r, _n: _reading(d, r.temperature, bool(r.text)),
    SocketOnSince: _fields(socket_on=lambda _r, _n: True, socket_on_since=lambda r, _n: r.since),
    ThermostatInfo: _thermostat,
    AlarmInfo: _alarm,
    SettingAck: _ack,
    SettingInquiry: _inquiry,
    NumberList: _lists,
    AlarmLog: _fields(alarm_log=lambda r, _n: r.entries),
    ScheduleList: _fields(schedule=lambda r, _n: r.rules),
    ClockReading: _fields(device_time=lambda r, _n: r.time, device_time_read_at=lambda _r, n: n),
    MakeMeBossAck: _boss,
    AlertMeAck: _fields(alert_numbers=lambda _r, _n: None),
    CreditText: _fields(credit=lambda r, _n: r.text, credit_at=lambda _r, n: n),
    Hardware: _fields(model=lambda r, _n: r.model),
    SerialNumber: _fields(serial_number=lambda r, _n: r.serial),
    Firmware: _fields(firmware=lambda r, _n: r.version),
    SeclistNotActive: _seclist_off,
    PowerFailure: _fields(mains_power=lambda _r, _n: False),
    PowerRestored: _fields(mains_power=lambda _r, _n: True),
    TemperatureRise: _temperature_alert,
    TemperatureFall: _temperature_alert,
    SwitchOffReached: _switched_off,
    ProbeFailure: _fields(probe=lambda _r, _n: ProbeHealth.FAILED, temperature=lambda _r, _n: None),
    AlarmTriggered: _triggered,
    SensorActive: _sensor(active=True),
    SensorNormal: _sensor(active=False),
}  # fmt: skip
