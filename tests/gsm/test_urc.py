"""The URC parser: one row per URC of the issue, and fuzzing."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.isocket.gsm.urc import (
    CallEnded,
    CallerId,
    DirectMessage,
    DirectStatusReport,
    ModemReset,
    NewMessage,
    Registration,
    Ring,
    ServiceReady,
    SignalReport,
    SimState,
    StoredStatusReport,
    Ussd,
    VendorEvent,
    needs_pdu,
    parse_urc,
    split_params,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('+CMTI: "SM",3', NewMessage("SM", 3)),
        ('+CMTI: "ME",12', NewMessage("ME", 12)),
        ("+CMT: ,24", DirectMessage(24)),
        ('+CMT: "Alice",24', DirectMessage(24)),
        ("+CDS: 26", DirectStatusReport(26)),
        ('+CDSI: "SR",2', StoredStatusReport("SR", 2)),
        ("RING", Ring()),
        ("+CRING: VOICE", Ring("VOICE")),
        ('+CLIP: "+491701234567",145,"",0,"",0', CallerId("+491701234567", 145)),
        ('+CLIP: "",128,"",0,"",1', CallerId(None, 128)),
        ("NO CARRIER", CallEnded("NO CARRIER")),
        ('+CUSD: 0,"Balance 5.00 EUR",15', Ussd(0, "Balance 5.00 EUR", 15)),
        ("+CUSD: 2", Ussd(2)),
        ("RDY", ModemReset()),
        ("Call Ready", ServiceReady("call")),
        ("SMS Ready", ServiceReady("sms")),
        ("+CPIN: READY", SimState("READY")),
        ("+CPIN: NOT INSERTED", SimState("NOT INSERTED")),
        ("+CREG: 1", Registration("CREG", 1)),
        ('+CREG: 5,"1A2B","00C3D4E5"', Registration("CREG", 5, "1A2B", "00C3D4E5")),
        ('+CEREG: 1,"1A2B","0C3D4E5F",7', Registration("CEREG", 1, "1A2B", "0C3D4E5F")),
        ("^RSSI: 17", SignalReport(17)),
        ("^BOOT: 12345,0,0,0,72", VendorEvent("^BOOT", "12345,0,0,0,72")),
        ('^HCSQ: "LTE",50,40,120,20', VendorEvent("^HCSQ", "LTE,50,40,120,20")),
        ("^MODE: 5,4", VendorEvent("^MODE", "5,4")),
        ('+QIND: "SMS DONE"', VendorEvent("+QIND", "SMS DONE")),
    ],
)
def test_recognised(line: str, expected: object) -> None:
    """Each row: a line from a modem manual and the event it means."""
    assert parse_urc(line) == expected


@pytest.mark.parametrize(
    "line",
    ["OK", "+CSQ: 20,0", "0791448720003023240DD0", "+CMTI: garbage", "^RSSI: x", ""],
)
def test_not_urcs(line: str) -> None:
    """Responses, PDUs and mangled URCs are not URCs."""
    assert parse_urc(line) is None


def test_pdu_follows_cmt_and_cds_only() -> None:
    """+CMT and +CDS announce a PDU on the next line; +CMTI does not."""
    assert needs_pdu(DirectMessage(24))
    assert needs_pdu(DirectStatusReport(26))
    assert not needs_pdu(DirectMessage(24, "00AB"))
    assert not needs_pdu(NewMessage("SM", 1))


def test_split_params_keeps_quoted_commas() -> None:
    """Commas inside quotes do not split."""
    assert split_params(' 0,"a, b",15') == ["0", "a, b", "15"]


_PREFIXES = [
    "+CMTI:",
    "+CMT:",
    "+CDS:",
    "+CDSI:",
    "+CRING:",
    "+CLIP:",
    "+CUSD:",
    "+CPIN:",
    "+CREG:",
    "+CGREG:",
    "+CEREG:",
    "^RSSI:",
    "^BOOT:",
    "+QIND:",
    "",
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_PREFIXES), st.text(max_size=40))
def test_fuzz_never_raises(prefix: str, rest: str) -> None:
    """Any text after any known prefix: a URC or None, never an exception."""
    parse_urc(prefix + rest)
