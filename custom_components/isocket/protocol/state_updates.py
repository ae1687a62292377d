"""How each parsed result changes a :class:`~.state.DeviceState` (the learning rules).

- Acknowledgements carry their effect: `SECNUMBER+N - OK` adds N to a known
  list, `SECNUMBER-ALL - OK` empties it and (spec §3.3) turns the security list
  off, which resets RING to NOACTION (§3.2); `SECLIST is not active!` teaches
  SECLIST=OFF. After MAKEMEBOSS/ALERTME the lists hold a number we cannot see
  (the sender's), so they become unknown again.
- Settings live in ``settings`` by canonical name with the device's value text
  (`SMSCONFIRM` → `OFF`, `TRISEALERT` → `35C(96F)`).
- Temperatures go through the probe rules of :mod:`.probe`; a failed reading
  leaves ``temperature`` unknown and ``last_reading`` keeps it.
- Alarms fire only while armed, so an alarm alert also teaches "armed".
- The 30-minute Conf window (§2) restarts with every accepted Conf command and
  with power-on; `Time for configuration expired` closes it (and marks it
  refused, which outweighs the manual's "security lifts the window", §4.1).
- Power (§11): during a failure the socket has no power and shows off; the
  state before the failure is kept. On restoration the alert's own word on
  the socket wins; else POWERSTATE decides (ON, OFF, or REMEMBER: the state
  before the failure); with POWERSTATE unknown the socket is unknown.
- Scheduler (§10): the device keeps two rules at the same time, so an added
  rule never replaces another; `SCHEDULER-hh:mm` removes every rule at hh:mm.
- Unsolicited replies use :data:`UNSOLICITED_HANDLERS` (see ``DeviceState.apply``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import Field, fields
from datetime import datetime, timedelta
from typing import Any, ClassVar, Final, Protocol

from .probe import ProbeHealth, assess_reading, reading_warning
from .results import (
    AlarmInfo,
    AlarmLog,
    AlarmTriggered,
    AlertMeAck,
    ClockReading,
    ConfigWindowExpired,
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
)
from .temperature import Temperature

CONFIG_WINDOW: Final = timedelta(minutes=30)
"""Conf commands are accepted this long after power-on or the last one (spec §2)."""

MAX_TIMED_SECONDS: Final = 65000
"""Longest ON<n>/OFF<n> the device accepts (spec §3.1)."""


def temperature_text(value: Temperature) -> str:
    """The device's own notation: `10C(50F)`."""
    if value.fahrenheit is None:
        return f"{value.celsius}C"
    return f"{value.celsius}C({value.fahrenheit}F)"


class LearnedState(Protocol):
    """What a :class:`Delta` changes: a dataclass with the device's settings.

    :class:`~.state.DeviceState` is the one; a protocol, not the class,
    because ``state`` imports this module.
    """

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]
    settings: dict[str, str]
    setting_options: dict[str, tuple[str, ...]]


class Delta:
    """Changes one result makes to a state, committed together so they can be diffed."""

    def __init__(self, state: LearnedState) -> None:
        self.state = state
        self.names = frozenset(f.name for f in fields(state))
        self.values: dict[str, Any] = {}
        self.settings: dict[str, str] = dict(state.settings)
        self.options: dict[str, tuple[str, ...]] = dict(state.setting_options)
        self.told: set[str] = set()  # settings the result states, changed or not

    def get(self, name: str) -> Any:
        """A field as it will be after this delta."""
        return self.values.get(name, getattr(self.state, name))

    def set(self, name: str, value: object) -> None:
        """Change a field."""
        if name not in self.names:  # a typo must not pass silently
            raise AttributeError(name)
        self.values[name] = value

    def setting(self, name: str, value: str) -> None:
        """Change a setting."""
        self.settings[name] = value
        self.told.add(name)

    def touched(self) -> frozenset[str]:
        """Every field and ``settings.<NAME>`` this delta states, changed or not."""
        return frozenset({*self.values, *(f"settings.{n}" for n in self.told)})

    def commit(self) -> frozenset[str]:
        """Write the changes into the state; the names of what really changed."""
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


type Handler = Callable[[Delta, Any, datetime], None]


