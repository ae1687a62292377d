"""GSM 03.38 (3GPP TS 23.038) default alphabet, extension table and septet packing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .errors import PduDecodeError, PduEncodeError

ESCAPE = 0x1B

# Index = septet value; 0x1B is the escape to the extension table (never a char).
DEFAULT_ALPHABET = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENSION_TABLE = {
    0x0A: "\f",
    0x14: "^",
    0x28: "{",
    0x29: "}",
    0x2F: "\\",
    0x3C: "[",
    0x3D: "~",
    0x3E: "]",
    0x40: "|",
    0x65: "€",
}

_ENCODE: dict[str, tuple[int, ...]] = {
    char: (value,) for value, char in enumerate(DEFAULT_ALPHABET) if value != ESCAPE
}
_ENCODE.update({char: (ESCAPE, value) for value, char in EXTENSION_TABLE.items()})


def is_gsm7(text: str) -> bool:
    """Tell whether the text fits the default alphabet plus extension table."""
    return all(char in _ENCODE for char in text)


def septet_length(char: str) -> int:
    """Septets one character takes (2 for extension-table characters)."""
    return len(_ENCODE[char])


def encode_septets(text: str) -> list[int]:
    """Turn text into septet values; raise PduEncodeError for foreign characters."""
    septets: list[int] = []
    for char in text:
        try:
            septets.extend(_ENCODE[char])
        except KeyError:
            raise PduEncodeError(f"{char!r} is not in the GSM 7-bit alphabet") from None
    return septets


def decode_septets(septets: Iterable[int]) -> str:
    """Turn septet values into text.

    An escape followed by a value the extension table lacks shows the default
    alphabet's character, as TS 23.038 asks; a trailing lone escape is dropped.
    """
    chars: list[str] = []
    escaped = False
    for septet in septets:
        value = septet & 0x7F
        if escaped:
            chars.append(EXTENSION_TABLE.get(value) or DEFAULT_ALPHABET[value])
            escaped = False
        elif value == ESCAPE:
            escaped = True
        else:
            chars.append(DEFAULT_ALPHABET[value])
    return "".join(chars)


def pack_septets(septets: Sequence[int], fill_bits: int = 0) -> bytes:
    """Pack septets LSB first after `fill_bits` zero bits (to align after a UDH)."""
    value = 0
    for index, septet in enumerate(septets):
        value |= (septet & 0x7F) << (fill_bits + 7 * index)
    length = (fill_bits + 7 * len(septets) + 7) // 8
    return value.to_bytes(length, "little")


def unpack_septets(data: bytes, count: int, fill_bits: int = 0) -> list[int]:
    """Unpack `count` septets that start after `fill_bits` bits of `data`."""
    needed = (fill_bits + 7 * count + 7) // 8
    if count < 0 or len(data) < needed:
        raise PduDecodeError(f"{count} septets need {needed} octets, got {len(data)}")
    value = int.from_bytes(data[:needed], "little") >> fill_bits
    return [(value >> (7 * index)) & 0x7F for index in range(count)]
