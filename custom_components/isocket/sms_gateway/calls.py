"""The modem's voice side in Home Assistant: ring a person, see who calls.

Outgoing: :func:`async_ring` rings a number (E.164, or national in Home
Assistant's country) for a number of seconds or until it is answered, then
hangs up; nothing ever talks. It counts against the hub's daily call cap
(option *Maximum calls per day*, default 20, kept across restarts the same
day). Only an administrator may call a number that is none of the hub's
recipients (automations and scripts run as the system and may).

Incoming: every call from a number that is no configured iSocket reaches
:class:`IncomingCallReporter` (an iSocket's call keeps its meaning and never
gets here). It tells the *Incoming call* event entity and the hub's device
trigger, with the caller's number and whether the *Allowed callers* option
lets it through (an empty list: everyone). A call that is not allowed is
rejected by the modem, or left to ring when the option *Calls from others*
says so. Nothing ever answers: answering would cost the caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.helpers.dispatcher import (
    async_dispatcher_connect,
    async_dispatcher_send,
)
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
)
from homeassistant.util import dt as dt_util
import probatio as vol

from ..const import (
    CONF_ALLOWED_CALLERS,
    CONF_MAX_CALLS_PER_DAY,
    CONF_OTHER_CALLS,
    CONF_PHONE,
    DEFAULT_MAX_CALLS_PER_DAY,
    DOMAIN,
    LOGGER,
    OTHER_CALLS_CHOICES,
    OTHER_CALLS_REJECT,
    SUBENTRY_TYPE_RECIPIENT,
)
from ..gsm.errors import GsmError
from ..gsm.model import IncomingCall
from ..gsm.numbers import numbers_match, parse_phone
from ..gsm.redact import redact
from ..gsm.voice import CallBudget, CallResult
from ..helpers import async_require_admin
from ..runtime import ISocketConfigEntry, signal_entry_updated
from .budget import CALL_COUNT, async_keep_count, async_load_count
from .core import invalid_number

if TYPE_CHECKING:
    from ..coordinator import HubCoordinator

# Event types of the Incoming call event entity.
EVENT_CALL_ALLOWED: Final = "allowed"
EVENT_CALL_OTHER: Final = "not_allowed"
CALL_EVENT_TYPES: Final = (EVENT_CALL_ALLOWED, EVENT_CALL_OTHER)


CALL_OPTIONS_FIELDS: Final[dict[vol.Marker, Any]] = {
    vol.Required(
        CONF_MAX_CALLS_PER_DAY, default=DEFAULT_MAX_CALLS_PER_DAY
    ): NumberSelector(
        NumberSelectorConfig(min=0, max=1000, step=1, mode=NumberSelectorMode.BOX)
    ),
    vol.Optional(CONF_ALLOWED_CALLERS, default=[]): TextSelector(
        TextSelectorConfig(multiple=True)
    ),
    vol.Required(CONF_OTHER_CALLS, default=OTHER_CALLS_REJECT): SelectSelector(
        SelectSelectorConfig(
            options=list(OTHER_CALLS_CHOICES),
            translation_key=CONF_OTHER_CALLS,
            mode=SelectSelectorMode.DROPDOWN,
        )
    ),
}


def call_options(
    user_input: Mapping[str, Any], region: str | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The call options from a submitted form (callers in E.164), and its errors."""
    errors: dict[str, str] = {}
    callers: list[str] = []
    for raw in user_input.get(CONF_ALLOWED_CALLERS) or ():
        if not raw.strip():
            continue
        if (number := parse_phone(raw, region)) is None:
            errors[CONF_ALLOWED_CALLERS] = "invalid_caller"
        else:
            callers.append(number)
    options = {
        CONF_MAX_CALLS_PER_DAY: int(
            user_input.get(CONF_MAX_CALLS_PER_DAY, DEFAULT_MAX_CALLS_PER_DAY)
        ),
        CONF_ALLOWED_CALLERS: callers,
        CONF_OTHER_CALLS: user_input.get(CONF_OTHER_CALLS, OTHER_CALLS_REJECT),
    }
    return options, errors


def signal_call_received(entry_id: str) -> str:
    """Dispatcher signal of a hub: a call to report (event type, event data)."""
    return f"{DOMAIN}_{entry_id}_call_received"


