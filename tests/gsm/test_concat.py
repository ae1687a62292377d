"""Reassembly of concatenated SMS, driven by a caller-supplied clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import permutations

import pytest

from custom_components.isocket.gsm.concat import IncomingSms, Reassembler
from custom_components.isocket.gsm.pdu import Concat, SmsDeliver, decode_pdu

from .test_pdu import _ofono_assembly_pdus

T0 = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)

# AOSP telephony tests, GsmSmsTest.testMultipart: two GSM 7-bit parts, 8-bit
# reference 0; the published texts are 153 '1' and "1111111" + 21 '2'.
AOSP_MULTIPART = [
    (
        "07916163838408F6440B816105224431F700007060217175830AA0050003"
        "00020162B1582C168BC562B1582C168BC562B1582C168BC562B1582C"
        "168BC562B1582C168BC562B1582C168BC562B1582C168BC562B1582C"
        "168BC562B1582C168BC562B1582C168BC562B1582C168BC562B1582C"
        "168BC562B1582C168BC562B1582C168BC562B1582C168BC562B1582C"
        "168BC562B1582C168BC562B1582C168BC562B1582C168BC562"
    ),
    (
        "07916163838408F6440B816105224431F700007060217185000A23050003"
        "00020262B1582C168BC96432994C2693C96432994C2693C96432990C"
    ),
]


def deliver(pdu_hex: str) -> SmsDeliver:
    """Decode a PDU that must be an SMS-DELIVER."""
    sms = decode_pdu(pdu_hex)
    assert isinstance(sms, SmsDeliver)
    return sms


def part(
    text: str,
    concat: Concat | None,
    *,
    sender: str = "+4915112345678",
    minutes: int = 0,
    encoding: str = "gsm7",
    data: bytes | None = None,
) -> SmsDeliver:
    """A hand-made part (for cases no published PDU shows)."""
    if data is None:
        data = text.encode("utf-16-be") if encoding == "ucs2" else text.encode()
    return SmsDeliver(
        sender=sender,
        text=text,
        timestamp=T0 + timedelta(minutes=minutes),
        smsc=None,
        encoding=encoding,  # type: ignore[arg-type]
        concat=concat,
        pid=0,
        dcs=0x08 if encoding == "ucs2" else 0,
        data=data,
    )


def test_single_message_passes_through() -> None:
    """A message without concatenation IE is whole at once."""
    reassembler = Reassembler()
    sms = part("STATUS", None)
    assert reassembler.add(sms, now=0.0) == IncomingSms("+4915112345678", "STATUS", T0)
    assert reassembler.next_deadline() is None


def test_one_part_set_passes_through() -> None:
    """python-gsmmodem's "part 1 of 1" PDU is whole at once."""
    sms = deliver(
        "0591721891F1400781721881F800003160526104848059050003C30101916536FB1DCABE"
        "EB2074D85E064941B19CAB060319A5C522289C96D3D3ED32286C0FA7D96131BBEC024941"
        "B19CAB0603DDD36C36A88C87A7E565D0DB0D82C55EB0DB4B068BCD5C20"
    )
    result = Reassembler().add(sms, now=0.0)
    assert result is not None
    assert result.text.startswith("Hello!You have R 19.50")
    assert not result.partial


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_aosp_multipart_any_order(order: tuple[int, int]) -> None:
    """AOSP's two parts join to 160 '1' and 21 '2' in either arrival order."""
    reassembler = Reassembler()
    first, second = (deliver(AOSP_MULTIPART[i]) for i in order)
    assert reassembler.add(first, now=0.0) is None
    result = reassembler.add(second, now=1.0)
    assert result is not None
    assert result.text == "1" * 160 + "2" * 21
    assert (result.partial, result.parts_received, result.parts_total) == (False, 2, 2)
    assert result.sender == "16502244137"
    assert reassembler.next_deadline() is None


@pytest.mark.parametrize("order", list(permutations(range(3))))
def test_ofono_assembly_any_order(order: tuple[int, ...]) -> None:
    """oFono's three UCS2 parts reassemble to one text whatever the order."""
    pdus = _ofono_assembly_pdus()
    parts = [deliver(p) for p in pdus]
    expected = "".join(sms.text for sms in parts)
    reassembler = Reassembler()
    results = [reassembler.add(parts[i], now=float(n)) for n, i in enumerate(order)]
    assert results[:2] == [None, None]
    assert results[2] is not None
    assert results[2].text == expected
    assert results[2].parts_total == 3


def test_duplicate_part_is_ignored() -> None:
    """A part delivered twice counts once."""
    reassembler = Reassembler()
    first, second = (deliver(p) for p in AOSP_MULTIPART)
    assert reassembler.add(first, now=0.0) is None
    assert reassembler.add(first, now=1.0) is None
    result = reassembler.add(second, now=2.0)
    assert result is not None
    assert result.text == "1" * 160 + "2" * 21
    assert reassembler.add(second, now=3.0) is None  # a late copy starts a new set
    assert [sms.partial for sms in reassembler.expire(now=1000.0)] == [True]


def test_incomplete_set_expires_as_partial() -> None:
    """smslib's 16-bit part 2 of 2 alone is handed out, marked, after the timeout."""
    sms = deliver(
        "0791449737709499440C914487732760570000807051117230401F06080400230202ED73FB"
        "DC3EB7CFED33FC0EBFC3EFF07BFC0EBFC301"
    )
    reassembler = Reassembler(timeout=300.0)
    assert reassembler.add(sms, now=100.0) is None
    assert reassembler.next_deadline() == 400.0
    assert reassembler.expire(now=399.9) == []
    [partial] = reassembler.expire(now=400.0)
    assert partial == IncomingSms(
        sender="+447837720675",
        text=sms.text,
        timestamp=sms.timestamp,
        partial=True,
        sender_type=0x91,
        parts_received=1,
        parts_total=2,
    )
    assert reassembler.next_deadline() is None
    assert reassembler.expire(now=10_000.0) == []


