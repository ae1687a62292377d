"""The receive pipeline's one entry point: what a message from the device means.

:func:`interpret` decides in this order (issue 18, "precision first"):

1. the strict reply shapes of :func:`.replies.parse_reply` (an exact shape);
2. only when no reply shape fits, the alerts, most certain first:

   a. the exact alert shapes of :func:`.alerts.exact_alert` (the spec's models);
   b. a shape the owner taught (``taught``, see :class:`TaughtShapes`);
   c. the keyword families of :func:`.alerts.classify_alert`, which refuse a
      text holding a negation, a contradiction or two families at once, and
      are not asked about a text holding a reply's field label (`ALARM
      status:`, `Signal:` …): that is a reply no shape accepts;

   an alert is never matched against the pending commands: it is unsolicited;
3. the correlator: does the reply answer a pending command? Only a text of no
   known shape at all can be the free-text answer to a pending CREDIT or
   SIMCARD (:class:`.results.CreditText`), so a pending command never swallows
   a message that has a shape of its own;
4. a loose reply shape (a model name, serial number, firmware, and the
   sentence of an empty alarm log or scheduler list, which the manual never
   quotes) counts only as the answer to its command: unasked, `iSocket
   started` and `No alarm` are unknown;
5. anything else stays :class:`.results.Unknown`: the caller surfaces it (event,
   message log, diagnostics, one repair per :func:`message_shape`).

``Interpretation.recognised_by`` says which step recognised the result
(:class:`Recognition`); alert events carry it. Pass ``Interpretation.solicited``
on to ``DeviceState.apply``: a reply nobody waits for never overwrites what the
state knows (see ``state_updates``); ``Interpretation.unsolicited_reply`` tells
the caller to surface it anyway (nothing received is dropped).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
import re
from typing import Final, Protocol

from .alerts import classify_alert, exact_alert
from .correlation import Correlator, Pending
from .replies import parse_reply
from .reply_fields import split_lines
from .results import (
    AlarmLog,
    Category,
    Firmware,
    Hardware,
    Result,
    ScheduleList,
    SerialNumber,
    Unknown,
)

_DIGITS: Final = re.compile(r"\d+")
# Field labels of the device's replies (not `TEMP:`/`Time:`, which alerts quote):
# a text holding one that no reply shape accepts is a reply we cannot read, and
# never an alert by its words (`ALARM status: Sensor activated`).
_REPLY_LABEL: Final = re.compile(
    r"^(?:ALARM\s+status|ALARMF|ALARM\s+function|Signal|Sensors?(?:\(s\))?)\s*:",
    re.IGNORECASE | re.MULTILINE,
)
# Shapes loose enough to be meant only as the answer to their command
# (`iSocket started` would read as a model name).
_ANSWERS_ONLY: Final = (Hardware, SerialNumber, Firmware)


def _answers_only(reply: Result) -> bool:
    """Whether ``reply`` can only be meant as the answer to its command.

    Besides the loose shapes of :data:`_ANSWERS_ONLY`: an alarm log or
    scheduler list without a single entry is a `No …` / `… empty` sentence
    (the manual quotes none), and `No alarm` unasked is no empty log.
    """
    if isinstance(reply, _ANSWERS_ONLY):
        return True
    if isinstance(reply, AlarmLog):
        return not reply.entries
    if isinstance(reply, ScheduleList):
        return not reply.rules
    return False


class Recognition(StrEnum):
    """How a message was recognised, most certain first."""

    EXACT = "exact"  # a reply shape or an exact alert shape
    TAUGHT = "taught"  # a shape the owner taught
    KEYWORDS = "keywords"  # an alert keyword family, unambiguous in the text


class TaughtShapes(Protocol):
    """Shapes the owner taught (issue 18): consulted after the exact shapes."""

    def recognise(self, text: str) -> Result | None:
        """The result a taught shape gives ``text``, ``None`` when none fits."""


@dataclass(frozen=True, slots=True)
class Interpretation:
    """A message's meaning: the result to apply and the command it answered."""

    result: Result
    #: The completed command, ``None`` when the message answered none.
    pending: Pending | None = None
    #: How the result was recognised; ``None`` for an unknown message.
    recognised_by: Recognition | None = None

    @property
    def solicited(self) -> bool:
        """Whether the message answers a command we sent (and is trusted as such)."""
        return self.pending is not None

    @property
    def unsolicited_reply(self) -> bool:
        """A reply (or error reply) no pending command waits for."""
        return self.pending is None and self.result.category in {
            Category.REPLY,
            Category.ERROR,
        }


def recognise_alert(
    text: str, taught: TaughtShapes | None = None
) -> tuple[Result, Recognition] | None:
    """Step 2 of :func:`interpret` alone: exact, taught, then keywords."""
    if (alert := exact_alert(text)) is not None:
        return alert, Recognition.EXACT
    if taught is not None and (learned := taught.recognise(text)) is not None:
        return learned, Recognition.TAUGHT
    if _REPLY_LABEL.search("\n".join(split_lines(text))):
        return None  # a reply we cannot read: its words are no alert
    if (alert := classify_alert(text)) is not None:
        return alert, Recognition.KEYWORDS
    return None


def interpret(
    text: str,
    correlator: Correlator,
    now: float,
    *,
    taught: TaughtShapes | None = None,
) -> Interpretation:
    """Classify ``text`` against the pending commands of ``correlator`` at ``now``.

    ``now`` is the correlator's clock (seconds). A matched command is completed
    in the correlator; the caller resolves whoever waits for it.
    """
    reply = parse_reply(text)
    if reply.category is Category.UNKNOWN:
        found = recognise_alert(text, taught)
        if found is not None:
            # an alert (or taught information) answers no command
            return Interpretation(found[0], None, found[1])
    pending = correlator.match(reply, now)
    if pending is not None:
        # free text taken as the CREDIT/SIMCARD answer has no shape to name
        how = None if reply.category is Category.UNKNOWN else Recognition.EXACT
        return Interpretation(pending.result or reply, pending, how)
    if _answers_only(reply):
        return Interpretation(Unknown(raw=text))
    if reply.category is Category.UNKNOWN:
        return Interpretation(reply)
    return Interpretation(reply, None, Recognition.EXACT)


def message_shape(text: str) -> str:
    """``text`` with every number masked (`#`): the same for every message of one shape.

    Dashes, spaces and line endings are normalised as the parser sees them, so
    `TEMP: 36C` and `TEMP:  5C` share a shape. Masking also keeps phone numbers
    out of repair issues. Use it as the key of "one repair per new shape".
    """
    return "\n".join(_DIGITS.sub("#", line) for line in split_lines(text))
