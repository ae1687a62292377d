"""One notify entity per recipient (config subentry): ``notify.send_message`` by SMS.

Each recipient is a small service device under the hub, so its entity is
``notify.<recipient name>``. A title goes in front of the message on its own
line (an SMS has no subject). The text goes through :mod:`.sms_gateway.core`: the
same checks, part limit and daily budget as ``isocket.send_sms``.
"""

from __future__ import annotations

from typing import Final, override

from homeassistant.components.notify import NotifyEntity, NotifyEntityDescription
from homeassistant.components.notify.const import NotifyEntityFeature
from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import CONF_FLASH, CONF_PHONE, DOMAIN, SUBENTRY_TYPE_RECIPIENT
from .coordinator import HubCoordinator
from .helpers import isocket_exception_handler
from .runtime import ISocketConfigEntry, signal_entry_updated
from .sms_gateway.core import async_send_text

# Sends go out one by one through the modem anyway.
PARALLEL_UPDATES = 0

RECIPIENT: Final = NotifyEntityDescription(key="recipient")


def sms_text(message: str, title: str | None) -> str:
    """What the SMS says: the title on its own line, then the message."""
    return f"{title}\n{message}" if title else message


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ISocketConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """A notify entity for each recipient, also for recipients added later."""
    hub = entry.runtime_data.hub
    added: set[str] = set()

    def add_new() -> None:
        for subentry_id, subentry in entry.subentries.items():
            if subentry.subentry_type != SUBENTRY_TYPE_RECIPIENT:
                continue
            if subentry_id in added:
                continue
            added.add(subentry_id)
            async_add_entities(
                [RecipientNotifyEntity(hub, subentry)], config_subentry_id=subentry_id
            )

    @callback
    def _subentries_changed() -> None:
        # A removed recipient's entity goes with its subentry (HA removes it).
        added.intersection_update(entry.subentries)
        add_new()

    add_new()
    entry.async_on_unload(
        async_dispatcher_connect(
            hass, signal_entry_updated(entry.entry_id), _subentries_changed
        )
    )


class RecipientNotifyEntity(NotifyEntity):
    """Sends SMS to one recipient."""

    _attr_has_entity_name = True
    _attr_name = None  # the recipient's device name
    # HA shows the action's title field only for entities that declare it.
    _attr_supported_features = NotifyEntityFeature.TITLE

    def __init__(self, hub: HubCoordinator, subentry: ConfigSubentry) -> None:
        """The recipient's number and name come from its subentry."""
        self.entity_description = RECIPIENT
        self._hub = hub
        self._subentry_id = subentry.subentry_id
        self._attr_unique_id = f"recipient_{subentry.subentry_id}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, f"recipient_{subentry.subentry_id}")},
            name=subentry.title,
            entry_type=DeviceEntryType.SERVICE,
        )

    @override
    @isocket_exception_handler
    async def async_send_message(self, message: str, title: str | None = None) -> None:
        """Send the message by SMS (split into parts when long)."""
        # Read at each send: a reconfigured number applies without a reload.
        subentry = self._hub.config_entry.subentries[self._subentry_id]
        await async_send_text(
            self._hub,
            [subentry.data[CONF_PHONE]],
            sms_text(message, title),
            flash=subentry.data.get(CONF_FLASH, False),
        )
