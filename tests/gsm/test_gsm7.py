"""GSM 03.38 default alphabet, extension table and septet packing."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.isocket.gsm.errors import PduDecodeError, PduEncodeError
from custom_components.isocket.gsm.gsm7 import (
    DEFAULT_ALPHABET,
    EXTENSION_TABLE,
    decode_septets,
    encode_septets,
    is_gsm7,
    pack_septets,
    unpack_septets,
)

# Vectors from python-gsmmodem, test/test_pdu.py, class TestGsm7
# (github.com/faucamp/python-gsmmodem): text, septet values, packed octets.
GSMMODEM_VECTORS = [
    (
        "Hello World!",
        [0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x20, 0x57, 0x6F, 0x72, 0x6C, 0x64, 0x21],
        [200, 50, 155, 253, 6, 93, 223, 114, 54, 57, 4],
    ),
    (
        "[{abc}]~",
        [0x1B, 0x3C, 0x1B, 0x28, 0x61, 0x62, 0x63, 0x1B, 0x29, 0x1B, 0x3E, 0x1B, 0x3D],
        [27, 222, 6, 21, 22, 143, 55, 169, 141, 111, 211, 3],
    ),
    (
        "123456789012345678901234567890",
        [49, 50, 51, 52, 53, 54, 55, 56, 57, 48] * 3,
        [49, 217, 140, 86, 179, 221, 112, 57, 88, 76, 54, 163, 213, 108, 55, 92, 14,
         22, 147, 205, 104, 53, 219, 13, 151, 131, 1],
    ),
    (
        "{åΦΓΛΩΠΨΣΘ€}",
        [27, 40, 15, 18, 19, 20, 21, 22, 23, 24, 25, 27, 101, 27, 41],
        [27, 212, 67, 50, 161, 84, 44, 23, 76, 102, 83, 222, 164, 0],
    ),
    (
        "a[]{}€",
        [97, 27, 60, 27, 62, 27, 40, 27, 41, 27, 101],
        [225, 13, 111, 227, 219, 160, 54, 169, 77, 25],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "septets", "packed"), GSMMODEM_VECTORS)
def test_python_gsmmodem_vectors(
    text: str, septets: list[int], packed: list[int]
) -> None:
    """Encode, pack, unpack and decode agree with python-gsmmodem's published values."""
    assert encode_septets(text) == septets
    assert pack_septets(septets) == bytes(packed)
    assert unpack_septets(bytes(packed), len(septets)) == septets
    assert decode_septets(septets) == text


# oFono unit/test-sms.c (git.kernel.org/pub/scm/network/ofono/ofono.git): SMS-SUBMIT
# PDUs of struct sms_charset_data. Header ``0001000B91531010101010 0000`` (13 octets),
# then TP-UDL and the packed user data.
OFONO_CHARSET_DEFAULT = (
    "0001000B915310101010100000808080604028180E888462C168381E90886442A9582E"
    "988C06C4E9783EA09068442A994EA8946AC56AB95EB0986C46ABD96EB89C6EC7EBF97E"
    "C0A070482C1A8FC8A472C96C3A9FD0A8744AAD5AAFD8AC76CBED7ABFE0B0784C2E9BCF"
    "E8B47ACD6EBBDFF0B87C4EAFDBEFF8BC7ECFEFFBFF"
)
OFONO_CHARSET_DEFAULT_EXT = (
    "0001000B915310101010100000151BC58602DAA036A9CD6BC3DBF436BE0D705306"
)


def _user_data(submit_hex: str) -> tuple[int, bytes]:
    data = bytes.fromhex(submit_hex)
    return data[13], data[14:]


def test_ofono_default_alphabet_vector() -> None:
    """sms_charset_default: oFono expects the whole default alphabet in order.

    The escape (0x1B) is sent as a space (0x20), so the text is the table with
    a space in the escape's place.
    """
    udl, user_data = _user_data(OFONO_CHARSET_DEFAULT)
    septets = [0x20 if value == 0x1B else value for value in range(128)]
    assert udl == 128
    assert unpack_septets(user_data, udl) == septets
    assert decode_septets(septets) == DEFAULT_ALPHABET.replace("\x1b", " ")
    assert pack_septets(septets) == user_data


