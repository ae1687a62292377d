"""Base entities: one for the iSocket devices, one for the modem hub."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, override

from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.restore_state import ExtraStoredData, RestoreEntity
from homeassistant.helpers.update_coordinator import CoordinatorEntity
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .coordinator import HubCoordinator
from .device import DeviceCoordinator


def hub_identifier(hub: HubCoordinator) -> tuple[str, str]:
    """The modem device's registry identifier: its IMEI (the entry's unique id)."""
    return (DOMAIN, hub.config_entry.unique_id or hub.config_entry.entry_id)


# Facts whose restored value is a timestamp (stored as ISO text).
TIMESTAMP_FACTS = frozenset({"socket_on_since", "last_contact"})


@dataclass(frozen=True, kw_only=True)
class ISocketEntityDescription(EntityDescription):
    """Names the fact of ``DeviceFacts`` the entity shows and restores."""

    fact: str | None = None


@dataclass(frozen=True)
class RestoredFact(ExtraStoredData):
    """A fact's last value and when it was learned, kept across restarts."""

    value: Any
    learned: datetime | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        value = (
            self.value.isoformat() if isinstance(self.value, datetime) else self.value
        )
        return {
            "value": value,
            "learned": self.learned.isoformat() if self.learned else None,
        }


class ISocketEntity(CoordinatorEntity[DeviceCoordinator]):
    """An entity of one iSocket device (one config subentry)."""

    _attr_has_entity_name = True
    entity_description: ISocketEntityDescription

    def __init__(
        self, coordinator: DeviceCoordinator, description: EntityDescription
    ) -> None:
        """Unique id from the device's number and the description's key."""
        super().__init__(coordinator)
        assert isinstance(description, ISocketEntityDescription)
        self.entity_description = description
        self._attr_unique_id = f"{coordinator.phone}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, coordinator.phone)},
            name=coordinator.name,
            manufacturer="iSocket Systems",
            model=coordinator.model or "iSocket Environment Pro",
            serial_number=coordinator.serial_number,
            sw_version=coordinator.firmware,
            via_device_id=dr.async_get_device_id_by_identifier(
                coordinator.hass,
                hub_identifier(coordinator.hub),
                config_entry_id=coordinator.config_entry.entry_id,
            ),
        )

    @property
    @override
    def available(self) -> bool:
        """Unavailable while the modem is gone or the device stopped answering."""
        return self.coordinator.available


class ISocketRestoreEntity(ISocketEntity, RestoreEntity):
    """A device entity whose fact survives a restart (with when it was learned)."""

    @property
    @override
    def extra_restore_state_data(self) -> ExtraStoredData | None:
        """Keep the fact and when it was learned for the next start."""
        fact = self.entity_description.fact
        if fact is None:
            return None
        facts = self.coordinator.data
        return RestoredFact(getattr(facts, fact), facts.learned.get(fact))

    @override
    async def async_added_to_hass(self) -> None:
        """Restore the last known fact unless the device already told a newer one."""
        await super().async_added_to_hass()
        fact = self.entity_description.fact
        facts = self.coordinator.data
        if fact is None or getattr(facts, fact) is not None:
            return
        if (extra := await self.async_get_last_extra_data()) is None:
            return
        stored = extra.as_dict()
        value = stored.get("value")
        if value is None:
            return
        if fact in TIMESTAMP_FACTS:
            value = dt_util.parse_datetime(value)
        learned = dt_util.parse_datetime(stored.get("learned") or "")
        setattr(facts, fact, value)
        if learned is not None:
            facts.learned[fact] = learned


class HubEntity(CoordinatorEntity[HubCoordinator]):
    """An entity of the GSM modem (the hub config entry)."""

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: HubCoordinator, description: EntityDescription
    ) -> None:
        """Unique id from the modem's IMEI and the description's key."""
        super().__init__(coordinator)
        self.entity_description = description
        identifier = hub_identifier(coordinator)
        self._attr_unique_id = f"{identifier[1]}_{description.key}"
        self._attr_device_info = DeviceInfo(identifiers={identifier})

    @property
    @override
    def available(self) -> bool:
        """Modem values mean nothing while the modem is disconnected."""
        return self.coordinator.connected and super().available
