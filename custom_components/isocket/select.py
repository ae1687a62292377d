"""Device settings with named values (RING, ALERT, POWERSTATE, ...) as selects."""

from __future__ import annotations

from typing import override

from homeassistant.components.select import SelectEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .device import DeviceCoordinator
from .entity import ISocketRestoreEntity, async_add_device_entities
from .helpers import isocket_exception_handler
from .runtime import ISocketConfigEntry
from .settings import SETTING_SELECTS, SettingSelectDescription

# Each change is one SMS; the modem sends them one at a time anyway.
PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One select per named-value setting and device."""

    def build(device: DeviceCoordinator) -> list[SettingSelect]:
        return [SettingSelect(device, desc) for desc in SETTING_SELECTS]

    async_add_device_entities(hass, entry, async_add_entities, build)


class SettingSelect(ISocketRestoreEntity, SelectEntity):
    """A setting with one of a few values."""

    entity_description: SettingSelectDescription

    @property
    @override
    def current_option(self) -> str | None:
        """The value as last set or read back."""
        value: str | None = self.value
        return value

    @override
    @isocket_exception_handler
    async def async_select_option(self, option: str) -> None:
        """Send NAME=VALUE."""
        await self.async_send(
            self.entity_description.command_fn(self.coordinator, option)
        )
