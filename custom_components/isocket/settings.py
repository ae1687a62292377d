"""Every device setting as an entity description (spec §3, factory values §5).

One row per setting; the platforms (switch, select, number) add the rows of
their kind with their own entity class, and the Read settings button asks
for every setting named here (:data:`INQUIRIES`, derived from the rows). All are configuration entities; the ones an owner rarely
touches (or should not: the integration relies on SMSCONFIRM and ERROR) are
disabled by default. Values are the device's own (``settings`` of
:class:`~.protocol.state.DeviceState`), unknown until set or read back.

TRISEALERT/TFALLALERT are "a threshold or off": a switch turns the alert on
or off, a number holds the threshold. The number keeps its last value while
the alert is off, and turning the switch on sends that value again. RELAYTIME
("on/off for n seconds, permanently, or nothing") is split the same way: a
select for the action and a number for the seconds (0 = permanently).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import re
from typing import Any, Final, Literal

from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.components.select import SelectEntityDescription
from homeassistant.components.switch import SwitchEntityDescription
from homeassistant.const import EntityCategory, UnitOfTemperature, UnitOfTime
from homeassistant.exceptions import ServiceValidationError

from .const import DOMAIN
from .device import DeviceCoordinator
from .entity import ISocketValueDescription
from .protocol import commands
from .protocol.commands import Command, TemperatureUnit
from .protocol.state import DeviceState

_CONFIG = EntityCategory.CONFIG


@dataclass(frozen=True, kw_only=True)
class SettingDescription(ISocketValueDescription):
    """A setting by its device name (the key of ``DeviceState.settings``)."""

    setting: str


@dataclass(frozen=True, kw_only=True)
class SettingSwitchDescription(SettingDescription, SwitchEntityDescription):
    """An ON/OFF setting; ``command_fn`` builds the command for on/off."""

    command_fn: Callable[[DeviceCoordinator, bool], Command]


@dataclass(frozen=True, kw_only=True)
class SettingSelectDescription(SettingDescription, SelectEntityDescription):
    """A setting with named values; ``command_fn`` builds the command for an option."""

    command_fn: Callable[[DeviceCoordinator, str], Command]


@dataclass(frozen=True, kw_only=True)
class SettingNumberDescription(SettingDescription, NumberEntityDescription):
    """A numeric setting; ``command_fn`` builds the command for a value."""

    command_fn: Callable[[DeviceCoordinator, int], Command]


# --- value readers ------------------------------------------------------------


def _flag(name: str) -> Callable[[DeviceState], bool | None]:
    return lambda state: state.setting_flag(name)


def _option(name: str, options: tuple[str, ...]) -> Callable[[DeviceState], str | None]:
    """A value the device names, as the select's (lower-case) option."""

    def read(state: DeviceState) -> str | None:
        value = (state.setting(name) or "").lower()
        return value if value in options else None

    return read


def relay_link(value: str | None) -> tuple[str, int] | None:
    """RELAYTIME as (action, seconds): ``0`` none, ``ON`` on for good (0 s), ``ON60``."""
    if value == "0":
        return ("none", 0)
    match = re.fullmatch(r"(ON|OFF)([0-9]*)", value or "")
    if match is None:
        return None
    return (match[1].lower(), int(match[2] or 0))


def _relay_action(state: DeviceState) -> str | None:
    link = relay_link(state.setting("RELAYTIME"))
    return link[0] if link else None


def _relay_seconds(state: DeviceState) -> int | None:
    link = relay_link(state.setting("RELAYTIME"))
    return link[1] if link and link[0] != "none" else None


def _threshold(name: str) -> Callable[[DeviceState], int | None]:
    def read(state: DeviceState) -> int | None:
        value = state.setting_temperature(name)
        return int(value.celsius) if value else None  # settings are whole degrees

    return read


def _threshold_on(name: str) -> Callable[[DeviceState], bool | None]:
    def read(state: DeviceState) -> bool | None:
        value = state.setting(name)
        return None if value is None else value != "OFF"

    return read


# --- command makers -------------------------------------------------------------


def _switch(
    builder: Callable[[bool], Command],
) -> Callable[[DeviceCoordinator, bool], Command]:
    return lambda _device, on: builder(on)


def _select(
    builder: Callable[[Any], Command],
) -> Callable[[DeviceCoordinator, str], Command]:
    """The builders take the device's word: the option upper-cased."""
    return lambda _device, option: builder(option.upper())


