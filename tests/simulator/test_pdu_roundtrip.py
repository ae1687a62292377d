"""The simulator's network-side codec: published vectors and round trips with gsm/."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
import random

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.isocket.gsm.concat import Reassembler
from custom_components.isocket.gsm.errors import PduDecodeError
from custom_components.isocket.gsm.gsm7 import DEFAULT_ALPHABET, EXTENSION_TABLE
from custom_components.isocket.gsm.pdu import (
    Concat,
    SmsDeliver,
    StatusReport,
    decode_pdu,
    encode_submit,
)
from simulator.pdu import (
    SubmitInfo,
    decode_submit,
    encode_address,
    encode_deliver,
    encode_status_report,
    encode_timestamp,
    split_deliver,
)


def tz(hours: float) -> timezone:
    """A fixed offset in hours."""
    return timezone(timedelta(hours=hours))


# --- encoding published SMS-DELIVER / STATUS-REPORT PDUs --------------------

DELIVER_VECTORS = [
    # oFono unit/test-sms.c simple_deliver
    pytest.param(
        ("+31641600986", "How are you?", datetime(2002, 8, 26, 19, 37, 41, tzinfo=tz(-1))),
        {"smsc": "+31624000000"},
        "07911326040000F0040B911346610089F60000208062917314480CC8F71D14969741F977FD07",
        id="ofono-simple-deliver",
    ),
    # oFono unit/test-sms.c alnum_sender
    pytest.param(
        ("sipgate", "Testmail", datetime(2008, 8, 13, 12, 7, 22, tzinfo=tz(1))),
        {"smsc": "+447785016005"},
        "0791447758100650040DD0F334FC1CA6970100008080312170224008D4F29CDE0EA7D9",
        id="ofono-alnum-sender",
    ),
    # python-gsmmodem test/test_pdu.py TestSmsPdu.test_decode, "Test2"
    pytest.param(
        ("+27821234567", "Test2", datetime(2013, 3, 8, 15, 2, 16, tzinfo=tz(2))),
        {"smsc": "+2782913593"},
        "06917228195339040B917228214365F700003130805120618005D4F29C2E03",
        id="python-gsmmodem-test2",
    ),
    # AOSP GsmSmsTest.testAddressing (timezone -7 h)
    pytest.param(
        ("+16505551111", "Test", datetime(2006, 6, 6, 15, 3, 3, tzinfo=tz(-7))),
        {"smsc": "+14155551212"},
        "07914151551512F2040B916105551511F100006060605130308A04D4F29C0E",
        id="aosp-addressing",
    ),
    # AOSP GsmSmsTest.testUcs2 (UCS2 chosen because ™ is not GSM 7-bit)
    pytest.param(
        ("+14154255486", "\u2122\u00a9\u00aehello", datetime(2007, 1, 8, 17, 12, 53, tzinfo=tz(-8))),
        {"smsc": "+12063130004"},
        "07912160130300F4040B914151245584F600087010807121352B1021220"
        "0A900AE00680065006C006C006F",
        id="aosp-ucs2",
    ),
    # AOSP GsmSmsTest.testMultipart, part 2: national sender, 8-bit reference 0
    pytest.param(
        ("16502244137", "1111111222222222222222222222", datetime(2007, 6, 12, 17, 58, 0, tzinfo=tz(-5))),
        {"smsc": "+16363848806", "concat": Concat(0, 2, 2, 8)},
        "07916163838408F6440B816105224431F700007060217185000A23050003"
        "00020262B1582C168BC96432994C2693C96432994C2693C96432990C",
        id="aosp-multipart-2",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("args", "options", "expected"), DELIVER_VECTORS)
def test_encode_deliver_vectors(
    args: tuple[str, str, datetime], options: dict[str, object], expected: str
) -> None:
    """The simulator reproduces published SMS-DELIVER PDUs byte for byte."""
    assert encode_deliver(*args, **options) == expected  # type: ignore[arg-type]


def test_encode_deliver_sixteen_bit_reference() -> None:
    """frontlinesms smslib CServiceTest (+CMGL index 11): IE 0x08, reference 0x0023.

    The text and time were read from that PDU with gsm/'s decoder; the
    encoder must give back the identical octets.
    """
    published = (
        "0791449737709499440C914487732760570000807051117230401F06080400230202ED73FB"
        "DC3EB7CFED33FC0EBFC3EFF07BFC0EBFC301"
    )
    sms = decode_pdu(published)
    assert isinstance(sms, SmsDeliver)
    again = encode_deliver(
        sms.sender, sms.text, sms.timestamp, concat=sms.concat, smsc=sms.smsc
    )
    assert again == published


def test_encode_status_report_vector() -> None:
    """python-gsmmodem's SMS-STATUS-REPORT (no SMSC, reference 214)."""
    pdu = encode_status_report(
        214,
        "+31628870634",
        datetime(2011, 1, 11, 17, 59, 15, tzinfo=tz(1)),
        datetime(2011, 1, 11, 17, 59, 17, tzinfo=tz(1)),
        0,
        smsc=None,
    )
    assert pdu == "0006D60B911326880736F4111011719551401110117195714000"


