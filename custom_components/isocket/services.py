"""Actions: send_command, switch_for and refresh, each answered with the reply."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, device_registry as dr
import probatio as vol

from .const import DOMAIN, REPLY_TIMEOUT
from .coordinator import ISocketConfigEntry
from .device import DeviceCoordinator
from .protocol.commands import Command, status, switch_off_for, switch_on_for
from .protocol.errors import InvalidCommandError
from .protocol.raw import parse_raw_command
from .protocol.results import Result

ATTR_DEVICE_ID = "device_id"
ATTR_COMMAND = "command"
ATTR_TIMEOUT = "timeout"
ATTR_STATE = "state"
ATTR_SECONDS = "seconds"

DEVICE_SCHEMA = vol.Schema({vol.Required(ATTR_DEVICE_ID): cv.string})
SEND_COMMAND_SCHEMA = DEVICE_SCHEMA.extend(
    {
        vol.Required(ATTR_COMMAND): cv.string,
        vol.Optional(ATTR_TIMEOUT, default=REPLY_TIMEOUT): vol.All(
            vol.Coerce(float), vol.Range(min=1, max=REPLY_TIMEOUT)
        ),
    }
)
SWITCH_FOR_SCHEMA = DEVICE_SCHEMA.extend(
    {
        vol.Required(ATTR_STATE): vol.In(["on", "off"]),
        vol.Required(ATTR_SECONDS): vol.All(
            vol.Coerce(int), vol.Range(min=1, max=65000)
        ),
    }
)


def _device(hass: HomeAssistant, device_id: str) -> DeviceCoordinator:
    """The coordinator of a loaded iSocket device."""
    if (device := dr.async_get(hass).async_get(device_id)) is not None:
        phones = {value for domain, value in device.identifiers if domain == DOMAIN}
        entries: list[ISocketConfigEntry] = hass.config_entries.async_loaded_entries(
            DOMAIN
        )
        for entry in entries:
            for coordinator in entry.runtime_data.devices.values():
                if coordinator.phone in phones:
                    return coordinator
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="device_not_found",
        translation_placeholders={"device_id": device_id},
    )


def _invalid(err: InvalidCommandError) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="invalid_command",
        translation_placeholders={"message": err.message},
    )


def _jsonable(value: Any) -> Any:
    """Results as plain JSON (datetimes as ISO text, enums as their value)."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    return value


def _response(command: Command, result: Result | None) -> ServiceResponse:
    """What the action answers: the command, the raw reply and its parsed form."""
    if result is None:
        # SMSCONFIRM=OFF: the device accepts this command silently.
        return {"command": command.text, "confirmed": False, "reply": None}
    parsed = _jsonable(result)
    parsed.pop("raw", None)
    return {
        "command": command.text,
        "confirmed": True,
        "reply": result.raw,
        "type": type(result).__name__,
        "result": parsed,
    }


async def _send_command(call: ServiceCall) -> ServiceResponse:
    device = _device(call.hass, call.data[ATTR_DEVICE_ID])
    try:
        parsed = parse_raw_command(call.data[ATTR_COMMAND])
    except InvalidCommandError as err:
        raise _invalid(err) from err
    password = parsed.password or device.password
    try:
        result = await device.async_command(
            parsed.command, wait=call.data[ATTR_TIMEOUT], password=password
        )
    except InvalidCommandError as err:  # too long once the password is added
        raise _invalid(err) from err
    return _response(parsed.command, result)


async def _switch_for(call: ServiceCall) -> ServiceResponse:
    device = _device(call.hass, call.data[ATTR_DEVICE_ID])
    build = switch_on_for if call.data[ATTR_STATE] == "on" else switch_off_for
    command = build(call.data[ATTR_SECONDS])
    return _response(command, await device.async_command(command))


async def _refresh(call: ServiceCall) -> ServiceResponse:
    device = _device(call.hass, call.data[ATTR_DEVICE_ID])
    return _response(status(), await device.async_refresh_status())


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions once for the integration."""
    hass.services.async_register(
        DOMAIN,
        "send_command",
        _send_command,
        schema=SEND_COMMAND_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        "switch_for",
        _switch_for,
        schema=SWITCH_FOR_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        "refresh",
        _refresh,
        schema=DEVICE_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    # Imported here: the device actions build on this module's helpers.
    from .actions_device import async_setup_device_actions

    async_setup_device_actions(hass)
