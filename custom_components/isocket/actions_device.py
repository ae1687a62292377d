"""Device actions: clock, alarm log, credit, number lists, password, scheduler.

Each action sends one SMS to the device and waits for the reply (up to three
minutes); those that read something answer with it as response data.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any, Final

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
import phonenumbers
import probatio as vol

from .config_flow_device import parse_phone, password_valid
from .const import CONF_PASSWORD, DOMAIN
from .device import DeviceCoordinator
from .gsm.numbers import numbers_match
from .protocol import commands
from .protocol.commands import Command
from .protocol.errors import InvalidCommandError
from .protocol.results import AlarmLog, CreditText, NumberList, Result, ScheduleList
from .services import ATTR_DEVICE_ID, DEVICE_SCHEMA, _device, _invalid

ATTR_LIST: Final = "list"
ATTR_OPERATION: Final = "operation"
ATTR_NUMBER: Final = "number"
ATTR_PASSWORD: Final = "password"  # noqa: S105 - a field name

LISTS: Final = ("security", "alert")
OPERATIONS: Final = ("add", "remove", "clear", "read")

MANAGE_NUMBERS_SCHEMA = DEVICE_SCHEMA.extend(
    {
        vol.Required(ATTR_LIST): vol.In(LISTS),
        vol.Required(ATTR_OPERATION): vol.In(OPERATIONS),
        vol.Optional(ATTR_NUMBER): cv.string,
    }
)
SET_PASSWORD_SCHEMA = DEVICE_SCHEMA.extend(
    {vol.Optional(ATTR_PASSWORD, default=""): cv.string}
)

# (list, operation) -> builder; add/remove take the number in device format.
_NUMBER_COMMANDS: Final[dict[tuple[str, str], Callable[..., Command]]] = {
    ("security", "add"): commands.add_security_number,
    ("security", "remove"): commands.remove_security_number,
    ("security", "clear"): commands.clear_security_numbers,
    ("security", "read"): commands.query_security_numbers,
    ("alert", "add"): commands.add_alert_number,
    ("alert", "remove"): commands.remove_alert_number,
    ("alert", "clear"): commands.clear_alert_numbers,
    ("alert", "read"): commands.query_alert_numbers,
}


def _validation(key: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
    )


def _local_iso(moment: datetime) -> str:
    """Device times are local and naive: read them in HA's time zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt_util.get_default_time_zone())
    return moment.isoformat()


async def _send(device: DeviceCoordinator, command: Command) -> Result | None:
    """Send and return the reply (None: SMSCONFIRM=OFF, accepted silently)."""
    try:
        return await device.async_command(command)
    except InvalidCommandError as err:  # too long once the password is added
        raise _invalid(err) from err


def _confirmed(command: Command, result: Result | None) -> dict[str, Any]:
    return {"command": command.redacted, "confirmed": result is not None}


async def _set_clock(call: ServiceCall) -> ServiceResponse:
    device = _device(call.hass, call.data[ATTR_DEVICE_ID])
    # HA's own time and zone (the offset goes as quarter hours, spec §3.7).
    when = dt_util.now().replace(microsecond=0)
    command = commands.set_clock(when)
    result = await _send(device, command)
    return {**_confirmed(command, result), "time": when.isoformat()}


async def _get_alarm_log(call: ServiceCall) -> ServiceResponse:
    device = _device(call.hass, call.data[ATTR_DEVICE_ID])
    result = await _send(device, commands.show_alarm_log())
    entries = result.entries if isinstance(result, AlarmLog) else ()
    return {"alarms": [_local_iso(entry) for entry in entries]}


async def _get_credit(call: ServiceCall) -> ServiceResponse:
    device = _device(call.hass, call.data[ATTR_DEVICE_ID])
    result = await _send(device, commands.credit())
    return {"text": result.text if isinstance(result, CreditText) else None}


