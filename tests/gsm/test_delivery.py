"""Status reports matched to the messages they belong to."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from custom_components.isocket.gsm.delivery import (
    OPEN_KEPT,
    UNMATCHED_KEPT,
    Delivery,
    DeliveryStatus,
    DeliveryTracker,
)
from custom_components.isocket.gsm.pdu import StatusReport

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
PHONE = "+491702222222"


def report(reference: int, status: int = 0, recipient: str = PHONE) -> StatusReport:
    """A status report as the codec decodes it."""
    return StatusReport(reference, recipient, NOW, NOW, status)


def test_multipart_delivered_when_every_part_is() -> None:
    """One report per part; delivered only when all are in."""
    tracker = DeliveryTracker()
    delivery = tracker.expect(PHONE, [7, 8])
    tracker.handle(report(7))
    assert delivery.status is DeliveryStatus.PENDING
    tracker.handle(report(8, recipient="01702222222"))  # national form: same phone
    assert delivery.status is DeliveryStatus.DELIVERED
    assert tracker.open == []


def test_still_trying_then_final() -> None:
    """TP-ST 0x20-0x3F is not final; the next report for the part decides."""
    tracker = DeliveryTracker()
    delivery = tracker.expect(PHONE, [3])
    tracker.handle(report(3, 0x30))
    assert not delivery.done
    tracker.handle(report(3, 0x46))  # validity expired: given up
    assert delivery.status is DeliveryStatus.FAILED
    assert delivery.reports[3].status == 0x46


def test_reference_of_another_recipient_does_not_match() -> None:
    """References wrap: the recipient must match too."""
    tracker = DeliveryTracker()
    delivery = tracker.expect(PHONE, [9])
    tracker.handle(report(9, recipient="+4915100000099"))
    assert delivery.status is DeliveryStatus.PENDING


def test_report_before_registration_is_kept() -> None:
    """A report that overtakes the registration of its reference still matches."""
    tracker = DeliveryTracker()
    tracker.handle(report(5))
    delivery = tracker.expect(PHONE, [5])
    assert delivery.status is DeliveryStatus.DELIVERED
    assert tracker.open == []


def test_unmatched_and_open_are_bounded() -> None:
    """Nothing grows without bound: old unmatched reports and deliveries drop out."""
    tracker = DeliveryTracker()
    for reference in range(UNMATCHED_KEPT + 1):
        tracker.handle(report(reference % 256, recipient="+4915100000099"))
    first = tracker.expect(PHONE, [0])
    for reference in range(OPEN_KEPT):
        tracker.expect(PHONE, [reference % 256])
    assert first not in tracker.open
    assert len(tracker.open) == OPEN_KEPT


async def test_wait_returns_the_final_status() -> None:
    """wait() wakes on the report; a timeout leaves the status pending."""
    tracker = DeliveryTracker()
    delivery = tracker.expect(PHONE, [1])
    assert await delivery.wait(0.01) is DeliveryStatus.PENDING
    heard: list[Delivery] = []
    delivery.add_listener(heard.append)
    delivery.add_listener(lambda d: 1 / 0)  # a broken listener harms nobody
    waiting = asyncio.create_task(delivery.wait(1.0))
    await asyncio.sleep(0)  # the waiter is asleep on the event now
    assert not waiting.done()
    tracker.handle(report(1))
    assert await waiting is DeliveryStatus.DELIVERED
    assert heard == [delivery]
    tracker.forget(delivery)  # already gone: no error


def test_unsubscribe() -> None:
    """An unsubscribed listener hears nothing."""
    delivery = Delivery(PHONE, [1])
    heard: list[Delivery] = []
    delivery.add_listener(heard.append)()
    delivery.add(report(1))
    assert heard == []
