"""Phone numbers as operators present them (spec §6)."""

from __future__ import annotations

import pytest

from custom_components.isocket.gsm.errors import InvalidNumberError
from custom_components.isocket.gsm.numbers import (
    device_format,
    is_alphanumeric,
    normalize_number,
    numbers_match,
)


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("+4915112345678", None, "+4915112345678"),
        ("4915112345678", None, "+4915112345678"),  # international without +
        ("004915112345678", None, "+4915112345678"),
        ("+49 151 1234-5678", None, "+4915112345678"),
        ("015112345678", "DE", "+4915112345678"),  # national, region known
        ("015112345678", None, "015112345678"),  # national, region unknown
        ("3589123456789", None, "3589123456789"),  # spec's example: not a valid number
        ("+3589123456789", None, "+3589123456789"),  # with +: kept as E.164
        ("  iSocket ", None, "iSocket"),
        ("*100#", None, "*100#"),
        ("22222", "DE", "22222"),  # short code
        ("", None, ""),
        ("+0", None, "+0"),  # phonenumbers cannot parse it: kept as given
    ],
)
def test_normalize_number(raw: str, region: str | None, expected: str) -> None:
    """E.164 when the number parses, the stripped input otherwise."""
    assert normalize_number(raw, region) == expected


@pytest.mark.parametrize(
    ("a", "b", "region"),
    [
        ("4915112345678", "+4915112345678", None),
        ("+4915112345678", "015112345678", None),  # spec §6 triple
        ("4915112345678", "015112345678", None),
        ("015112345678", "+4915112345678", "DE"),
        ("0049 151 12345678", "+4915112345678", None),
        ("3589123456789", "+3589123456789", None),
        ("iSocket", "iSocket", None),
        ("22222", "22222", None),
    ],
)
def test_numbers_match(a: str, b: str, region: str | None) -> None:
    """The same number in international, +-prefixed or national form matches."""
    assert numbers_match(a, b, region)
    assert numbers_match(b, a, region)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("+4915112345678", "+4315112345678"),  # other country, same trailing digits
        ("+4915112345678", "+4915112345679"),
        ("015112345678", "015112345679"),
        ("iSocket", "isocket"),  # alphanumeric senders match only themselves
        ("iSocket", "+4915112345678"),
        ("12345", "912345"),  # too few digits to call it the same number
        ("", ""),
    ],
)
def test_numbers_do_not_match(a: str, b: str) -> None:
    """Different numbers, alphanumeric senders and too-short tails do not match."""
    assert not numbers_match(a, b)
    assert not numbers_match(b, a)


def test_is_alphanumeric() -> None:
    """Digits with an optional + and separators are numbers; the rest is not."""
    assert not is_alphanumeric("+49 (151) 123-45678")
    assert is_alphanumeric("Vodafone")
    assert is_alphanumeric("")
    assert is_alphanumeric("+")
    assert is_alphanumeric("١٢٣")  # Arabic-Indic digits are not GSM address digits


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("+4915112345678", None, "4915112345678"),
        ("015112345678", "DE", "4915112345678"),
        ("0049 151 12345678", None, "4915112345678"),
    ],
)
def test_device_format(raw: str, region: str | None, expected: str) -> None:
    """Digits with country code and no + (the manual's SECNUMBER+3589123456789)."""
    assert device_format(raw, region) == expected


def test_device_format_rejects_alphanumeric() -> None:
    """An alphanumeric sender cannot go on the device's number lists."""
    with pytest.raises(InvalidNumberError):
        device_format("iSocket")
    with pytest.raises(ValueError, match="not a phone number"):
        device_format("")