def test_missing_middle_part_keeps_the_rest_in_order() -> None:
    """Parts 3 and 1 of 3 arrive: the partial text is part 1 then part 3."""
    reassembler = Reassembler(timeout=60.0)
    assert reassembler.add(part("ccc", Concat(9, 3, 3)), now=0.0) is None
    assert reassembler.add(part("aaa", Concat(9, 3, 1), minutes=-1), now=5.0) is None
    [partial] = reassembler.expire(now=60.0)
    assert partial.text == "aaaccc"
    assert (partial.partial, partial.parts_received, partial.parts_total) == (
        True,
        2,
        3,
    )
    assert partial.timestamp == T0 - timedelta(minutes=1)  # the earliest part's


def test_sets_are_kept_apart_by_sender_reference_and_total() -> None:
    """Same reference from two senders, or with another total, are different sets."""
    reassembler = Reassembler()
    assert reassembler.add(part("a1", Concat(5, 2, 1)), now=0) is None
    assert (
        reassembler.add(part("b1", Concat(5, 2, 1), sender="+4311111111"), now=0)
        is None
    )
    assert reassembler.add(part("c1", Concat(5, 3, 1)), now=0) is None
    done = reassembler.add(part("b2", Concat(5, 2, 2), sender="+4311111111"), now=0)
    assert done is not None
    assert done.text == "b1b2"
    assert len(reassembler.expire(now=1e9)) == 2


def test_sender_is_compared_normalised() -> None:
    """Parts whose sender the operator presents with and without + belong together."""
    reassembler = Reassembler()
    assert (
        reassembler.add(part("x", Concat(1, 2, 1), sender="4915112345678"), 0) is None
    )
    done = reassembler.add(part("y", Concat(1, 2, 2), sender="+4915112345678"), 0)
    assert done is not None
    assert done.text == "xy"


def test_reused_reference_flushes_the_old_set() -> None:
    """A different part 1 under the same reference is a new message: nothing is lost."""
    reassembler = Reassembler(timeout=300.0)
    assert reassembler.add(part("old1", Concat(0, 2, 1)), now=0.0) is None
    assert reassembler.add(part("new1", Concat(0, 2, 1)), now=10.0) is None
    assert reassembler.next_deadline() == 10.0  # the old set is due at once
    [old] = reassembler.expire(now=10.0)
    assert (old.text, old.partial) == ("old1", True)
    done = reassembler.add(part("new2", Concat(0, 2, 2)), now=11.0)
    assert done is not None
    assert done.text == "new1new2"


def test_character_split_across_parts_is_mended() -> None:
    """A surrogate pair cut between UCS2 parts (bad encoders) decodes whole."""
    data = "a😀b".encode("utf-16-be")
    first = part("a\ufffd", Concat(3, 2, 1), encoding="ucs2", data=data[:4])
    second = part("\ufffdb", Concat(3, 2, 2), encoding="ucs2", data=data[4:])
    reassembler = Reassembler()
    assert reassembler.add(first, now=0) is None
    done = reassembler.add(second, now=0)
    assert done is not None
    assert done.text == "a😀b"


def test_escape_split_across_parts_is_mended() -> None:
    """An extension-table escape at the end of part 1 applies to part 2's first septet."""
    first = part("x", Concat(4, 2, 1), data=bytes([0x78, 0x1B]))
    second = part("y", Concat(4, 2, 2), data=bytes([0x65, 0x79]))
    reassembler = Reassembler()
    assert reassembler.add(first, now=0) is None
    done = reassembler.add(second, now=0)
    assert done is not None
    assert done.text == "x€y"


def test_mixed_encodings_join_texts() -> None:
    """Parts in different alphabets are joined by their decoded texts."""
    reassembler = Reassembler()
    assert reassembler.add(part("abc", Concat(6, 2, 1)), now=0) is None
    done = reassembler.add(part("жж", Concat(6, 2, 2), encoding="ucs2"), now=0)
    assert done is not None
    assert done.text == "abcжж"


def test_storage_indexes_travel_with_the_parts() -> None:
    """Tags (storage indexes) come back with the message, whole, partial or flushed."""
    reassembler = Reassembler(timeout=300.0)
    single = reassembler.add(part("STATUS", None), now=0.0, tag=4)
    assert single is not None
    assert single.storage_indexes == {4}
    assert reassembler.add(part("old1", Concat(0, 2, 1)), now=0.0, tag=1) is None
    assert reassembler.add(part("old1", Concat(0, 2, 1)), now=1.0, tag=2) is None
    assert reassembler.add(part("new1", Concat(0, 2, 1)), now=2.0, tag=3) is None
    [old] = reassembler.expire(now=2.0)
    assert old.storage_indexes == {1, 2}  # the duplicate copy is deleted too
    assert reassembler.add(part("x2", Concat(5, 3, 2)), now=2.0, tag=7) is None
    done = reassembler.add(part("new2", Concat(0, 2, 2)), now=3.0, tag=5)
    assert done is not None
    assert done.storage_indexes == {3, 5}
    [partial] = reassembler.expire(now=302.0)
    assert (partial.partial, partial.storage_indexes) == (True, {7})
