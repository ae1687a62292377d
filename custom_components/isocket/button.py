"""Buttons of an iSocket: restart by SMS, restart by a free call, refresh status."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, override

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ISocketConfigEntry
from .device import DeviceCoordinator
from .entity import ISocketEntity, ISocketEntityDescription
from .protocol.commands import restart
from .setting_entity import ReadSettingsButton
from .settings import READ_SETTINGS

# One SMS or call at a time per button.
PARALLEL_UPDATES = 1

# A call triggers the device's RING action; only these restart the socket.
CALL_RESTART_ACTIONS = frozenset({"RESTART", "SWITCH"})


@dataclass(frozen=True, kw_only=True)
class ISocketButtonDescription(ISocketEntityDescription, ButtonEntityDescription):
    """What pressing the button does, and when it can be pressed."""

    press_fn: Callable[[DeviceCoordinator], Awaitable[Any]]
    available_fn: Callable[[DeviceCoordinator], bool] = lambda device: True


async def _restart(device: DeviceCoordinator) -> None:
    await device.async_command(restart())


BUTTONS: tuple[ISocketButtonDescription, ...] = (
    ISocketButtonDescription(
        key="restart", translation_key="restart", press_fn=_restart
    ),
    ISocketButtonDescription(
        key="restart_by_call",
        translation_key="restart_by_call",
        press_fn=lambda device: device.async_dial(),
        available_fn=lambda device: device.ring_action in CALL_RESTART_ACTIONS,
    ),
    ISocketButtonDescription(
        key="refresh_status",
        translation_key="refresh_status",
        entity_category=EntityCategory.DIAGNOSTIC,
        press_fn=lambda device: device.async_refresh_status(),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Three buttons per device, and Read settings."""
    for subentry_id, device in entry.runtime_data.devices.items():
        async_add_entities(
            [
                *(ISocketButton(device, desc) for desc in BUTTONS),
                ReadSettingsButton(device, READ_SETTINGS),
            ],
            config_subentry_id=subentry_id,
        )


class ISocketButton(ISocketEntity, ButtonEntity):
    """A one-shot action on the device."""

    entity_description: ISocketButtonDescription

    @property
    @override
    def available(self) -> bool:
        """Restart by call needs a known RING action."""
        return super().available and self.entity_description.available_fn(
            self.coordinator
        )

    @override
    async def async_press(self) -> None:
        """Do it; errors arrive translated from the coordinator."""
        await self.entity_description.press_fn(self.coordinator)