@pytest.mark.parametrize(
    ("address", "field"),
    [
        # python-gsmmodem TestSmsPduAddressFields
        ("+9876543210", "0A918967452301"),
        ("+987654321", "099189674523F1"),
        ("+27829135934", "0B917228195339F4"),
        ("abc", "06D061F118"),
        ("FRANCOIS", "0ED04669D0397C26A7"),
        ("a[]{}€", "14D0E10D6FE3DBA036A94D19"),
        # smspdudecoder fields.py Address.decode doctests
        ("+15551234567", "0B915155214365F7"),
        ("MMoney", "0BD0CDE6DB5DCE03"),
        ("Design@Home", "14D0C4F23C7D760390EF7619"),
    ],
)
def test_encode_address_vectors(address: str, field: str) -> None:
    """Numeric and alphanumeric originator addresses as published."""
    assert encode_address(address).hex().upper() == field


@pytest.mark.parametrize(
    ("moment", "octets"),
    [
        # python-gsmmodem TestTimestamp
        (datetime(2015, 11, 27, 0, 0, 0, tzinfo=tz(0)), "51117200000000"),
        (datetime(2015, 11, 27, 0, 0, 0, tzinfo=tz(2)), "51117200000080"),
        (datetime(2007, 4, 12, 23, 25, 42, tzinfo=tz(8)), "70402132522423"),
        (datetime(2007, 4, 12, 23, 25, 42, tzinfo=tz(-8)), "7040213252242B"),
    ],
)
def test_encode_timestamp_vectors(moment: datetime, octets: str) -> None:
    """TP-SCTS with positive and negative offsets."""
    assert encode_timestamp(moment).hex().upper() == octets


def test_naive_timestamp_is_utc() -> None:
    """A naive datetime is taken as UTC."""
    assert encode_timestamp(datetime(2015, 11, 27)) == bytes.fromhex("51117200000000")


# --- decoding published SMS-SUBMIT PDUs --------------------------------------