def _device_number(call: ServiceCall, device: DeviceCoordinator) -> str:
    """The number field as the device wants it (international digits, no ``+``)."""
    raw = call.data.get(ATTR_NUMBER)
    if not raw:
        raise _validation("number_required", operation=call.data[ATTR_OPERATION])
    number = parse_phone(raw, call.hass.config.country)
    if number is None:
        raise _validation("invalid_phone_number", number=raw)
    own = device.hub.own_number
    lockout = (call.data[ATTR_LIST], call.data[ATTR_OPERATION]) == (
        "security",
        "remove",
    )
    if lockout and own and numbers_match(number, own, call.hass.config.country):
        # The device would ignore the modem from then on (spec §6).
        raise _validation("modem_number_needed")
    return number.removeprefix("+")


def _e164(digits: str) -> str:
    """A listed number back in E.164 (the device keeps the country code)."""
    try:
        parsed = phonenumbers.parse(f"+{digits}")
    except phonenumbers.NumberParseException:
        return digits
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


async def _manage_numbers(call: ServiceCall) -> ServiceResponse:
    device = _device(call.hass, call.data[ATTR_DEVICE_ID])
    kind, operation = call.data[ATTR_LIST], call.data[ATTR_OPERATION]
    build = _NUMBER_COMMANDS[(kind, operation)]
    if operation in ("add", "remove"):
        command = build(_device_number(call, device))
    else:
        command = build()
    result = await _send(device, command)
    response = {"list": kind, "operation": operation, **_confirmed(command, result)}
    if isinstance(result, NumberList):
        response["numbers"] = [_e164(number) for number in result.numbers]
    return response


async def _set_password(call: ServiceCall) -> None:
    device = _device(call.hass, call.data[ATTR_DEVICE_ID])
    new = call.data[ATTR_PASSWORD]
    if new and not password_valid(new):
        raise _validation("invalid_device_password")
    command = commands.set_password(new) if new else commands.remove_password()
    try:
        # Rendered with the old password, as the device requires (spec §3.3).
        await _send(device, command)
    except HomeAssistantError:
        # The device's error reply can echo the new password: say nothing of it.
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="password_not_changed",
            translation_placeholders={"device": device.name},
        ) from None
    device.password = new or None
    data = {k: v for k, v in device.subentry.data.items() if k != CONF_PASSWORD}
    if new:
        data[CONF_PASSWORD] = new
    # The hub reloads with the new password (the subentry update listener).
    call.hass.config_entries.async_update_subentry(
        device.config_entry, device.subentry, data=data
    )


async def _read_schedule(call: ServiceCall) -> ServiceResponse:
    device = _device(call.hass, call.data[ATTR_DEVICE_ID])
    result = await _send(device, commands.query_schedules())
    rules = result.rules if isinstance(result, ScheduleList) else ()
    return {
        "rules": [
            {"time": rule.time, "day": rule.day, "action": rule.action}
            for rule in rules
        ]
    }


async def _clear_schedule(call: ServiceCall) -> ServiceResponse:
    device = _device(call.hass, call.data[ATTR_DEVICE_ID])
    command = commands.clear_schedules()
    return _confirmed(command, await _send(device, command))


type Handler = Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]

_ACTIONS: Final[dict[str, tuple[Handler, vol.Schema, SupportsResponse]]] = {
    "set_clock": (_set_clock, DEVICE_SCHEMA, SupportsResponse.OPTIONAL),
    "get_alarm_log": (_get_alarm_log, DEVICE_SCHEMA, SupportsResponse.ONLY),
    "get_credit": (_get_credit, DEVICE_SCHEMA, SupportsResponse.ONLY),
    "manage_numbers": (
        _manage_numbers,
        MANAGE_NUMBERS_SCHEMA,
        SupportsResponse.OPTIONAL,
    ),
    "set_password": (_set_password, SET_PASSWORD_SCHEMA, SupportsResponse.NONE),
    "read_schedule": (_read_schedule, DEVICE_SCHEMA, SupportsResponse.ONLY),
    "clear_schedule": (_clear_schedule, DEVICE_SCHEMA, SupportsResponse.OPTIONAL),
}


@callback
def async_setup_device_actions(hass: HomeAssistant) -> None:
    """Register the device actions (called from ``services.async_setup_services``)."""
    for name, (handler, schema, supports) in _ACTIONS.items():
        hass.services.async_register(
            DOMAIN, name, handler, schema=schema, supports_response=supports
        )
