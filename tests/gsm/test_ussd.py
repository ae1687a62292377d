"""USSD codes and answers: validation, DCS, the modem's presentations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from custom_components.isocket.gsm.errors import InvalidUssdCodeError
from custom_components.isocket.gsm.lines import MAX_JOINED, LineSplitter
from custom_components.isocket.gsm.urc import Ussd, parse_urc
from custom_components.isocket.gsm.ussd import (
    MAX_CODE_LENGTH,
    UssdResponse,
    UssdStatus,
    balance_amount,
    cbs_alphabet,
    decode_text,
    pack_ussd,
    unpack_ussd,
    validate_code,
    wants_packed,
)

BALANCE = "Guthaben: 5,00 EUR"
UCS2_HEX = "041E0441044204300442043E043A003A0020003100300020044004430431002E"


@pytest.mark.parametrize(
    ("code", "clean"),
    [
        ("*100#", "*100#"),
        (" #123# ", "#123#"),
        ("*101*1234567890123456#", None),
        ("1", "1"),
        ("+49", "+49"),
    ],
)
def test_valid_codes(code: str, clean: str | None) -> None:
    """Digits, *, # and + pass (blanks around are dropped)."""
    assert validate_code(code) == (clean or code)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "   ",
        "*100#\r",
        '*100",1,"x',
        "*10A#",
        "*100#\x1a",
        "١٠٠",
        "*" * (MAX_CODE_LENGTH + 1),
    ],
)
def test_invalid_codes(code: str) -> None:
    """Anything else is refused before it could reach the modem."""
    with pytest.raises(InvalidUssdCodeError) as info:
        validate_code(code)
    assert info.value.reason == "invalid_ussd_code"


@pytest.mark.parametrize(
    ("dcs", "expected"),
    [
        (0x0F, ("gsm7", 0)),  # 15: the usual answer
        (0x00, ("gsm7", 0)),  # German, GSM 7-bit
        (0x10, ("gsm7", 3)),  # language in the first three characters
        (0x11, ("ucs2", 2)),  # UCS2 behind a packed two-letter language
        (0x1F, ("gsm7", 0)),  # reserved: GSM 7-bit
        (0x20, ("gsm7", 0)),
        (0x44, ("8bit", 0)),
        (0x48, ("ucs2", 0)),  # 72: UCS2
        (0x4C, ("gsm7", 0)),  # reserved alphabet
        (0x98, ("ucs2", 0)),  # with a UDH
        (0xF4, ("8bit", 0)),
        (0xF0, ("gsm7", 0)),
        (0x80, ("gsm7", 0)),  # reserved group
    ],
)
def test_cbs_alphabet(dcs: int, expected: tuple[str, int]) -> None:
    """TS 23.038 §5, one row per coding group."""
    assert cbs_alphabet(dcs) == expected


@pytest.mark.parametrize(
    ("raw", "dcs", "charset", "packed", "text"),
    [
        (BALANCE, 15, "IRA", False, BALANCE),
        (BALANCE, None, "GSM", False, BALANCE),  # no DCS: 27.007's default 0
        ("Zeile 1\nZeile 2", 15, "IRA", False, "Zeile 1\nZeile 2"),
        ("1234", 15, "IRA", False, "1234"),  # hex-looking text stays text
        (BALANCE.encode("utf-16-be").hex(), 15, "UCS2", False, BALANCE),
        ("47757468", 15, "HEX", False, "Guth"),
        ("C8329BFD06", 15, "IRA", True, "Hello"),  # Huawei: packed septets
        ("31D98C56B3DD1A", 15, "IRA", True, "1234567"),  # CR padding dropped
        ("de\rGuthaben", 0x10, "IRA", False, "Guthaben"),
        (UCS2_HEX, 72, "IRA", False, "Остаток: 10 руб."),
        ("0000" + "0041", 0x11, "IRA", False, "A"),
        ("48656C6C6F", 0x44, "IRA", False, "Hello"),
        ("E9", 0x44, "IRA", False, "é"),  # not UTF-8: Latin-1
        ("Hallo", 72, "IRA", False, "Hallo"),  # firmware that converted anyway
        ("not hex", 15, "UCS2", False, "not hex"),
    ],
)
def test_decode_text(
    raw: str, dcs: int | None, charset: str, packed: bool, text: str
) -> None:
    """Each presentation a modem uses reads back as the network's text."""
    assert decode_text(raw, dcs, charset=charset, packed=packed) == text


def test_pack_roundtrip_and_known_vector() -> None:
    """*100# is AA180C3602 on Huawei sticks; seven spare bits carry a CR."""
    assert pack_ussd("*100#") == "AA180C3602"
    assert pack_ussd("1234567") == "31D98C56B3DD1A"
    for code in ("*100#", "*1234567#", "1234567", "#"):
        assert unpack_ussd(bytes.fromhex(pack_ussd(code))) == code


