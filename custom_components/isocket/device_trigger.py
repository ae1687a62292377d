"""Device triggers: the automation editor's "when the modem receives an SMS …".

The hub (the modem's device) offers *SMS received* (optionally only from one
sender, optionally only when the text contains some words) and *call
received* (calls the *Allowed callers* option lets through, optionally only
from one caller). Each iSocket offers one trigger
per alert kind (power failure, temperature rise, alarm …).

They listen where the entities listen: the hub's Incoming SMS / Incoming call
signals and each device's alert listeners, so a trigger fires exactly when
the event entity does (an SMS the allow-list ignores fires neither).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.components.device_automation import DEVICE_TRIGGER_BASE_SCHEMA
from homeassistant.components.device_automation.exceptions import (
    InvalidDeviceAutomationConfig,
)
from homeassistant.const import CONF_DEVICE_ID, CONF_DOMAIN, CONF_PLATFORM, CONF_TYPE
from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.trigger import TriggerActionType, TriggerInfo
from homeassistant.helpers.typing import ConfigType
import probatio as vol

from .const import DOMAIN, EVENT_TYPES
from .device import signal_device_alert
from .gsm.numbers import numbers_match
from .sms_gateway.calls import EVENT_CALL_ALLOWED, signal_call_received
from .sms_gateway.incoming import EVENT_RECEIVED, signal_sms_received

TRIGGER_SMS_RECEIVED: Final = "sms_received"
TRIGGER_CALL_RECEIVED: Final = "call_received"
HUB_TRIGGERS: Final = (TRIGGER_SMS_RECEIVED, TRIGGER_CALL_RECEIVED)
DEVICE_TRIGGERS: Final = EVENT_TYPES

CONF_SENDER: Final = "sender"
CONF_TEXT: Final = "text"
CONF_CALLER: Final = "caller"

TRIGGER_SCHEMA: Final = DEVICE_TRIGGER_BASE_SCHEMA.extend(
    {
        vol.Required(CONF_TYPE): vol.In((*HUB_TRIGGERS, *DEVICE_TRIGGERS)),
        vol.Optional(CONF_SENDER): cv.string,
        vol.Optional(CONF_TEXT): cv.string,
        vol.Optional(CONF_CALLER): cv.string,
    }
)

# Optional fields the editor offers, per hub trigger type.
_EXTRA_FIELDS: Final[dict[str, vol.Schema]] = {
    TRIGGER_SMS_RECEIVED: vol.Schema(
        {vol.Optional(CONF_SENDER): cv.string, vol.Optional(CONF_TEXT): cv.string}
    ),
    TRIGGER_CALL_RECEIVED: vol.Schema({vol.Optional(CONF_CALLER): cv.string}),
}


def _owner(hass: HomeAssistant, device_id: str) -> tuple[str, str | None] | None:
    """The hub entry id of a device and, for an iSocket, its subentry id.

    From the device registry alone: a trigger outlives a device's restart
    and the hub's reload.
    """
    device = dr.async_get(hass).async_get(device_id)
    if device is None or device.config_entry_id is None:
        return None
    entry = hass.config_entries.async_get_entry(device.config_entry_id)
    if entry is None or entry.domain != DOMAIN:
        return None
    subentry_id = device.config_subentry_id
    if subentry_id is not None and subentry_id not in entry.subentries:
        return None
    return entry.entry_id, subentry_id


def _trigger(device_id: str, trigger_type: str) -> dict[str, str]:
    return {
        CONF_PLATFORM: "device",
        CONF_DOMAIN: DOMAIN,
        CONF_DEVICE_ID: device_id,
        CONF_TYPE: trigger_type,
    }


async def async_get_triggers(
    hass: HomeAssistant, device_id: str
) -> list[dict[str, str]]:
    """The hub's SMS/call triggers, or an iSocket's alert triggers."""
    owner = _owner(hass, device_id)
    if owner is None:
        return []
    kinds = HUB_TRIGGERS if owner[1] is None else DEVICE_TRIGGERS
    return [_trigger(device_id, kind) for kind in kinds]


async def async_get_trigger_capabilities(
    hass: HomeAssistant, config: ConfigType
) -> dict[str, vol.Schema]:
    """The optional filters of a hub trigger (sender, text)."""
    if (schema := _EXTRA_FIELDS.get(config[CONF_TYPE])) is None:
        return {}
    return {"extra_fields": schema}


def _matches(config: ConfigType, data: Mapping[str, Any], region: str | None) -> bool:
    """Whether an SMS or call passes the trigger's sender/caller and text filters."""
    if wanted := config.get(CONF_SENDER) or config.get(CONF_CALLER):
        sender = data.get("sender") or data.get("caller")
        if not sender or not (
            sender.casefold() == wanted.strip().casefold()
            or numbers_match(sender, wanted, region)
        ):
            return False
    if words := config.get(CONF_TEXT):
        return words.casefold() in (data.get("text") or "").casefold()
    return True


async def async_attach_trigger(
    hass: HomeAssistant,
    config: ConfigType,
    action: TriggerActionType,
    trigger_info: TriggerInfo,
) -> CALLBACK_TYPE:
    """Listen to the hub's reports or the device's alerts."""
    device_id: str = config[CONF_DEVICE_ID]
    trigger_type: str = config[CONF_TYPE]
    owner = _owner(hass, device_id)
    if owner is None:
        raise InvalidDeviceAutomationConfig(
            translation_domain=DOMAIN,
            translation_key="trigger_device_not_found",
            translation_placeholders={"device": device_id},
        )
    entry_id, subentry_id = owner
    job = HassJob(action, f"isocket device trigger {trigger_info}")
    trigger_data = trigger_info["trigger_data"]

    @callback
    def fire(data: Mapping[str, Any], description: str) -> None:
        hass.async_run_hass_job(
            job,
            {
                "trigger": {
                    **trigger_data,
                    **data,
                    CONF_PLATFORM: "device",
                    CONF_DOMAIN: DOMAIN,
                    CONF_DEVICE_ID: device_id,
                    CONF_TYPE: trigger_type,
                    "description": description,
                }
            },
        )

    if subentry_id is not None:
        if trigger_type not in DEVICE_TRIGGERS:
            raise _wrong_type(trigger_type)

        @callback
        def on_alert(event_type: str, data: dict[str, Any]) -> None:
            if event_type == trigger_type:
                fire(data, f"iSocket alert {event_type}")

        return async_dispatcher_connect(
            hass, signal_device_alert(subentry_id), on_alert
        )

    if trigger_type == TRIGGER_CALL_RECEIVED:

        @callback
        def on_call(event_type: str, data: dict[str, Any]) -> None:
            # Only calls the Allowed callers option lets through (ring to open).
            if event_type == EVENT_CALL_ALLOWED and _matches(
                config, data, hass.config.country
            ):
                fire(data, "call received")

        return async_dispatcher_connect(hass, signal_call_received(entry_id), on_call)

    if trigger_type != TRIGGER_SMS_RECEIVED:
        raise _wrong_type(trigger_type)

    @callback
    def on_sms(event_type: str, data: dict[str, Any]) -> None:
        if event_type == EVENT_RECEIVED and _matches(config, data, hass.config.country):
            fire(data, "SMS received")

    return async_dispatcher_connect(hass, signal_sms_received(entry_id), on_sms)


def _wrong_type(trigger_type: str) -> InvalidDeviceAutomationConfig:
    return InvalidDeviceAutomationConfig(
        translation_domain=DOMAIN,
        translation_key="trigger_type_not_offered",
        translation_placeholders={"type": trigger_type},
    )
