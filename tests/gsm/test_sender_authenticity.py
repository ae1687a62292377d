"""Who can pose as a number: the sender's type of address, exact matching, PINs."""

from __future__ import annotations

from datetime import UTC, datetime
import logging

import pytest

from custom_components.isocket.gsm.concat import Reassembler
from custom_components.isocket.gsm.errors import InvalidPinError, PinRejectedError
from custom_components.isocket.gsm.init import is_valid_pin
from custom_components.isocket.gsm.numbers import (
    is_alphanumeric_type,
    match_kind,
    match_sender,
    numbers_match,
)
from custom_components.isocket.gsm.pdu import SmsDeliver, decode_pdu
from simulator.pdu import encode_deliver, split_deliver

from . import modem_env
from .modem_env import MakeEnv

make_env = modem_env.make_env  # the fixture
DEVICE = "+4915112345678"
WHEN = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)


# -- the type of address survives decoding --------------------------------------


@pytest.mark.parametrize(
    ("sender", "alphanumeric", "text", "toa"),
    [
        ("15112345678", True, "15112345678", 0xD0),  # a rented name of digits
        ("Vodafone", False, "Vodafone", 0xD0),  # letters: a name anyway
        ("+4915112345678", False, "+4915112345678", 0x91),
        ("015112345678", False, "015112345678", 0x81),
    ],
)
def test_decoded_sms_keeps_type_of_address(
    sender: str, alphanumeric: bool, text: str, toa: int
) -> None:
    """TP-OA's type octet reaches SmsDeliver; 0x50 (TON alphanumeric) is a name."""
    sms = decode_pdu(
        encode_deliver(sender, "Power failure!", WHEN, alphanumeric_sender=alphanumeric)
    )
    assert isinstance(sms, SmsDeliver)
    assert sms.sender == text
    assert sms.sender_type == toa
    assert sms.sender_alphanumeric == (toa == 0xD0)
    assert is_alphanumeric_type(sms.sender_type) == (toa == 0xD0)


def test_reassembled_message_keeps_type() -> None:
    """A whole (and a one-part) message carries the sender's type to the app."""
    reassembler = Reassembler()
    pdus = split_deliver("15112345678", "x" * 200, WHEN, reference=7)
    parts = [decode_pdu(p) for p in pdus]
    name_parts = [
        decode_pdu(p)
        for p in split_deliver(
            "15112345678", "y" * 200, WHEN, reference=7, alphanumeric_sender=True
        )
    ]
    assert all(isinstance(p, SmsDeliver) for p in (*parts, *name_parts))
    # The name's part 1 and the number's part 2 share sender digits and
    # reference: they must not make one message.
    assert reassembler.add(name_parts[0], 0.0) is None  # type: ignore[arg-type]
    assert reassembler.add(parts[1], 0.0) is None  # type: ignore[arg-type]
    whole = reassembler.add(parts[0], 0.0)  # type: ignore[arg-type]
    assert whole is not None
    assert whole.text == "x" * 200
    assert not whole.sender_alphanumeric
    named = reassembler.add(name_parts[1], 0.0)  # type: ignore[arg-type]
    assert named is not None
    assert named.text == "y" * 200
    assert named.sender_alphanumeric
    single = reassembler.add(
        SmsDeliver(
            "Vodafone", "hi", WHEN, None, "gsm7", None, 0, 0, b"hi", sender_type=0xD0
        ),
        0.0,
    )
    assert single is not None
    assert single.sender_type == 0xD0


# -- matching a sender to a configured number -------------------------------------


@pytest.mark.parametrize(
    ("sender", "sender_type", "region"),
    [
        ("15112345678", 0xD0, None),  # the attack
        ("15112345678", 0xD0, "DE"),
        ("+4915112345678", 0xD0, "DE"),  # a name may even look international
        ("4915112345678", 0xD0, None),
    ],
)
def test_alphanumeric_sender_never_matches_a_number(
    sender: str, sender_type: int, region: str | None
) -> None:
    """A name never matches a device, a recipient or an allow-listed number."""
    assert match_sender(sender, [DEVICE], region, sender_type=sender_type) is None
    # Its digits alone would have matched: the type is what protects.
    assert match_sender(sender, [DEVICE], region, sender_type=0x81) == DEVICE


