"""SMS PDU codec against published vectors, malformed input and fuzzing.

Every vector names its public source. Where a source publishes only some of
the decoded values, the others asserted here were read from the octets by
hand per 3GPP TS 23.040 and say so.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.isocket.gsm import pdu
from custom_components.isocket.gsm.errors import PduDecodeError, PduEncodeError
from custom_components.isocket.gsm.pdu import (
    Concat,
    SmsDeliver,
    StatusReport,
    decode_pdu,
    encode_submit,
)


def tz(hours: float) -> timezone:
    """A fixed offset in hours."""
    return timezone(timedelta(hours=hours))


# --- decode vectors ---------------------------------------------------------

DECODE_VECTORS = [
    # dreamfabric.com "SMS messages and the PDU format" (mirrored at
    # luteus.biz/Download/LoriotPro_Doc/SMS_Manager_Documentation/R01-SMS_PDU_FR.htm):
    # SMSC +27381000015, sender 27838890001 (TOA C8, not international),
    # 99-03-29 15:16:59 GMT+2, "hellohello".
    pytest.param(
        "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37",
        {
            "smsc": "+27381000015",
            "sender": "27838890001",
            "timestamp": datetime(1999, 3, 29, 15, 16, 59, tzinfo=tz(2)),
            "text": "hellohello",
            "encoding": "gsm7",
        },
        id="dreamfabric-hellohello",
    ),
    # python-gsmmodem test/test_pdu.py, TestSmsPdu.test_decode (faucamp/python-gsmmodem)
    pytest.param(
        "06917228195339040B917228214365F700003130805120618005D4F29C2E03",
        {
            "smsc": "+2782913593",
            "sender": "+27821234567",
            "pid": 0,
            "timestamp": datetime(2013, 3, 8, 15, 2, 16, tzinfo=tz(2)),
            "text": "Test2",
        },
        id="python-gsmmodem-test2",
    ),
    pytest.param(
        "07915892000000F0040B915892214365F700007040213252242331493A283D0795C3F33C88"
        "FE06C9CB6132885EC6D341EDF27C1E3E97E7207B3A0C0A5241E377BB1D7693E72E",
        {
            "smsc": "+85290000000",
            "sender": "+85291234567",
            "timestamp": datetime(2007, 4, 12, 23, 25, 42, tzinfo=tz(8)),
            "text": "It is easy to read text messages via AT commands.",
        },
        id="python-gsmmodem-easy",
    ),
    # extension table characters { } inside GSM 7-bit text
    pytest.param(
        "06917228195339040B917228214365F70000313062315352800A800D8A5E98D337A910",
        {"sender": "+27821234567", "text": "@{tést}!"},
        id="python-gsmmodem-extension",
    ),
    # concatenation IE 0x00 (8-bit reference 0xC3, part 1 of 1), national sender
    pytest.param(
        "0591721891F1400781721881F800003160526104848059050003C30101916536FB1DCABE"
        "EB2074D85E064941B19CAB060319A5C522289C96D3D3ED32286C0FA7D96131BBEC024941"
        "B19CAB0603DDD36C36A88C87A7E565D0DB0D82C55EB0DB4B068BCD5C20",
        {
            "smsc": "+2781191",
            "sender": "2781188",
            "text": "Hello!You have R 19.50 FREE airtime available. "
            "R 19.50 will expire on 01/07/2013. ",
            "concat": Concat(0xC3, 1, 1, 8),
        },
        id="python-gsmmodem-concat8",
    ),
    # oFono unit/test-sms.c, simple_deliver: timezone -4 quarters (GMT-1)
    pytest.param(
        "07911326040000F0040B911346610089F60000208062917314480CC8F71D14969741F977FD07",
        {
            "smsc": "+31624000000",
            "sender": "+31641600986",
            "pid": 0,
            "dcs": 0,
            "timestamp": datetime(2002, 8, 26, 19, 37, 41, tzinfo=tz(-1)),
            "text": "How are you?",
        },
        id="ofono-simple-deliver-negative-tz",
    ),
    # oFono unit/test-sms.c, alnum_sender: alphanumeric originator "sipgate"
    pytest.param(
        "0791447758100650040DD0F334FC1CA6970100008080312170224008D4F29CDE0EA7D9",
        {
            "smsc": "+447785016005",
            "sender": "sipgate",
            "timestamp": datetime(2008, 8, 13, 12, 7, 22, tzinfo=tz(1)),
            "text": "Testmail",
        },
        id="ofono-alnum-sender",
    ),
    # smspdudecoder README (qotto/smspdudecoder). The README prints the year as
    # 2098; TS 23.040 gives only two digits and we read 98 as 1998.
    pytest.param(
        "07916407058099F9040B916407950303F100008921222140140004D4E2940A",
        {
            "smsc": "+46705008999",
            "sender": "+46705930301",
            "timestamp": datetime(1998, 12, 22, 12, 4, 41, tzinfo=UTC),
            "text": "TEST",
        },
        id="smspdudecoder-readme",
    ),
    # AOSP telephony tests, GsmSmsTest.testAddressing
    pytest.param(
        "07914151551512f2040B916105551511f100006060605130308A04D4F29C0E",
        {"smsc": "+14155551212", "sender": "+16505551111", "text": "Test"},
        id="aosp-addressing",
    ),
    # AOSP GsmSmsTest.testUcs2
    pytest.param(
        "07912160130300F4040B914151245584F600087010807121352B102122"
        "00A900AE00680065006C006C006F",
        {"text": "\u2122\u00a9\u00aehello", "encoding": "ucs2", "dcs": 0x08},
        id="aosp-ucs2",
    ),
    # AOSP GsmSmsTest.testExtendedCharacterTable
    pytest.param(
        "07914151551512f2040B916105551511f100006080615131728A44D4F29C0E2AE3E96537B9"
        "4C068DD16179784C2FCB41F4B0985D06B958ADD00FB0E94536AF974974DA6D281BA00E95E2"
        "6D509B946FC3DBF87A25D56A04",
        {
            "smsc": "+14155551212",
            "sender": "+16505551111",
            "text": "Test extended character table .,-!?@~_\\/&\"';^|:()<{}>[]=%*+#",
        },
        id="aosp-extension-table",
    ),
    # AOSP GsmSmsTest.testMultipart, second part: UDH with fill bits (8-bit ref 0)
    pytest.param(
        "07916163838408F6440B816105224431F700007060217185000A2305000300020262B1582C"
        "168BC96432994C2693C96432994C2693C96432990C",
        {"text": "1111111222222222222222222222", "concat": Concat(0, 2, 2, 8)},
        id="aosp-multipart-2",
    ),
    # AOSP GsmSmsTest.testUdh, second part: 8-bit data; the port-address IE
    # (0x05) is skipped, the concatenation IE (ref 42, part 2 of 2) is read.
    pytest.param(
        "07914140279510F6440A8111110301003BF56080207130238A3B0B05040B8423F000032A02"
        "02362E3130322E3137312E3135302F524E453955304A6D713551414142666C414141414D77"
        "4141423651414141414100",
        {"encoding": "8bit", "concat": Concat(42, 2, 2, 8)},
        id="aosp-udh-port-and-concat",
    ),
    # frontlinesms smslib CServiceTest.testGetNextUsefulLine (+CMGL index 11):
    # concatenation IE 0x08, 16-bit reference. The source publishes the PDU only;
    # reference 0x0023, part 2 of 2 and the sender were read from the octets.
    pytest.param(
        "0791449737709499440C914487732760570000807051117230401F06080400230202ED73FB"
        "DC3EB7CFED33FC0EBFC3EFF07BFC0EBFC301",
        {
            "sender": "+447837720675",
            "concat": Concat(0x23, 2, 2, 16),
            "encoding": "gsm7",
        },
        id="smslib-concat16",
    ),
]


@pytest.mark.parametrize(("pdu_hex", "expected"), DECODE_VECTORS)
def test_decode_vectors(pdu_hex: str, expected: dict[str, Any]) -> None:
    """Published SMS-DELIVER PDUs decode to their published values."""
    sms = decode_pdu(pdu_hex)
    assert isinstance(sms, SmsDeliver)
    assert sms.timestamp.tzinfo is not None
    assert {key: getattr(sms, key) for key in expected} == expected


def _ofono_assembly_pdus() -> list[str]:
    """oFono unit/test-sms.c, test_assembly: assembly_pdu1..3, pieces joined.

    Three UCS2 parts, 8-bit reference 0x1E, SMSC "123", sender "5555", DCS
    0x19 (UCS2, class 1); oFono reassembles them into one message.
    """
    pdu1 = (
        "038121F340048155550119906041001222048C0500"
        "031E0301041804420430043A002C002004100"
        "43B0435043A04410430043D04340440002000"
        "200441043B044304480430043B00200437043"
        "000200434043204350440044C044E00200020"
        "04380020002004320441043500200431043E0"
        "43B044C044804350020043F04400435043804"
        "41043F043E043B043D044F043B0441044F002"
        "000200433043D0435"
    )
    pdu2 = (
        "038121F340048155550119906041001222048C0500"
        "031E03020432043E043C002E000A041D04300"
        "43A043E043D04350446002C0020043D043500"
        "200432002004410438043B043004450020043"
        "40430043B043504350020044204350440043F"
        "04350442044C002C0020043E043D002004410"
        "44204400435043C043804420435043B044C04"
        "3D043E002004320431043504360430043B002"
        "004320020043A043E"
    )
    pdu3 = (
        "038121F340048155550119906041001222044A0500"
        "031E0303043C043D043004420443002C00200"
        "43F043E043704300431044B0432000A043404"
        "3004360435002C002004470442043E0020002"
        "00431044B043B0020043D04300433002E"
    )
    return [pdu1, pdu2, pdu3]


def test_ofono_assembly_ucs2_parts() -> None:
    """oFono's three UCS2 parts decode with their concatenation IE and Cyrillic text."""
    parts = [decode_pdu(p) for p in _ofono_assembly_pdus()]
    for sequence, sms in enumerate(parts, start=1):
        assert isinstance(sms, SmsDeliver)
        assert (sms.smsc, sms.sender, sms.encoding, sms.dcs) == (
            "123",
            "5555",
            "ucs2",
            0x19,
        )
        assert sms.concat == Concat(0x1E, 3, sequence, 8)
        assert sms.text == sms.data.decode("utf-16-be")
    assert parts[0].text.startswith("\u0418\u0442\u0430\u043a")  # "Итак"
    assert parts[2].text.endswith(".")


