"""What the HA glue shares: error mapping, the admin check, JSON, password and PIN checks.

Library errors (``gsm/``, ``protocol/``) are turned into translated Home
Assistant errors here and nowhere else: :func:`gsm_error_key` for the config
flow, setup and repair issues, :func:`isocket_exception_handler` for entity
actions and services (the pattern of HA's peblar integration).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import fields, is_dataclass
from datetime import datetime
from enum import Enum
from functools import wraps
from typing import Any, Final

from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
    Unauthorized,
    UnknownUser,
)

from .const import CONF_PASSWORD, CONF_PIN, DOMAIN
from .gsm.errors import (
    CallBudgetExceededError,
    GsmError,
    InvalidNumberError,
    InvalidSmsTextError,
    InvalidUssdCodeError,
    ModemNotConnectedError,
    NoAtResponseError,
    NotRegisteredError,
    PinRejectedError,
    PinRequiredError,
    PortBusyError,
    PortNotFoundError,
    SimLockedError,
    SimNotInsertedError,
    SmsBudgetExceededError,
    SmsExpiredError,
    SmsForbiddenCharacterError,
    SmsTooLongError,
    UssdError,
    UssdNetworkError,
)
from .gsm.init import is_valid_pin
from .protocol.arguments import check_new_password, check_password
from .protocol.client import CommandError, ErrorReplyError, NoReplyError
from .protocol.commands import Command
from .protocol.errors import InvalidCommandError
from .protocol.results import Result, UnknownCommandError

# The one table from modem errors to translation keys (config.error.*,
# exceptions.*, issues.*); subclasses come before their bases.
GSM_ERROR_KEYS: Final[Mapping[type[GsmError], str]] = {
    PortNotFoundError: "port_not_found",
    PortBusyError: "port_busy",
    NoAtResponseError: "no_at_response",
    SimNotInsertedError: "sim_missing",
    PinRequiredError: "pin_required",
    PinRejectedError: "pin_rejected",
    SimLockedError: "sim_locked",
    NotRegisteredError: "not_registered",
    ModemNotConnectedError: "modem_disconnected",
}
COMMAND_ERROR_KEYS: Final[Mapping[type[CommandError], str]] = {
    ErrorReplyError: "error_reply",
    NoReplyError: "no_reply",
}
# Error replies that deserve their own words: `No such command exists` is
# mostly firmware without the command (§12), never proof of a wrong password.
REPLY_ERROR_KEYS: Final[Mapping[type[Result], str]] = {
    UnknownCommandError: "unknown_command",
}
# SIM problems only the owner can fix: retrying a wrong PIN would block the SIM.
SIM_AUTH_ERRORS: Final = (PinRejectedError, PinRequiredError, SimLockedError)


def gsm_error_key(err: GsmError, default: str = "cannot_connect") -> str:
    """The translation key of a modem error."""
    return next(
        (key for kind, key in GSM_ERROR_KEYS.items() if isinstance(err, kind)),
        default,
    )


def translated_error(
    key: str, placeholders: dict[str, str] | None = None, *, validation: bool = True
) -> HomeAssistantError:
    """A translated error of this integration.

    A validation error (the user can fix the input), or with ``validation=False``
    a runtime error (the budget, the network).
    """
    kind = ServiceValidationError if validation else HomeAssistantError
    return kind(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders,
    )


def _text_placeholders(err: InvalidSmsTextError) -> dict[str, str]:
    if isinstance(err, SmsForbiddenCharacterError):
        return {"character": f"U+{ord(err.char):04X}", "position": str(err.position)}
    if isinstance(err, SmsTooLongError):
        return {"parts": str(err.parts), "max_parts": str(err.max_parts)}
    return {}


def _ussd_placeholders(err: UssdError) -> dict[str, str]:
    if isinstance(err, UssdNetworkError):
        detail = (
            f"+CUSD: {err.status}"
            if err.status is not None
            else f"+CME ERROR: {err.cme}"
        )
        return {"detail": detail}
    return {}


# The SMS gateway's library errors (text, number, budget, USSD).
type GatewayError = (
    InvalidSmsTextError | InvalidNumberError | SmsBudgetExceededError | UssdError
)


def _gateway_error(err: GatewayError) -> HomeAssistantError:
    """A gateway library error as the translated HA error it stands for.

    Bad input (text, number, USSD code) is a validation error: the user can
    fix it. The budget and the network are runtime errors.
    """
    match err:
        case InvalidSmsTextError():
            return translated_error(err.reason, _text_placeholders(err))
        case InvalidNumberError():
            return translated_error("invalid_number", {"number": "?"})
        case InvalidUssdCodeError():
            return translated_error(err.reason)
        case SmsBudgetExceededError():
            placeholders = {
                "count": str(err.count),
                "limit": str(err.limit),
                "parts": str(err.parts),
            }
            return translated_error(err.reason, placeholders, validation=False)
    return translated_error(err.reason, _ussd_placeholders(err), validation=False)


def _translated(err: Exception) -> HomeAssistantError | None:
    """The translated HA error for a library error (None: not ours to map)."""
    match err:
        case InvalidCommandError():
            return ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="invalid_command",
                translation_placeholders={"message": err.message},
            )
        case (  # the SMS gateway's: text, number, budget, USSD
            InvalidSmsTextError()
            | InvalidNumberError()
            | SmsBudgetExceededError()
            | UssdError()
        ):
            return _gateway_error(err)
        case CallBudgetExceededError():
            return HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key=err.reason,
                translation_placeholders={
                    "count": str(err.count),
                    "limit": str(err.limit),
                },
            )
        case SmsExpiredError():
            return HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="sms_expired",
                translation_placeholders={"minutes": str(err.minutes)},
            )
        case ModemNotConnectedError():
            return HomeAssistantError(
                translation_domain=DOMAIN, translation_key="modem_disconnected"
            )
        case GsmError():
            return HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="send_failed",
                translation_placeholders={"error": type(err).__name__},
            )
        case CommandError():
            placeholders = {"device": err.device, "command": err.command.redacted}
            key = COMMAND_ERROR_KEYS[type(err)]
            if isinstance(err, ErrorReplyError):
                placeholders["reply"] = err.reply.raw
                key = REPLY_ERROR_KEYS.get(type(err.reply), key)
            return HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key=key,
                translation_placeholders=placeholders,
            )
    return None


LIBRARY_ERRORS: Final = (InvalidCommandError, GsmError, CommandError)


def translate_error(err: Exception) -> Exception:
    """``err`` as the translated HA error it stands for (itself when none)."""
    return _translated(err) or err


def isocket_exception_handler[**P, R](
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Coroutine[Any, Any, R]]:
    """Turn the library errors of an entity action or a service into translated ones."""

    @wraps(func)
    async def handler(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await func(*args, **kwargs)
        except LIBRARY_ERRORS as err:
            raise translate_error(err) from err

    return handler


async def async_require_admin(hass: HomeAssistant, context: Context) -> None:
    """Raise ``Unauthorized`` unless the context's user is an administrator.

    A context without a user is Home Assistant itself: an automation or a
    script (only administrators can write those), as HA core's
    ``async_register_admin_service`` treats it. The one check behind every
    security-class command, whichever action or entity carries it, and
    behind the actions that reach beyond one device (a call, USSD).
    """
    if not context.user_id:
        return
    user = await hass.auth.async_get_user(context.user_id)
    if user is None:
        raise UnknownUser(context=context, user_id=context.user_id)
    if not user.is_admin:
        raise Unauthorized(context=context, user_id=context.user_id)


async def async_authorize_command(
    hass: HomeAssistant, command: Command, context: Context | None
) -> None:
    """A security-class command (``Command.security``) needs an administrator.

    ``context`` is the caller's: the action call's or the entity's. A
    security command without one is refused, so that code sending one must
    say who asked for it.
    """
    if not command.security:
        return
    if context is None:
        raise Unauthorized(permission="admin")
    await async_require_admin(hass, context)


def as_json(value: Any) -> Any:
    """Plain JSON: datetimes as ISO text, enums as their value, dataclasses as dicts."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [as_json(item) for item in value]
    return value


def password_valid(password: str, *, new: bool = False) -> bool:
    """Exactly five characters the device accepts in a password (spec §3.3).

    ``new``: a password to set, exactly five letters or digits (manual §5.2).
    """
    try:
        (check_new_password if new else check_password)(password)
    except InvalidCommandError:
        return False
    return True


def password_errors(user_input: Mapping[str, Any]) -> dict[str, str]:
    """A form's password field checked: no errors, or why it is refused."""
    password = user_input.get(CONF_PASSWORD) or ""
    if password and not password_valid(password):
        return {CONF_PASSWORD: "invalid_password"}
    return {}


def pin_errors(pin: str | None) -> dict[str, str]:
    """A form's SIM PIN checked: no errors (none given, or 4-8 digits), or why not.

    The gsm layer's rule (``gsm.init.is_valid_pin``), so that a malformed PIN
    is refused in the form before the modem is even opened.
    """
    if pin and not is_valid_pin(pin):
        return {CONF_PIN: "invalid_pin"}
    return {}