SUBMIT_VECTORS = [
    # oFono simple_submit = dreamfabric's SMS-SUBMIT example
    pytest.param(
        "0011000B916407281553F80000AA0AE8329BFD4697D9EC37",
        SubmitInfo("+46708251358", "hellohello", 0, False, None, "gsm7"),
        id="ofono-dreamfabric",
    ),
    # python-gsmmodem test_encodeSmsSubmit: national TOA 0xA1, SMSC "12345",
    # reference 13, status report requested, TP-VP 3 days
    pytest.param(
        "04A12143F5310D0AA110624521430000A91BD4F29C0E6A97E7F3F0B9AC03B1DFE3301BE4AEB7C565F91C",
        SubmitInfo("0126541234", "Test message: local numbers", 13, True, None, "gsm7"),
        id="python-gsmmodem-local",
    ),
    # python-gsmmodem test_decode: absolute validity period (7 octets)
    pytest.param(
        "0019000B917228001011F100003170013193008017D474BB3CA787DB70903DCC4E93D3F43C885E9ED301",
        SubmitInfo("+27820001111", "Timestamp validity test", 0, False, None, "gsm7"),
        id="python-gsmmodem-absolute-vp",
    ),
    # python-gsmmodem test_decode: UCS2 without validity period
    pytest.param(
        "07914346466554F601000B914316565811F9000806304253F68449",
        SubmitInfo("+34616585119", "あ叶葉", 0, False, None, "ucs2"),
        id="python-gsmmodem-ucs2",
    ),
    # python-gsmmodem test_decode: 8-bit data coding
    pytest.param(
        "0591721891F101000B917228214365F700040C48656C6C6F20776F726C6421",
        SubmitInfo("+27821234567", "Hello world!", 0, False, None, "8bit"),
        id="python-gsmmodem-8bit",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("pdu_hex", "expected"), SUBMIT_VECTORS)
def test_decode_submit_vectors(pdu_hex: str, expected: SubmitInfo) -> None:
    """Published SMS-SUBMIT PDUs decode to their published values."""
    assert decode_submit(pdu_hex) == expected


@pytest.mark.parametrize(
    "pdu_hex",
    [
        "",
        "zz",
        "0011000B9164",  # truncated
        "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37",  # a DELIVER
        # python-gsmmodem: UDL 0xA0 larger than the data it carries
        "0041010C910661345542F60008A0050003000301306F3044",
    ],
)
def test_decode_submit_rejects_garbage(pdu_hex: str) -> None:
    """Malformed SMS-SUBMIT PDUs raise PduDecodeError."""
    with pytest.raises(PduDecodeError):
        decode_submit(pdu_hex)


# --- round trips ---------------------------------------------------------------

gsm7_chars = [c for c in DEFAULT_ALPHABET if c != "\x1b"] + list(
    EXTENSION_TABLE.values()
)
any_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)), max_size=70
)  # no lone surrogates: they cannot be sent
gsm7_text = st.text(alphabet=st.sampled_from(gsm7_chars), max_size=80)
numbers = st.from_regex(r"\+?[1-9][0-9]{3,14}", fullmatch=True)
alphanumeric = st.text(
    alphabet=st.sampled_from(gsm7_chars), min_size=1, max_size=11
).filter(lambda s: not s.removeprefix("+").isdigit())
senders = numbers | alphanumeric
# Long enough to need several parts most of the time.
long_texts = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)), min_size=60, max_size=400
) | st.text(alphabet=st.sampled_from(gsm7_chars), min_size=140, max_size=700)
timestamps = st.builds(
    lambda moment, quarters: moment.replace(
        tzinfo=timezone(timedelta(minutes=15 * quarters))
    ),
    st.datetimes(datetime(2000, 1, 1), datetime(2069, 12, 31, 23, 59, 59)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.integers(-79, 79),
)


@settings(max_examples=200)
@given(senders, any_text, timestamps, st.sampled_from([None, "ucs2", "8bit"]))
def test_deliver_round_trip(
    sender: str, text: str, timestamp: datetime, encoding: str | None
) -> None:
    """encode_deliver → decode_pdu gives back sender, text and instant with its zone."""
    if encoding == "8bit":
        text = text.encode()[:140].decode(errors="ignore")
    while len(text.encode("utf-16-be")) > 140:  # astral characters take two units
        text = text[:-1]
    sms = decode_pdu(encode_deliver(sender, text, timestamp, encoding=encoding))
    assert isinstance(sms, SmsDeliver)
    assert (sms.sender, sms.text, sms.smsc) == (sender, text, "+491720000000")
    assert sms.timestamp == timestamp
    assert sms.timestamp.utcoffset() == timestamp.utcoffset()


@settings(max_examples=200)
@given(senders, gsm7_text, timestamps)
def test_deliver_round_trip_gsm7(sender: str, text: str, timestamp: datetime) -> None:
    """GSM 7-bit texts (extension table included) go out as GSM 7-bit and come back."""
    sms = decode_pdu(encode_deliver(sender, text, timestamp, smsc=None))
    assert isinstance(sms, SmsDeliver)
    assert (sms.encoding, sms.text, sms.smsc) == ("gsm7", text, None)


@settings(max_examples=100)
@given(
    numbers, long_texts, st.integers(0, 0xFFFF), st.sampled_from([8, 16]), st.randoms()
)
def test_split_deliver_reassembles(
    sender: str, text: str, reference: int, bits: int, rng: random.Random
) -> None:
    """A long text split by the network comes back whole, parts in any order."""
    pdus = split_deliver(
        sender,
        text,
        datetime(2026, 1, 1, tzinfo=UTC),
        reference=reference & (0xFF if bits == 8 else 0xFFFF),
        bits=bits,
    )
    rng.shuffle(pdus)
    reassembler = Reassembler()
    parts = [decode_pdu(p) for p in pdus]
    assert all(isinstance(sms, SmsDeliver) for sms in parts)
    results = [
        reassembler.add(sms, now=0.0) for sms in parts if isinstance(sms, SmsDeliver)
    ]
    done = [r for r in results if r is not None]
    assert len(done) == 1
    assert done[0].text == text
    assert done[0].parts_total == len(pdus)
    assert reassembler.next_deadline() is None


@settings(max_examples=200)
@given(
    numbers,
    long_texts | gsm7_text,
    st.integers(0, 255),
    st.booleans(),
    st.integers(0, 0xFFFF),
)
def test_submit_round_trip(
    number: str, text: str, reference: int, status_report: bool, concat_reference: int
) -> None:
    """encode_submit → decode_submit gives back recipient, text and flags."""
    submits = encode_submit(
        number,
        text,
        reference=reference,
        status_report=status_report,
        concat_reference=concat_reference,
    )
    infos = [decode_submit(s.pdu_hex) for s in submits]
    assert "".join(info.text for info in infos) == text
    for sequence, info in enumerate(infos, start=1):
        assert (info.recipient, info.reference, info.status_report) == (
            number,
            reference,
            status_report,
        )
        if len(infos) == 1:
            assert info.concat is None
        else:
            assert info.concat == Concat(
                concat_reference,
                len(infos),
                sequence,
                16 if concat_reference > 0xFF else 8,
            )
    assert {info.encoding for info in infos} == {
        "gsm7" if all(c in gsm7_chars for c in text) else "ucs2"
    }


@settings(max_examples=100)
@given(numbers, timestamps, timestamps, st.integers(0, 255), st.integers(0, 255))
def test_status_report_round_trip(
    recipient: str,
    timestamp: datetime,
    discharge: datetime,
    reference: int,
    status: int,
) -> None:
    """encode_status_report → decode_pdu gives the same report."""
    report = decode_pdu(
        encode_status_report(reference, recipient, timestamp, discharge, status)
    )
    assert report == StatusReport(reference, recipient, timestamp, discharge, status)


def test_split_deliver_eight_bit_and_single() -> None:
    """8-bit parts hold 134 octets after an 8-bit-reference UDH; short texts stay single."""
    when = datetime(2026, 1, 1, tzinfo=UTC)
    text = "ä" * 100  # 200 UTF-8 octets
    pdus = split_deliver("+4915112345678", text, when, reference=7, encoding="8bit")
    parts = [decode_pdu(p) for p in pdus]
    assert [len(p.data) for p in parts if isinstance(p, SmsDeliver)] == [134, 66]
    reassembler = Reassembler()
    results = [reassembler.add(p, 0.0) for p in parts if isinstance(p, SmsDeliver)]
    assert results[-1] is not None
    assert results[-1].text == text  # 67 two-octet characters per part
    [single] = split_deliver("+4915112345678", "ON", when, reference=7)
    short = decode_pdu(single)
    assert isinstance(short, SmsDeliver)
    assert (short.text, short.concat) == ("ON", None)


def test_encode_deliver_too_long() -> None:
    """One SMS-DELIVER holds at most 160 septets."""
    with pytest.raises(ValueError, match="do not fit"):
        encode_deliver("+4915112345678", "a" * 161, datetime(2026, 1, 1, tzinfo=UTC))


def test_decode_submit_bad_udh() -> None:
    """A UDH that ends early is a PduDecodeError, not an IndexError."""
    with pytest.raises(PduDecodeError):
        decode_submit("0041000B915121551532F40000020100")
