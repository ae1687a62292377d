"""Numeric device settings (RESTARTTIME, RELAYTIME seconds, alert thresholds)."""

from __future__ import annotations

from typing import override

from homeassistant.components.number import RestoreNumber
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ISocketConfigEntry
from .entity import ISocketEntity
from .setting_entity import (
    SettingNumberDescription,
    async_send_setting,
    build,
    last_numbers,
)
from .settings import SETTING_NUMBERS

# Each change is one SMS; the modem sends them one at a time anyway.
PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One number per numeric setting and device."""
    for subentry_id, device in entry.runtime_data.devices.items():
        async_add_entities(
            [SettingNumber(device, desc) for desc in SETTING_NUMBERS],
            config_subentry_id=subentry_id,
        )


class SettingNumber(ISocketEntity, RestoreNumber):
    """A numeric setting that keeps showing its last value while the device has none.

    A threshold while its alert is off and the duration of a relay link
    without action stay visible, so that turning them back on can use them;
    after a restart the last value stands in until the device tells.
    """

    entity_description: SettingNumberDescription

    @property
    def _last(self) -> dict[str, float]:
        return last_numbers(self.coordinator)

    @override
    async def async_added_to_hass(self) -> None:
        """Restore the last value."""
        await super().async_added_to_hass()
        last = await self.async_get_last_number_data()
        if last is not None and last.native_value is not None:
            self._last.setdefault(self.entity_description.key, float(last.native_value))

    @property
    @override
    def native_value(self) -> float | None:
        """The setting as last set or read back."""
        key = self.entity_description.key
        live = self.entity_description.value_fn(self.coordinator)
        if live is not None:
            self._last[key] = float(live)
        return self._last.get(key)

    @override
    async def async_set_native_value(self, value: float) -> None:
        """Send the new value (whole numbers: the device knows no fractions)."""
        await async_send_setting(
            self.coordinator,
            build(lambda: self.entity_description.command_fn(self, round(value))),
        )
