"""Every alert of an iSocket as an event (power, temperature, alarm, calls, unknown)."""

from __future__ import annotations

from typing import Any, Final, override

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import EVENT_TYPES
from .device import DeviceCoordinator
from .entity import ISocketEntity, async_add_device_entities
from .runtime import ISocketConfigEntry
from .sms_gateway.entities import (
    INCOMING_CALL,
    INCOMING_SMS,
    IncomingCallEvent,
    IncomingSmsEvent,
)

PARALLEL_UPDATES = 0

ALERTS: Final = EventEntityDescription(
    key="alerts", translation_key="alerts", event_types=list(EVENT_TYPES)
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One alerts event entity per device; Incoming SMS and Incoming call on the hub."""
    hub = entry.runtime_data.hub
    async_add_entities(
        [IncomingSmsEvent(hub, INCOMING_SMS), IncomingCallEvent(hub, INCOMING_CALL)]
    )

    def build(device: DeviceCoordinator) -> list[ISocketAlertEvent]:
        return [ISocketAlertEvent(device, ALERTS)]

    async_add_device_entities(hass, entry, async_add_entities, build)


class ISocketAlertEvent(ISocketEntity, EventEntity):
    """Fires on each alert SMS or alarm call of the device."""

    entity_description: EventEntityDescription

    @override
    async def async_added_to_hass(self) -> None:
        """Listen to the device's alerts."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.add_alert_listener(self._on_alert))

    @callback
    def _on_alert(self, event_type: str, data: dict[str, Any]) -> None:
        self._trigger_event(event_type, data)
        self.async_write_ha_state()
