"""The iSocket's main socket as a switch (assumed state, confirmed by SMS)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, override

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ISocketConfigEntry
from .entity import ISocketEntityDescription, ISocketRestoreEntity
from .protocol.commands import socket_off, socket_on
from .setting_entity import SettingSwitch
from .settings import SETTING_SWITCHES

# Every switch action is one SMS; the modem sends them one at a time anyway.
PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class ISocketSwitchDescription(ISocketEntityDescription, SwitchEntityDescription):
    """The socket switch."""


SOCKET = ISocketSwitchDescription(
    key="socket",
    translation_key="socket",
    value_fn=lambda device: device.data.socket_on,
    fact="socket_on",
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One socket switch per device, and the ON/OFF settings."""
    for subentry_id, device in entry.runtime_data.devices.items():
        async_add_entities(
            [
                ISocketSwitch(device, SOCKET),
                *(SettingSwitch(device, desc) for desc in SETTING_SWITCHES),
            ],
            config_subentry_id=subentry_id,
        )


class ISocketSwitch(ISocketRestoreEntity, SwitchEntity):
    """ON/OFF by SMS: shows the request at once, reverts when unconfirmed."""

    entity_description: ISocketSwitchDescription
    _attr_assumed_state = True
    _attr_name = None

    @property
    @override
    def is_on(self) -> bool | None:
        """The last confirmed (or requested) socket state."""
        value: bool | None = self.value
        return value

    async def _async_switch(self, on: bool) -> None:
        state = self.coordinator.data
        previous = state.socket_on
        # Assumed state: show the request now; the reply confirms it.
        state.socket_on = on
        self.async_write_ha_state()
        try:
            await self.coordinator.async_command(socket_on() if on else socket_off())
        except HomeAssistantError:
            if state.socket_on == on:
                state.socket_on = previous
            self.async_write_ha_state()
            raise

    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Send ON."""
        await self._async_switch(True)

    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Send OFF."""
        await self._async_switch(False)
