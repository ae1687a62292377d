"""The hub as an SMS gateway: options, numbers, sending and its errors.

Everything the gateway's entities and actions share lives here: the hub
options it adds, how a typed number is read (E.164, or national in Home
Assistant's country), how the gateway's library errors become translated
Home Assistant errors, and :func:`async_send_text`, which checks every
number, the text and the day's budget for the whole call before the first
SMS goes out, so bad input sends nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from ..const import (
    CONF_ALLOWED_SENDERS,
    CONF_MAX_SMS_PER_DAY,
    DEFAULT_DELIVERY_WAIT,
    DEFAULT_MAX_SMS_PER_DAY,
    SMS_MAX_PARTS,
)
from ..gsm.numbers import is_alphanumeric, match_sender, parse_phone
from ..gsm.redact import mask_numbers
from ..gsm.sms_send import SentSms
from ..gsm.sms_text import plan_sms
from ..helpers import translated_error
from ..runtime import loaded_hubs

if TYPE_CHECKING:
    from ..coordinator import HubCoordinator


def max_sms_per_day(options: Mapping[str, Any]) -> int:
    """The hub's daily SMS cap (0 = unlimited)."""
    return int(options.get(CONF_MAX_SMS_PER_DAY, DEFAULT_MAX_SMS_PER_DAY))


def sender_allowed(
    options: Mapping[str, Any],
    sender: str,
    region: str | None,
    sender_type: int | None = None,
) -> bool:
    """Whether an SMS from ``sender`` is reported (an empty allow-list: everyone).

    ``sender_type`` is the SMS's type of address: a sender name (alphanumeric,
    even one of digits only) matches only the same name on the list, never a
    number (`gsm.numbers.match_sender`).
    """
    allowed: Sequence[str] = options.get(CONF_ALLOWED_SENDERS) or ()
    return not allowed or (
        match_sender(sender, allowed, region, sender_type=sender_type) is not None
    )


def parse_sender(raw: str, region: str | None) -> str | None:
    """An allow-list entry: a phone number in E.164, or a sender name as it is."""
    text = raw.strip()
    if text and is_alphanumeric(text) and any(c.isalpha() for c in text):
        return text
    return parse_phone(text, region)


def invalid_number(raw: str) -> HomeAssistantError:
    """The translated error for a number that is none (masked: errors get logged)."""
    return translated_error("invalid_number", {"number": mask_numbers(raw)})


def get_hub(hass: HomeAssistant, entry_id: str | None) -> HubCoordinator:
    """The hub of ``entry_id``, or the only loaded hub when none is given."""
    hubs = loaded_hubs(hass)
    if entry_id is not None:
        hubs = [entry for entry in hubs if entry.entry_id == entry_id]
        if not hubs:
            raise translated_error("hub_not_found", {"hub": entry_id})
    if not hubs:
        raise translated_error("no_hub")
    if len(hubs) > 1:
        raise translated_error("hub_required")
    return hubs[0].runtime_data.hub


def _could_be_a_device(hub: HubCoordinator, number: str) -> bool:
    """Whether ``number`` is (or, without a country, may be) a configured device's.

    Checked against each device alone: where routing gives up on a national
    number that two devices could own, a send to it is refused all the same.
    """
    phones = [device.phone for device in hub.config_entry.runtime_data.devices.values()]
    return any(match_sender(number, [phone], hub.region) for phone in phones)


@dataclass(frozen=True, slots=True)
class SendResult:
    """One number's outcome: what went out and, if asked, its delivery status."""

    number: str
    sent: SentSms
    delivery: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The action's response for this number."""
        result: dict[str, Any] = {
            "number": self.number,
            "references": list(self.sent.references),
            "parts": self.sent.parts,
            "encoding": self.sent.encoding,
        }
        if self.delivery is not None:
            result["delivery"] = self.delivery
        return result


async def async_send_text(
    hub: HubCoordinator,
    numbers: Sequence[str],
    text: str,
    *,
    delivery_report: bool = False,
    wait: float = DEFAULT_DELIVERY_WAIT,
    flash: bool = False,
) -> list[SendResult]:
    """Send ``text`` to every number; check all of it before the first SMS.

    Numbers, text and the budget for every part of every message are checked
    first, and the parts are reserved in the budget: bad input, a configured
    device's number (``send_command`` is the way to a device) or a call the
    cap cannot take sends nothing. Library
    errors are raised as they are (``helpers.isocket_exception_handler``
    translates them). With
    ``delivery_report`` the reports are awaited up to ``wait`` seconds
    together; a status not known by then is ``pending``. ``flash`` sends
    class 0 SMS: the phone shows them at once and does not store them.
    """
    parsed: list[str] = []
    for raw in numbers:
        if (number := parse_phone(raw, hub.region)) is None:
            raise invalid_number(raw)
        if _could_be_a_device(hub, number):
            # A device is commanded through send_command, which checks who may
            # send what (docs/security.md) and keeps the device's password.
            raise translated_error("send_sms_to_device", {"number": mask_numbers(raw)})
        parsed.append(number)
    plan = plan_sms(text, SMS_MAX_PARTS)
    budget = hub.modem.budget
    # The whole call's parts are set aside before the first SMS: a second
    # send at the same time cannot pass the check too and be refused half-way.
    with (
        budget.reserve(plan.count * len(parsed))
        if budget is not None
        else nullcontext()
    ):
        results: list[SendResult] = []
        for number in parsed:
            sent = await hub.async_send_message(
                number,
                text,
                status_report=delivery_report,
                max_parts=SMS_MAX_PARTS,
                flash=flash,
            )
            results.append(SendResult(number, sent))
    if delivery_report:
        statuses = await asyncio.gather(
            *(_delivery_status(result.sent, wait) for result in results)
        )
        results = [
            SendResult(r.number, r.sent, status)
            for r, status in zip(results, statuses, strict=True)
        ]
    return results


async def _delivery_status(sent: SentSms, wait: float) -> str:
    assert sent.delivery is not None  # asked for with status_report
    return str(await sent.delivery.wait(wait))
