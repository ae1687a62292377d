"""Device actions: clock, alarm log, credit, number lists, password, scheduler.

Each action sends one SMS to the device and waits for the reply (up to three
minutes); those that read something answer with it as response data. The
table :data:`DEVICE_ACTIONS` is registered by :mod:`.services`; the actions
that carry a security-class command (number lists, password, ALERTME, the
balance code) are for administrators only, and the coordinator checks each
command again (``Command.security``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, time
from functools import wraps
import re
from typing import Any, Final

from homeassistant.core import ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
    Unauthorized,
)
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
import probatio as vol

from .const import DOMAIN
from .device import DeviceCoordinator
from .gsm.numbers import from_device_format, numbers_match, parse_phone
from .helpers import (
    LIBRARY_ERRORS,
    as_json,
    async_require_admin,
    isocket_exception_handler,
    password_valid,
)
from .protocol import commands
from .protocol.client import ErrorReplyError
from .protocol.commands import Command
from .protocol.password import password_check
from .protocol.results import AlarmLog, CreditText, NumberList, Result, ScheduleList
from .runtime import async_get_device, async_store_password

ATTR_DEVICE_ID: Final = "device_id"
DEVICE_SCHEMA = vol.Schema({vol.Required(ATTR_DEVICE_ID): cv.string})

ATTR_LIST: Final = "list"
ATTR_OPERATION: Final = "operation"
ATTR_NUMBER: Final = "number"
ATTR_PASSWORD: Final = "password"  # noqa: S105 - a field name
ATTR_SOURCE: Final = "source"
ATTR_TIME: Final = "time"
ATTR_DAY: Final = "day"
ATTR_ACTION: Final = "action"
ATTR_CODE: Final = "code"
DAY_EVERY: Final = "every"
DAYS: Final = (DAY_EVERY, "1", "2", "3", "4", "5", "6", "7")
# The device's words; the action's selector offers them in lower case (translation
# keys must be), and automations written with the device's spelling keep working.
SCHEDULE_ACTIONS: Final = ("ON", "OFF", "INF", "AON", "AOF")

LISTS: Final = ("security", "alert")
OPERATIONS: Final = ("add", "remove", "clear", "read")

MANAGE_NUMBERS_SCHEMA = DEVICE_SCHEMA.extend(
    {
        vol.Required(ATTR_LIST): vol.In(LISTS),
        vol.Required(ATTR_OPERATION): vol.In(OPERATIONS),
        vol.Optional(ATTR_NUMBER): cv.string,
    }
)
SOURCE_NETWORK: Final = "network"
SOURCE_HOME_ASSISTANT: Final = "home_assistant"
SET_CLOCK_SCHEMA = DEVICE_SCHEMA.extend(
    {
        vol.Optional(ATTR_SOURCE, default=SOURCE_NETWORK): vol.In(
            (SOURCE_NETWORK, SOURCE_HOME_ASSISTANT)
        )
    }
)
RULE_SCHEMA = DEVICE_SCHEMA.extend(
    {
        vol.Required(ATTR_TIME): cv.time,
        vol.Optional(ATTR_DAY, default=DAY_EVERY): vol.In(DAYS),
        vol.Required(ATTR_ACTION): vol.All(
            cv.string, vol.Upper, vol.In(SCHEDULE_ACTIONS)
        ),
    }
)
REMOVE_RULE_SCHEMA = DEVICE_SCHEMA.extend({vol.Required(ATTR_TIME): cv.time})
SET_CREDIT_CODE_SCHEMA = DEVICE_SCHEMA.extend(
    {vol.Optional(ATTR_CODE, default=""): cv.string}
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


# What people write between digits; a local number keeps only its digits.
_LOCAL_DIGITS: Final = re.compile(r"[\s().\-/]")


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


def command_response(command: Command, result: Result | None) -> ServiceResponse:
    """What an action answers: the command, the raw reply and its parsed form."""
    if result is None:
        # SMSCONFIRM=OFF: the device accepts this command silently.
        return {"command": command.text, "confirmed": False, "reply": None}
    parsed = as_json(result)
    parsed.pop("raw", None)
    return {
        "command": command.text,
        "confirmed": True,
        "reply": result.raw,
        "type": type(result).__name__,
        "result": parsed,
    }


def _confirmed(command: Command, result: Result | None) -> dict[str, Any]:
    return {"command": command.redacted, "confirmed": result is not None}


async def _send(
    call: ServiceCall, device: DeviceCoordinator, command: Command
) -> dict[str, Any]:
    """Send ``command`` for the call's user: what was sent, and if it was confirmed."""
    return _confirmed(
        command, await device.async_command(command, context=call.context)
    )


