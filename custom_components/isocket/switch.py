"""Switches: the iSocket's main socket and its ON/OFF settings.

The socket's state is HA's assumption (``assumed_state``) while the device
can switch it without telling: its thermostat is on, scheduler rules are
set, a call toggles or restarts it, or the alarm input switches it. The
``switches_by_itself`` attribute names which of these (as far as known).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, override

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
from .protocol.state import DeviceState
from .runtime import ISocketConfigEntry
from .settings import SETTING_SWITCHES, SettingSwitchDescription, relay_link

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


# Why the device may switch its socket without a message to HA.
ATTR_SWITCHES_BY_ITSELF: Final = "switches_by_itself"
SELF_SWITCHING: Final[tuple[tuple[str, Callable[[DeviceState], bool]], ...]] = (
    ("thermostat", lambda state: bool(state.thermostat_enabled)),
    ("scheduler", lambda state: bool(state.schedule)),
    ("call_action", lambda state: state.setting("RING") in {"RESTART", "SWITCH"}),
    (
        "alarm_input",
        lambda state: (
            (relay_link(state.setting("RELAYTIME")) or ("none",))[0] != "none"
        ),
    ),
)


def switches_by_itself(state: DeviceState) -> list[str]:
    """What may switch the socket on the device's own, as far as known."""
    return [reason for reason, applies in SELF_SWITCHING if applies(state)]


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
    _attr_name = None
    # What was asked for while the command is on its way (never device state).
    _requested: bool | None = None

    @property
    @override
    def assumed_state(self) -> bool:
        """True while the device may switch the socket without telling HA."""
        return bool(switches_by_itself(self.coordinator.data))

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """``as_of`` (and ``assumed``), and what may switch it by itself."""
        attributes = super().extra_state_attributes or {}
        if reasons := switches_by_itself(self.coordinator.data):
            attributes = {**attributes, ATTR_SWITCHES_BY_ITSELF: reasons}
        return attributes or None

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
            await self.async_send(socket_on() if on else socket_off())
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
        await self.async_send(self.entity_description.command_fn(self.coordinator, on))

    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Send the setting's ON form."""
        await self._async_set(True)

    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Send the setting's OFF form."""
        await self._async_set(False)