def _reading(delta: Delta, reading: Temperature | None, unreadable: bool) -> None:
    """A temperature report; ``unreadable`` when the device printed no number."""
    if reading is None:
        if unreadable:
            delta.set("probe", ProbeHealth.FAILED)
            delta.set("probe_warning", None)
            delta.set("temperature", None)
        return
    health = assess_reading(reading, delta.get("temperature"))
    delta.set("last_reading", reading)
    delta.set("probe", health)
    delta.set("probe_warning", reading_warning(reading, health))
    delta.set("temperature", None if health is ProbeHealth.FAILED else reading)


def _socket(delta: Delta, result: SocketState, now: datetime) -> None:
    was_on = delta.get("socket_on")
    if was_on is False and result.on:
        # switched on from a known off: the reply comes as the relay closes
        delta.set("socket_on_since", now)
    elif was_on is not result.on:
        # the device's RUNTIME clock is not ours: unknown until asked again
        delta.set("socket_on_since", None)
    delta.set("socket_on", result.on)
    seconds = result.for_seconds
    # beyond the device's 65000 s the number is garbage, not a time to wait for
    until = None
    if seconds is not None and 0 < seconds <= MAX_TIMED_SECONDS:
        until = now + timedelta(seconds=seconds)
    delta.set("socket_timed_until", until)


def _status(delta: Delta, result: StatusReport, now: datetime) -> None:
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


def _thermostat(delta: Delta, info: ThermostatInfo, _now: datetime) -> None:
    if info.enabled is not None:
        delta.set("thermostat_enabled", info.enabled)
    if info.mode is not None:
        delta.setting("THERMOSTAT", info.mode)
    if info.switch_off_temperature is not None:
        delta.setting("SWITCHOFFTEMP", temperature_text(info.switch_off_temperature))


def _alarm(delta: Delta, info: AlarmInfo, _now: datetime) -> None:
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
    if operator == "-":
        return tuple(rule for rule in current if rule.time != parts[0])
    if operator == "+" and len(parts) == 3:
        added = ScheduleRule(*parts)
        # two rules at one time are both kept (§10); the same rule only once
        return current if added in current else (*current, added)
    return current


_LIST_FIELDS: Final = {"SECNUMBER": "security_numbers", "ALERTNUMBER": "alert_numbers"}

# Acknowledgements that change more than their own setting.
_SIDE_EFFECTS: Final[Mapping[tuple[str, str, str | None], Mapping[str, str]]] = {
    ("SECNUMBER", "-", "ALL"): {"SECLIST": "OFF", "RING": "NOACTION"},
    ("SECLIST", "=", "OFF"): {"RING": "NOACTION"},
}


def _ack(delta: Delta, ack: SettingAck, now: datetime) -> None:
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


def _inquiry(delta: Delta, inquiry: SettingInquiry, _now: datetime) -> None:
    if inquiry.current is not None:
        delta.setting(inquiry.name, inquiry.current)
    if inquiry.options:
        delta.options[inquiry.name] = inquiry.options


def _lists(delta: Delta, result: NumberList, _now: datetime) -> None:
    target = "security_numbers" if result.kind == "security" else "alert_numbers"
    delta.set(target, result.numbers)


def _boss(delta: Delta, _result: Result, _now: datetime) -> None:
    # the sender (our modem) was added, but its number is not in the reply
    delta.setting("SECLIST", "ON")
    delta.set("security_numbers", None)
    delta.set("alert_numbers", None)


_POWER_ON_STATE: Final[Mapping[str, bool]] = {"ON": True, "OFF": False}


def _power_failure(delta: Delta, result: PowerFailure, _now: datetime) -> None:
    if delta.get("mains_power") is not False:  # a repeated alert keeps the first
        before = result.socket_on
        delta.set(
            "socket_on_before_failure",
            before if before is not None else delta.get("socket_on"),
        )
    delta.set("mains_power", False)
    # no mains, no power at the outlet (§11): the socket shows off
    delta.set("socket_on", False)
    delta.set("socket_on_since", None)
    delta.set("socket_timed_until", None)


def _power_restored(delta: Delta, result: PowerRestored, _now: datetime) -> None:
    delta.set("mains_power", True)
    on = result.socket_on
    if on is None:  # the alert does not say: POWERSTATE decides (§11)
        power_state = delta.settings.get("POWERSTATE")
        if power_state == "REMEMBER":
            on = delta.get("socket_on_before_failure")
        else:
            on = _POWER_ON_STATE.get(power_state or "")
    delta.set("socket_on", on)
    delta.set("socket_on_since", None)
    delta.set("socket_timed_until", None)
    delta.set("socket_on_before_failure", None)


