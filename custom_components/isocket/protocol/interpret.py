"""The receive pipeline's one entry point: what a message from the device means.

:func:`interpret` decides in this order (issue 9 §1):

1. the strict reply shapes of :func:`.replies.parse_reply`;
2. the correlator: does the result answer a pending command? (free text then
   answers a pending CREDIT/SIMCARD as :class:`.results.CreditText`);
3. only when nothing was matched and no reply shape fitted: the alert keyword
   families of :mod:`.alerts` (so an alert word never hijacks a reply, and an
   alert never completes a command);
4. anything else stays :class:`.results.Unknown`: the caller surfaces it (event,
   message log, diagnostics, one repair per :func:`message_shape`).

Pass ``Interpretation.solicited`` on to ``DeviceState.apply``: a reply nobody
waits for never overwrites what the state knows (see ``state_updates``).
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import Final

from .alerts import classify_alert
from .correlation import Correlator, Pending
from .replies import parse_reply
from .reply_fields import split_lines
from .results import Category, Result

_DIGITS: Final = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Interpretation:
    """A message's meaning: the result to apply and the command it answered."""

    result: Result
    #: The completed command, ``None`` when the message answered none.
    pending: Pending | None = None

    @property
    def solicited(self) -> bool:
        """Whether the message answers a command we sent (and is trusted as such)."""
        return self.pending is not None


def interpret(text: str, correlator: Correlator, now: float) -> Interpretation:
    """Classify ``text`` against the pending commands of ``correlator`` at ``now``.

    ``now`` is the correlator's clock (seconds). A matched command is completed
    in the correlator; the caller resolves whoever waits for it.
    """
    reply = parse_reply(text)
    pending = correlator.match(reply, now)
    if pending is not None:
        return Interpretation(pending.result or reply, pending)
    if reply.category is Category.UNKNOWN:
        return Interpretation(classify_alert(text) or reply)
    return Interpretation(reply)


def message_shape(text: str) -> str:
    """``text`` with every number masked (`#`): the same for every message of one shape.

    Dashes, spaces and line endings are normalised as the parser sees them, so
    `TEMP: 36C` and `TEMP:  5C` share a shape. Masking also keeps phone numbers
    out of repair issues. Use it as the key of "one repair per new shape".
    """
    return "\n".join(_DIGITS.sub("#", line) for line in split_lines(text))
