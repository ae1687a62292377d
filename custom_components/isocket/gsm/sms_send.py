"""Sending: SMS-SUBMIT PDUs through ``AT+CMGS`` with bounded retries.

This is the single way out for every SMS: the text was checked and planned
(`sms_text.plan_sms`), the number is encoded before anything is sent, and the
day's budget (`budget.SmsBudget`) is checked for the whole message under the
send lock, so two messages cannot both squeeze under the cap; each part is
counted as it goes out (a timed-out part too, or one whose line was lost
during ``AT+CMGS``: it may have gone).

`NotSentError` promises that nothing of the message went out: the modem was
away, or had no network (``ready`` says so) before the first part went, or
the network refused the first part while the registration was lost. Only
then may a caller send it again later (the HA outbox does); after a first
part it becomes the plain `ModemNotConnectedError`.

Reception goes first: before each part (and each retry) the sender waits at
its ``gate`` (the inbox's `wait_idle`), so announced messages are read and
deleted before the next part goes, and a message never waits behind more
than the one part in flight. The send lock (an `OutgoingLine`) also serves
other outgoing work (`turn`), such as a call that must wait for the SMS in
flight; urgent work (a watchdog step, a restart) goes before queued messages.

``+CMS ERROR`` codes (3GPP TS 27.005 §3.2.5; 1..127 are the RP-causes of
TS 24.011 Annex E) are classified: a retry may help when the network or the
SIM is temporarily unable; it cannot when the number or the message is wrong.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
import contextlib
from dataclasses import dataclass
import logging

from .at import AtEngine
from .budget import SmsBudget
from .delivery import Delivery
from .errors import (
    AtCommandError,
    CommandTimeoutError,
    InvalidNumberError,
    ModemNotConnectedError,
    NotSentError,
    PduEncodeError,
    SmsSendError,
)
from .outgoing_line import OutgoingLine
from .pdu import Encoding, SubmitPdu, encode_submit
from .redact import redact
from .replies import message_reference
from .sms_text import SmsPlan

_LOGGER = logging.getLogger(__name__)

RETRYABLE_CMS: dict[int, str] = {
    38: "network out of order",
    41: "temporary failure",
    42: "congestion",
    47: "resources unavailable",
    314: "SIM busy",
    320: "memory failure",
    322: "memory full",
    331: "no network service",
    332: "network timeout",
    500: "unknown error",  # SIM800 and Quectel use it for transient radio failures
    512: "MM establishment failure",  # 512..515: vendor codes for radio/busy states
    513: "lower layer failure",
    514: "CP error",
    515: "please wait, init or command processing in progress",
}


def is_retryable(cms: int | None) -> bool:
    """Whether a send that failed with this ``+CMS ERROR`` code may succeed later."""
    return cms in RETRYABLE_CMS


@dataclass(slots=True)
class SendPolicy:
    """How hard to try: attempts per part, backoff doubling from ``backoff``."""

    attempts: int = 3
    backoff: float = 2.0
    timeout: float = 60.0  # the network can take this long to confirm


@dataclass(frozen=True, slots=True)
class SentSms:
    """What went out: the parts' message references, encoding and part count.

    ``delivery`` follows the status reports when one was asked for.
    """

    references: tuple[int, ...]
    encoding: Encoding
    parts: int
    delivery: Delivery | None = None


@dataclass(frozen=True, slots=True)
class OutgoingSms:
    """A message encoded and ready to go: its plan and one PDU per part."""

    number: str
    plan: SmsPlan
    pdus: tuple[SubmitPdu, ...]


class SmsSender:
    """Encodes and sends messages; keeps the concatenation reference counter."""

    def __init__(
        self,
        policy: SendPolicy,
        budget: SmsBudget | None = None,
        *,
        gate: Callable[[], Awaitable[None]] | None = None,
        ready: Callable[[], bool] | None = None,
    ) -> None:
        """Start the reference counter at 1 (0 looks like "unset" to some phones).

        ``gate`` is awaited before each part goes (reception first);
        ``ready`` says whether the network can take an SMS now (registered).
        """
        self.policy = policy
        self.budget = budget
        self.gate = gate
        self.ready = ready
        self._concat_reference = 0
        self._lock = OutgoingLine()

    @contextlib.asynccontextmanager
    async def turn(self, *, urgent: bool = False) -> AsyncIterator[None]:
        """Hold the outgoing line: no SMS part goes until the block ends.

        Outgoing work other than SMS (a call) takes its turn here, in order
        with the queued messages and after reception's pending work;
        ``urgent`` work right after the message in flight.
        """
        async with self._lock.hold(urgent=urgent):
            if self.gate is not None:
                await self.gate()
            yield

    def encode(
        self, number: str, plan: SmsPlan, *, status_report: bool, flash: bool = False
    ) -> OutgoingSms:
        """Encode a planned text to ``number``; `InvalidNumberError` if it is none.

        ``flash``: class 0, shown on the phone's screen at once, not stored.
        """
        self._concat_reference = self._concat_reference % 255 + 1
        try:
            pdus = encode_submit(
                number,
                "".join(plan.parts),
                status_report=status_report,
                concat_reference=self._concat_reference,
                flash=flash,
            )
        except PduEncodeError as err:
            raise InvalidNumberError(f"cannot send to {redact(number)!r}") from err
        return OutgoingSms(number, plan, tuple(pdus))

    async def idle(self) -> None:
        """Wait until no message is being sent (a call goes after it)."""
        async with self._lock:
            pass

    async def send(self, engine: AtEngine, message: OutgoingSms) -> list[int]:
        """Send all parts if the budget allows; return their message references."""
        async with self._lock:
            budget = self.budget
            if budget is not None:
                budget.check(len(message.pdus))
            references: list[int] = []
            for part in message.pdus:
                try:
                    references.append(
                        await self._send_part(
                            engine, part.pdu_hex, part.tpdu_length, first=not references
                        )
                    )
                except NotSentError as err:
                    if references:  # parts went: sent again, they would repeat
                        raise ModemNotConnectedError(str(err)) from err
                    raise
                except ModemNotConnectedError:
                    if budget is not None:
                        budget.record()  # lost during AT+CMGS: it may have gone out
                    raise
                except SmsSendError as err:
                    if budget is not None and err.cms is None:
                        budget.record()  # timed out: it may have gone out
                    elif not references and self.ready is not None and not self.ready():
                        # Refused by a network that is gone: nothing went out.
                        raise NotSentError("no network registration") from err
                    raise
                if budget is not None:
                    budget.record()
            return references

    async def _send_part(
        self, engine: AtEngine, pdu: str, length: int, *, first: bool
    ) -> int:
        policy = self.policy
        for attempt in range(1, policy.attempts + 1):
            if self.gate is not None:
                await self.gate()
            if first and attempt == 1 and self.ready is not None and not self.ready():
                raise NotSentError("no network registration")
            try:
                lines = await engine.command(
                    f"AT+CMGS={length}", pdu=pdu, timeout=policy.timeout
                )
            except AtCommandError as err:
                retryable = is_retryable(err.cms)
                gone = self.ready is not None and not self.ready()  # no network
                if not retryable or attempt == policy.attempts or gone:
                    raise SmsSendError(err.cms, retryable) from err
                _LOGGER.debug("send attempt %d failed (%s), retrying", attempt, err.cms)
                await asyncio.sleep(policy.backoff * 2 ** (attempt - 1))
                continue
            except CommandTimeoutError as err:
                # The message may have gone out; a retry could send it twice.
                raise SmsSendError(None, retryable=True) from err
            reference = message_reference(lines)
            return reference if reference is not None else 0
        raise SmsSendError(None, retryable=True)  # pragma: no cover - loop returns