# python-gsmmodem TestSmsPdu.test_decode: SMS-STATUS-REPORT without SMSC
# (number +31628870634, reference 214; the times and status were read from
# the octets: 11-01-11 17:59:15 / 17:59:17 GMT+1, TP-ST 0).
STATUS_REPORT = "0006D60B911326880736F4111011719551401110117195714000"


def test_status_report_vector() -> None:
    """A published status report decodes; TP-ST 0 counts as delivered."""
    report = decode_pdu(STATUS_REPORT)
    assert report == StatusReport(
        reference=214,
        recipient="+31628870634",
        timestamp=datetime(2011, 1, 11, 17, 59, 15, tzinfo=tz(1)),
        discharge=datetime(2011, 1, 11, 17, 59, 17, tzinfo=tz(1)),
        status=0,
    )
    assert report.delivered


@pytest.mark.parametrize(
    ("status", "delivered"), [(0x00, True), (0x02, True), (0x20, False), (0x41, False)]
)
def test_status_report_delivered(status: int, delivered: bool) -> None:
    """TP-ST 0x00-0x1F is a completed transaction, anything else is not (TS 23.040 §9.2.3.15)."""
    report = decode_pdu(STATUS_REPORT[:-2] + f"{status:02X}")
    assert isinstance(report, StatusReport)
    assert report.delivered is delivered


