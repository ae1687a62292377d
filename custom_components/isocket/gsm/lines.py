"""Framing: split the modem's byte stream into AT lines and the ``> `` prompt.

The splitter only frames; it knows nothing about commands or URCs. Modems end
lines with ``\\r\\n``, some with ``\\r\\r\\n`` and some drop the ``\\n``, so any run
of ``\\r``/``\\n`` ends a line and empty lines vanish.

One exception keeps a result code whole: the quoted string of ``+CUSD:`` may
hold line breaks (a USSD answer of several lines, 27.007 §7.15), so a
``+CUSD:`` line with an unclosed quote continues, joined with ``\\n``, up to the
line that closes it. A mangled answer (a stray ``"`` in the text) must not
swallow what follows: a final result code, a line that looks like a result
code of its own (``+CMTI:``, ``^RSSI:``, ``*PSUTTZ:``, ``RING``...) or a PDU
(hex only) ends the wait and is handed on as itself, as do too many lines.
The engine lets a held line go (`release`) when nothing follows it.
"""

from __future__ import annotations

from dataclasses import dataclass
import re

# A line that never ends (garbage, a stuck modem) must not grow without bound.
MAX_LINE = 4096
_PROMPT = b"> "
_SPLIT = re.compile(rb"[\r\n]+")
_QUOTED = ("+CUSD:",)
MAX_JOINED = 16
_FINALS = ("OK", "ERROR", "+CME ERROR:", "+CMS ERROR:")
# Lines that are never the continuation of a USSD text: result codes
# (``+CMTI: ...``, ``^RSSI: 5``, ``*PSUTTZ: ...``), the bare URCs, and PDUs.
_OWN_LINE = re.compile(
    r"[+^*$#%][A-Z][A-Z0-9]*:"
    r"|(?:RING|NO CARRIER|BUSY|NO ANSWER|NO DIALTONE|RDY|Call Ready|SMS Ready)$"
    r"|(?:[0-9A-F]{2}){7,}$"
)


@dataclass(frozen=True, slots=True)
class Prompt:
    """The ``> `` the modem sends after ``AT+CMGS=<n>`` to ask for the PDU."""


PROMPT = Prompt()


def decode_line(raw: bytes) -> str:
    """Decode one line; bytes that are not UTF-8 become U+FFFD, NULs vanish."""
    return raw.replace(b"\x00", b"").decode("utf-8", errors="replace").strip()


class LineSplitter:
    """Turn chunks of bytes into complete lines (``str``) and prompts."""

    def __init__(self) -> None:
        """Start with an empty buffer."""
        self._buffer = b""
        self._held: list[str] | None = None  # a quoted string still open

    def feed(self, data: bytes) -> list[str | Prompt]:
        """Add bytes; return every line completed by them, in order."""
        *complete, rest = _SPLIT.split(self._buffer + data)
        out: list[str | Prompt] = []
        for raw in complete:
            if raw == _PROMPT:
                # A URC right behind the prompt, read in the same chunk, gave
                # the prompt a line end: it is still the prompt, not a line.
                out.append(PROMPT)
            elif line := decode_line(raw):
                out.extend(self._join(line))
        # The prompt is never followed by a line end: the modem waits for us.
        if rest == _PROMPT:
            out.append(PROMPT)
            rest = b""
        elif len(rest) > MAX_LINE:
            if line := decode_line(rest):
                out.extend(self._join(line))
            rest = b""
        self._buffer = rest
        return out

    @property
    def holding(self) -> bool:
        """Whether a quoted string is open, waiting for the line that closes it."""
        return self._held is not None

    def release(self) -> list[str]:
        """Hand on the held lines as they are (nothing came to close the quote)."""
        held, self._held = self._held, None
        return ["\n".join(held)] if held else []

    def _join(self, line: str) -> list[str]:
        """The lines to hand on once ``line`` is read (none while a quote is open)."""
        held = self._held
        if held is None:
            if line.startswith(_QUOTED) and line.count('"') % 2:
                self._held = [line]
                return []
            return [line]
        if line.startswith(_FINALS) or _OWN_LINE.match(line):
            self._held = None
            return ["\n".join(held), *self._join(line)]
        held.append(line)
        if line.count('"') % 2 or len(held) >= MAX_JOINED:
            self._held = None
            return ["\n".join(held)]
        return []