def max_calls_per_day(options: Mapping[str, Any]) -> int:
    """The hub's daily call cap (0 = unlimited)."""
    return int(options.get(CONF_MAX_CALLS_PER_DAY, DEFAULT_MAX_CALLS_PER_DAY))


def caller_allowed(
    options: Mapping[str, Any], number: str | None, region: str | None
) -> bool:
    """Whether a call from ``number`` is allowed (an empty list: everyone).

    A withheld number is allowed only when the list is empty.
    """
    allowed: Sequence[str] = options.get(CONF_ALLOWED_CALLERS) or ()
    if not allowed:
        return True
    return number is not None and any(numbers_match(number, a, region) for a in allowed)


class IncomingCallReporter:
    """Reports the calls of one hub that are no device's; rejects the others."""

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry[Any], hub: HubCoordinator
    ) -> None:
        """Report the calls of ``hub``; reject through its modem."""
        self.hass = hass
        self.entry = entry
        self.hub = hub

    @callback
    def report(self, call: IncomingCall) -> None:
        """One ringing call: tell the entity and triggers; reject if not allowed."""
        options = self.entry.options
        allowed = caller_allowed(options, call.number, self.hass.config.country)
        reject = (
            not allowed
            and options.get(CONF_OTHER_CALLS, OTHER_CALLS_REJECT) == OTHER_CALLS_REJECT
        )
        if reject:
            self.entry.async_create_background_task(
                self.hass, async_reject(self.hub), "isocket reject call"
            )
        LOGGER.debug(
            "Call from %s (%s)",
            redact(call.number or "withheld"),
            "allowed" if allowed else "rejected" if reject else "not allowed",
        )
        data = {
            "caller": call.number,
            "allowed": allowed,
            "rejected": reject,
            "time": call.timestamp.isoformat(),
        }
        event_type = EVENT_CALL_ALLOWED if allowed else EVENT_CALL_OTHER
        async_dispatcher_send(
            self.hass, signal_call_received(self.entry.entry_id), event_type, data
        )


async def async_reject(hub: HubCoordinator) -> None:
    """Reject the ringing call (the caller hears busy; it costs nobody)."""
    try:
        await hub.modem.reject_call()
    except GsmError as err:
        LOGGER.debug("Rejecting a call failed: %s", type(err).__name__)


def recipient_numbers(entry: ISocketConfigEntry) -> list[str]:
    """The numbers of the hub's recipients (config subentries)."""
    return [
        subentry.data[CONF_PHONE]
        for subentry in entry.subentries.values()
        if subentry.subentry_type == SUBENTRY_TYPE_RECIPIENT
        and CONF_PHONE in subentry.data
    ]


async def async_require_admin_for(
    hass: HomeAssistant, call: ServiceCall, entry: ISocketConfigEntry, number: str
) -> None:
    """Only an administrator may call a number that is none of the recipients.

    Automations and scripts (no user in the context) run as the system
    (``helpers.async_require_admin``, the one admin check).
    """
    region = hass.config.country
    if not any(numbers_match(number, r, region) for r in recipient_numbers(entry)):
        await async_require_admin(hass, call.context)


async def async_ring(
    hass: HomeAssistant,
    call: ServiceCall,
    entry: ISocketConfigEntry,
    raw_number: str,
    seconds: float,
) -> tuple[str, CallResult]:
    """Check the number and the caller's rights, then ring; (E.164, result)."""
    number = parse_phone(raw_number, hass.config.country)
    if number is None:
        raise invalid_number(raw_number)
    await async_require_admin_for(hass, call, entry, number)
    return number, await entry.runtime_data.hub.modem.call(number, seconds)


async def async_setup_call_budget(
    hass: HomeAssistant, entry: ISocketConfigEntry
) -> CallBudget:
    """The hub's call cap with today's stored count; follows the option."""
    budget = CallBudget(
        max_calls_per_day(entry.options),
        today=lambda: dt_util.now().date(),
        state=await async_load_count(hass, entry.entry_id, CALL_COUNT),
    )
    async_keep_count(hass, entry, CALL_COUNT, budget)

    @callback
    def _options_changed() -> None:
        budget.max_per_day = max_calls_per_day(entry.options)

    entry.async_on_unload(
        async_dispatcher_connect(
            hass, signal_entry_updated(entry.entry_id), _options_changed
        )
    )
    return budget
