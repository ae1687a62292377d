"""Switches: the iSocket's main socket (assumed state) and its ON/OFF settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, override

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .device import DeviceCoordinator
from .entity import (
    ISocketRestoreEntity,
    ISocketValueDescription,
    async_add_device_entities,
)
from .helpers import isocket_exception_handler
from .protocol.commands import socket_off, socket_on
from .runtime import ISocketConfigEntry
from .settings import SETTING_SWITCHES, SettingSwitchDescription

# Every switch action is one SMS; the modem sends them one at a time anyway.
PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class ISocketSwitchDescription(ISocketValueDescription, SwitchEntityDescription):
    """The socket switch."""


SOCKET = ISocketSwitchDescription(
    key="socket",
    translation_key="socket",
    value_fn=lambda state: state.socket_on,
    fact="socket_on",
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One socket switch per device, and the ON/OFF settings."""

    def build(device: DeviceCoordinator) -> list[SwitchEntity]:
        return [
            ISocketSwitch(device, SOCKET),
            *(SettingSwitch(device, desc) for desc in SETTING_SWITCHES),
        ]

    async_add_device_entities(hass, entry, async_add_entities, build)


class ISocketSwitch(ISocketRestoreEntity, SwitchEntity):
    """ON/OFF by SMS: shows the request at once, the device's word once it comes."""

    entity_description: ISocketSwitchDescription
    _attr_assumed_state = True
    _attr_name = None
    # What was asked for while the command is on its way (never device state).
    _requested: bool | None = None

    @property
    @override
    def is_on(self) -> bool | None:
        """The requested state while a command is out, else the device's."""
        if self._requested is not None:
            return self._requested
        value: bool | None = self.value
        return value

    @isocket_exception_handler
    async def _async_switch(self, on: bool) -> None:
        self._requested = on
        self.async_write_ha_state()
        try:
            await self.coordinator.async_command(socket_on() if on else socket_off())
        finally:
            self._requested = None
            self.async_write_ha_state()

    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Send ON."""
        await self._async_switch(True)

    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Send OFF."""
        await self._async_switch(False)


class SettingSwitch(ISocketRestoreEntity, SwitchEntity):
    """A setting that is on or off."""

    entity_description: SettingSwitchDescription

    @property
    @override
    def is_on(self) -> bool | None:
        """The setting as last set or read back."""
        value: bool | None = self.value
        return value

    @isocket_exception_handler
    async def _async_set(self, on: bool) -> None:
        device = self.coordinator
        await device.async_command(self.entity_description.command_fn(device, on))

    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Send the setting's ON form."""
        await self._async_set(True)

    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Send the setting's OFF form."""
        await self._async_set(False)
