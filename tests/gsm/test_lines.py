"""The line splitter: framing only, tolerant of every line-end habit."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.isocket.gsm.lines import MAX_LINE, PROMPT, LineSplitter


@pytest.mark.parametrize(
    ("chunks", "expected"),
    [
        ([b"\r\nOK\r\n"], ["OK"]),
        ([b"\r\r\nOK\r\r\n"], ["OK"]),  # \r\r\n line ends
        ([b"OK\r"], ["OK"]),  # stray \r, no \n
        ([b"O", b"K\r", b"\n+CSQ: 1", b"0,0\r\n"], ["OK", "+CSQ: 10,0"]),
        ([b"AT+CSQ\r\r\n+CSQ: 5,0\r\n\r\nOK\r\n"], ["AT+CSQ", "+CSQ: 5,0", "OK"]),
        ([b"\r\n> "], [PROMPT]),
        ([b"AT+CMGS=20\r\r\n>", b" "], ["AT+CMGS=20", PROMPT]),
        ([b"\xff\xfeOK\r\n"], ["\ufffd\ufffdOK"]),  # not UTF-8: replaced
        ([b"\x00RDY\x00\r\n"], ["RDY"]),
        ([b"\r\n\r\n\n\r"], []),
        ([b'+CMTI: "SM",1'], []),  # incomplete: kept until the line ends
    ],
)
def test_splits(chunks: list[bytes], expected: list[object]) -> None:
    """Each row: chunks as they arrive, lines (and prompts) that come out."""
    splitter = LineSplitter()
    out: list[object] = []
    for chunk in chunks:
        out.extend(splitter.feed(chunk))
    assert out == expected


def test_endless_line_is_cut() -> None:
    """Garbage without a line end does not grow the buffer forever."""
    splitter = LineSplitter()
    out = splitter.feed(b"x" * (MAX_LINE + 1))
    assert out == ["x" * (MAX_LINE + 1)]
    assert splitter.feed(b"OK\r\n") == ["OK"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=64), max_size=20))
def test_fuzz_never_raises(chunks: list[bytes]) -> None:
    """Arbitrary bytes in arbitrary chunks: only str lines or prompts come out."""
    splitter = LineSplitter()
    for chunk in chunks:
        for item in splitter.feed(chunk):
            assert item is PROMPT or (
                isinstance(item, str) and item and "\r" not in item and "\n" not in item
            )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet='ABC+:,"0123 ', min_size=1, max_size=12), max_size=8),
    st.data(),
)
def test_chunking_does_not_matter(lines: list[str], data: st.DataObject) -> None:
    """However the stream is cut, the same lines come out."""
    stream = b"".join(f"\r\n{line}\r\n".encode() for line in lines)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=6)))
    splitter = LineSplitter()
    out: list[object] = []
    start = 0
    for cut in [*cuts, len(stream)]:
        out.extend(splitter.feed(stream[start:cut]))
        start = cut
    assert out == [line.strip() for line in lines if line.strip()]