type Handler = Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]


def device_action(
    func: Callable[[ServiceCall, DeviceCoordinator], Awaitable[ServiceResponse]],
) -> Handler:
    """An action on one iSocket: the one device lookup, library errors translated.

    The call's ``device_id`` is looked up once here (unknown: a translated
    ``device_not_found``); the handler gets the device's coordinator.
    """

    @isocket_exception_handler
    @wraps(func)
    async def handler(call: ServiceCall) -> ServiceResponse:
        return await func(call, async_get_device(call.hass, call.data[ATTR_DEVICE_ID]))

    return handler


@device_action
async def _set_clock(call: ServiceCall, device: DeviceCoordinator) -> ServiceResponse:
    if call.data[ATTR_SOURCE] == SOURCE_NETWORK:
        # DATESMS: the device takes the time the network stamped on this SMS
        # (manual §8); no offset whose unit the manual leaves open.
        command = commands.set_clock_from_sms()
        return {**await _send(call, device, command), "source": SOURCE_NETWORK}
    # DATE=: HA's own time and zone; +zz is the GMT zone in hours (manual §8),
    # so a zone that is no whole hour is refused (use the network's time).
    when = dt_util.now().replace(microsecond=0)
    command = commands.set_clock(when)
    return {
        **await _send(call, device, command),
        "source": SOURCE_HOME_ASSISTANT,
        "time": when.isoformat(),
    }


@device_action
async def _get_alarm_log(
    call: ServiceCall, device: DeviceCoordinator
) -> ServiceResponse:
    result = await device.async_command(commands.show_alarm_log(), context=call.context)
    entries = result.entries if isinstance(result, AlarmLog) else ()
    return {"alarms": [_local_iso(entry) for entry in entries]}


@device_action
async def _get_credit(call: ServiceCall, device: DeviceCoordinator) -> ServiceResponse:
    result = await device.async_command(commands.credit(), context=call.context)
    return {"text": result.text if isinstance(result, CreditText) else None}


def _device_number(call: ServiceCall, device: DeviceCoordinator) -> str:
    """The number field as the device wants it: digits, no ``+``.

    An international number (``+`` or ``00``) is checked and sent in
    international form; a local one is sent as given. The device compares
    numbers exactly, and manual §5.1 asks for both forms where the operator
    presents callers locally, so a local number is never converted. An alert
    number must be international (manual §5.3): a local one is refused.
    """
    raw = call.data.get(ATTR_NUMBER)
    if not raw:
        raise _validation("number_required", operation=call.data[ATTR_OPERATION])
    number = parse_phone(raw, call.hass.config.country)
    international = raw.lstrip().startswith(("+", "00"))
    local = _LOCAL_DIGITS.sub("", raw)
    if number is None or not (international or local.isdigit()):
        raise _validation("invalid_phone_number", number=raw)
    if not international and (call.data[ATTR_LIST], call.data[ATTR_OPERATION]) == (
        "alert",
        "add",
    ):
        # manual §5.3: a local alert number delays the alerts to the others
        raise _validation("alert_number_international")
    own = device.hub.own_number
    lockout = (call.data[ATTR_LIST], call.data[ATTR_OPERATION]) == (
        "security",
        "remove",
    )
    if lockout and own and numbers_match(number, own, call.hass.config.country):
        # The device would ignore the modem from then on (spec §6).
        raise _validation("modem_number_needed")
    return number.removeprefix("+") if international else local


