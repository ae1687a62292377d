"""Device settings with named values (RING, ALERT, POWERSTATE, ...) as selects."""

from __future__ import annotations

from typing import override

from homeassistant.components.select import SelectEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ISocketConfigEntry
from .setting_entity import (
    SettingEntity,
    SettingSelectDescription,
    async_send_setting,
    build,
)
from .settings import SETTING_SELECTS

# Each change is one SMS; the modem sends them one at a time anyway.
PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One select per named-value setting and device."""
    for subentry_id, device in entry.runtime_data.devices.items():
        async_add_entities(
            [SettingSelect(device, desc) for desc in SETTING_SELECTS],
            config_subentry_id=subentry_id,
        )


class SettingSelect(SettingEntity, SelectEntity):
    """A setting with one of a few values."""

    entity_description: SettingSelectDescription

    @property
    @override
    def current_option(self) -> str | None:
        """The value as last set or read back."""
        value: str | None = self.value
        return value

    @override
    async def async_select_option(self, option: str) -> None:
        """Send NAME=VALUE."""
        await async_send_setting(
            self.coordinator,
            build(lambda: self.entity_description.command_fn(self, option)),
        )
