"""Mask secrets in AT traffic before it reaches a log.

PINs and PUKs are hidden completely; phone numbers and IMEIs keep their last
two digits (enough to tell two apart while debugging); long PDUs are
shortened. ``SecretFilter`` does the PIN part for records of other libraries
(serialx logs the raw bytes it reads and writes at DEBUG).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import logging
import re
from typing import Any

# One parameter of an AT command: quoted, or bare up to a separator. Bare
# values stop at a backslash too, so the ``\r`` of a bytes repr stays out.
_FIELD = r'(?:"[^"\\]*"|[^",\s\\\']*)'
# The command and the fields before the first secret; then one or two secrets:
# +CPIN=<pin|puk>[,<newpin>], +CPIN2=..., +CLCK=<fac>,<mode>,<passwd>,
# +CPWD=<fac>,<oldpwd>,<newpwd> (TS 27.007 §8.3, §7.4, §7.5).
_SECRET = re.compile(
    rf"([+^]CPIN2?=|\+CLCK={_FIELD},{_FIELD},|\+CPWD={_FIELD},)"
    rf"{_FIELD}(,{_FIELD})?",
    re.IGNORECASE,
)
# Seven or more digits, optionally with + : phone numbers, IMEIs, ICCIDs.
_NUMBER = re.compile(r"\+?\d{5,}(?=\d{2})")
_HEX = re.compile(r"[0-9A-Fa-f]{40,}")
# Bytes as hex text, as some libraries log them ("41 54 0d" or "41540d").
_HEX_DUMP = re.compile(r"[0-9A-Fa-f]{2}(?:( ?)[0-9A-Fa-f]{2})*")
PDU_KEEP = 16
MASK = '"****"'


def _mask_number(match: re.Match[str]) -> str:
    return "*" * len(match.group(0))


def _shorten_pdu(match: re.Match[str]) -> str:
    pdu = match.group(0)
    return f"{pdu[:PDU_KEEP]}...({len(pdu) // 2} bytes)"


def _mask_secret(match: re.Match[str]) -> str:
    second = f",{MASK}" if match.group(2) is not None else ""
    return f"{match.group(1)}{MASK}{second}"


def redact_secrets(text: str) -> str:
    """Return the text with PINs, PUKs and facility passwords masked."""
    return _SECRET.sub(_mask_secret, text)


def mask_numbers(text: str) -> str:
    """Every run of seven or more digits (phone numbers, IMEIs) down to its last two."""
    return _NUMBER.sub(_mask_number, text)


def redact(line: str) -> str:
    """Return the line with PINs, numbers and PDU payloads masked."""
    line = redact_secrets(line)
    line = _HEX.sub(_shorten_pdu, line)
    return mask_numbers(line)


def _scrub_bytes(data: bytes) -> bytes | None:
    """The bytes with secrets masked; None when there was nothing to mask."""
    text = data.decode("latin-1")
    masked = redact_secrets(text)
    return masked.encode("latin-1") if masked != text else None


def _scrub(value: Any) -> Any:
    """A log argument with secrets masked (the same object when clean)."""
    if isinstance(value, bytes | bytearray | memoryview):
        masked = _scrub_bytes(bytes(value))
        return value if masked is None else masked
    if not isinstance(value, str):
        return value
    if dump := _HEX_DUMP.fullmatch(value):
        masked = _scrub_bytes(bytes.fromhex(value))
        if masked is None:
            return value
        return masked.hex(" ") if dump.group(1) else masked.hex()
    return redact_secrets(value)


class SecretFilter(logging.Filter):
    """Masks PINs in a record's message and arguments (bytes, text, hex dumps).

    The data of one read may be split anywhere; that is harmless here because
    the modem's echo is off before a PIN is sent (``ATE0`` comes first).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        if isinstance(record.msg, str):
            record.msg = redact_secrets(record.msg)
        if isinstance(record.args, Mapping):
            record.args = {key: _scrub(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_scrub(value) for value in record.args)
        return True


SECRET_FILTER = SecretFilter()


def install_secret_filter(package: str, names: Iterable[str] = ()) -> None:
    """Put ``SECRET_FILTER`` on a package's loggers (idempotent).

    A logger's filter sees only records logged on that very logger, not those
    propagated from its children, so every module's logger needs its own:
    the ``names`` given (created now if their module is not imported yet) and
    every logger of ``package`` that already exists.
    """
    known = [
        name
        for name in logging.root.manager.loggerDict
        if name == package or name.startswith(f"{package}.")
    ]
    for name in (package, *names, *known):
        logger = logging.getLogger(name)
        if SECRET_FILTER not in logger.filters:
            logger.addFilter(SECRET_FILTER)