@device_action
async def _manage_numbers(
    call: ServiceCall, device: DeviceCoordinator
) -> ServiceResponse:
    kind, operation = call.data[ATTR_LIST], call.data[ATTR_OPERATION]
    build = _NUMBER_COMMANDS[(kind, operation)]
    if operation in ("add", "remove"):
        command = build(_device_number(call, device))
    else:
        command = build()
    result = await device.async_command(command, context=call.context)
    response = {"list": kind, "operation": operation, **_confirmed(command, result)}
    if isinstance(result, NumberList):
        response["numbers"] = [from_device_format(number) for number in result.numbers]
    return response


def _password_error(key: str, device: DeviceCoordinator) -> HomeAssistantError:
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={"device": device.name},
    )


async def async_change_password(
    call: ServiceCall,
    device: DeviceCoordinator,
    new: str | None,
    *,
    old: str | None = None,
) -> Result | None:
    """PASSWORD=<new> (or PASSWORD=NO), stored only once the device confirms it.

    The one way a password changes, whichever action asks (``set_password``,
    ``send_command``), so Home Assistant never keeps an old password the
    device no longer takes (manual §5.2). Sent with ``old`` (typed by the
    user) or the stored password, as the device requires (spec §3.3).

    With SMSCONFIRM=OFF no reply comes: an inquiry sent with the new password
    (``password_check``) tells whether it took. Whatever else happens, the
    old password is kept: the device may have refused silently (ERROR=OFF,
    the configuration window expired) or the SMS got lost.
    """
    # Who asks comes before what they typed: a non-admin learns nothing more.
    await async_require_admin(call.hass, call.context)
    if new and not password_valid(new, new=True):
        raise _validation("invalid_device_password")
    command = commands.set_password(new) if new else commands.remove_password()
    try:
        result = await device.async_command(command, context=call.context, password=old)
        if result is None and new:
            await device.async_command(
                password_check(), context=call.context, password=new
            )
        elif result is None:
            # No password to check with: a check would carry the old one.
            raise _password_error("password_unconfirmed", device)
    except ErrorReplyError:
        # The device's error reply can echo the new password: say nothing of it.
        raise _password_error("password_not_changed", device) from None
    except (HomeAssistantError, *LIBRARY_ERRORS) as err:
        if isinstance(err, Unauthorized):
            raise
        raise _password_error("password_unconfirmed", device) from None
    async_store_password(call.hass, device.config_entry, device.subentry, new)
    return result


@device_action
async def _set_password(call: ServiceCall, device: DeviceCoordinator) -> None:
    """The ``set_password`` action (administrators only)."""
    await async_change_password(call, device, call.data[ATTR_PASSWORD] or None)


@device_action
async def _read_schedule(
    call: ServiceCall, device: DeviceCoordinator
) -> ServiceResponse:
    result = await device.async_command(
        commands.query_schedules(), context=call.context
    )
    rules = result.rules if isinstance(result, ScheduleList) else ()
    return {
        "rules": [
            {"time": rule.time, "day": rule.day, "action": rule.action}
            for rule in rules
        ]
    }


@device_action
async def _clear_schedule(
    call: ServiceCall, device: DeviceCoordinator
) -> ServiceResponse:
    command = commands.clear_schedules()
    return await _send(call, device, command)


@device_action
async def _add_schedule_rule(
    call: ServiceCall, device: DeviceCoordinator
) -> ServiceResponse:
    """SCHEDULER+: one more rule; one at the same time stays (the device keeps both)."""
    at: time = call.data[ATTR_TIME]
    day = call.data[ATTR_DAY]
    command = commands.add_schedule(
        at.hour,
        at.minute,
        None if day == DAY_EVERY else int(day),
        call.data[ATTR_ACTION],
    )
    return await _send(call, device, command)