def test_has_smsc_false() -> None:
    """``+CMT`` on some modems omits the SMSC: has_smsc=False reads the TPDU directly."""
    tpdu = "040B911346610089F60000208062917314480CC8F71D14969741F977FD07"  # oFono simple_deliver
    sms = decode_pdu(tpdu, has_smsc=False)
    assert isinstance(sms, SmsDeliver)
    assert (sms.smsc, sms.text) == (None, "How are you?")


# Addresses from python-gsmmodem TestSmsPduAddressFields and smspdudecoder's
# Address.decode doctests (fields.py).
ADDRESS_VECTORS = [
    ("0A918967452301", "+9876543210"),
    ("099189674523F1", "+987654321"),
    ("0B917228195339F4", "+27829135934"),
    ("06D061F118", "abc"),
    ("0ED04669D0397C26A7", "FRANCOIS"),
    ("14D0E10D6FE3DBA036A94D19", "a[]{}€"),
    ("0BD0CDE6DB5DCE03", "MMoney"),
    ("14D0C4F23C7D760390EF7619", "Design@Home"),
]


@pytest.mark.parametrize(("field", "expected"), ADDRESS_VECTORS)
def test_address_vectors(field: str, expected: str) -> None:
    """TP-OA fields, numeric and alphanumeric, decode to the published value."""
    reader = pdu._Reader(bytes.fromhex(field))
    assert pdu._read_address(reader) == expected
    assert reader.pos == len(bytes.fromhex(field))


