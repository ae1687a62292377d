"""Actions: send_command, switch_for and refresh here, the device actions of
:mod:`.actions_device`; all registered once, set_password and manage_numbers
for administrators only."""

from __future__ import annotations

from typing import Final

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.service import async_register_admin_service
import probatio as vol

from .actions_device import (
    ATTR_DEVICE_ID,
    DEVICE_ACTIONS,
    DEVICE_SCHEMA,
    ActionSpec,
    command_response,
)
from .const import DOMAIN, REPLY_TIMEOUT
from .helpers import async_get_device, isocket_exception_handler
from .protocol.commands import status, switch_off_for, switch_on_for
from .protocol.raw import parse_raw_command
from .sms_gateway.services import GATEWAY_ACTIONS

ATTR_COMMAND: Final = "command"
ATTR_TIMEOUT: Final = "timeout"
ATTR_STATE: Final = "state"
ATTR_SECONDS: Final = "seconds"

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


@isocket_exception_handler
async def _send_command(call: ServiceCall) -> ServiceResponse:
    device = async_get_device(call.hass, call.data[ATTR_DEVICE_ID])
    parsed = parse_raw_command(call.data[ATTR_COMMAND])
    result = await device.async_command(
        parsed.command,
        wait=call.data[ATTR_TIMEOUT],
        password=parsed.password or device.password,
    )
    return command_response(parsed.command, result)


@isocket_exception_handler
async def _switch_for(call: ServiceCall) -> ServiceResponse:
    device = async_get_device(call.hass, call.data[ATTR_DEVICE_ID])
    build = switch_on_for if call.data[ATTR_STATE] == "on" else switch_off_for
    command = build(call.data[ATTR_SECONDS])
    return command_response(command, await device.async_command(command))


@isocket_exception_handler
async def _refresh(call: ServiceCall) -> ServiceResponse:
    device = async_get_device(call.hass, call.data[ATTR_DEVICE_ID])
    return command_response(status(), await device.async_refresh_status())


ACTIONS: Final[dict[str, ActionSpec]] = {
    "send_command": ActionSpec(
        _send_command, SEND_COMMAND_SCHEMA, SupportsResponse.OPTIONAL
    ),
    "switch_for": ActionSpec(_switch_for, SWITCH_FOR_SCHEMA, SupportsResponse.OPTIONAL),
    "refresh": ActionSpec(_refresh, DEVICE_SCHEMA, SupportsResponse.OPTIONAL),
    **DEVICE_ACTIONS,
    **GATEWAY_ACTIONS,
}


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register every action once for the integration."""
    for name, spec in ACTIONS.items():
        if spec.admin:
            async_register_admin_service(
                hass, DOMAIN, name, spec.handler, spec.schema, spec.supports
            )
        else:
            hass.services.async_register(
                DOMAIN,
                name,
                spec.handler,
                schema=spec.schema,
                supports_response=spec.supports,
            )