@device_action
async def _remove_schedule_rule(
    call: ServiceCall, device: DeviceCoordinator
) -> ServiceResponse:
    """SCHEDULER-hh:mm: the rules at that time."""
    at: time = call.data[ATTR_TIME]
    command = commands.remove_schedule(at.hour, at.minute)
    return await _send(call, device, command)


def _reading(make: Callable[[], Command]) -> Handler:
    """An action that sends one command and answers with its reply."""

    @device_action
    async def handler(call: ServiceCall, device: DeviceCoordinator) -> ServiceResponse:
        command = make()
        return command_response(
            command, await device.async_command(command, context=call.context)
        )

    return handler


@device_action
async def _set_credit_code(
    call: ServiceCall, device: DeviceCoordinator
) -> ServiceResponse:
    """CREDITUMS=: the USSD code behind CREDIT; empty removes it (CREDITUMS=NO)."""
    command = commands.set_credit_code(call.data[ATTR_CODE] or None)
    return command_response(
        command, await device.async_command(command, context=call.context)
    )


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One action: its handler, schema, response support, admin only or not."""

    handler: Handler
    schema: vol.Schema
    supports: SupportsResponse
    admin: bool = False


DEVICE_ACTIONS: Final[dict[str, ActionSpec]] = {
    "set_clock": ActionSpec(_set_clock, SET_CLOCK_SCHEMA, SupportsResponse.OPTIONAL),
    "get_alarm_log": ActionSpec(_get_alarm_log, DEVICE_SCHEMA, SupportsResponse.ONLY),
    "get_credit": ActionSpec(_get_credit, DEVICE_SCHEMA, SupportsResponse.ONLY),
    "manage_numbers": ActionSpec(
        _manage_numbers,
        MANAGE_NUMBERS_SCHEMA,
        SupportsResponse.OPTIONAL,
        admin=True,
    ),
    "set_password": ActionSpec(
        _set_password, SET_PASSWORD_SCHEMA, SupportsResponse.NONE, admin=True
    ),
    "read_schedule": ActionSpec(_read_schedule, DEVICE_SCHEMA, SupportsResponse.ONLY),
    "clear_schedule": ActionSpec(
        _clear_schedule, DEVICE_SCHEMA, SupportsResponse.OPTIONAL
    ),
    "add_schedule_rule": ActionSpec(
        _add_schedule_rule, RULE_SCHEMA, SupportsResponse.OPTIONAL
    ),
    "remove_schedule_rule": ActionSpec(
        _remove_schedule_rule, REMOVE_RULE_SCHEMA, SupportsResponse.OPTIONAL
    ),
    # ALERTME adds the sender (the modem) as the number for every alert; the
    # device does so only when it sees the caller id and the number is on its
    # security list (manual §5.3 note, repeated in services.yaml).
    "alert_me": ActionSpec(
        _reading(commands.alert_me),
        DEVICE_SCHEMA,
        SupportsResponse.OPTIONAL,
        admin=True,
    ),
    "get_runtime": ActionSpec(
        _reading(commands.runtime), DEVICE_SCHEMA, SupportsResponse.ONLY
    ),
    "get_temperature": ActionSpec(
        _reading(commands.temperature), DEVICE_SCHEMA, SupportsResponse.ONLY
    ),
    "get_clock": ActionSpec(
        _reading(commands.query_clock), DEVICE_SCHEMA, SupportsResponse.ONLY
    ),
    # CREDITUMS= names the USSD code every later CREDIT runs on the device's
    # SIM: a security-class command (protocol/commands.py SECURITY_KEYS).
    "set_credit_code": ActionSpec(
        _set_credit_code,
        SET_CREDIT_CODE_SCHEMA,
        SupportsResponse.OPTIONAL,
        admin=True,
    ),
}