# python-gsmmodem TestTimestamp: TP-SCTS octets and the datetime they mean.
TIMESTAMP_VECTORS = [
    ("51117200000000", datetime(2015, 11, 27, 0, 0, 0, tzinfo=tz(0))),
    ("51117200000080", datetime(2015, 11, 27, 0, 0, 0, tzinfo=tz(2))),
    ("70402132522423", datetime(2007, 4, 12, 23, 25, 42, tzinfo=tz(8))),
    ("7040213252242B", datetime(2007, 4, 12, 23, 25, 42, tzinfo=tz(-8))),
]


@pytest.mark.parametrize(("octets", "expected"), TIMESTAMP_VECTORS)
def test_timestamp_vectors(octets: str, expected: datetime) -> None:
    """Timestamps carry their zone, negative offsets included."""
    moment = pdu._read_timestamp(pdu._Reader(bytes.fromhex(octets)))
    assert moment == expected
    assert moment.utcoffset() == expected.utcoffset()


# --- encode vectors ---------------------------------------------------------

ENCODE_VECTORS = [
    # oFono unit/test-sms.c simple_submit, the same PDU as dreamfabric's
    # SMS-SUBMIT example: "hellohello" to +46708251358, TP-VP 0xAA.
    pytest.param(
        "+46708251358",
        "hellohello",
        {"validity": 0xAA},
        "0011000B916407281553F80000AA0AE8329BFD4697D9EC37",
        id="ofono-dreamfabric-submit",
    ),
    # python-gsmmodem TestSmsPdu.test_encodeSmsSubmit: no validity period.
    pytest.param(
        "+27820001111",
        "Hello World!",
        {"validity": None},
        "0001000B917228001011F100000CC8329BFD065DDF72363904",
        id="python-gsmmodem-hello-world",
    ),
    # warthog618/sms cmd/smsdecode/smsdecode_test.go "submit": "Hello world" to +12345.
    pytest.param(
        "+12345",
        "Hello world",
        {"validity": None},
        "00010005912143F500000BC8329BFD06DDDF723619",
        id="warthog618-submit",
    ),
]