def _set_relay_action(device: DeviceCoordinator, option: str) -> Command:
    """A new action keeps the duration (the device's, else the number's)."""
    if option == "none":
        return commands.set_relay_link(None)
    seconds = _relay_seconds(device.data)
    if seconds is None:
        seconds = int(device.number_memory.get(RELAY_SECONDS_KEY, 0))
    action: Literal["ON", "OFF"] = "ON" if option == "on" else "OFF"
    return commands.set_relay_link(action, seconds or None)


def _set_relay_seconds(device: DeviceCoordinator, seconds: int) -> Command:
    """A duration needs an action to go with it (RELAYTIME=ON60)."""
    action = _relay_action(device.data)
    if action not in ("on", "off"):
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="relay_action_needed"
        )
    return commands.set_relay_link("ON" if action == "on" else "OFF", seconds or None)


type ThresholdBuilder = Callable[[int | None, TemperatureUnit], Command]


def _set_alert_on(
    builder: ThresholdBuilder, name: str, number_key: str
) -> Callable[[DeviceCoordinator, bool], Command]:
    """On: the threshold the device has, else the number's last one."""

    def make(device: DeviceCoordinator, on: bool) -> Command:
        if not on:
            return builder(None, "C")
        value: float | None = _threshold(name)(device.data)
        if value is None:
            value = device.number_memory.get(number_key)
        if value is None:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="threshold_needed"
            )
        return builder(round(value), "C")

    return make


def _set_threshold(
    builder: ThresholdBuilder,
) -> Callable[[DeviceCoordinator, int], Command]:
    return lambda _device, value: builder(value, "C")


# --- the tables -------------------------------------------------------------------

RELAY_SECONDS_KEY: Final = "relay_link_duration"
RISE_THRESHOLD_KEY: Final = "rise_alert_threshold"
FALL_THRESHOLD_KEY: Final = "fall_alert_threshold"


def _switch_row(
    key: str,
    setting: str,
    builder: Callable[[bool], Command],
    *,
    enabled: bool = True,
) -> SettingSwitchDescription:
    return SettingSwitchDescription(
        key=key,
        translation_key=key,
        entity_category=_CONFIG,
        entity_registry_enabled_default=enabled,
        setting=setting,
        fact=f"settings.{setting}",
        value_fn=_flag(setting),
        command_fn=_switch(builder),
    )


SETTING_SWITCHES: Final[tuple[SettingSwitchDescription, ...]] = (
    _switch_row("power_alert", "POWERALERT", commands.set_power_alert),
    SettingSwitchDescription(
        key="rise_alert",
        translation_key="rise_alert",
        entity_category=_CONFIG,
        setting="TRISEALERT",
        fact="settings.TRISEALERT",
        value_fn=_threshold_on("TRISEALERT"),
        command_fn=_set_alert_on(
            commands.set_rise_alert, "TRISEALERT", RISE_THRESHOLD_KEY
        ),
    ),
    SettingSwitchDescription(
        key="fall_alert",
        translation_key="fall_alert",
        entity_category=_CONFIG,
        setting="TFALLALERT",
        fact="settings.TFALLALERT",
        value_fn=_threshold_on("TFALLALERT"),
        command_fn=_set_alert_on(
            commands.set_fall_alert, "TFALLALERT", FALL_THRESHOLD_KEY
        ),
    ),
    _switch_row(
        "switch_off_alert",
        "SWITCHOFFALERT",
        commands.set_switch_off_alert,
        enabled=False,
    ),
    _switch_row(
        "probe_failure_alert",
        "TSENSFAILALERT",
        commands.set_sensor_failure_alert,
        enabled=False,
    ),
    # Off by default: turned on while the modem is not on the list, the device
    # ignores Home Assistant from then on (manual §5.1).
    _switch_row("security_list", "SECLIST", commands.set_security_list, enabled=False),
    _switch_row(
        "sms_confirmation", "SMSCONFIRM", commands.set_sms_confirm, enabled=False
    ),
    _switch_row("error_replies", "ERROR", commands.set_error_replies, enabled=False),
    _switch_row(
        "reply_unauthorised",
        "SMSCONFIRMUNAUTH",
        commands.set_reply_unauthorised,
        enabled=False,
    ),
)


