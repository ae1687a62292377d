"""The gateway's actions: ``isocket.send_sms``, ``isocket.modem_ussd``, ``isocket.call``.

All pick the hub by ``config_entry_id`` (needed only when several hubs are
loaded) and answer with a response. Bad input (a number that is none, empty
text, a forbidden character, a text over the part limit, a USSD code with
other characters than ``0-9 * # +``) is a translated validation error and
nothing is sent. ``send_sms`` refuses a configured device's number (commands
go through ``send_command``). ``modem_ussd`` sends the hub's balance code for
any user who may use the actions, any other code for administrators only,
and at most one request per hub every :data:`USSD_INTERVAL` seconds
(docs/security.md).
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Final

from homeassistant.core import (
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
)
from homeassistant.helpers import config_validation as cv
from homeassistant.util.hass_dict import HassKey
import probatio as vol

from ..actions_device import ActionSpec
from ..const import (
    CONF_BALANCE_CODE,
    DEFAULT_BALANCE_CODE,
    DEFAULT_DELIVERY_WAIT,
    DEFAULT_USSD_TIMEOUT,
    DOMAIN,
    MAX_DELIVERY_WAIT,
)
from ..gsm.ussd import balance_amount, validate_code
from ..gsm.voice import DEFAULT_RING_SECONDS, MAX_RING_SECONDS
from ..helpers import async_require_admin, isocket_exception_handler, translated_error
from .calls import async_ring
from .core import async_send_text, get_hub

if TYPE_CHECKING:
    from ..coordinator import HubCoordinator

ATTR_CONFIG_ENTRY_ID: Final = "config_entry_id"
ATTR_NUMBER: Final = "number"
ATTR_MESSAGE: Final = "message"
ATTR_DELIVERY_REPORT: Final = "delivery_report"
ATTR_WAIT: Final = "wait"
ATTR_FLASH: Final = "flash"
ATTR_CODE: Final = "code"
ATTR_TIMEOUT: Final = "timeout"
ATTR_DURATION: Final = "duration"

SEND_SMS_SCHEMA = vol.Schema(
    {
        vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Required(ATTR_NUMBER): vol.All(
            cv.ensure_list, [cv.string], vol.Length(min=1)
        ),
        # Any text: checked (and refused with a translated error) by the gateway.
        vol.Required(ATTR_MESSAGE): str,
        vol.Optional(ATTR_DELIVERY_REPORT, default=False): cv.boolean,
        vol.Optional(ATTR_WAIT, default=DEFAULT_DELIVERY_WAIT): vol.All(
            vol.Coerce(float), vol.Range(min=0, max=MAX_DELIVERY_WAIT)
        ),
        vol.Optional(ATTR_FLASH, default=False): cv.boolean,
    }
)
MODEM_USSD_SCHEMA = vol.Schema(
    {
        vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Required(ATTR_CODE): cv.string,
        vol.Optional(ATTR_TIMEOUT, default=DEFAULT_USSD_TIMEOUT): vol.All(
            vol.Coerce(float), vol.Range(min=1, max=120)
        ),
    }
)


@isocket_exception_handler
async def _send_sms(call: ServiceCall) -> ServiceResponse:
    """Send one text to every number; answer with references (and delivery)."""
    hub = get_hub(call.hass, call.data.get(ATTR_CONFIG_ENTRY_ID))
    results = await async_send_text(
        hub,
        call.data[ATTR_NUMBER],
        call.data[ATTR_MESSAGE],
        delivery_report=call.data[ATTR_DELIVERY_REPORT],
        wait=call.data[ATTR_WAIT],
        flash=call.data[ATTR_FLASH],
    )
    return {"messages": [result.as_dict() for result in results]}


# One USSD request through the action per hub this often (seconds): operator
# codes can transfer credit or buy subscriptions, and each costs a session.
USSD_INTERVAL: Final = 30.0
_LAST_USSD: HassKey[dict[str, float]] = HassKey(f"{DOMAIN}_last_ussd")


async def _check_ussd_allowed(
    call: ServiceCall, hub: HubCoordinator, code: str
) -> None:
    """Any code for an administrator, the hub's balance code for anyone; rate-limited.

    Raises ``Unauthorized`` (another code, not an admin) or a translated
    ``ussd_rate_limited`` error; the time is taken on a monotonic clock, so
    a clock set back cannot reopen the gate.
    """
    options = hub.config_entry.options
    balance = options.get(CONF_BALANCE_CODE, DEFAULT_BALANCE_CODE)
    if code != validate_code(balance):
        await async_require_admin(call.hass, call.context)
    last = call.hass.data.setdefault(_LAST_USSD, {})
    entry_id = hub.config_entry.entry_id
    now = time.monotonic()
    if (since := now - last.get(entry_id, -USSD_INTERVAL)) < USSD_INTERVAL:
        raise translated_error(
            "ussd_rate_limited",
            {"seconds": str(math.ceil(USSD_INTERVAL - since))},
            validation=False,
        )
    last[entry_id] = now


@isocket_exception_handler
async def _modem_ussd(call: ServiceCall) -> ServiceResponse:
    """Send a USSD code; answer with the network's decoded text."""
    hub = get_hub(call.hass, call.data.get(ATTR_CONFIG_ENTRY_ID))
    code = validate_code(call.data[ATTR_CODE])  # bad input is no request
    await _check_ussd_allowed(call, hub, code)
    response = await hub.modem.ussd(code, timeout=call.data[ATTR_TIMEOUT])
    amount = balance_amount(response.text)
    return {
        "text": response.text,
        "status": response.status.name.lower(),
        "amount": float(amount) if amount is not None else None,
    }


CALL_SCHEMA = vol.Schema(
    {
        vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Required(ATTR_NUMBER): cv.string,
        vol.Optional(ATTR_DURATION, default=DEFAULT_RING_SECONDS): vol.All(
            vol.Coerce(float), vol.Range(min=1, max=MAX_RING_SECONDS)
        ),
    }
)


@isocket_exception_handler
async def _call(call: ServiceCall) -> ServiceResponse:
    """Ring the number; answer with the outcome and how long it rang."""
    hub = get_hub(call.hass, call.data.get(ATTR_CONFIG_ENTRY_ID))
    number, result = await async_ring(
        call.hass,
        call,
        hub.config_entry,
        call.data[ATTR_NUMBER],
        call.data[ATTR_DURATION],
    )
    return {
        "number": number,
        "outcome": str(result.outcome),
        "answered": result.answered,
        "rang": result.rang,
    }


GATEWAY_ACTIONS: Final[dict[str, ActionSpec]] = {
    "send_sms": ActionSpec(_send_sms, SEND_SMS_SCHEMA, SupportsResponse.OPTIONAL),
    "modem_ussd": ActionSpec(_modem_ussd, MODEM_USSD_SCHEMA, SupportsResponse.ONLY),
    "call": ActionSpec(_call, CALL_SCHEMA, SupportsResponse.OPTIONAL),
}
