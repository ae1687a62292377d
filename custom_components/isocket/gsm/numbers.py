"""Phone numbers as operators present them: normalise and compare (spec §6)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import phonenumbers

from .errors import InvalidNumberError

_SEPARATORS = str.maketrans("", "", " -()/.\t")
# Type of number (TS 23.040 §9.1.2.5, bits 6-4 of the type-of-address octet).
TON_INTERNATIONAL = 0x10
TON_ALPHANUMERIC = 0x50

type MatchKind = Literal["exact", "local"]


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


def is_alphanumeric_type(type_of_address: int | None) -> bool:
    """Whether a TP-OA type-of-address octet says *alphanumeric* (TON 101, 0x50).

    Such a sender is a name the sender chose (bulk-SMS providers rent them),
    even when it is made of digits only: it proves no number.
    """
    return type_of_address is not None and type_of_address & 0x70 == TON_ALPHANUMERIC


def _national_number(e164: str) -> str | None:
    """The national significant number of an E.164 number (``15112345678``)."""
    try:
        return phonenumbers.national_significant_number(phonenumbers.parse(e164))
    except phonenumbers.NumberParseException:
        return None


def _local_match(local: str, e164: str) -> bool:
    """A national-format number without a known region against an E.164 one.

    The national significant number must be the local number whole, after at
    most one trunk ``0``: ``015112345678`` names ``+4915112345678`` (and
    ``+4315112345678`` too, which is why a caller must refuse a tie).
    """
    national = _national_number(e164)
    if not national or not local.isdigit():
        return False
    return local == national or (
        local.startswith("0") and not local.startswith("00") and local[1:] == national
    )


def match_kind(a: str, b: str, region: str | None = None) -> MatchKind | None:
    """How two presentations name the same number, if they do.

    ``exact``: the same E.164 number (or the same name, or the same digits).
    ``local``: only where the region is unknown, a national-format number
    whose digits are the other's national significant number (spec
    correction 3: the manual compares exactly; operators still present
    national numbers). Trailing digits alone never match.
    """
    first, second = normalize_number(a, region), normalize_number(b, region)
    if not first or not second:
        return None
    if first == second:
        return "exact"
    if is_alphanumeric(first) or is_alphanumeric(second):
        return None
    international = [n for n in (first, second) if n.startswith("+")]
    if len(international) != 1:
        return None  # two different E.164 numbers, or two different locals
    (e164,) = international
    local = second if e164 is first else first
    if not local.startswith("0") and f"+{local}" == e164:
        return "exact"  # international digits without the "+" (type unknown)
    if region is None and _local_match(local, e164):
        return "local"
    return None


def numbers_match(a: str, b: str, region: str | None = None) -> bool:
    """Whether two presentations name the same number (see `match_kind`).

    Two international numbers must be equal; a national one matches only
    where the region is unknown, by its whole national significant number
    (``015112345678`` matches ``+4915112345678``; ``2345678`` does not).
    A sender name (``iSocket``) matches only itself; an empty one (hidden
    caller id) matches nothing.
    """
    return match_kind(a, b, region) is not None


def match_sender(
    sender: str | None,
    numbers: Iterable[str],
    region: str | None = None,
    *,
    sender_type: int | None = None,
) -> str | None:
    """The one entry of ``numbers`` that ``sender`` is, or None.

    A sender whose type of address is alphanumeric (``sender_type``, the
    TP-OA octet) is a name: it matches only an entry that is the same name,
    never a phone number, whatever its characters. An exact match wins; a
    ``local`` match (national format, region unknown) counts only when it is
    the only one, so a number that could be two configured ones is neither.
    """
    if not sender:
        return None
    candidates = list(numbers)
    if is_alphanumeric_type(sender_type):
        name = sender.strip()
        return next(
            (n for n in candidates if is_alphanumeric(n) and n.strip() == name), None
        )
    kinds = [(n, match_kind(sender, n, region)) for n in candidates]
    if exact := [n for n, kind in kinds if kind == "exact"]:
        return exact[0]
    local = [n for n, kind in kinds if kind == "local"]
    return local[0] if len(local) == 1 else None


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