@pytest.mark.parametrize(("number", "text", "options", "expected"), ENCODE_VECTORS)
def test_encode_vectors(
    number: str, text: str, options: dict[str, Any], expected: str
) -> None:
    """Published SMS-SUBMIT PDUs (SMSC octet 00) are reproduced byte for byte."""
    [submit] = encode_submit(number, text, **options)
    assert submit.pdu_hex == expected
    assert submit.tpdu_length == len(expected) // 2 - 1


def test_encode_vector_with_default_validity() -> None:
    """oFono test_prepare_7bit: "This is testing !" with TP-VP 0xA7, our default.

    oFono's PDU carries the SMSC +358405202090 (8 octets); ours says ``00``.
    """
    expected = (
        "079153485002020911000C915348870420140000A71154747A0E4ACF41F4F29C9E769F4121"
    )
    [submit] = encode_submit("+358478400241", "This is testing !")
    assert submit.pdu_hex == "00" + expected[16:]
    assert submit.tpdu_length == len(expected[16:]) // 2


def test_encode_vector_ucs2() -> None:
    """python-gsmmodem: "世界您好！" to +123456789 as UCS2, 52 weeks = TP-VP 0xF4.

    Their PDU carries the SMSC +44000000000 (8 octets); ours says ``00``.
    """
    expected = "07914400000000F01100099121436587F90008F40A4E16754C60A8597DFF01"
    [submit] = encode_submit("+123456789", "世界您好！", validity=0xF4)
    assert submit.pdu_hex == "00" + expected[16:]


LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua.Ut enim ad minim veniam, quinostrud "
    "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.Duis aute "
    "irure dolor in reprehenderit in voluptate velit esse cillum doloe eu fugiat nulla "
    "pariatur.Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia "
    "deserunt mollit anim id est laborum"
)
# python-gsmmodem TestSmsPdu.test_encodeSmsSubmit_concatenated, made with
# TP-RD set (first octet 0x45); we never set TP-RD, so 0x04 is masked out.
LOREM_PDUS = [
    (
        "0045000B915121551532F40000A0050003000301986F79B90D4AC3E7F53688FC66BFE5A0799A"
        "0E0AB7CB741668FC76CFCB637A995E9783C2E4343C3D4F8FD3EE33A8CC4ED359A079990C22BF41"
        "E5747DDE7E9341F4721BFE9683D2EE719A9C26D7DD74509D0E6287C56F791954A683C86FF65B5E"
        "06B5C36777181466A7E3F5B0AB4A0795DDE936284C06B5D3EE741B642FBBD3E1360B14AFA7DD"
    ),
    (
        "0045000B915121551532F40000A0050003000302DE73BABC4E0695F165F9384D0FD3D36F37A8CE"
        "6687DBE337881D16BFE5E939C89D9EA741753A28CC4EC7EB6938A88C0795C3A0F1BBDD7E93DFA0"
        "F1DB3D2FC7EB61BA8B584FCF41E13ABD0C4ACBEBF23288FC66BFE5A0B41B242FC3E56574D94D2E"
        "CBD37450DA0DB2BFD975383D4C2F83EC65769A0E2ACFE765D038CD66D7DB20F29BFD2E83CA"
    ),
    (
        "0045000B915121551532F400008C050003000303EA2073FD9C0ED341EE3A9B1D06C1C3F274985E"
        "97BB8AF871194E2FD7E5A079DA4D07BDC7E370791CA683C675789A1CA687E920F7DB0D82CBDF69"
        "72D94D6781E675371D947683C675363C0C8AD7D3A0B7D99C1EA7C32072795E96D7DD7450FBCD66"
        "A7E9A0B03BDD06A5C9A0F29C0E6287C56F79BD0D"
    ),
]