def _select_row(
    key: str,
    setting: str,
    options: tuple[str, ...],
    builder: Callable[[Any], Command],
    *,
    enabled: bool = True,
) -> SettingSelectDescription:
    return SettingSelectDescription(
        key=key,
        translation_key=key,
        entity_category=_CONFIG,
        entity_registry_enabled_default=enabled,
        options=list(options),
        setting=setting,
        fact=f"settings.{setting}",
        value_fn=_option(setting, options),
        command_fn=_select(builder),
    )


SETTING_SELECTS: Final[tuple[SettingSelectDescription, ...]] = (
    _select_row(
        "ring_action",
        "RING",
        ("noaction", "restart", "switch"),
        commands.set_ring_action,
    ),
    _select_row(
        "ring_confirmation",
        "RINGCONFIRM",
        ("sms", "call", "off"),
        commands.set_ring_confirm,
        enabled=False,
    ),
    _select_row("sensor_type", "SENSORTYPE", ("no", "nc"), commands.set_sensor_type),
    _select_row(
        "alarm_notification",
        "ALERT",
        ("sms", "smschange", "call", "off"),
        commands.set_alert_mode,
    ),
    SettingSelectDescription(
        key="relay_link_action",
        translation_key="relay_link_action",
        entity_category=_CONFIG,
        options=["none", "on", "off"],
        setting="RELAYTIME",
        fact="settings.RELAYTIME",
        value_fn=_relay_action,
        command_fn=_set_relay_action,
    ),
    _select_row(
        "power_on_state",
        "POWERSTATE",
        ("remember", "on", "off"),
        commands.set_power_state,
    ),
)


def _threshold_row(
    key: str, setting: str, builder: ThresholdBuilder
) -> SettingNumberDescription:
    return SettingNumberDescription(
        key=key,
        translation_key=key,
        entity_category=_CONFIG,
        device_class=NumberDeviceClass.TEMPERATURE,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        native_min_value=-55,
        native_max_value=120,
        native_step=1,
        mode=NumberMode.BOX,
        setting=setting,
        fact=f"settings.{setting}",
        value_fn=_threshold(setting),
        command_fn=_set_threshold(builder),
    )


SETTING_NUMBERS: Final[tuple[SettingNumberDescription, ...]] = (
    SettingNumberDescription(
        key="restart_time",
        translation_key="restart_time",
        entity_category=_CONFIG,
        device_class=NumberDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        native_min_value=1,
        native_max_value=600,
        native_step=1,
        mode=NumberMode.BOX,
        setting="RESTARTTIME",
        fact="settings.RESTARTTIME",
        value_fn=lambda state: state.restart_time,
        command_fn=lambda _device, seconds: commands.set_restart_time(seconds),
    ),
    SettingNumberDescription(
        key=RELAY_SECONDS_KEY,
        translation_key=RELAY_SECONDS_KEY,
        entity_category=_CONFIG,
        device_class=NumberDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        native_min_value=0,
        native_max_value=65000,
        native_step=1,
        mode=NumberMode.BOX,
        setting="RELAYTIME",
        fact="settings.RELAYTIME",
        value_fn=_relay_seconds,
        command_fn=_set_relay_seconds,
    ),
    _threshold_row(RISE_THRESHOLD_KEY, "TRISEALERT", commands.set_rise_alert),
    _threshold_row(FALL_THRESHOLD_KEY, "TFALLALERT", commands.set_fall_alert),
)

# Facts beyond the setting rows the button asks for too: the balance code,
# the thermostat and alarm state, and the version facts for the device registry.
FACT_INQUIRIES: Final[tuple[Callable[[], Command], ...]] = (
    commands.query_credit_code,  # CREDITUMS: the USSD code CREDIT uses, no entity
    commands.query_thermostat,
    commands.query_alarm,
    commands.hardware,
    commands.serial_number,
    commands.firmware,
)

# Every setting's inquiry (NAME?), derived from the rows, then the facts:
# one SMS each, and one reply each.
INQUIRIES: Final[tuple[Callable[[], Command], ...]] = (
    *(
        commands.BUILDERS[f"{name}?"]
        for name in dict.fromkeys(
            row.setting
            for row in (*SETTING_SWITCHES, *SETTING_SELECTS, *SETTING_NUMBERS)
        )
    ),
    *FACT_INQUIRIES,
)