def test_wants_packed() -> None:
    """Huawei firmware wants packed strings; others and unknown do not."""
    assert wants_packed("huawei")
    assert wants_packed("Huawei Technologies Co., Ltd.")
    assert not wants_packed("SIMCOM_Ltd")
    assert not wants_packed(None)


def test_response_session_open() -> None:
    """Status 1 (a menu) leaves the session open."""
    assert UssdResponse(UssdStatus.ACTION_REQUIRED, "1 Balance").session_open
    assert not UssdResponse(UssdStatus.DONE, BALANCE).session_open


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Your credit is 10.00 EUR. Valid until 31.12.2027.", "10.00"),
        ("Ihr Guthaben: 0,03 EUR, gueltig bis 01.02.2027", "0.03"),
        ("Guthaben: 5,00 EUR.", "5.00"),
        ("Balance: 5 EUR.", "5"),
        ("Balance 12.5 EUR", "12.5"),
        ("Баланс: 123,45 руб.", "123.45"),
        ("Saldo 1.234,56 EUR", "1234.56"),
        ("Bal 1,234.56", "1234.56"),
        ("Balance 1 234,50", "1234.50"),
        ("Credit -3.50 USD", "-3.50"),
        ("Valid until 31.12.2027", None),
        ("Service unavailable", None),
    ],
)
def test_balance_amount(text: str, amount: str | None) -> None:
    """The first amount in an operator's wording; dates are no amounts."""
    assert balance_amount(text) == (None if amount is None else Decimal(amount))


# -- framing: a +CUSD string over several lines --------------------------------------


def test_multiline_answer_is_one_line() -> None:
    """The splitter joins a +CUSD string that spans lines, even across reads."""
    splitter = LineSplitter()
    assert splitter.feed(b'\r\n+CUSD: 0,"Guthaben 5,00 EUR\r\n') == []
    assert splitter.feed(b"Gueltig bis 31.12.\r\n") == []
    lines = splitter.feed(b'Danke",15\r\nOK\r\n')
    assert lines == ['+CUSD: 0,"Guthaben 5,00 EUR\nGueltig bis 31.12.\nDanke",15', "OK"]
    urc = parse_urc(str(lines[0]))
    assert urc == Ussd(0, "Guthaben 5,00 EUR\nGueltig bis 31.12.\nDanke", 15)


def test_closed_quote_and_other_lines_untouched() -> None:
    """A one-line answer and lines of other result codes pass as they are."""
    splitter = LineSplitter()
    data = b'\r\n+CUSD: 0,"ok",15\r\n+CMTI: "SM",1\r\n+CUSD: 4\r\n'
    assert splitter.feed(data) == ['+CUSD: 0,"ok",15', '+CMTI: "SM",1', "+CUSD: 4"]


def test_final_result_ends_a_broken_answer() -> None:
    """An unclosed string cannot swallow the next command's final result."""
    splitter = LineSplitter()
    assert splitter.feed(b'+CUSD: 0,"broken\r\nrest\r\nOK\r\n') == [
        '+CUSD: 0,"broken\nrest',
        "OK",
    ]


def test_join_is_bounded() -> None:
    """At most MAX_JOINED lines are joined; then the lines flow again."""
    splitter = LineSplitter()
    data = b'+CUSD: 1,"menu\r\n' + b"item\r\n" * MAX_JOINED
    lines = splitter.feed(data)
    assert lines[0].count("\n") == MAX_JOINED - 1
    assert lines[1:] == ["item"]


@pytest.mark.parametrize(
    "following",
    [
        '+CMTI: "SM",3',
        "+CMS ERROR: 314",
        "+CME ERROR: 10",
        "ERROR",
        "RING",
        "^RSSI: 12",
        '*PSUTTZ: 2026,12,7,5,12,33,"+4",0',
        "0791947102000000040B919451214365F7",  # a PDU line
    ],
)
def test_odd_quote_never_swallows_a_result_code(following: str) -> None:
    """``+CUSD`` with an odd number of ``"``: the next URC or final is its own line."""
    splitter = LineSplitter()
    odd = '+CUSD: 0,"Ihr Guthaben: 5"EUR",15'
    lines = splitter.feed(f"\r\n{odd}\r\n{following}\r\nOK\r\n".encode())
    assert lines == [odd, following, "OK"]
    assert not splitter.holding


def test_held_line_released_when_nothing_follows() -> None:
    """``release`` hands on a held string as it is (the engine's idle timeout)."""
    splitter = LineSplitter()
    assert splitter.feed(b'\r\n+CUSD: 0,"open\r\n') == []
    assert splitter.holding
    assert splitter.release() == ['+CUSD: 0,"open']
    assert splitter.release() == []
    assert not splitter.holding