def test_encode_vector_concatenated() -> None:
    """python-gsmmodem's three-part Lorem ipsum: 153 septets per part, 8-bit ref 0."""
    submits = encode_submit("+15125551234", LOREM, validity=None)
    expected = [f"00{int(p[2:4], 16) & ~0x04:02X}{p[4:]}" for p in LOREM_PDUS]
    assert [s.pdu_hex for s in submits] == expected


# --- encoder behaviour ------------------------------------------------------


def _tpdu(submit_hex: str) -> bytes:
    return bytes.fromhex(submit_hex)[1:]


def test_submit_header_bits() -> None:
    """TP-SRR for a status report, TP-VPF relative by default, TP-MR as given."""
    [plain] = encode_submit("+4915112345678", "ON", reference=7)
    [report] = encode_submit("+4915112345678", "ON", status_report=True)
    assert _tpdu(plain.pdu_hex)[:2] == bytes([0x11, 7])
    assert _tpdu(report.pdu_hex)[0] == 0x31
    assert plain.pdu_hex.startswith("00")


def test_national_number_is_type_unknown() -> None:
    """A number without ``+`` goes out with TOA 0x81 (unknown numbering)."""
    [submit] = encode_submit("015112345678", "STATUS")
    assert _tpdu(submit.pdu_hex)[2:4] == bytes([12, 0x81])


@pytest.mark.parametrize(
    ("text", "parts", "encoding_dcs"),
    [
        ("a" * 160, 1, 0x00),
        ("a" * 161, 2, 0x00),
        ("€" * 80, 1, 0x00),  # 160 septets: extension characters count twice
        ("€" * 81, 2, 0x00),
        ("ж" * 70, 1, 0x08),
        ("ж" * 71, 2, 0x08),
        ("a" * 153 * 3, 3, 0x00),
        ("ж" * 67 * 3 + "ж", 4, 0x08),
        ("", 1, 0x00),
    ],
)
def test_split_limits(text: str, parts: int, encoding_dcs: int) -> None:
    """160/153 septets or 70/67 UCS2 characters per part (TS 23.040 §9.2.3.24.1)."""
    submits = encode_submit("+4915112345678", text)
    assert len(submits) == parts
    for submit in submits:
        tpdu = _tpdu(submit.pdu_hex)
        assert tpdu[12] == encoding_dcs  # first, MR, DA (2 + 7), PID, DCS
        assert submit.tpdu_length == len(tpdu)
        assert (tpdu[0] & 0x40 != 0) == (parts > 1)


def test_extension_character_never_split() -> None:
    """An escape sequence stays in one part: 152 'a' + '€' would need 154 septets."""
    submits = encode_submit("+4915112345678", "a" * 152 + "€" + "b" * 10)
    first, second = (_tpdu(s.pdu_hex) for s in submits)
    assert first[14] == 7 + 152  # UDL: header septets + text septets
    assert second[14] == 7 + 2 + 10


def test_surrogate_pair_never_split() -> None:
    """An emoji (two UTF-16 units) is not cut between UCS2 parts."""
    text = "x" * 66 + "😀" + "y" * 5
    submits = encode_submit("+4915112345678", text)
    assert len(submits) == 2
    first_ud = _tpdu(submits[0].pdu_hex)[15 + 6 :]
    assert first_ud.decode("utf-16-be") == "x" * 66


def test_sixteen_bit_concat_reference() -> None:
    """A reference above 255 uses IE 0x08 and 152 septets per part."""
    submits = encode_submit("+4915112345678", "a" * 200, concat_reference=0x1234)
    tpdu = _tpdu(submits[0].pdu_hex)
    assert tpdu[15:22] == bytes([6, 0x08, 4, 0x12, 0x34, 2, 1])
    assert tpdu[14] == 8 + 152  # a 7-octet UDH takes 8 septets


