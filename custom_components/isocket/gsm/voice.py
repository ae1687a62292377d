"""Outgoing voice calls: ring a number, learn whether it was answered, hang up.

``ATD<number>;`` answers ``OK`` as soon as the call is set up (SIM800 and most
modems with ``+COLP`` off); how the call goes on is learned two ways:

- a call-progress code the modem sends by itself (``BUSY``: the callee
  refused; ``NO CARRIER``/``NO ANSWER``: the network ended it), and
- ``AT+CLCC`` polled once a second: the mobile-originated call's ``<stat>``
  turns 0 (active) when the callee picks up.

The caller hangs up (``ATH``, ``AT+CHUP`` for modems that want it) as soon as
the call is answered, refused or rang its time out: nothing here ever talks,
the ring is the message. A call that was answered and hung up between two
polls reads as ended by the network (`CallOutcome.UNREACHABLE`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from .budget import SmsBudget
from .errors import AtCommandError, CallBudgetExceededError
from .urc import CallEnded, split_params

# Ring at most this long (a network gives up after about 60 s; some after 120 s).
MAX_RING_SECONDS = 120.0
DEFAULT_RING_SECONDS = 30.0
CLCC_POLL = 1.0  # seconds between two looks at the call's state

# ``+CLCC: <id>,<dir>,<stat>,...``: dir 0 = we called; stat 0 = active (answered)
_DIR_OUTGOING = "0"
_STAT_ACTIVE = "0"


class CallOutcome(StrEnum):
    """How an outgoing call ended."""

    ANSWERED = "answered"  # picked up (then we hung up at once)
    REJECTED = "rejected"  # the callee refused it (BUSY)
    RANG_OUT = "rang_out"  # rang the asked time, nobody answered
    UNREACHABLE = "unreachable"  # the network ended it (switched off, no coverage)


@dataclass(frozen=True, slots=True)
class CallResult:
    """An outgoing call's outcome and how long it rang (seconds)."""

    outcome: CallOutcome
    rang: float

    @property
    def answered(self) -> bool:
        """Whether somebody picked up."""
        return self.outcome is CallOutcome.ANSWERED


class CallBudget(SmsBudget):
    """The day's call cap: the SMS budget's counting, its own error."""

    def check(self, parts: int = 1) -> None:
        """Raise `CallBudgetExceededError` if ``parts`` more calls pass the cap."""
        count = self.count
        if self.max_per_day and count + parts > self.max_per_day:
            raise CallBudgetExceededError(count, self.max_per_day)


def outcome_of_end(reason: str) -> CallOutcome:
    """What a call-progress code that ended our call before an answer means."""
    return CallOutcome.REJECTED if reason == "BUSY" else CallOutcome.UNREACHABLE


def outgoing_answered(lines: list[str]) -> bool | None:
    """From ``AT+CLCC`` lines: True answered, False still ringing, None no call."""
    for line in lines:
        if not line.startswith("+CLCC:"):
            continue
        params = split_params(line.removeprefix("+CLCC:"))
        if len(params) > 2 and params[1] == _DIR_OUTGOING:
            return params[2] == _STAT_ACTIVE
    return None


type Command = Callable[[str], Awaitable[list[str]]]


class OutgoingCall:
    """Follows one outgoing call; fed with the modem's call-progress URCs."""

    def __init__(self, *, poll: float = CLCC_POLL) -> None:
        """Nothing dialled yet."""
        self._poll = poll
        self._ended: asyncio.Future[str] | None = None

    def on_urc(self, urc: object) -> None:
        """A call-progress code ends the call we follow (if any)."""
        if isinstance(urc, CallEnded) and self._ended and not self._ended.done():
            self._ended.set_result(urc.reason)

    async def ring(
        self, command: Command, number: str, ring_seconds: float
    ) -> CallResult:
        """Dial ``number`` (a checked dial string) and follow the call.

        ``command`` sends one AT command and returns its lines. The call is
        not hung up here: the caller does that whatever happens.
        """
        loop = asyncio.get_running_loop()
        self._ended = loop.create_future()
        started = loop.time()
        try:
            await command(f"ATD{number};")
        except AtCommandError as err:
            if err.final in ("BUSY", "NO CARRIER", "NO ANSWER"):
                return CallResult(outcome_of_end(err.final), 0.0)
            raise
        try:
            outcome = await self._follow(command, loop.time() + ring_seconds)
        finally:
            self._ended = None
        return CallResult(outcome, round(loop.time() - started, 3))

    async def _follow(self, command: Command, deadline: float) -> CallOutcome:
        loop = asyncio.get_running_loop()
        ended = self._ended
        assert ended is not None
        poll: float | None = self._poll  # None: the modem has no AT+CLCC
        while (left := deadline - loop.time()) > 0:
            try:
                reason = await asyncio.wait_for(
                    asyncio.shield(ended), min(poll or left, left)
                )
            except TimeoutError:
                pass
            else:
                return outcome_of_end(reason)
            if poll is None or loop.time() >= deadline:
                continue
            try:
                state = outgoing_answered(await command("AT+CLCC"))
            except AtCommandError:
                poll = None  # only the progress codes can tell from now on
                continue
            if ended.done():
                return outcome_of_end(ended.result())
            if state is True:
                return CallOutcome.ANSWERED
            if state is None:  # gone without a code we saw
                return CallOutcome.UNREACHABLE
        return CallOutcome.RANG_OUT
