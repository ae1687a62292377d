"""Sensors: per iSocket (temperature, signal, on since, last contact) and per modem."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, override

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
    EntityCategory,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .coordinator import HubCoordinator
from .device import DeviceCoordinator
from .entity import (
    HubEntity,
    ISocketEntity,
    ISocketRestoreEntity,
    ISocketValueDescription,
    async_add_device_entities,
    probe_warning_attributes,
)
from .gsm.modem import RegistrationState
from .protocol.state import DeviceState
from .runtime import ISocketConfigEntry
from .sms_gateway.entities import gateway_sensors

# Read-only: nothing is polled per entity.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class ISocketSensorDescription(ISocketValueDescription, SensorEntityDescription):
    """A device sensor showing one fact."""


@dataclass(frozen=True, kw_only=True)
class HubSensorDescription(SensorEntityDescription):
    """A modem sensor."""

    value_fn: Callable[[HubCoordinator], StateType | datetime]


def _temperature(state: DeviceState) -> float | None:
    """Last credible reading in °C."""
    reading = state.temperature
    return float(reading.celsius) if reading is not None else None


def _socket_on_since(state: DeviceState) -> datetime | None:
    """RUNTIME's answer, in UTC (the device keeps local time)."""
    since = state.socket_on_since
    if since is None or not state.socket_on:
        return None
    if since.tzinfo is None:
        since = since.replace(tzinfo=dt_util.get_default_time_zone())
    return dt_util.as_utc(since)


DEVICE_SENSORS: tuple[ISocketSensorDescription, ...] = (
    ISocketSensorDescription(
        key="temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_temperature,
        fact="temperature",
        attributes_fn=probe_warning_attributes,
    ),
    ISocketSensorDescription(
        key="signal",
        translation_key="signal",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda state: state.signal_dbm,
        fact="signal_dbm",
    ),
    ISocketSensorDescription(
        key="socket_on_since",
        translation_key="socket_on_since",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=_socket_on_since,
        fact="socket_on_since",
    ),
    ISocketSensorDescription(
        key="last_contact",
        translation_key="last_contact",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda state: state.last_seen,
        fact="last_seen",
    ),
)


# The iSocket's own number, so that its device page tells two iSockets apart
# (its name is the owner's choice). Diagnostics mask it like every number.
PHONE_NUMBER = SensorEntityDescription(
    key="phone_number",
    translation_key="phone_number",
    entity_category=EntityCategory.DIAGNOSTIC,
)


def _health(attr: str) -> Callable[[HubCoordinator], Any]:
    def value(hub: HubCoordinator) -> Any:
        return getattr(hub.data, attr) if hub.data is not None else None

    return value


HUB_SENSORS: tuple[HubSensorDescription, ...] = (
    HubSensorDescription(
        key="signal",
        translation_key="signal",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=_health("signal_dbm"),
    ),
    HubSensorDescription(
        key="operator",
        translation_key="operator",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=_health("operator"),
    ),
    HubSensorDescription(
        key="registration",
        translation_key="registration",
        device_class=SensorDeviceClass.ENUM,
        options=[state.value for state in RegistrationState],
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda hub: (
            str(hub.data.registration) if hub.data is not None else None
        ),
    ),
)

# The day's cap on SMS sent today, and what is left of it ("unlimited" for 0).
ATTR_DAILY_LIMIT = "daily_limit"
ATTR_REMAINING = "remaining_today"
UNLIMITED = "unlimited"


def _sim_messages(hub: HubCoordinator) -> int | None:
    storage = hub.data.sim_messages if hub.data is not None else None
    return storage.used if storage is not None else None


SIM_MESSAGES = HubSensorDescription(
    key="sim_messages",
    translation_key="sim_messages",
    state_class=SensorStateClass.MEASUREMENT,
    entity_category=EntityCategory.DIAGNOSTIC,
    value_fn=_sim_messages,
)

QUEUED_SMS = HubSensorDescription(
    key="queued_sms",
    translation_key="queued_sms",
    state_class=SensorStateClass.MEASUREMENT,
    entity_category=EntityCategory.DIAGNOSTIC,
    value_fn=lambda hub: hub.outbox.queued,
)

SMS_SENT = HubSensorDescription(
    key="sms_sent",
    translation_key="sms_sent",
    state_class=SensorStateClass.TOTAL_INCREASING,
    value_fn=lambda hub: hub.sms_sent_today,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Modem sensors on the hub; four sensors per device."""
    hub = entry.runtime_data.hub
    async_add_entities(
        [
            *(HubSensor(hub, desc) for desc in HUB_SENSORS),
            SmsSentSensor(hub, SMS_SENT),
            SimMessagesSensor(hub, SIM_MESSAGES),
            QueuedSmsSensor(hub, QUEUED_SMS),
            *gateway_sensors(hass, entry),
        ]
    )

    def build(device: DeviceCoordinator) -> list[SensorEntity]:
        return [
            *(ISocketSensor(device, desc) for desc in DEVICE_SENSORS),
            PhoneNumberSensor(device, PHONE_NUMBER),
        ]

    async_add_device_entities(hass, entry, async_add_entities, build)


class ISocketSensor(ISocketRestoreEntity, SensorEntity):
    """One fact of the device."""

    entity_description: ISocketSensorDescription

    @property
    @override
    def native_value(self) -> StateType | datetime:
        """The fact, or None while unknown."""
        value: StateType | datetime = self.value
        return value

    @property
    @override
    def _restores_timestamp(self) -> bool:
        """Timestamp sensors store their value as ISO text."""
        return self.device_class == SensorDeviceClass.TIMESTAMP


class PhoneNumberSensor(ISocketEntity, SensorEntity):
    """The number of the iSocket's SIM, as configured (+E.164)."""

    @property
    @override
    def native_value(self) -> str:
        """The configured number."""
        return self.coordinator.phone


class HubSensor(HubEntity, SensorEntity):
    """One value of the modem's health."""

    entity_description: HubSensorDescription

    @property
    @override
    def native_value(self) -> StateType | datetime:
        """Read from the hub coordinator."""
        return self.entity_description.value_fn(self.coordinator)


class SimMessagesSensor(HubSensor):
    """Messages on the SIM (``AT+CPMS?``, no SMS cost); its capacity beside."""

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """How many slots the SIM has."""
        hub = self.coordinator
        storage = hub.data.sim_messages if hub.data is not None else None
        return {"total": storage.total} if storage is not None else None


class QueuedSmsSensor(HubSensor):
    """SMS waiting for the modem (the outbox): most telling while it is away."""

    @property
    @override
    def available(self) -> bool:
        """Shown while the modem is away too."""
        return True


class SmsSentSensor(HubSensor):
    """SMS sent today: what the integration costs.

    The count is the daily budget's, kept in its ``Store`` across restarts
    (sms_gateway/budget.py); the sensor only shows it.
    """

    @property
    @override
    def available(self) -> bool:
        """The count is known even while the modem is unplugged."""
        return True

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """The day's cap (the hub option *Maximum SMS per day*) and what is left of it."""
        budget = self.coordinator.modem.budget
        if budget is None:
            return None
        if not budget.max_per_day:
            return {ATTR_DAILY_LIMIT: UNLIMITED}
        return {ATTR_DAILY_LIMIT: budget.max_per_day, ATTR_REMAINING: budget.remaining}
