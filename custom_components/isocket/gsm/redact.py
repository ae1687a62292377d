"""Mask secrets in AT traffic before it reaches a log.

PINs are hidden completely; phone numbers and IMEIs keep their last two
digits (enough to tell two apart while debugging); long PDUs are shortened.
"""

from __future__ import annotations

import re

_PIN = re.compile(r'(\+CPIN=)"?[^",]*"?(,"?[^",]*"?)?', re.IGNORECASE)
# Seven or more digits, optionally with + : phone numbers, IMEIs, ICCIDs.
_NUMBER = re.compile(r"\+?\d{5,}(?=\d{2})")
_HEX = re.compile(r"[0-9A-Fa-f]{40,}")
PDU_KEEP = 16


def _mask_number(match: re.Match[str]) -> str:
    return "*" * len(match.group(0))


def _shorten_pdu(match: re.Match[str]) -> str:
    pdu = match.group(0)
    return f"{pdu[:PDU_KEEP]}...({len(pdu) // 2} bytes)"


def redact(line: str) -> str:
    """Return the line with PINs, numbers and PDU payloads masked."""
    line = _PIN.sub(r'\1"****"', line)
    line = _HEX.sub(_shorten_pdu, line)
    return _NUMBER.sub(_mask_number, line)
