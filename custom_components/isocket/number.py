"""Numeric device settings (RESTARTTIME, RELAYTIME seconds, alert thresholds)."""

from __future__ import annotations

from typing import override

from homeassistant.components.number import RestoreNumber
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .device import DeviceCoordinator
from .entity import (
    ATTR_ASSUMED,
    ISocketValueEntity,
    async_add_device_entities,
)
from .helpers import isocket_exception_handler
from .runtime import ISocketConfigEntry
from .settings import SETTING_NUMBERS, SettingNumberDescription

# Each change is one SMS; the modem sends them one at a time anyway.
PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One number per numeric setting and device."""

    def build(device: DeviceCoordinator) -> list[SettingNumber]:
        return [SettingNumber(device, desc) for desc in SETTING_NUMBERS]

    async_add_device_entities(hass, entry, async_add_entities, build)


class SettingNumber(ISocketValueEntity, RestoreNumber):
    """A numeric setting that keeps showing its last value while the device has none.

    A threshold while its alert is off and the duration of a relay link
    without action stay visible, so that turning them back on can use them;
    after a restart the last value stands in until the device tells. The
    memory is the device coordinator's (``number_memory``), never its state.
    """

    entity_description: SettingNumberDescription

    @property
    def _memory(self) -> dict[str, float]:
        return self.coordinator.number_memory

    @override
    async def async_added_to_hass(self) -> None:
        """Restore the last value."""
        await super().async_added_to_hass()
        last = await self.async_get_last_number_data()
        if last is not None and last.native_value is not None:
            self._memory.setdefault(
                self.entity_description.key, float(last.native_value)
            )
            shown = await self.async_get_last_state()
            if shown is not None and not shown.attributes.get(ATTR_ASSUMED):
                # learned before the restart: outranks this start's assumption
                self.coordinator.client.unassume(
                    f"settings.{self.entity_description.setting}"
                )

    @property
    @override
    def native_value(self) -> float | None:
        """The setting as last set or read back."""
        key = self.entity_description.key
        live = self.entity_description.value_fn(self.coordinator.data)
        if live is not None:
            self._memory[key] = float(live)
        return self._memory.get(key)

    @override
    @isocket_exception_handler
    async def async_set_native_value(self, value: float) -> None:
        """Send the new value (whole numbers: the device knows no fractions)."""
        await self.async_send(
            self.entity_description.command_fn(self.coordinator, round(value))
        )
