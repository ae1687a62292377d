"""What the entities show about one device, learned only from parsed messages.

A table maps each result type of the protocol parser to how it changes the
facts; ``learned`` keeps when each fact was last learned (restored on restart).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from homeassistant.util import dt as dt_util

from .protocol.results import (
    AlarmInfo,
    AlarmTriggered,
    Firmware,
    Hardware,
    PowerFailure,
    PowerRestored,
    ProbeFailure,
    Result,
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
)
from .protocol.temperature import Temperature

# Readings a disconnected or broken probe produces (spec §1).
PROBE_FAILURE_SIGNATURES: Final = frozenset({85, 127, 0})

# Alert result type -> event type of the Alerts event entity.
ALERT_EVENTS: Final[dict[type[Result], str]] = {
    PowerFailure: "power_failure",
    PowerRestored: "power_restored",
    TemperatureRise: "temperature_rise",
    TemperatureFall: "temperature_fall",
    SwitchOffReached: "switch_off",
    ProbeFailure: "probe_failure",
    AlarmTriggered: "alarm",
    SensorActive: "sensor_active",
    SensorNormal: "sensor_normal",
}


def device_time(value: datetime) -> datetime:
    """The device keeps local time without zone: read it in HA's time zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt_util.get_default_time_zone())
    return dt_util.as_utc(value)


@dataclass
class DeviceFacts:
    """Everything the entities show; ``None`` = not known yet."""

    socket_on: bool | None = None
    temperature: float | None = None
    signal_dbm: int | None = None
    socket_on_since: datetime | None = None
    last_contact: datetime | None = None
    mains_power: bool | None = None
    alarm_input_active: bool | None = None
    probe_problem: bool | None = None
    alarm_armed: bool | None = None
    ring_action: str | None = None
    model: str | None = None
    serial_number: str | None = None
    firmware: str | None = None
    learned: dict[str, datetime] = field(default_factory=dict)

    def set(self, name: str, value: Any, now: datetime) -> None:
        """Set one fact and remember when it was learned."""
        setattr(self, name, value)
        self.learned[name] = now

    def apply(self, result: Result, now: datetime) -> None:
        """Update the facts from one parsed message."""
        for kind, update in _UPDATES:
            if isinstance(result, kind):
                update(self, result, now)

    def set_temperature(self, value: Temperature | None, now: datetime) -> None:
        """A reading; the failure signatures mean the probe, not the room."""
        if value is None:
            self.set("probe_problem", True, now)
            return
        if value.celsius in PROBE_FAILURE_SIGNATURES:
            self.set("probe_problem", True, now)
            return
        self.set("temperature", float(value.celsius), now)
        self.set("probe_problem", False, now)

    def set_socket(self, on: bool, now: datetime) -> None:
        """The socket's state; 'on since' is only known from RUNTIME."""
        if on and self.socket_on is False:
            self.set("socket_on_since", now, now)
        if not on:
            self.set("socket_on_since", None, now)
        self.set("socket_on", on, now)


def _socket(facts: DeviceFacts, result: Any, now: datetime) -> None:
    # ONn/OFFn: the socket is in the requested state for now.
    facts.set_socket(result.on, now)


def _status(facts: DeviceFacts, result: Any, now: datetime) -> None:
    report: StatusReport = result
    if report.socket_on is not None:
        facts.set_socket(report.socket_on, now)
    if report.signal_dbm is not None:
        facts.set("signal_dbm", report.signal_dbm, now)
    if report.temperature is not None or report.temperature_text is not None:
        facts.set_temperature(report.temperature, now)
    if report.alarm_armed is not None:
        facts.set("alarm_armed", report.alarm_armed, now)
    if report.alarm_active is not None:
        facts.set("alarm_input_active", report.alarm_active, now)
    # A device that answers STATUS is powered.
    facts.set("mains_power", True, now)


def _temperature(facts: DeviceFacts, result: Any, now: datetime) -> None:
    facts.set_temperature(result.temperature, now)


def _alert_temperature(facts: DeviceFacts, result: Any, now: datetime) -> None:
    if result.temperature is not None:
        facts.set_temperature(result.temperature, now)


def _on_since(facts: DeviceFacts, result: Any, now: datetime) -> None:
    facts.set("socket_on", True, now)
    facts.set("socket_on_since", device_time(result.since), now)


def _alarm_info(facts: DeviceFacts, result: Any, now: datetime) -> None:
    info: AlarmInfo = result
    if info.armed is not None:
        facts.set("alarm_armed", info.armed, now)
    if info.active is not None:
        facts.set("alarm_input_active", info.active, now)


def _ring(facts: DeviceFacts, result: Any, now: datetime) -> None:
    name = result.name.upper()
    value = result.value if isinstance(result, SettingAck) else result.current
    if name == "RING" and value:
        facts.set("ring_action", value.upper(), now)
    elif name == "SECLIST" and value and value.upper() == "OFF":
        # Turning the security list off resets RING (spec §3.2).
        facts.set("ring_action", "NOACTION", now)


def _const(name: str, value: Any) -> Callable[[DeviceFacts, Any, datetime], None]:
    def update(facts: DeviceFacts, _result: Any, now: datetime) -> None:
        facts.set(name, value, now)

    return update


def _attr(name: str, attr: str) -> Callable[[DeviceFacts, Any, datetime], None]:
    def update(facts: DeviceFacts, result: Any, now: datetime) -> None:
        facts.set(name, getattr(result, attr), now)

    return update


_UPDATES: Final[
    list[tuple[type[Result], Callable[[DeviceFacts, Any, datetime], None]]]
] = [
    (SocketState, _socket),
    (StatusReport, _status),
    (TemperatureReading, _temperature),
    (SocketOnSince, _on_since),
    (AlarmInfo, _alarm_info),
    (SettingAck, _ring),
    (SettingInquiry, _ring),
    (Hardware, _attr("model", "model")),
    (SerialNumber, _attr("serial_number", "serial")),
    (Firmware, _attr("firmware", "version")),
    (PowerFailure, _const("mains_power", False)),
    (PowerRestored, _const("mains_power", True)),
    (ProbeFailure, _const("probe_problem", True)),
    (AlarmTriggered, _const("alarm_input_active", True)),
    (SensorActive, _const("alarm_input_active", True)),
    (SensorNormal, _const("alarm_input_active", False)),
    (TemperatureRise, _alert_temperature),
    (TemperatureFall, _alert_temperature),
    (SwitchOffReached, _alert_temperature),
    (SwitchOffReached, _const("socket_on", False)),
]
