"""Buttons of an iSocket: restart by SMS or by a free call, refresh status, read
settings; and the hub's Restart modem."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final, override

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .device import DeviceCoordinator
from .entity import HubEntity, ISocketEntity, async_add_device_entities
from .gsm.errors import AtCommandError
from .helpers import LIBRARY_ERRORS, isocket_exception_handler
from .protocol.commands import Command, restart
from .protocol.state import DeviceState
from .runtime import ISocketConfigEntry
from .settings import INQUIRIES
from .sms_gateway.entities import REJECT_CALL, RejectCallButton

# One SMS or call at a time per button.
PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class ISocketButtonDescription(ButtonEntityDescription):
    """What pressing the button does, and when it can be pressed."""

    press_fn: Callable[[DeviceCoordinator], Awaitable[Any]]
    available_fn: Callable[[DeviceState], bool] = lambda state: True
    # Why ``available_fn`` says no (a translated attribute value), if it can.
    unavailable_reason_fn: Callable[[DeviceState], str | None] = lambda state: None
    # The English name new installs made the entity id from, where the name
    # has changed since: the id stays what automations and dashboards use.
    object_id_name: str | None = None


async def _restart(device: DeviceCoordinator) -> None:
    await device.async_command(restart())


async def async_read_settings(
    device: DeviceCoordinator, inquiries: tuple[Callable[[], Command], ...]
) -> None:
    """Send the inquiries together (the correlator tells the replies apart)."""
    results = await asyncio.gather(
        *(device.async_command(make()) for make in inquiries),
        return_exceptions=True,
    )
    failed = [result for result in results if isinstance(result, BaseException)]
    if not failed:
        return
    expected = (HomeAssistantError, *LIBRARY_ERRORS)
    unexpected = [err for err in failed if not isinstance(err, expected)]
    if unexpected or len(failed) == len(results):
        # a bug, or nothing got through at all (modem gone): say so as it is
        raise (unexpected or failed)[0]
    raise HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="read_settings_incomplete",
        translation_placeholders={
            "device": device.name,
            "failed": str(len(failed)),
            "total": str(len(results)),
        },
    ) from failed[0]


# The attribute that says why a call button cannot be pressed. A capability
# attribute: HA keeps those on an unavailable entity's state (the others go).
ATTR_UNAVAILABLE_REASON: Final = "unavailable_reason"


def _call_action_reason(wanted: str) -> Callable[[DeviceState], str | None]:
    """``call_action_<RING>`` while the device's RING action is not ``wanted``."""

    def reason(state: DeviceState) -> str | None:
        ring = state.setting("RING")
        if ring == wanted:
            return None
        return f"call_action_{(ring or 'unknown').lower()}"

    return reason


BUTTONS: Final[tuple[ISocketButtonDescription, ...]] = (
    ISocketButtonDescription(
        key="restart", translation_key="restart", press_fn=_restart
    ),
    # A call triggers the device's RING action (manual §4.2): RESTART restarts
    # the socket, SWITCH switches it (which way, the confirmation states). Each
    # is its own button, offered only when the device's RING setting does
    # that; the client expects the call's SMS confirmation and applies it
    # (protocol/calls.py).
    ISocketButtonDescription(
        key="restart_by_call",
        translation_key="restart_by_call",
        press_fn=lambda device: device.async_dial(),
        available_fn=lambda state: state.setting("RING") == "RESTART",
        unavailable_reason_fn=_call_action_reason("RESTART"),
    ),
    ISocketButtonDescription(
        key="toggle_by_call",
        translation_key="toggle_by_call",
        # named "Toggle socket by call" until the manual (§4.2) showed that
        # the direction is the confirmation's, not a toggle
        object_id_name="Toggle socket by call",
        press_fn=lambda device: device.async_dial(),
        available_fn=lambda state: state.setting("RING") == "SWITCH",
        unavailable_reason_fn=_call_action_reason("SWITCH"),
    ),
    ISocketButtonDescription(
        key="refresh_status",
        translation_key="refresh_status",
        entity_category=EntityCategory.DIAGNOSTIC,
        press_fn=lambda device: device.async_refresh_status(),
    ),
)

READ_SETTINGS: Final = ISocketButtonDescription(
    key="read_settings",
    translation_key="read_settings",
    translation_placeholders={"count": str(len(INQUIRIES))},
    entity_category=EntityCategory.CONFIG,
    press_fn=lambda device: async_read_settings(device, INQUIRIES),
)


RESTART_MODEM: Final = ButtonEntityDescription(
    key="restart_modem",
    translation_key="restart_modem",
    entity_category=EntityCategory.DIAGNOSTIC,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Four buttons per device, and Read settings; Reject call and Restart modem on
    the hub."""
    hub = entry.runtime_data.hub
    async_add_entities(
        [RejectCallButton(hub, REJECT_CALL), RestartModemButton(hub, RESTART_MODEM)]
    )

    def build(device: DeviceCoordinator) -> list[ISocketButton]:
        return [ISocketButton(device, desc) for desc in (*BUTTONS, READ_SETTINGS)]

    async_add_device_entities(hass, entry, async_add_entities, build)


class ISocketButton(ISocketEntity, ButtonEntity):
    """A one-shot action on the device."""

    entity_description: ISocketButtonDescription

    @property
    @override
    def available(self) -> bool:
        """The call buttons need the RING action they stand for."""
        return super().available and self.entity_description.available_fn(
            self.coordinator.data
        )

    @property
    @override
    def suggested_object_id(self) -> str | None:
        """A renamed button keeps the entity id that new installs got before."""
        return self.entity_description.object_id_name or super().suggested_object_id

    @property
    @override
    def capability_attributes(self) -> dict[str, Any] | None:
        """Why the button cannot be pressed (the device's call action), if so."""
        if reason := self.entity_description.unavailable_reason_fn(
            self.coordinator.data
        ):
            return {ATTR_UNAVAILABLE_REASON: reason}
        return None

    @override
    @isocket_exception_handler
    async def async_press(self) -> None:
        """Do it; library errors are translated on the way out."""
        await self.entity_description.press_fn(self.coordinator)


class RestartModemButton(HubEntity, ButtonEntity):
    """Restart the GSM modem: after the SMS in flight, stored SMS kept and read after."""

    @override
    @isocket_exception_handler
    async def async_press(self) -> None:
        """Restart and wait until the modem is back (errors translated)."""
        try:
            await self.coordinator.async_restart_modem()
        except AtCommandError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="restart_unsupported"
            ) from err
