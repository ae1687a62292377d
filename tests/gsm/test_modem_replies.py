"""Pure parsers of AT replies, and log redaction: one row per manual example."""

from __future__ import annotations

import pytest

from custom_components.isocket.gsm.model import RegistrationState
from custom_components.isocket.gsm.redact import redact
from custom_components.isocket.gsm.replies import (
    int_options,
    message_reference,
    operator,
    option_groups,
    own_number,
    plain_value,
    read_listing,
    registration,
    signal_dbm,
)


@pytest.mark.parametrize(
    ("lines", "dbm"),
    [
        (["+CSQ: 0,0"], -113),
        (["+CSQ: 15,99"], -83),
        (["+CSQ: 31,0"], -51),
        (["+CSQ: 99,99"], None),  # not known or not detectable
        (["+CSQ: x,0"], None),
        ([], None),
    ],
)
def test_signal_dbm(lines: list[str], dbm: int | None) -> None:
    """27.007 §8.5: dBm = -113 + 2 * rssi; 99 is unknown."""
    assert signal_dbm(lines) == dbm


@pytest.mark.parametrize(
    ("lines", "prefix", "state"),
    [
        (["+CREG: 0,1"], "+CREG", RegistrationState.HOME),
        (['+CREG: 2,5,"1A2B","0C3D"'], "+CREG", RegistrationState.ROAMING),
        (["+CEREG: 0,2"], "+CEREG", RegistrationState.SEARCHING),
        (["+CREG: 0,3"], "+CREG", RegistrationState.DENIED),
        (["+CREG: 0,4"], "+CREG", RegistrationState.UNKNOWN),
        (["+CREG: 0,0"], "+CREG", RegistrationState.NOT_REGISTERED),
        (["+CREG: 0,8"], "+CREG", RegistrationState.UNKNOWN),
        (["+CREG: 0,x"], "+CREG", None),
        ([], "+CREG", None),
    ],
)
def test_registration(
    lines: list[str], prefix: str, state: RegistrationState | None
) -> None:
    """27.007 §7.2 <stat> values."""
    assert registration(lines, prefix) == state


def test_operator_number_reference() -> None:
    """+COPS, +CNUM and +CMGS answers."""
    assert operator(['+COPS: 0,0,"Telekom.de",0']) == "Telekom.de"
    assert operator(["+COPS: 0"]) is None
    assert operator([]) is None
    assert own_number(['+CNUM: "","+491701111111",145']) == "+491701111111"
    assert own_number(["+CNUM: "]) is None
    assert own_number([]) is None
    assert message_reference(["+CMGS: 42"]) == 42
    assert message_reference(["+CMGS: x"]) is None
    assert message_reference([]) is None


def test_plain_values() -> None:
    """Identity answers: the last line, with or without a prefix."""
    assert plain_value(["SIMCOM_Ltd"]) == "SIMCOM_Ltd"
    assert plain_value(["+CFUN: 1", "SIMCOM_Ltd"]) == "SIMCOM_Ltd"  # chatter first
    assert plain_value(['+CGSN: "86834503"'], "+CGSN") == "86834503"
    assert plain_value([]) == ""


def test_options() -> None:
    """=? answers: groups of items, integer ranges."""
    assert option_groups('("SM","ME"),("SM")') == [["SM", "ME"], ["SM"]]
    assert int_options(["0-2", "5", "x", "3-y"]) == {0, 1, 2, 5}


def test_read_listing() -> None:
    """+CMGL pairs with indexes; +CMGR without; a header with no PDU is unread."""
    lines = ["+CMGL: 1,0,,1", "00AA", "+CMGL: 4,1,,1", "00BB", "+CMGL: 5,1,,30"]
    listing = read_listing(lines, "+CMGL")
    assert listing.messages == [(1, "00AA"), (4, "00BB")]
    assert listing.unread == [5]
    assert listing.stray == []
    cmgr = read_listing(["+CMGR: 0,,1", "00CC"], "+CMGR")
    assert cmgr.messages == [(None, "00CC")]


PDU = "0791947102000000040B919451214365F7000062111232509049" + "02E834"  # TPDU: 21


@pytest.mark.parametrize(
    "stray",
    [
        '+CIEV: 10,"26201"',
        '*PSUTTZ: 2026,12,7,5,12,33,"+4",0',
        "DST: 1",
        "UNDER-VOLTAGE WARNNING",
        "+CGEV: ME PDN ACT 1",
        "OK",
        "00AA",  # hex, but not of the announced length
        "0791947102000000040B91945121436",  # a truncated PDU (odd length)
    ],
)
def test_stray_line_is_never_the_pdu(stray: str) -> None:
    """Between a header and its PDU, only hex of the announced length is the PDU."""
    lines = ["+CMGL: 3,0,,21", stray, PDU, "+CMGL: 4,0,,21", stray]
    listing = read_listing(lines, "+CMGL")
    assert listing.messages == [(3, PDU)]
    assert listing.unread == [4]
    assert listing.stray == [stray, stray]


def test_header_without_length_takes_hex_only() -> None:
    """A mangled header (no length) still never takes a vendor line for its PDU."""
    listing = read_listing(["+CMGR: 0", "DST: 1", "00CC"], "+CMGR")
    assert listing.messages == [(None, "00CC")]
    assert listing.stray == ["DST: 1"]


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ('AT+CPIN="1234"', "1234"),
        ("AT+CPIN=98765432,1234", "98765432"),
        ('+CLIP: "+491701234567",145,"",0,"",0', "+491701234567"),
        ("ATD+491701234567;", "491701234567"),
        ("868345031234567", "868345031234567"),  # IMEI
        ("0791947102000000040C919471202222220000", "9471202222"),
    ],
)
def test_redact(line: str, secret: str) -> None:
    """PINs, numbers, IMEIs and PDUs never reach a log in full."""
    assert secret not in redact(line)


def test_redact_keeps_harmless_lines() -> None:
    """Ordinary replies stay readable; long PDUs are shortened."""
    assert redact("+CSQ: 20,0") == "+CSQ: 20,0"
    assert redact('+CMTI: "SM",3') == '+CMTI: "SM",3'
    assert "bytes)" in redact("AB" * 40)