@pytest.mark.parametrize(
    ("number", "text", "options"),
    [
        ("iSocket", "ON", {}),
        ("", "ON", {}),
        ("+49abc", "ON", {}),
        ("+4915112345678", "a" * 153 * 255 + "a", {}),
        ("+4915112345678", "ON", {"concat_reference": 70000}),
        ("+4915112345678", "ON", {"reference": 256}),
        ("+4915112345678", "ON", {"validity": 300}),
        ("+4915112345678", "half a pair \ud83d", {}),
    ],
)
def test_encode_errors(number: str, text: str, options: dict[str, Any]) -> None:
    """Impossible requests raise PduEncodeError."""
    with pytest.raises(PduEncodeError):
        encode_submit(number, text, **options)


# --- malformed input ---------------------------------------------------------

MALFORMED = [
    # python-gsmmodem test_decode_invalidData
    "AFSDSDF LJJFKLDJKLFJ# #$KJLKJL SF",
    "AEFDSDFSDFSDFS",
    # python-gsmmodem test_decode_invalidPduType: TP-MTI 3 (reserved)
    "0043010C910661345542F60008A0050003000301306F3044",
    # warthog618/sms smsdecode_test.go "pdumode decode fail": SMSC cut short
    "07911614220991",
    # smspdudecoder tests: UCS2 PDU whose user data is cut short (UDL 0x44)
    "0891683110304105F1240D91683167414052F700081270115183942344597D70E6597D70E651CF80A551CF80A55C",
    "",
    "0",
    "00",
    # an SMS-SUBMIT is not something the modem receives
    "0011000B916407281553F80000AA0AE8329BFD4697D9EC37",
]


@pytest.mark.parametrize("pdu_hex", MALFORMED)
def test_malformed_raises_decode_error(pdu_hex: str) -> None:
    """Garbage, truncation and wrong types are PduDecodeError, nothing else."""
    with pytest.raises(PduDecodeError):
        decode_pdu(pdu_hex)


@pytest.mark.parametrize(
    "pdu_hex",
    [p.values[0] for p in DECODE_VECTORS] + [STATUS_REPORT],
)
def test_every_truncation_raises(pdu_hex: str) -> None:
    """Each prefix of a valid PDU is rejected with PduDecodeError."""
    data = bytes.fromhex(pdu_hex)
    for length in range(len(data)):
        with pytest.raises(PduDecodeError):
            decode_pdu(data[:length].hex())


@pytest.mark.parametrize(
    ("pdu_hex", "reason"),
    [
        # UDL 161 septets
        ("0791947102000000040B919451214365F7000062111232509049A1" + "00" * 141, "160"),
        # UDHI set, UDH length larger than the user data
        ("0791947102000000440B919451214365F70008621112325090490409000000", "UDH"),
        # UDHI set, 8-bit data, no user data at all
        ("0791947102000000440B919451214365F7000462111232509049" + "00", "empty"),
        # 8-bit UDL 141 octets
        (
            "0791947102000000040B919451214365F7000462111232509049" + "8D" + "00" * 141,
            "140",
        ),
        # UDHI set, GSM 7-bit: an empty UDH takes 2 septets, TP-UDL says 1
        ("0791947102000000440B919451214365F7000062111232509049" + "0100", "UDH longer"),
    ],
)
def test_bad_lengths_and_fields(pdu_hex: str, reason: str) -> None:
    """Lengths and fields that contradict the data are rejected with a reason."""
    with pytest.raises(PduDecodeError, match=reason):
        decode_pdu(pdu_hex)


RECEIVED = datetime(2026, 5, 6, 7, 8, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    "pdu_hex",
    [
        # bad BCD in the timestamp (year 0xA6)
        "0791947102000000040B919451214365F700006A1112325090490100",
        # month 13
        "0791947102000000040B919451214365F70000623112325090490100",
        # bad BCD in the time zone octet
        "0791947102000000040B919451214365F70000621112325090FA0100",
    ],
)
def test_bad_timestamp_keeps_the_message(pdu_hex: str) -> None:
    """A DELIVER whose only defect is TP-SCTS decodes, stamped with receive time."""
    sms = decode_pdu(pdu_hex, received=RECEIVED)
    assert isinstance(sms, SmsDeliver)
    assert (sms.sender, sms.text) == ("+49151234567", "@")
    assert (sms.timestamp, sms.timestamp_valid) == (RECEIVED, False)


