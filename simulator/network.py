"""The simulated GSM network: SMS and voice calls between subscribers.

Subscribers (the modem, phones, iSocket emulators) attach with their number.
SMS travel with a configurable latency and loss (seeded, so runs repeat);
the network takes ``submit_time`` seconds to accept each submitted SMS (a
real one answers ``AT+CMGS`` after 1-6 s; 0 where a test wants speed);
a message to a number that is not attached waits in the network (store and
forward) until that number attaches. Every SMS handed to the network lands in
``sent_log`` so tests can count what a scenario cost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
import functools
import logging
import random
from typing import Literal, Protocol, runtime_checkable

from .clock import SimClock

try:
    from custom_components.isocket.gsm.numbers import numbers_match
except ImportError:  # pragma: no cover - until gsm/numbers.py lands

    def numbers_match(a: str, b: str, region: str | None = None) -> bool:
        """Compare the trailing nine significant digits (spec §6 style)."""
        da = "".join(ch for ch in a if ch.isdigit()).lstrip("0")
        db = "".join(ch for ch in b if ch.isdigit()).lstrip("0")
        if not da or not db:
            return a.strip() == b.strip()
        return da[-9:] == db[-9:]


_LOGGER = logging.getLogger(__name__)

DEFAULT_USSD_REPLY = "Your credit is 10.00 EUR. Valid until 31.12.2027."


@dataclass(frozen=True, slots=True)
class UssdReply:
    """What the network answers to a USSD code.

    ``status`` is the ``+CUSD: <m>`` (0 done, 1 menu: more input wanted,
    2 terminated, 4 not supported, 5 time-out); None: the network never answers.
    ``encoding`` picks the DCS: GSM 7-bit (15) or UCS2 (72).
    """

    text: str = DEFAULT_USSD_REPLY
    encoding: Literal["gsm7", "ucs2"] = "gsm7"
    status: int | None = 0


@dataclass(frozen=True, slots=True)
class NetworkSms:
    """One SMS as the network carries it (text level; PDUs are the modem's business)."""

    sender: str
    recipient: str
    text: str
    timestamp: datetime
    reference: int
    status_report: bool = False
    parts: int = 1  # concatenated SMS cost one SMS per part
    #: the sender is a name (TON alphanumeric), as bulk-SMS providers rent them
    alphanumeric_sender: bool = False
    flash: bool = False  # class 0: the phone shows it at once and keeps it not


@dataclass(frozen=True, slots=True)
class NetworkStatusReport:
    """Delivery outcome of an SMS sent with ``status_report=True``."""

    reference: int
    sender: str
    recipient: str
    timestamp: datetime  # when the SMS was handed to the network
    discharge: datetime  # when it was delivered (or given up)
    delivered: bool


@runtime_checkable
class Subscriber(Protocol):
    """Anything with a number that can receive SMS and calls.

    A subscriber may also define ``status_report(report: NetworkStatusReport)``
    to receive delivery reports for the SMS it sent with ``status_report=True``.
    """

    number: str

    def receive_sms(self, sms: NetworkSms) -> None:
        """An SMS arrived for this subscriber."""

    def incoming_call(self, call: Call) -> None:
        """Somebody calls this subscriber; ``call.state`` is ``ringing``."""


class CallState(StrEnum):
    """Life of a call: ringing, then exactly one of the other states."""

    RINGING = "ringing"
    ANSWERED = "answered"
    REJECTED = "rejected"  # the callee refused (or was busy)
    ENDED = "ended"  # answered, then hung up by either side
    UNANSWERED = "unanswered"  # the caller gave up, or the callee was unreachable


# (current state, action) -> next state; anything else is a no-op
_TRANSITIONS: dict[tuple[CallState, str], CallState] = {
    (CallState.RINGING, "answer"): CallState.ANSWERED,
    (CallState.RINGING, "reject"): CallState.REJECTED,
    (CallState.RINGING, "hangup"): CallState.UNANSWERED,
    (CallState.ANSWERED, "hangup"): CallState.ENDED,
}


@dataclass(eq=False)
class Call:
    """A voice call. ``caller`` is what the callee sees (``None`` when hidden)."""

    caller: str | None
    callee: str
    origin: str = ""  # the real calling number, even when hidden
    started: datetime | None = None
    state: CallState = CallState.RINGING
    ended_by: str | None = None  # number of the party that ended it, if known
    reason: str | None = None  # e.g. "busy", "unreachable"
    rang_until: datetime | None = None  # when it stopped ringing (any way)
    _clock: SimClock | None = field(default=None, repr=False)
    _listeners: list[Callable[[Call], None]] = field(default_factory=list, repr=False)

    @property
    def rang_seconds(self) -> float | None:
        """How long it rang; None while it still rings."""
        if self.rang_until is None or self.started is None:
            return None
        return (self.rang_until - self.started).total_seconds()

    @property
    def active(self) -> bool:
        """Still ringing or in conversation."""
        return self.state in (CallState.RINGING, CallState.ANSWERED)

    def answer(self) -> None:
        """The callee picks up."""
        self._apply("answer", self.callee)

    def reject(self, *, reason: str | None = None) -> None:
        """The callee refuses the call while it rings."""
        self._apply("reject", self.callee, reason)

    def hangup(self, by: str | None = None) -> None:
        """Either side ends the call (before the answer: the caller gives up)."""
        self._apply("hangup", by)

    def add_listener(self, callback: Callable[[Call], None]) -> Callable[[], None]:
        """Call ``callback(call)`` on every state change; returns an unsubscribe."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback)

    def _apply(self, action: str, by: str | None, reason: str | None = None) -> None:
        new = _TRANSITIONS.get((self.state, action))
        if new is None:
            return
        if self.state is CallState.RINGING and self._clock is not None:
            self.rang_until = self._clock.utcnow()
        self.state = new
        if new is not CallState.ANSWERED:
            self.ended_by = by
            self.reason = reason
        for listener in list(self._listeners):
            listener(self)


class GsmNetwork:
    """In-process GSM network with latency, loss and store-and-forward."""

    def __init__(
        self,
        clock: SimClock,
        *,
        latency: float = 0.0,
        loss: float = 0.0,
        seed: int = 0,
        submit_time: float = 0.0,
    ) -> None:
        """Carry SMS after ``latency`` seconds, losing a fraction ``loss`` of them.

        ``submit_time``: seconds before the network confirms a submitted SMS
        (the modem's ``+CMGS`` answer waits for it).
        """
        self.clock = clock
        self.latency = latency
        self.submit_time = submit_time
        self.loss = loss
        self._random = random.Random(seed)
        self._subscribers: list[Subscriber] = []
        self._pending: list[NetworkSms] = []  # recipient not attached yet
        self._references: dict[str, int] = {}
        self.sent_log: list[NetworkSms] = []
        self.lost_log: list[NetworkSms] = []
        self.call_log: list[Call] = []
        # code -> reply (a plain text is a GSM 7-bit answer); default below
        self.ussd_replies: dict[str, UssdReply | str] = {}
        self.default_ussd_reply = DEFAULT_USSD_REPLY
        self.ussd_log: list[tuple[str, str]] = []  # (sender, code) of each request

    # -- subscribers ----------------------------------------------------------

    def attach(self, sub: Subscriber) -> None:
        """Put ``sub`` on the network and hand it any SMS that waited for it."""
        if sub not in self._subscribers:
            self._subscribers.append(sub)
        waiting = [
            sms for sms in self._pending if numbers_match(sms.recipient, sub.number)
        ]
        for sms in waiting:
            self._pending.remove(sms)
            self.clock.call_later(self.latency, functools.partial(self._deliver, sms))

    def detach(self, sub: Subscriber) -> None:
        """Take ``sub`` off the network (SMS to it will wait)."""
        if sub in self._subscribers:
            self._subscribers.remove(sub)

    def find(self, number: str) -> Subscriber | None:
        """The attached subscriber with this number, if any."""
        for sub in self._subscribers:
            if numbers_match(sub.number, number):
                return sub
        return None

    # -- SMS ------------------------------------------------------------------

    def send_sms(
        self,
        sender: str,
        recipient: str,
        text: str,
        *,
        status_report: bool = False,
        parts: int = 1,
        alphanumeric_sender: bool = False,
        flash: bool = False,
    ) -> int:
        """Accept an SMS for delivery; returns its message reference (0-255).

        ``parts`` is how many concatenated SMS carried ``text`` (for cost counts).
        ``alphanumeric_sender`` presents ``sender`` as a name (TON 101), even
        one made of digits, as a bulk-SMS provider can.
        """
        reference = self._references.get(sender, 0) % 256
        self._references[sender] = reference + 1
        sms = NetworkSms(
            sender,
            recipient,
            text,
            self.clock.utcnow(),
            reference,
            status_report,
            parts,
            alphanumeric_sender,
            flash,
        )
        self.sent_log.append(sms)
        if self._random.random() < self.loss:
            self.lost_log.append(sms)
            _LOGGER.debug("network lost %s", sms)
            if status_report:
                self.clock.call_later(self.latency, lambda: self._report(sms, False))
            return reference
        self.clock.call_later(self.latency, lambda: self._deliver(sms))
        return reference

    def pending_for(self, number: str) -> list[NetworkSms]:
        """SMS waiting in the network for ``number`` to attach."""
        return [sms for sms in self._pending if numbers_match(sms.recipient, number)]

    def _deliver(self, sms: NetworkSms) -> None:
        sub = self.find(sms.recipient)
        if sub is None:
            self._pending.append(sms)
            return
        sub.receive_sms(sms)
        if sms.status_report:
            self._report(sms, True)

    def _report(self, sms: NetworkSms, delivered: bool) -> None:
        sender = self.find(sms.sender)
        handler = getattr(sender, "status_report", None)
        if handler is None:
            return
        handler(
            NetworkStatusReport(
                sms.reference,
                sms.sender,
                sms.recipient,
                sms.timestamp,
                self.clock.utcnow(),
                delivered,
            )
        )

    # -- calls ------------------------------------------------------------------

    def call(self, caller: str, callee: str, *, hide_caller_id: bool = False) -> Call:
        """Start a call; the callee hears it ring after ``latency`` seconds.

        Nobody times the ring out here: the caller gives up with ``hangup()``
        (the iSocket emulator rings each alert number for 20 s).
        """
        call = Call(
            None if hide_caller_id else caller,
            callee,
            origin=caller,
            started=self.clock.utcnow(),
            _clock=self.clock,
        )
        self.call_log.append(call)
        self.clock.call_later(self.latency, lambda: self._ring(call))
        return call

    def _ring(self, call: Call) -> None:
        if not call.active:
            return  # the caller gave up before it reached the callee
        sub = self.find(call.callee)
        if sub is None:
            call._apply("hangup", None, "unreachable")
            return
        busy = any(
            other is not call
            and other.active
            and (
                numbers_match(other.callee, call.callee)
                or numbers_match(other.origin, call.callee)
            )
            for other in self.call_log
        )
        if busy:
            call.reject(reason="busy")
            return
        sub.incoming_call(call)

    # -- USSD -------------------------------------------------------------------

    def ussd(self, sender: str, code: str) -> str:
        """The text answering a USSD request (a credit query unless configured)."""
        return self.ussd_answer(sender, code).text

    def ussd_answer(self, sender: str, code: str) -> UssdReply:
        """Answer a USSD request (a credit query unless configured otherwise)."""
        self.ussd_log.append((sender, code))
        reply = self.ussd_replies.get(code, self.default_ussd_reply)
        return UssdReply(reply) if isinstance(reply, str) else reply
