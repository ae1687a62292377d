"""Actions: send_command, switch_for and refresh here, the device actions of
:mod:`.actions_device`; all registered once.

Who may call them (docs/security.md): the actions marked ``admin`` only
administrators; every other one a user who may control the integration's
entities (HA's ``verify_domain_control``), so a read-only user reaches no
device and no modem. Whatever the action, a security-class command
(``Command.security``) is sent for an administrator only: the device
coordinator checks the caller's context on every command.
"""

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
from homeassistant.helpers.service import (
    async_register_admin_service,
    verify_domain_control,
)
import probatio as vol

from .actions_device import (
    DEVICE_ACTIONS,
    DEVICE_SCHEMA,
    ActionSpec,
    async_change_password,
    command_response,
    device_action,
)
from .const import DOMAIN, REPLY_TIMEOUT
from .device import DeviceCoordinator
from .protocol.commands import status, switch_off_for, switch_on_for
from .protocol.raw import parse_raw_command
from .sms_gateway.services import GATEWAY_ACTIONS

ATTR_COMMAND: Final = "command"
ATTR_TIMEOUT: Final = "timeout"
ATTR_STATE: Final = "state"
ATTR_SECONDS: Final = "seconds"
# The commands that change the password HA must keep (async_change_password).
PASSWORD_KEYS: Final = frozenset({"PASSWORD=", "PASSWORD=NO"})

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


@device_action
async def _send_command(
    call: ServiceCall, device: DeviceCoordinator
) -> ServiceResponse:
    parsed = parse_raw_command(call.data[ATTR_COMMAND])
    command = parsed.command
    if command.key in PASSWORD_KEYS:
        # Stored once confirmed, as set_password does: never locked out.
        new = command.value if isinstance(command.value, str) else None
        result = await async_change_password(
            call, device, new, old=parsed.password or device.password
        )
        return command_response(command, result)
    result = await device.async_command(
        command,
        context=call.context,
        wait=call.data[ATTR_TIMEOUT],
        password=parsed.password or device.password,
    )
    return command_response(command, result)


@device_action
async def _switch_for(call: ServiceCall, device: DeviceCoordinator) -> ServiceResponse:
    build = switch_on_for if call.data[ATTR_STATE] == "on" else switch_off_for
    command = build(call.data[ATTR_SECONDS])
    result = await device.async_command(command, context=call.context)
    return command_response(command, result)


@device_action
async def _refresh(call: ServiceCall, device: DeviceCoordinator) -> ServiceResponse:
    result = await device.async_command(status(), context=call.context)
    return command_response(status(), result)


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
                verify_domain_control(DOMAIN)(spec.handler),
                schema=spec.schema,
                supports_response=spec.supports,
            )