def test_alphanumeric_sender_matches_the_same_name_only() -> None:
    """An allow-list may name a sender (``Vodafone``): a name matches a name."""
    names = [DEVICE, "Vodafone"]
    assert match_sender("Vodafone", names, "DE", sender_type=0xD0) == "Vodafone"
    assert match_sender("vodafone", names, "DE", sender_type=0xD0) is None
    assert match_sender("Vodafone", names, "DE") == "Vodafone"


@pytest.mark.parametrize(
    ("sender", "region", "expected"),
    [
        ("+4915112345678", "DE", "exact"),
        ("015112345678", "DE", "exact"),  # national, region known: E.164
        ("4915112345678", None, "exact"),  # international without +
        ("0049 151 12345678", None, "exact"),
        ("015112345678", None, "local"),  # national, region unknown: the manual's case
        ("15112345678", None, "local"),  # no trunk prefix
        ("2345678", None, None),  # trailing digits are no number
        ("2345678", "DE", None),
        ("12345678", None, None),
        ("015112345678", "AT", None),  # region known: exact only (+4315112345678)
        ("+4315112345678", None, None),  # same national digits, other country
        ("", None, None),
    ],
)
def test_match_kind(sender: str, region: str | None, expected: str | None) -> None:
    """Exact E.164 where the region is known; whole national digits where not."""
    assert match_kind(sender, DEVICE, region) == expected
    assert match_kind(DEVICE, sender, region) == expected  # symmetric
    assert numbers_match(sender, DEVICE, region) == (expected is not None)


def test_local_fallback_refuses_a_tie() -> None:
    """Without a region, ``015112345678`` could be Germany's or Austria's device."""
    two = ["+4915112345678", "+4315112345678"]
    assert match_sender("015112345678", two) is None
    assert match_sender("015112345678", two[:1]) == two[0]
    assert match_sender("015112345678", two, "DE") == two[0]
    assert match_sender("+4315112345678", two) == two[1]  # exact is no tie


def test_empty_sender_matches_nothing() -> None:
    """A withheld caller id or an empty sender is nobody."""
    assert match_sender(None, [DEVICE]) is None
    assert match_sender("", [DEVICE]) is None


# -- the SIM PIN --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pin", "valid"),
    [
        ("1234", True),
        ("12345678", True),
        ("123", False),
        ("123456789", False),
        ('1234"\rAT+CFUN=0\r', False),
        ("1234\n", False),
        ("12a4", False),
        ("١٢٣٤", False),  # Arabic-Indic digits are no SIM digits
        ("", False),
    ],
)
def test_pin_pattern(pin: str, valid: bool) -> None:
    """``^\\d{4,8}$`` in ASCII digits, nothing before or after."""
    assert is_valid_pin(pin) == valid


async def test_odd_pin_never_reaches_the_wire_or_the_log(
    make_env: MakeEnv, caplog: pytest.LogCaptureFixture
) -> None:
    """A PIN with a quote and a CR is refused before anything is sent."""
    caplog.set_level(logging.DEBUG)
    pin = '1234"\rAT+CFUN=0\r'
    env = await make_env({"pin": "1234"}, pin=pin)
    env.sim.set_sim("SIM PIN")
    with pytest.raises(InvalidPinError) as raised:
        await env.modem.connect()
    assert isinstance(raised.value, PinRejectedError)  # the owner must act
    assert not [c for c in env.sim.command_log if "CPIN=" in c or "CFUN" in c]
    assert env.sim.sim.state.value == "SIM PIN"  # no attempt burned
    assert "CFUN" not in caplog.text
    assert "1234" not in caplog.text
    assert "1234" not in str(raised.value)