def test_valid_timestamp_is_flagged_valid() -> None:
    """A readable TP-SCTS is kept and flagged valid; ``received`` is ignored."""
    sms = decode_pdu(DECODE_VECTORS[0].values[0], received=RECEIVED)
    assert isinstance(sms, SmsDeliver)
    assert sms.timestamp_valid
    assert sms.timestamp != RECEIVED


def test_status_report_bad_timestamp_is_an_error() -> None:
    """A status report needs its times to be matched: still PduDecodeError."""
    broken = STATUS_REPORT.replace("11101171955140", "111011719A5140")
    assert broken != STATUS_REPORT
    with pytest.raises(PduDecodeError, match="BCD"):
        decode_pdu(broken)


def test_invalid_concat_ie_is_ignored() -> None:
    """A concatenation IE with sequence 0 is void (TS 23.040 §9.2.3.24.1)."""
    base = decode_pdu(DECODE_VECTORS[4].values[0])
    assert isinstance(base, SmsDeliver)
    broken = DECODE_VECTORS[4].values[0].replace("050003C30101", "050003C30100")
    sms = decode_pdu(broken)
    assert isinstance(sms, SmsDeliver)
    assert sms.concat is None
    assert sms.text == base.text


@pytest.mark.parametrize(
    ("dcs", "encoding"),
    [
        (0x00, "gsm7"),
        (0x04, "8bit"),
        (0x08, "ucs2"),
        (0x0C, "gsm7"),  # reserved alphabet
        (0x19, "ucs2"),  # class 1
        (0x48, "ucs2"),  # automatic deletion group
        (0xC0, "gsm7"),  # MWI discard
        (0xE0, "ucs2"),  # MWI store, UCS2
        (0xF4, "8bit"),
        (0xF0, "gsm7"),
        (0x90, "gsm7"),  # reserved group
    ],
)
def test_dcs_groups(dcs: int, encoding: str) -> None:
    """TS 23.038 §4 data coding groups map to the right alphabet."""
    assert pdu._dcs_encoding(dcs) == encoding


def test_eight_bit_text_falls_back_to_latin1() -> None:
    """8-bit data that is not UTF-8 still yields text instead of an error."""
    assert pdu.decode_user_data("8bit", b"caf\xe9") == "café"
    assert pdu.decode_user_data("8bit", "café".encode()) == "café"
    assert pdu.decode_user_data("ucs2", b"\x00a\x00") == "a"  # odd trailing octet


# --- fuzzing ----------------------------------------------------------------


@settings(max_examples=200)
@given(st.binary(max_size=200))
def test_fuzz_random_bytes(data: bytes) -> None:
    """Random octets either decode or raise PduDecodeError."""
    with contextlib.suppress(PduDecodeError):
        decode_pdu(data.hex())


@settings(max_examples=200)
@given(st.text(max_size=60))
def test_fuzz_random_text(text: str) -> None:
    """Random text (not even hex) only ever raises PduDecodeError."""
    with contextlib.suppress(PduDecodeError):
        decode_pdu(text)


@settings(max_examples=200)
@given(
    st.sampled_from([p.values[0] for p in DECODE_VECTORS] + [STATUS_REPORT]),
    st.lists(st.tuples(st.integers(0, 400), st.integers(0, 255)), max_size=4),
)
def test_fuzz_mutated_vectors(pdu_hex: str, edits: list[tuple[int, int]]) -> None:
    """Real PDUs with octets overwritten either decode or raise PduDecodeError."""
    data = bytearray.fromhex(pdu_hex)
    for position, value in edits:
        data[position % len(data)] = value
    with contextlib.suppress(PduDecodeError):
        decode_pdu(data.hex())
