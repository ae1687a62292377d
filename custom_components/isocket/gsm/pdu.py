"""SMS PDU codec (3GPP TS 23.040): decode DELIVER / STATUS-REPORT, encode SUBMIT."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Final, Literal

from .errors import PduDecodeError, PduEncodeError
from .gsm7 import (
    decode_septets,
    encode_septets,
    is_gsm7,
    pack_septets,
    septet_length,
    unpack_septets,
)

type Encoding = Literal["gsm7", "8bit", "ucs2"]

# Semi-octet digits of an address (TS 23.040 §9.1.2.3); 0xF is the filler.
_BCD_DIGITS = "0123456789*#abc"
_HEX_DIGITS = frozenset("0123456789ABCDEFabcdef")
_TON_INTERNATIONAL = 0x10
_TON_ALPHANUMERIC = 0x50
_IEI_CONCAT_8 = 0x00
_IEI_CONCAT_16 = 0x08
# TP-VP relative 0xA7 = 24 hours: a command the device gets a day late is stale.
VALIDITY_RELATIVE = 0xA7
MAX_PARTS = 255


@dataclass(frozen=True, slots=True)
class Concat:
    """Concatenation information element of one part."""

    reference: int
    total: int
    sequence: int
    bits: Literal[8, 16] = 8


@dataclass(frozen=True, slots=True)
class SmsDeliver:
    """A decoded SMS-DELIVER.

    `data` is the user data after the UDH: octets for 8-bit and UCS2, one octet
    per septet for GSM 7-bit, so parts can be joined before decoding.
    `timestamp_valid` is False when the service centre's timestamp was
    unreadable: `timestamp` is then the receive time, so the text is not lost.
    `sender_type` is TP-OA's type-of-address octet (0x91 international, 0x81
    unknown, 0xD0 alphanumeric): a name made of digits is still no number.
    """

    sender: str
    text: str
    timestamp: datetime
    smsc: str | None
    encoding: Encoding
    concat: Concat | None
    pid: int
    dcs: int
    data: bytes
    timestamp_valid: bool = True
    sender_type: int = 0x81

    @property
    def sender_alphanumeric(self) -> bool:
        """The sender is a name (TON alphanumeric), whatever its characters."""
        return self.sender_type & 0x70 == _TON_ALPHANUMERIC


@dataclass(frozen=True, slots=True)
class StatusReport:
    """A decoded SMS-STATUS-REPORT."""

    reference: int
    recipient: str
    timestamp: datetime
    discharge: datetime
    status: int

    @property
    def delivered(self) -> bool:
        """True when the transaction completed (TP-ST 0x00-0x1F)."""
        return self.status < 0x20


@dataclass(frozen=True, slots=True)
class SubmitPdu:
    """One SMS-SUBMIT ready for ``AT+CMGS=<tpdu_length>``."""

    pdu_hex: str
    tpdu_length: int


class _Reader:
    """Cursor over PDU octets whose reads past the end raise PduDecodeError."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def octet(self) -> int:
        return self.take(1)[0]

    def take(self, count: int) -> bytes:
        end = self.pos + count
        if end > len(self.data):
            raise PduDecodeError(
                f"PDU truncated: need {end} octets, have {len(self.data)}"
            )
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk


def _semi_octets(data: bytes) -> str:
    """Swapped-nibble digits, stopping at the 0xF filler."""
    digits: list[str] = []
    for octet in data:
        for nibble in (octet & 0x0F, octet >> 4):
            if nibble == 0x0F:
                return "".join(digits)
            digits.append(_BCD_DIGITS[nibble])
    return "".join(digits)


def _read_address(reader: _Reader, *, length_in_octets: bool = False) -> str:
    """Read an address: SMSC (length in octets) or TP address (in semi-octets)."""
    return _read_typed_address(reader, length_in_octets=length_in_octets)[0]