def _seclist_off(delta: Delta, _result: Result, _now: datetime) -> None:
    # RING=SWITCH/RESTART refused: without the security list RING stays (or
    # falls back to) NOACTION (manual §4.2); the refused value is never stored
    delta.setting("SECLIST", "OFF")
    delta.setting("RING", "NOACTION")


def _temperature_alert(delta: Delta, result: TemperatureRise, _now: datetime) -> None:
    _reading(delta, result.temperature, unreadable=False)


def _switched_off(delta: Delta, result: SwitchOffReached, now: datetime) -> None:
    delta.set("socket_on", False)
    delta.set("socket_on_since", None)
    _reading(delta, result.temperature, unreadable=False)


def _triggered(delta: Delta, _result: Result, _now: datetime) -> None:
    # the device raises alarms only while the alarm function is armed
    delta.set("alarm_armed", True)
    delta.set("alarm_triggered", True)


def _sensor(active: bool) -> Handler:
    def handle(delta: Delta, _result: Result, _now: datetime) -> None:
        delta.set("sensor_active", active)
        if active and delta.get("alarm_armed"):
            delta.set("alarm_triggered", True)

    return handle


def _fields(**values: Callable[[Any, datetime], object]) -> Handler:
    """Handler that sets each named field from the result."""

    def handle(delta: Delta, result: Result, now: datetime) -> None:
        for name, read in values.items():
            delta.set(name, read(result, now))

    return handle


HANDLERS: Final[Mapping[type[Result], Handler]] = {
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
    PowerFailure: _power_failure,
    PowerRestored: _power_restored,
    TemperatureRise: _temperature_alert,
    TemperatureFall: _temperature_alert,
    SwitchOffReached: _switched_off,
    ProbeFailure: _fields(probe=lambda _r, _n: ProbeHealth.FAILED, probe_warning=lambda _r, _n: None, temperature=lambda _r, _n: None),
    AlarmTriggered: _triggered,
    SensorActive: _sensor(active=True),
    SensorNormal: _sensor(active=False),
}  # fmt: skip


def _readings(delta: Delta, result: StatusReport, now: datetime) -> None:
    """What a STATUS nobody asked for may teach: readings, not states."""
    for name, value in {
        "signal_dbm": result.signal_dbm,
        "signal_word": result.signal_word,
        "device_time": result.device_time,
    }.items():
        if value is not None:
            delta.set(name, value)
    if result.device_time is not None:
        delta.set("device_time_read_at", now)
    _reading(delta, result.temperature, result.temperature_text is not None)


UNSOLICITED_HANDLERS: Final[Mapping[type[Result], Handler]] = {
    TemperatureReading: HANDLERS[TemperatureReading],
    StatusReport: _readings,
    ClockReading: HANDLERS[ClockReading],
}
"""Replies no command waits for: only their direct readings are learned."""


# Ctrl commands acknowledged like settings: they do not touch the Conf window.
_CTRL_ACKS: Final = frozenset({"SCHEDULER"})

_WINDOW_EVENTS: Final[Mapping[type[Result], Callable[[Any], bool | None]]] = {
    SettingAck: lambda r: r.name not in _CTRL_ACKS or None,
    ThermostatInfo: lambda r: (r.ack is not None and "=" in r.ack) or None,
    ClockReading: lambda r: r.acknowledged or None,
    MakeMeBossAck: lambda _r: True,
    AlertMeAck: lambda _r: True,
    PowerRestored: lambda _r: True,  # power-on opens the window
    ConfigWindowExpired: lambda _r: False,
}


def track_config_window(
    delta: Delta, result: Result, now: datetime, *, trusted: bool = True
) -> None:
    """An accepted Conf command (or power-on) reopens the window; the expiry reply closes it.

    An untrusted (unsolicited) message may only close it: the cautious side.
    """
    event = _WINDOW_EVENTS.get(type(result), lambda _r: None)(result)
    if event is None or (event and not trusted):
        return
    delta.set("config_window_until", now + CONFIG_WINDOW if event else now)
    delta.set("config_window_refused", not event)
