"""Everything the integration can know about one iSocket, learned only from replies.

:class:`DeviceState` starts with every field ``None`` ("unknown") and changes
only through :meth:`DeviceState.apply` of a parsed result; the rules per result
are in :mod:`.state_updates`, the probe rules in :mod:`.probe`.

- Mains power: a power-failure alert sets it off (and the socket shows off
  until power returns, §11); any other recognised message from the device
  proves it is powered (it shuts down after reporting a failure).
- Solicited or not: only a message that answers a command we sent may
  overwrite what we know; see :meth:`DeviceState.apply`.
- ``apply`` returns the names of the fields that changed; a changed setting
  adds ``settings`` and ``settings.<NAME>``.
- Pending commands are not kept here but in :class:`.correlation.Correlator`.
- :meth:`DeviceState.assume` is the other writer: what a command implies when
  the device will not confirm it (SMSCONFIRM=OFF), namely the reply it would
  have sent, and what a command implies even when confirmed (a new arming
  starts untriggered).
- ``learned`` holds when each field (and ``settings.<NAME>``) last changed;
  both writers keep it, so it travels with the values. ``stated`` holds when
  a message last stated it, changed or not: the value's "as of".
- :meth:`DeviceState.assume_factory_defaults` fills what is unknown with the
  factory values (manual §14) for a device the owner says is new or reset;
  ``assumed`` marks them (name -> when) until the device states the value
  (a solicited reply or alert applied here, whether it confirms or changes
  it). An assumption never overwrites anything known.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
import re
from typing import Final

from .commands import Command, CommandKind
from .defaults import FACTORY_FIELDS, FACTORY_SETTINGS
from .probe import ProbeHealth, ProbeWarning, assess_reading
from .replies import split_echo
from .reply_fields import parse_full_temperature
from .results import (
    AlarmInfo,
    Category,
    Information,
    PowerFailure,
    Result,
    ScheduleRule,
    SettingAck,
    SocketState,
    ThermostatInfo,
    Unknown,
)
from .state_updates import HANDLERS, UNSOLICITED_HANDLERS, Delta, track_config_window
from .temperature import Temperature

__all__ = ["DeviceState", "ProbeHealth", "ProbeWarning", "assess_reading"]

# The reply each unconfirmed command would have had (settings: their ack).
_ASSUMED_REPLIES: Final[Mapping[str, Result]] = {
    "ON": SocketState(raw="", on=True),
    "OFF": SocketState(raw="", on=False),
    "ALARMON": AlarmInfo(raw="", armed=True),
    "ALARMOFF": AlarmInfo(raw="", armed=False),
    "THERMOSTATON": ThermostatInfo(raw="", enabled=True),
    "THERMOSTATOFF": ThermostatInfo(raw="", enabled=False),
}
# What a command implies even when the device confirmed it.
_IMPLIED: Final[Mapping[str, Mapping[str, object]]] = {
    "ALARMON": {"alarm_triggered": False},  # a new arming starts untriggered
}


def _assumed_reply(command: Command) -> Result | None:
    """The reply ``command`` would have had, as far as it can be told."""
    if (reply := _ASSUMED_REPLIES.get(command.key)) is not None:
        return reply
    # the redacted text: the device acknowledges a new password as `*****` too
    echo = split_echo(command.redacted) if command.kind is CommandKind.CONF else None
    if echo is None:
        return None
    name, operator, value = echo
    return SettingAck(raw="", name=name, operator=operator, value=value or None)


@dataclass(slots=True)
class DeviceState:
    """One device as far as we know it; ``None`` = not learned yet."""

    socket_on: bool | None = None
    socket_timed_until: datetime | None = None  # ON<n>/OFF<n>: when it switches back
    socket_on_since: datetime | None = None
    socket_on_before_failure: bool | None = None  # for POWERSTATE=REMEMBER (§11)
    restarted_at: datetime | None = None
    temperature: Temperature | None = None  # last credible reading
    last_reading: Temperature | None = None  # last reading as reported
    probe: ProbeHealth | None = None
    # why the last reading was not taken as true (range, §7 fault value)
    probe_warning: ProbeWarning | None = None
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
    config_window_refused: bool | None = None  # the device said it expired, since then
    last_seen: datetime | None = None
    learned: dict[str, datetime] = field(default_factory=dict)
    """When each field (and ``settings.<NAME>``) was last learned."""
    stated: dict[str, datetime] = field(default_factory=dict)
    """When a message (or our own unconfirmed command) last stated each field,
    changed or not: how fresh the value is ("as of")."""
    assumed: dict[str, datetime] = field(default_factory=dict)
    """Values shown from the factory defaults, not yet stated by the device."""

    def apply(
        self, result: Result, now: datetime, *, solicited: bool
    ) -> frozenset[str]:
        """Learn from one parsed message received at ``now``; names of changed fields.

        ``solicited`` says the message answers a command we sent (the
        correlator matched it, :class:`.interpret.Interpretation`). The rules:

        - A solicited reply or error teaches everything it says.
        - An alert is unsolicited by nature and applied as such: mains power,
          the reading it quotes, probe, alarm and sensor state, the socket where
          the alert says or implies it (switch-off, power failure/restoration).
        - An unsolicited reply (nobody waits for it: a late reply, a scheduled
          STATUS, a text that only looks like a reply) never overwrites stored
          settings, setting options, number lists, alarm log, schedule, the
          socket, thermostat or alarm state, identity or credit. It may only
          update what it reports directly and safely: a temperature reading
          with its unit (through the probe rules), the signal reading and the
          device clock (with when we read it).
        - An unsolicited error changes nothing but may close the configuration
          window (`Time for configuration expired`: the cautious direction).
        - Any recognised message proves the device has power; ``last_seen``
          is always updated (only information, as the owner taught it, changes
          nothing else).
        """
        delta = Delta(self)
        # (taught as only information: it changes nothing, issue 18)
        if not isinstance(result, PowerFailure | Unknown | Information):
            delta.set("mains_power", True)
        trusted = solicited or result.category is Category.ALERT
        handler = (HANDLERS if trusted else UNSOLICITED_HANDLERS).get(type(result))
        if handler is not None:
            handler(delta, result, now)
        track_config_window(delta, result, now, trusted=trusted)
        delta.set("last_seen", now)
        # what the device stated is no longer assumed, even if it agrees
        stated = {name for name in delta.touched() if name in self.assumed}
        for name in stated:
            del self.assumed[name]
        self._stated(delta, now)
        # a confirmed assumption is learned now, though its value stays
        changed = self._learned(delta.commit() | stated, now)
        return changed | ({"assumed"} if stated else set())

    def assume(
        self, command: Command, now: datetime, *, confirmed: bool = False
    ) -> frozenset[str]:
        """Learn what ``command`` implies; names of changed fields.

        Unconfirmed (the device sends no reply): the reply it would have had.
        Confirmed: only what the reply does not say (a new arming starts
        untriggered). Nothing here proves the device alive or powered.
        """
        delta = Delta(self)
        if not confirmed and (reply := _assumed_reply(command)) is not None:
            HANDLERS[type(reply)](delta, reply, now)
        for name, value in _IMPLIED.get(command.key, {}).items():
            delta.set(name, value)
        self._stated(delta, now)
        return self._learned(delta.commit(), now)

    def assume_factory_defaults(self, now: datetime) -> frozenset[str]:
        """Show the factory defaults (manual §14) where nothing is known yet.

        For a device the owner says is new or just reset: each value is
        marked in ``assumed`` (not ``learned``: the device has not said it)
        until :meth:`apply` of a message that states it. Known values and
        earlier assumptions stay as they are. Names of the assumed values.
        """
        delta = Delta(self)
        for name, value in FACTORY_FIELDS.items():
            if getattr(self, name) is None:
                delta.set(name, value)
        for name, value in FACTORY_SETTINGS.items():
            if name not in self.settings:
                delta.setting(name, value)
        assumed = delta.touched()
        delta.commit()
        for name in assumed:
            self.assumed[name] = now
        return assumed | ({"settings"} if delta.told else set())

    def seen(self, now: datetime) -> frozenset[str]:
        """The device made contact without a message (a call)."""
        delta = Delta(self)
        delta.set("last_seen", now)
        self._stated(delta, now)
        return self._learned(delta.commit(), now)

    def restore_learned(self, name: str, when: datetime) -> None:
        """When a restored value was learned, unless learned anew since.

        A value learned before a restart outranks a factory assumption made
        at this start: the assumption is dropped (unknown again), so the
        entity shows its restored value.
        """
        self.drop_assumption(name)
        self.learned.setdefault(name, when)

    def drop_assumption(self, name: str) -> None:
        """An assumed value back to unknown: a restored, learned one stands in.

        For entities that restore what the device said before a restart while
        this start assumed the factory defaults again. Nothing if not assumed.
        """
        if self.assumed.pop(name, None) is None:
            return
        setting = name.removeprefix("settings.")
        if setting != name:
            self.settings = {k: v for k, v in self.settings.items() if k != setting}
        else:
            setattr(self, name, None)

    def _stated(self, delta: Delta, now: datetime) -> None:
        for name in delta.touched():
            self.stated[name] = now

    def as_of(self, name: str) -> datetime | None:
        """When the value of ``name`` was last stated (or learned, before a restart)."""
        return self.stated.get(name) or self.learned.get(name)

    def _learned(self, changed: frozenset[str], now: datetime) -> frozenset[str]:
        for name in changed:
            self.learned[name] = now
        return changed

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
        """Whether a Conf command sent at ``now`` would be accepted, as far as we know.

        Manual §4.1: configuring the security settings lifts the 30-minute
        limit ("Um diese Einschränkung zu deaktivieren, müssen Sie die
        Sicherheitseinstellungen des Gerätes konfigurieren"). The spec's §2
        says nothing of it and is wrong here: the manual wins. So while
        SECLIST=ON or a password is set the window is open, unless the device
        itself has refused a Conf command since (the device's word wins over
        the manual's).
        """
        if self.security_configured and not self.config_window_refused:
            return True
        if self.config_window_until is None:
            return None
        return now < self.config_window_until

    @property
    def security_configured(self) -> bool:
        """SECLIST=ON or a password set: what lifts the configuration window (§4.1)."""
        return self.security_list_active is True or self.password_set is True

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
