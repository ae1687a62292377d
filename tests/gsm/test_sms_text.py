"""What may go out as an SMS: encoding, parts, limits, forbidden characters."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.isocket.gsm.errors import (
    EmptySmsError,
    InvalidSmsTextError,
    SmsForbiddenCharacterError,
    SmsTooLongError,
)
from custom_components.isocket.gsm.gsm7 import encode_septets
from custom_components.isocket.gsm.pdu import encode_submit
from custom_components.isocket.gsm.sms_text import plan_sms


@pytest.mark.parametrize(
    ("text", "encoding", "parts"),
    [
        ("a" * 160, "gsm7", 1),
        ("a" * 161, "gsm7", 2),  # 153 + 8
        ("a" * 306, "gsm7", 2),
        ("a" * 307, "gsm7", 3),
        ("€" * 80, "gsm7", 1),  # extension characters take two septets: 160
        ("€" * 81, "gsm7", 2),
        ("Zeile 1\r\nZeile 2", "gsm7", 1),  # CR/LF are GSM 7-bit characters
        ("ä" * 160, "gsm7", 1),  # in the default alphabet
        ("ł" * 70, "ucs2", 1),
        ("ł" * 71, "ucs2", 2),  # 67 + 4
        ("😀" * 35, "ucs2", 1),  # a surrogate pair is two UCS2 units
        ("😀" * 36, "ucs2", 2),
        ("a" * 159 + "€", "gsm7", 2),  # 161 septets
    ],
)
def test_encoding_and_parts(text: str, encoding: str, parts: int) -> None:
    """GSM 7-bit when it fits, UCS2 otherwise; split with room for the header."""
    plan = plan_sms(text)
    assert (plan.encoding, plan.count) == (encoding, parts)
    assert "".join(plan.parts) == text


def test_extension_character_is_never_split() -> None:
    """A € at the edge of a part moves whole to the next part."""
    plan = plan_sms("a" * 152 + "€" + "b" * 10)
    assert plan.parts[0] == "a" * 152
    assert plan.parts[1].startswith("€")


def test_surrogate_pair_is_never_split() -> None:
    """An emoji at the edge of a UCS2 part moves whole to the next part."""
    plan = plan_sms("ł" * 66 + "😀" + "ł" * 10)
    assert plan.parts[0] == "ł" * 66


@pytest.mark.parametrize(
    ("text", "max_parts", "needed"),
    [("a" * 161, 1, 2), ("ł" * 300, 4, 5), ("a" * 10_000, None, 66)],
)
def test_too_long(text: str, max_parts: int | None, needed: int) -> None:
    """Above the limit the whole text is refused, with the numbers."""
    if max_parts is None:
        assert plan_sms(text).count == needed
        with pytest.raises(SmsTooLongError) as info:
            plan_sms(text * 4)
        assert (info.value.parts, info.value.max_parts) == (262, 255)
        return
    with pytest.raises(SmsTooLongError) as info:
        plan_sms(text, max_parts)
    assert (info.value.parts, info.value.max_parts) == (needed, max_parts)
    assert info.value.reason == "too_long"
    assert plan_sms(text, needed).count == needed


@pytest.mark.parametrize("text", ["", " ", "\r\n", " \n\t "])
def test_empty(text: str) -> None:
    """Nothing, or only white space, is no message."""
    with pytest.raises(EmptySmsError) as info:
        plan_sms(text)
    assert info.value.reason == "empty_text"
    assert isinstance(info.value, InvalidSmsTextError | ValueError)


@pytest.mark.parametrize(
    ("text", "char", "position"),
    [
        ("STATUS\x1a", "\x1a", 6),  # Ctrl-Z would end the PDU input
        ("\x1bON", "\x1b", 0),  # ESC would cancel it
        ("a\x00b", "\x00", 1),
        ("a\tb", "\t", 1),
        ("page\x0cbreak", "\x0c", 4),  # GSM has it (extension table); still a control
        ("del\x7f", "\x7f", 3),
        ("c1\x85", "\x85", 2),
        ("lone \ud83d surrogate", "\ud83d", 5),
    ],
)
def test_forbidden_characters(text: str, char: str, position: int) -> None:
    """Control characters (but CR/LF) and lone surrogates are refused."""
    with pytest.raises(SmsForbiddenCharacterError) as info:
        plan_sms(text)
    assert (info.value.char, info.value.position) == (char, position)
    assert info.value.reason == "forbidden_character"


def test_max_parts_below_one_is_a_bug() -> None:
    """A limit of 0 parts is a programming error, not a user's text problem."""
    with pytest.raises(ValueError, match="at least 1"):
        plan_sms("hi", 0)


_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"
    )
    | st.sampled_from("€[]{}\r\nä"),
    min_size=1,
    max_size=700,
).filter(lambda t: t.strip())


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_parts_rebuild_the_text_and_fit(text: str) -> None:
    """Parts join to the text; each fits its part size in its encoding's units."""
    plan = plan_sms(text)
    assert "".join(plan.parts) == text
    single, per_part = (160, 153) if plan.encoding == "gsm7" else (70, 67)
    limit = single if plan.count == 1 else per_part
    for part in plan.parts:
        units = (
            len(encode_septets(part))
            if plan.encoding == "gsm7"
            else len(part.encode("utf-16-be")) // 2
        )
        assert units <= limit


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",))
        | st.sampled_from("\x1a\x1b"),
        min_size=1,
        max_size=300,
    )
)
def test_pdu_line_is_hex_only(text: str) -> None:
    """Below the text check, too: whatever the text, the PDU line written after
    the ``>`` prompt holds hex digits only, so a Ctrl-Z or ESC in a text could
    never end or cancel the modem's input early."""
    for part in encode_submit("+491701234567", text, concat_reference=9):
        assert set(part.pdu_hex) <= set("0123456789ABCDEF")
