"""The hub as an SMS gateway: sending, and the hub an action means.

What the gateway's notify entities and actions share: :func:`get_hub` (the
hub of an action), :func:`invalid_number` and :func:`async_send_text`, which
reads every number (E.164, or national in Home Assistant's country) and
checks the text and the day's budget for the whole call before the first
SMS goes out, so bad input sends nothing. The gateway's options and limits
live in ``const.py``; its errors are translated in ``helpers.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from ..const import (
    DEFAULT_DELIVERY_WAIT,
    SMS_MAX_PARTS,
)
from ..gsm.numbers import match_sender, parse_phone
from ..gsm.redact import mask_numbers
from ..gsm.sms_send import SentSms
from ..gsm.sms_text import plan_sms
from ..helpers import translated_error
from ..runtime import loaded_hubs

if TYPE_CHECKING:
    from ..coordinator import HubCoordinator


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