def test_ofono_extension_table_vector() -> None:
    """sms_charset_default_ext: oFono expects ``\\f^ {}\\[~]|€``."""
    udl, user_data = _user_data(OFONO_CHARSET_DEFAULT_EXT)
    septets = unpack_septets(user_data, udl)
    assert decode_septets(septets) == "\f^ {}\\[~]|€"
    assert pack_septets(encode_septets("\f^ {}\\[~]|€")) == user_data


def test_alphabet_tables() -> None:
    """128 characters, the escape at 0x1B, ten extension characters (TS 23.038 §6.2.1)."""
    assert len(DEFAULT_ALPHABET) == 128
    assert DEFAULT_ALPHABET[0x1B] == "\x1b"
    assert (DEFAULT_ALPHABET[0x00], DEFAULT_ALPHABET[0x24], DEFAULT_ALPHABET[0x7F]) == (
        "@",
        "¤",
        "à",
    )
    assert sorted(EXTENSION_TABLE.values()) == sorted("\f^{}\\[~]|€")


def test_is_gsm7() -> None:
    """German umlauts are in the alphabet, most accents and emoji are not."""
    assert not is_gsm7("25°C")  # the degree sign is not GSM 7-bit
    assert is_gsm7("Schöne Grüße {€}")
    assert is_gsm7("")
    assert not is_gsm7("ç")  # only the capital Ç exists
    assert not is_gsm7("😀")
    assert not is_gsm7("\x1b")  # the escape itself is not a character


def test_encode_foreign_character_raises() -> None:
    """A character outside the alphabet is a typed encode error."""
    with pytest.raises(PduEncodeError):
        encode_septets("世界")


def test_unknown_escape_and_trailing_escape() -> None:
    """ESC + a value the extension table lacks shows the base character; a lone ESC vanishes."""
    assert decode_septets([0x1B, 0x41, 0x42]) == "AB"
    assert decode_septets([0x41, 0x1B]) == "A"


def test_fill_bits() -> None:
    """After a 6-octet UDH one fill bit aligns the first septet (TS 23.040 §9.2.3.24)."""
    packed = pack_septets([0x41, 0x42], fill_bits=1)
    assert packed == bytes([0x41 << 1, 0x42])  # 0 | 1000001 | 1000010, LSB first
    assert unpack_septets(packed, 2, fill_bits=1) == [0x41, 0x42]
    assert len(pack_septets([0x7F] * 8, fill_bits=0)) == 7


def test_unpack_too_little_data_raises() -> None:
    """Asking for more septets than the octets hold is a decode error, not IndexError."""
    with pytest.raises(PduDecodeError):
        unpack_septets(b"\x41", 2)
    with pytest.raises(PduDecodeError):
        unpack_septets(b"", -1)


gsm7_text = st.text(
    alphabet=st.sampled_from(
        [c for c in DEFAULT_ALPHABET if c != "\x1b"] + list(EXTENSION_TABLE.values())
    ),
    max_size=200,
)


@settings(max_examples=200)
@given(gsm7_text)
def test_text_round_trips(text: str) -> None:
    """Any GSM 7-bit text survives encode → pack → unpack → decode."""
    septets = encode_septets(text)
    assert is_gsm7(text)
    assert decode_septets(unpack_septets(pack_septets(septets), len(septets))) == text


@settings(max_examples=200)
@given(st.lists(st.integers(0, 127), max_size=200), st.integers(0, 6))
def test_pack_round_trips(septets: list[int], fill_bits: int) -> None:
    """pack/unpack are inverse for every septet list and fill-bit count."""
    packed = pack_septets(septets, fill_bits)
    assert len(packed) == (fill_bits + 7 * len(septets) + 7) // 8
    assert unpack_septets(packed, len(septets), fill_bits) == septets
