"""Phone numbers as operators present them: normalise and compare (spec §6)."""

from __future__ import annotations

import phonenumbers

from .errors import InvalidNumberError

_SEPARATORS = str.maketrans("", "", " -()/.\t")
# Fewer trailing digits than this are too few to call two numbers the same.
MIN_SIGNIFICANT_DIGITS = 7


def _compact(raw: str) -> str:
    return raw.strip().translate(_SEPARATORS)


def is_alphanumeric(raw: str) -> bool:
    """True for a sender such as ``iSocket`` or ``*100#`` that is no phone number."""
    digits = _compact(raw).removeprefix("+")
    return not digits.isdigit() or not digits.isascii()


def _e164(raw: str, region: str | None, *, strict: bool) -> str | None:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    ok = (
        phonenumbers.is_valid_number(number)
        if strict
        else phonenumbers.is_possible_number(number)
    )
    return (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if ok
        else None
    )


def normalize_number(raw: str, region: str | None = None) -> str:
    """E.164 with ``+`` when the number parses, else the stripped raw text.

    ``00`` counts as ``+``. Digits without a prefix are tried as an
    international number without ``+`` (``4915112345678``) first, then as a
    national number of `region`; both guesses must give a valid number.
    Alphanumeric senders are returned as they are (stripped).
    """
    text = raw.strip()
    if is_alphanumeric(text):
        return text
    compact = _compact(text)
    if compact.startswith("00"):
        compact = f"+{compact[2:]}"
    if compact.startswith("+"):
        return _e164(compact, None, strict=False) or compact
    guesses: list[tuple[str, str | None]] = []
    if not compact.startswith("0"):
        guesses.append((f"+{compact}", None))
    if region:
        guesses.append((compact, region))
    for candidate, candidate_region in guesses:
        if parsed := _e164(candidate, candidate_region, strict=True):
            return parsed
    return compact


def numbers_match(a: str, b: str, region: str | None = None) -> bool:
    """Whether two presentations name the same number.

    Two international numbers must be equal; otherwise the trailing
    significant digits decide (``015112345678`` matches ``+4915112345678``).
    An alphanumeric sender matches only itself; an empty one (hidden caller
    id) matches nothing.
    """
    first, second = normalize_number(a, region), normalize_number(b, region)
    if not first or not second:
        return False
    if is_alphanumeric(first) or is_alphanumeric(second):
        return first == second
    if first.startswith("+") and second.startswith("+"):
        return first == second
    digits_a, digits_b = first.lstrip("+0"), second.lstrip("+0")
    if digits_a == digits_b:
        return True
    shorter, longer = sorted((digits_a, digits_b), key=len)
    return len(shorter) >= MIN_SIGNIFICANT_DIGITS and longer.endswith(shorter)


def parse_phone(raw: str, region: str | None = None) -> str | None:
    """A number typed by a user in E.164, or None when it is no valid phone number."""
    return _e164(raw, region, strict=True)


def from_device_format(digits: str) -> str:
    """A number as the device lists it (country code, no ``+``) back in E.164."""
    return _e164(f"+{digits}", None, strict=False) or digits


def device_format(e164: str, region: str | None = None) -> str:
    """Digits with country code and no ``+``, as SECNUMBER+/ALERTNUMBER+ want them."""
    number = normalize_number(e164, region)
    if is_alphanumeric(number):
        raise InvalidNumberError(f"{e164!r} is not a phone number")
    return number.removeprefix("+")
