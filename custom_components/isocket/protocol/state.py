"""Everything the integration can know about one iSocket, learned only from replies.

:class:`DeviceState` starts with every field ``None`` ("unknown") and changes
only through :meth:`DeviceState.apply` of a parsed result; the rules per result
are in :mod:`.state_updates`, the probe rules in :mod:`.probe`.

- Mains power: a power-failure alert sets it off; any other message from the
  device proves it is powered (it shuts down after reporting a failure).
- ``apply`` returns the names of the fields that changed; a changed setting
  adds ``settings`` and ``settings.<NAME>``.
- Pending commands are not kept here but in :class:`.correlation.Correlator`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
import re

from .probe import ProbeHealth, assess_reading
from .reply_fields import parse_full_temperature
from .results import PowerFailure, Result, ScheduleRule, Unknown
from .state_updates import HANDLERS, Delta, track_config_window
from .temperature import Temperature

__all__ = ["DeviceState", "ProbeHealth", "assess_reading"]


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
    config_window_until: datetime | None = None  # Conf commands accepted until then
    last_seen: datetime | None = None

    def apply(self, result: Result, now: datetime) -> frozenset[str]:
        """Learn from one parsed message received at ``now``; names of changed fields."""
        delta = Delta(self)
        if not isinstance(result, PowerFailure | Unknown):
            delta.set("mains_power", True)
        handler = HANDLERS.get(type(result))
        if handler is not None:
            handler(delta, result, now)
        track_config_window(delta, result, now)
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

    def config_window_open(self, now: datetime) -> bool | None:
        """Whether a Conf command sent at ``now`` would be accepted, as far as we know."""
        if self.config_window_until is None:
            return None
        return now < self.config_window_until

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
