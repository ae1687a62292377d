"""The network's side of the PDU codec: SMS-DELIVER / STATUS-REPORT out, SMS-SUBMIT in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from custom_components.isocket.gsm.errors import PduDecodeError
from custom_components.isocket.gsm.gsm7 import (
    encode_septets,
    is_gsm7,
    pack_septets,
    unpack_septets,
)
from custom_components.isocket.gsm.pdu import (
    Concat,
    Encoding,
    decode_user_data,
    message_class,
    split_text,
)

_DCS: dict[str, int] = {"gsm7": 0x00, "8bit": 0x04, "ucs2": 0x08}
_ENCODINGS: dict[int, Encoding] = {0x00: "gsm7", 0x04: "8bit", 0x08: "ucs2"}
# (single-part limit, per-part limit with an 8-bit-reference UDH) in each unit
_LIMITS: dict[str, tuple[int, int]] = {
    "gsm7": (160, 153),
    "8bit": (140, 134),
    "ucs2": (70, 67),
}


@dataclass(frozen=True, slots=True)
class SubmitInfo:
    """What the modem asked the network to send."""

    recipient: str
    text: str
    reference: int
    status_report: bool
    concat: Concat | None
    encoding: Encoding
    message_class: int | None = None  # from the DCS: 0 = flash SMS


def _bcd_digits(digits: str) -> bytes:
    padded = digits + "F" * (len(digits) % 2)
    return bytes.fromhex(
        "".join(padded[i + 1] + padded[i] for i in range(0, len(padded), 2))
    )


def encode_address(number: str, *, alphanumeric: bool = False) -> bytes:
    """TP-OA/TP-RA: ``+`` digits international, other digits unknown, else alphanumeric.

    ``alphanumeric`` forces the name form (TON 101), as a bulk-SMS provider
    sends a rented sender name such as ``15112345678``.
    """
    digits = number.removeprefix("+")
    if digits.isdigit() and digits.isascii() and not alphanumeric:
        toa = 0x91 if number.startswith("+") else 0x81
        return bytes((len(digits), toa)) + _bcd_digits(digits)
    septets = encode_septets(number)
    semi_octets = (len(septets) * 7 + 3) // 4
    return bytes((semi_octets, 0xD0)) + pack_septets(septets)


def _smsc(smsc: str | None) -> bytes:
    if not smsc:
        return b"\x00"
    digits = smsc.removeprefix("+")
    body = bytes((0x91 if smsc.startswith("+") else 0x81,)) + _bcd_digits(digits)
    return bytes((len(body),)) + body


def encode_timestamp(moment: datetime) -> bytes:
    """TP-SCTS: swapped BCD local time and offset in quarter hours (naive = UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    offset = moment.utcoffset()
    quarters = round(offset.total_seconds() / 900) if offset else 0
    fields = (
        moment.year % 100,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
    )
    out = bytearray((value % 10) << 4 | value // 10 for value in fields)
    tz = abs(quarters)
    out.append((tz % 10) << 4 | tz // 10 | (0x08 if quarters < 0 else 0))
    return bytes(out)


def _udh(concat: Concat | None) -> bytes:
    if concat is None:
        return b""
    if concat.bits == 16:
        ie = (
            b"\x08\x04"
            + concat.reference.to_bytes(2)
            + bytes((concat.total, concat.sequence))
        )
    else:
        ie = bytes((0x00, 0x03, concat.reference, concat.total, concat.sequence))
    return bytes((len(ie),)) + ie


def _user_data(text: str, encoding: str, udh: bytes) -> tuple[int, bytes]:
    if encoding == "gsm7":
        header_septets = (len(udh) * 8 + 6) // 7
        septets = encode_septets(text)
        fill = header_septets * 7 - len(udh) * 8
        return header_septets + len(septets), udh + pack_septets(septets, fill)
    body = text.encode("utf-16-be" if encoding == "ucs2" else "utf-8")
    return len(udh) + len(body), udh + body


def encode_deliver(
    sender: str,
    text: str,
    timestamp: datetime,
    *,
    encoding: str | None = None,
    concat: Concat | None = None,
    smsc: str | None = "+491720000000",
    alphanumeric_sender: bool = False,
) -> str:
    """One SMS-DELIVER as hex, SMSC address first (as ``+CMT``/``+CMGR`` show it)."""
    encoding = encoding or ("gsm7" if is_gsm7(text) else "ucs2")
    udh = _udh(concat)
    udl, ud = _user_data(text, encoding, udh)
    if udl > (160 if encoding == "gsm7" else 140):
        raise ValueError(f"{udl} units do not fit one SMS-DELIVER")
    first = 0x04 | (0x40 if udh else 0)  # TP-MMS: no more messages waiting
    tpdu = (
        bytes((first,))
        + encode_address(sender, alphanumeric=alphanumeric_sender)
        + bytes((0x00, _DCS[encoding]))
        + encode_timestamp(timestamp)
        + bytes((udl,))
        + ud
    )
    return (_smsc(smsc) + tpdu).hex().upper()


def split_deliver(
    sender: str,
    text: str,
    timestamp: datetime,
    *,
    reference: int,
    bits: int = 8,
    encoding: str | None = None,
    alphanumeric_sender: bool = False,
) -> list[str]:
    """A long text as concatenated SMS-DELIVER PDUs (a short one as a single PDU)."""
    encoding = encoding or ("gsm7" if is_gsm7(text) else "ucs2")
    single, per_part = _LIMITS[encoding]
    chunks = split_text(text, encoding, single)  # type: ignore[arg-type]
    if len(chunks) == 1:
        return [
            encode_deliver(
                sender,
                text,
                timestamp,
                encoding=encoding,
                alphanumeric_sender=alphanumeric_sender,
            )
        ]
    per_part -= 1 if bits == 16 else 0
    chunks = split_text(text, encoding, per_part)  # type: ignore[arg-type]
    return [
        encode_deliver(
            sender,
            chunk,
            timestamp,
            encoding=encoding,
            concat=Concat(reference, len(chunks), sequence, 16 if bits == 16 else 8),
            alphanumeric_sender=alphanumeric_sender,
        )
        for sequence, chunk in enumerate(chunks, start=1)
    ]


def encode_status_report(
    reference: int,
    recipient: str,
    timestamp: datetime,
    discharge: datetime,
    status: int = 0,
    *,
    smsc: str | None = "+491720000000",
) -> str:
    """SMS-STATUS-REPORT for message `reference` (TP-ST 0 = delivered)."""
    tpdu = (
        bytes((0x06, reference & 0xFF))  # TP-MTI=2, TP-MMS
        + encode_address(recipient)
        + encode_timestamp(timestamp)
        + encode_timestamp(discharge)
        + bytes((status,))
    )
    return (_smsc(smsc) + tpdu).hex().upper()


def _take(data: bytes, pos: int, count: int) -> bytes:
    if pos + count > len(data):
        raise PduDecodeError("SMS-SUBMIT truncated")
    return data[pos : pos + count]


def decode_submit(pdu_hex: str) -> SubmitInfo:
    """Decode what the modem sent with ``AT+CMGS`` (SMSC address first).

    Raises PduDecodeError for anything malformed.
    """
    try:
        return _decode_submit(pdu_hex)
    except (IndexError, ValueError) as err:
        raise PduDecodeError(f"bad SMS-SUBMIT: {err}") from err


def _decode_submit(pdu_hex: str) -> SubmitInfo:
    try:
        data = bytes.fromhex(pdu_hex.strip())
    except ValueError as err:
        raise PduDecodeError(str(err)) from err
    pos = _take(data, 0, 1)[0] + 1  # skip the SMSC address
    first, reference, digits, toa = _take(data, pos, 4)
    if first & 0x03 != 0x01:
        raise PduDecodeError(f"not an SMS-SUBMIT: first octet {first:02X}")
    pos += 4
    raw = _take(data, pos, (digits + 1) // 2).hex().upper()
    number = "".join(raw[i + 1] + raw[i] for i in range(0, len(raw), 2))[:digits]
    recipient = f"+{number}" if toa & 0x70 == 0x10 else number
    pos += (digits + 1) // 2
    _pid, dcs = _take(data, pos, 2)
    pos += 2
    vp_length = {0x00: 0, 0x10: 1}.get(first & 0x18, 7)
    pos += vp_length
    udl = _take(data, pos, 1)[0]
    pos += 1
    encoding = _ENCODINGS.get(dcs & 0x0C, "gsm7")
    octets = (udl * 7 + 7) // 8 if encoding == "gsm7" else udl
    ud = _take(data, pos, octets)
    concat = None
    header = 0
    if first & 0x40:
        header = ud[0] + 1
        iei, _length, *value = ud[1:header]
        if iei == 0x00:
            concat = Concat(value[0], value[1], value[2], 8)
        elif iei == 0x08:
            concat = Concat(value[0] << 8 | value[1], value[2], value[3], 16)
    if encoding == "gsm7":
        header_septets = (header * 8 + 6) // 7
        septets = unpack_septets(
            ud[header:], udl - header_septets, header_septets * 7 - header * 8
        )
        text = decode_user_data("gsm7", bytes(septets))
    else:
        text = decode_user_data(encoding, ud[header:])
    return SubmitInfo(
        recipient,
        text,
        reference,
        bool(first & 0x20),
        concat,
        encoding,
        message_class(dcs),
    )
