"""Delivery reports: which sent message a status report belongs to.

A message sent with ``status_report=True`` gets one report per part, each
naming the part's message reference (TP-MR, what ``+CMGS`` answered) and the
recipient. References are a single octet and wrap, so a report matches only a
reference that is still waited for *and* the same recipient.

TP-ST (TS 23.040 §9.2.3.15): 0x00-0x1F the message was delivered (or
replaced), 0x20-0x3F the service centre is still trying (not final: another
report follows), 0x40 and up it gave up. A report can reach us before the
sender has registered the references (the modem answers ``+CMGS`` and the
report may follow in the same read), so a few unmatched reports are kept and
looked at when references are registered.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Iterable
import contextlib
from enum import StrEnum

from .listeners import Listeners
from .numbers import numbers_match
from .pdu import StatusReport

# How many unmatched reports to keep for references not registered yet, and
# how many deliveries to track at most (references are one octet: beyond 256
# open ones they are ambiguous anyway; the oldest is dropped).
UNMATCHED_KEPT = 32
OPEN_KEPT = 256
_STILL_TRYING = range(0x20, 0x40)


class DeliveryStatus(StrEnum):
    """Where a message stands: every part delivered, one failed, or not known yet."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


def is_final(report: StatusReport) -> bool:
    """False while the service centre still tries (TP-ST 0x20-0x3F)."""
    return report.status not in _STILL_TRYING


class Delivery:
    """The delivery of one (possibly multipart) message to one recipient."""

    def __init__(self, recipient: str, references: Iterable[int]) -> None:
        """Wait for a final report for each reference."""
        self.recipient = recipient
        self.references = tuple(references)
        self.reports: dict[int, StatusReport] = {}
        self._changed = asyncio.Event()
        self._listeners = Listeners[Delivery]("delivery")

    @property
    def status(self) -> DeliveryStatus:
        """FAILED once any part failed; DELIVERED once all were delivered."""
        final = [r for r in self.reports.values() if is_final(r)]
        if any(not report.delivered for report in final):
            return DeliveryStatus.FAILED
        if len(final) == len(self.references):
            return DeliveryStatus.DELIVERED
        return DeliveryStatus.PENDING

    @property
    def done(self) -> bool:
        """Whether the status is final."""
        return self.status is not DeliveryStatus.PENDING

    def add_listener(self, callback: Callable[[Delivery], None]) -> Callable[[], None]:
        """Hear every report that changes this delivery; returns an unsubscribe."""
        return self._listeners.add(callback)

    async def wait(self, timeout: float) -> DeliveryStatus:  # noqa: ASYNC109
        """Wait up to ``timeout`` seconds for a final status; return the status.

        A timeout is no error: the status is then still PENDING (reports can
        take days when the phone is off).
        """
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while not self.done:
                    self._changed.clear()
                    await self._changed.wait()
        return self.status

    def add(self, report: StatusReport) -> None:
        """Take a report for one of our references."""
        self.reports[report.reference] = report
        self._changed.set()
        self._listeners.notify(self)


class DeliveryTracker:
    """Hands status reports to the `Delivery` they belong to."""

    def __init__(self) -> None:
        """Nothing tracked yet."""
        self._open: deque[Delivery] = deque(maxlen=OPEN_KEPT)
        self._unmatched: deque[StatusReport] = deque(maxlen=UNMATCHED_KEPT)

    @property
    def open(self) -> list[Delivery]:
        """Deliveries still waiting for a final report."""
        return list(self._open)

    def expect(self, recipient: str, references: Iterable[int]) -> Delivery:
        """Track a message sent to ``recipient`` with these part references."""
        delivery = Delivery(recipient, references)
        self._open.append(delivery)
        for report in list(self._unmatched):
            if self._offer(delivery, report):
                self._unmatched.remove(report)
        self._close_if_done(delivery)
        return delivery

    def handle(self, report: StatusReport) -> None:
        """Match a report (a status report listener); kept a while if none waits."""
        for delivery in self._open:
            if self._offer(delivery, report):
                self._close_if_done(delivery)
                return
        self._unmatched.append(report)

    def forget(self, delivery: Delivery) -> None:
        """Stop tracking ``delivery`` (the caller gave up on it)."""
        with contextlib.suppress(ValueError):
            self._open.remove(delivery)

    @staticmethod
    def _offer(delivery: Delivery, report: StatusReport) -> bool:
        previous = delivery.reports.get(report.reference)
        waiting = report.reference in delivery.references and (
            previous is None or not is_final(previous)
        )
        if not waiting or not numbers_match(report.recipient, delivery.recipient):
            return False
        delivery.add(report)
        return True

    def _close_if_done(self, delivery: Delivery) -> None:
        if delivery.done:
            self.forget(delivery)