def _read_typed_address(
    reader: _Reader, *, length_in_octets: bool = False
) -> tuple[str, int]:
    """Read an address and its type-of-address octet."""
    length = reader.octet()
    if length_in_octets:
        if length == 0:
            return "", 0x81
        toa, value = reader.octet(), reader.take(length - 1)
    else:
        toa, value = reader.octet(), reader.take((length + 1) // 2)
    if toa & 0x70 == _TON_ALPHANUMERIC:
        # the length counts semi-octets used by the packed septets
        count = length * 4 // 7 if not length_in_octets else len(value) * 8 // 7
        return decode_septets(unpack_septets(value, count)), toa
    digits = _semi_octets(value)
    if not length_in_octets:
        digits = digits[:length]
    international = toa & 0x70 == _TON_INTERNATIONAL and digits
    return (f"+{digits}" if international else digits), toa


def _bcd(octet: int) -> int:
    low, high = octet & 0x0F, octet >> 4
    if low > 9 or high > 9:
        raise PduDecodeError(f"bad BCD octet {octet:02X} in timestamp")
    return low * 10 + high


def _read_timestamp(reader: _Reader) -> datetime:
    raw = reader.take(7)
    year, month, day, hour, minute, second = (_bcd(octet) for octet in raw[:6])
    tz_octet = raw[6]
    quarters = _bcd(tz_octet & 0xF7)
    offset = timedelta(minutes=15 * quarters)
    try:
        return datetime(
            year + (1900 if year >= 70 else 2000),
            month,
            day,
            hour,
            minute,
            second,
            tzinfo=timezone(-offset if tz_octet & 0x08 else offset),
        )
    except ValueError as err:
        raise PduDecodeError(f"bad timestamp {raw.hex()}: {err}") from err


def _read_deliver_timestamp(reader: _Reader) -> datetime | None:
    """TP-SCTS of a DELIVER; None when its octets are no valid time.

    Only the field's content may be bad: a PDU too short for it stays an error.
    """
    start = reader.pos
    reader.take(7)
    try:
        return _read_timestamp(_Reader(reader.data[start : reader.pos]))
    except PduDecodeError:
        return None


def _dcs_encoding(dcs: int) -> Encoding:
    """Alphabet of a TP-DCS value (TS 23.038 §4); reserved values read as GSM 7-bit."""
    group = dcs >> 4
    if group <= 0x07:  # general data coding, with or without automatic deletion
        return ("gsm7", "8bit", "ucs2", "gsm7")[(dcs >> 2) & 0x03]
    if group == 0x0E:
        return "ucs2"
    if group == 0x0F:
        return "8bit" if dcs & 0x04 else "gsm7"
    return "gsm7"


def decode_user_data(encoding: Encoding, data: bytes) -> str:
    """Text of user data as held in `SmsDeliver.data`."""
    if encoding == "gsm7":
        return decode_septets(data)
    if encoding == "ucs2":
        # A surrogate pair split across parts is whole again once the parts'
        # data are joined; until then its lone half reads as U+FFFD.
        return data[: len(data) & ~1].decode("utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _parse_udh(udh: bytes) -> Concat | None:
    """Concatenation IE of a UDH; other IEs are skipped, invalid concat IEs ignored."""
    concat: Concat | None = None
    reader = _Reader(udh)
    while reader.pos < len(udh):
        iei, length = reader.octet(), reader.octet()
        value = reader.take(length)
        if iei == _IEI_CONCAT_8 and length == 3:
            candidate = Concat(value[0], value[1], value[2], 8)
        elif iei == _IEI_CONCAT_16 and length == 4:
            candidate = Concat(int.from_bytes(value[:2]), value[2], value[3], 16)
        else:
            continue
        # TS 23.040 §9.2.3.24.1: a zero or out-of-range sequence voids the IE.
        if candidate.total and 0 < candidate.sequence <= candidate.total:
            concat = candidate
    return concat


def _read_user_data(
    reader: _Reader, encoding: Encoding, has_udh: bool
) -> tuple[bytes, Concat | None]:
    """Read TP-UDL and TP-UD; return the data after the UDH and its concat IE."""
    udl = reader.octet()
    if encoding == "gsm7":
        if udl > 160:
            raise PduDecodeError(f"TP-UDL {udl} septets exceeds 160")
        raw = reader.take((udl * 7 + 7) // 8)
    else:
        if udl > 140:
            raise PduDecodeError(f"TP-UDL {udl} octets exceeds 140")
        raw = reader.take(udl)
    concat = None
    header_octets = 0
    if has_udh:
        if not raw:
            raise PduDecodeError("UDHI set but user data is empty")
        header_octets = raw[0] + 1
        if header_octets > len(raw):
            raise PduDecodeError(f"UDH length {raw[0]} exceeds user data")
        concat = _parse_udh(raw[1:header_octets])
    if encoding != "gsm7":
        return raw[header_octets:], concat
    header_septets = (header_octets * 8 + 6) // 7
    if header_septets > udl:
        raise PduDecodeError("UDH longer than TP-UDL")
    fill_bits = header_septets * 7 - header_octets * 8
    septets = unpack_septets(raw[header_octets:], udl - header_septets, fill_bits)
    return bytes(septets), concat


def _decode_deliver(
    reader: _Reader, first: int, smsc: str | None, received: datetime
) -> SmsDeliver:
    sender, sender_type = _read_typed_address(reader)
    pid, dcs = reader.octet(), reader.octet()
    timestamp = _read_deliver_timestamp(reader)
    encoding = _dcs_encoding(dcs)
    data, concat = _read_user_data(reader, encoding, bool(first & 0x40))
    return SmsDeliver(
        sender=sender,
        text=decode_user_data(encoding, data),
        timestamp=received if timestamp is None else timestamp,
        smsc=smsc,
        encoding=encoding,
        concat=concat,
        pid=pid,
        dcs=dcs,
        data=data,
        timestamp_valid=timestamp is not None,
        sender_type=sender_type,
    )


def _decode_status_report(reader: _Reader) -> StatusReport:
    reference = reader.octet()
    recipient = _read_address(reader)
    timestamp = _read_timestamp(reader)
    discharge = _read_timestamp(reader)
    # TP-PI, PID, DCS and UD may follow; nothing here needs them.
    return StatusReport(reference, recipient, timestamp, discharge, reader.octet())


def pdu_line_fits(line: str, tpdu_length: int | None) -> bool:
    """Whether ``line`` is a PDU of the announced length (27.005 §3.4.3).

    ``<length>`` of ``+CMGR``/``+CMGL``/``+CMT``/``+CDS`` counts the TPDU
    octets; the line also holds the SMSC address, whose own length is its
    first octet. Anything else (a vendor line, a final result code) is not
    the PDU, however it is placed. ``None``: no length was announced, any
    even run of hex digits will do.
    """
    if not line or len(line) % 2 or not all(c in _HEX_DIGITS for c in line):
        return False
    if tpdu_length is None:
        return True
    return len(line) == 2 * (int(line[:2], 16) + 1 + tpdu_length)


def decode_pdu(
    pdu_hex: str, *, has_smsc: bool = True, received: datetime | None = None
) -> SmsDeliver | StatusReport:
    """Decode an SMS-DELIVER or SMS-STATUS-REPORT as listed by ``AT+CMGR``/``+CMT``.

    A DELIVER whose timestamp is unreadable still decodes: it gets ``received``
    (default: now, UTC) and ``timestamp_valid=False``. Raises PduDecodeError for
    anything else malformed, truncated or of another type.
    """
    try:
        data = bytes.fromhex(pdu_hex.strip())
    except ValueError as err:
        raise PduDecodeError(f"PDU is not hex: {err}") from err
    reader = _Reader(data)
    smsc = _read_address(reader, length_in_octets=True) if has_smsc else ""
    first = reader.octet()
    match first & 0x03:
        case 0x00:
            moment = received if received is not None else datetime.now(UTC)
            return _decode_deliver(reader, first, smsc or None, moment)
        case 0x02:
            return _decode_status_report(reader)
        case kind:
            raise PduDecodeError(f"unsupported PDU type TP-MTI={kind}")


def _encode_address(number: str) -> bytes:
    """TP-DA of a phone number; `+` marks an international number."""
    digits = "".join(char for char in number if char not in " -()/.")
    international = digits.startswith("+")
    digits = digits.removeprefix("+")
    if not digits or any(char not in _BCD_DIGITS[:12] for char in digits):
        raise PduEncodeError(f"cannot address an SMS to {number!r}")
    padded = digits + "F" * (len(digits) % 2)
    nibbles = [0x0F if char == "F" else _BCD_DIGITS.index(char) for char in padded]
    value = bytes(
        low | high << 4 for low, high in zip(nibbles[::2], nibbles[1::2], strict=True)
    )
    toa = 0x91 if international else 0x81
    return bytes((len(digits), toa)) + value


def split_text(text: str, encoding: Encoding, per_part: int) -> list[str]:
    """Split text into chunks of at most `per_part` units of its encoding.

    Units are septets (GSM 7-bit, an extension character never split), UTF-16
    code units (UCS2, a surrogate pair never split) or UTF-8 octets (8-bit).
    """
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for char in text:
        if encoding == "gsm7":
            units = septet_length(char)
        elif encoding == "ucs2":
            units = 2 if ord(char) > 0xFFFF else 1
        else:
            units = len(char.encode("utf-8"))
        if used + units > per_part:
            parts.append("".join(current))
            current, used = [], 0
        current.append(char)
        used += units
    parts.append("".join(current))
    return parts


def _user_data(text: str, encoding: Encoding, udh: bytes) -> tuple[int, bytes]:
    """TP-UDL and TP-UD for text and an optional UDH (with its length octet)."""
    if encoding == "gsm7":
        header_septets = (len(udh) * 8 + 6) // 7
        septets = encode_septets(text)
        fill_bits = header_septets * 7 - len(udh) * 8
        return header_septets + len(septets), udh + pack_septets(septets, fill_bits)
    body = text.encode("utf-16-be" if encoding == "ucs2" else "utf-8")
    return len(udh) + len(body), udh + body


# (single-part limit, per-part limit with an 8-bit-reference UDH) per encoding
_LIMITS: dict[Encoding, tuple[int, int]] = {"gsm7": (160, 153), "ucs2": (70, 67)}


def text_encoding(text: str) -> Encoding:
    """GSM 7-bit when the text fits the default alphabet, else UCS2."""
    return "gsm7" if is_gsm7(text) else "ucs2"


def split_message(text: str, *, bits: Literal[8, 16] = 8) -> tuple[Encoding, list[str]]:
    """The encoding of ``text`` and the texts of its parts, as they will be sent.

    A text that fits one SMS is one part; a longer one is split into parts
    that leave room for the concatenation header (``bits``: its reference size).
    """
    encoding = text_encoding(text)
    single, per_part = _LIMITS[encoding]
    chunks = split_text(text, encoding, single)
    if len(chunks) > 1:
        chunks = split_text(text, encoding, per_part - (bits == 16))
    return encoding, chunks


# TS 23.038 §4, coding group 00xx: bit 4 says bits 1..0 are a message class.
DCS_CLASS_0: Final = 0x10


def message_class(dcs: int) -> int | None:
    """The message class a TP-DCS carries (0 = flash), None when it names none."""
    if dcs >> 6 in (0, 1):  # general data coding: bit 4 says a class is there
        return dcs & 0x03 if dcs & 0x10 else None
    return dcs & 0x03 if dcs >> 4 == 0x0F else None


def encode_submit(
    number: str,
    text: str,
    *,
    reference: int = 0,
    status_report: bool = False,
    concat_reference: int = 0,
    validity: int | None = VALIDITY_RELATIVE,
    flash: bool = False,
) -> list[SubmitPdu]:
    """Encode text to `number` as SMS-SUBMIT PDUs (several when it is long).

    GSM 7-bit unless the text needs UCS2; a concatenation reference above 255
    uses the 16-bit IE. `validity` is the TP-VP octet (relative format), None
    leaves it out. Each PDU starts with ``00``: the SIM's SMSC. ``flash``
    marks it class 0 (TS 23.038 §4: the phone shows it at once, stores it
    not).
    """
    if not 0 <= concat_reference <= 0xFFFF:
        raise PduEncodeError(f"concatenation reference {concat_reference} out of range")
    if not 0 <= reference <= 0xFF or not 0 <= (validity or 0) <= 0xFF:
        raise PduEncodeError("message reference and validity are single octets")
    if any(0xD800 <= ord(char) <= 0xDFFF for char in text):
        raise PduEncodeError("text contains a lone UTF-16 surrogate")
    bits: Literal[8, 16] = 16 if concat_reference > 0xFF else 8
    encoding, chunks = split_message(text, bits=bits)
    if len(chunks) > MAX_PARTS:
        raise PduEncodeError(f"text needs {len(chunks)} parts, at most {MAX_PARTS}")
    address = _encode_address(number)
    pdus: list[SubmitPdu] = []
    for sequence, chunk in enumerate(chunks, start=1):
        udh = b""
        if len(chunks) > 1:
            ref = concat_reference.to_bytes(bits // 8)
            iei = _IEI_CONCAT_8 if bits == 8 else _IEI_CONCAT_16
            ie = bytes((iei, len(ref) + 2)) + ref + bytes((len(chunks), sequence))
            udh = bytes((len(ie),)) + ie
        udl, ud = _user_data(chunk, encoding, udh)
        vpf = 0x00 if validity is None else 0x10
        first = 0x01 | vpf | (0x20 if status_report else 0) | (0x40 if udh else 0)
        vp = b"" if validity is None else bytes((validity,))
        dcs = (0x08 if encoding == "ucs2" else 0x00) | (DCS_CLASS_0 if flash else 0)
        # Every part carries the same TP-MR; the modem assigns its own anyway.
        tpdu = (
            bytes((first, reference))
            + address
            + bytes((0x00, dcs))
            + vp
            + bytes((udl,))
            + ud
        )
        pdus.append(SubmitPdu(f"00{tpdu.hex().upper()}", len(tpdu)))
    return pdus
