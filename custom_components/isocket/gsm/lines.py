"""Framing: split the modem's byte stream into AT lines and the ``> `` prompt.

The splitter only frames; it knows nothing about commands or URCs. Modems end
lines with ``\\r\\n``, some with ``\\r\\r\\n`` and some drop the ``\\n``, so any run
of ``\\r``/``\\n`` ends a line and empty lines vanish.
"""

from __future__ import annotations

from dataclasses import dataclass
import re

# A line that never ends (garbage, a stuck modem) must not grow without bound.
MAX_LINE = 4096
_PROMPT = b"> "
_SPLIT = re.compile(rb"[\r\n]+")


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

    def feed(self, data: bytes) -> list[str | Prompt]:
        """Add bytes; return every line completed by them, in order."""
        *complete, rest = _SPLIT.split(self._buffer + data)
        out: list[str | Prompt] = [
            line for raw in complete if (line := decode_line(raw))
        ]
        # The prompt is never followed by a line end: the modem waits for us.
        if rest == _PROMPT:
            out.append(PROMPT)
            rest = b""
        elif len(rest) > MAX_LINE:
            if line := decode_line(rest):
                out.append(line)
            rest = b""
        self._buffer = rest
        return out
