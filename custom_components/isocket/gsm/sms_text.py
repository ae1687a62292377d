"""What text may go out as an SMS, and how it will go: encoding and parts.

`plan_sms` is the one check every outgoing text passes (device commands and
gateway messages alike) before anything reaches the modem:

- empty (or white-space only) text is refused;
- control characters are refused, except CR and LF, which are legitimate in
  free text (GSM 7-bit has both). Ctrl-Z would end and ESC cancel the modem's
  PDU input if they ever reached it raw; in PDU mode the text travels as hex,
  but refusing them here keeps that true whatever the path. Lone UTF-16
  surrogates cannot be encoded at all;
- GSM 7-bit is chosen when every character fits the default alphabet or its
  extension table (an extension character counts as two septets), else UCS2;
- a long text is split into concatenated parts (153 septets or 67 UCS2 units
  each), and more than ``max_parts`` parts is refused as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import EmptySmsError, SmsForbiddenCharacterError, SmsTooLongError
from .pdu import MAX_PARTS, Encoding, split_message

# C0 controls but CR/LF, DEL, C1 controls, and the surrogate range.
_ALLOWED_CONTROLS = frozenset("\r\n")


def _forbidden(char: str) -> bool:
    code = ord(char)
    if char in _ALLOWED_CONTROLS:
        return False
    return code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF


@dataclass(frozen=True, slots=True)
class SmsPlan:
    """How a text will be sent: its encoding and the text of each part."""

    encoding: Encoding
    parts: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many SMS the text costs."""
        return len(self.parts)


def check_text(text: str) -> None:
    """Refuse empty text and forbidden characters (see the module docstring)."""
    if not text.strip():
        raise EmptySmsError
    for position, char in enumerate(text):
        if _forbidden(char):
            raise SmsForbiddenCharacterError(char, position)


def plan_sms(text: str, max_parts: int | None = None) -> SmsPlan:
    """Check ``text`` and tell how it will be sent; raise before anything is sent.

    ``max_parts`` None allows what concatenation can carry (255 parts).
    """
    if max_parts is not None and max_parts < 1:
        raise ValueError(f"max_parts must be at least 1, not {max_parts}")
    check_text(text)
    limit = MAX_PARTS if max_parts is None else min(max_parts, MAX_PARTS)
    encoding, parts = split_message(text)
    if len(parts) > limit:
        raise SmsTooLongError(len(parts), limit)
    return SmsPlan(encoding, tuple(parts))
