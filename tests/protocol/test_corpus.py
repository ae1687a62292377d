"""Every device text of corpus/device_texts.txt is classified as the corpus says (issue 9 §4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from custom_components.isocket.protocol import results
from custom_components.isocket.protocol.replies import parse_message

CORPUS = Path(__file__).parent / "corpus" / "device_texts.txt"
_ESCAPES = {"\\n": "\n", "\\r": "\r"}


@dataclass(frozen=True, slots=True)
class Case:
    """One corpus line."""

    line: int
    text: str
    kind: str
    fields: tuple[tuple[str, str], ...]


def _unescape(text: str) -> str:
    for escape, char in _ESCAPES.items():
        text = text.replace(escape, char)
    return text


def load(path: Path = CORPUS) -> list[Case]:
    """Read the corpus: `TEXT => Kind ; field=value ...`, comments and blanks skipped."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        text, arrow, expectation = line.rpartition(" => ")
        assert arrow, f"line {number}: no ' => ' in {line!r}"
        kind, *pairs = (part.strip() for part in expectation.split(";"))
        fields = tuple(
            (name.strip(), value.strip())
            for name, _eq, value in (pair.partition("=") for pair in pairs)
        )
        cases.append(Case(number, _unescape(text), kind, fields))
    return cases


CASES = load()


def _shown(value: object) -> str:
    """A value as the corpus writes it."""
    if isinstance(value, tuple):
        return ",".join(_shown(item) for item in value)
    if isinstance(value, datetime):
        return str(value)
    return str(value)


def _resolve(result: object, path: str) -> object:
    value = result
    for step in path.split("."):
        value = value[int(step)] if step.isdigit() else getattr(value, step)  # type: ignore[index]
    return value


def test_corpus_is_large_and_unique() -> None:
    """At least 150 texts, each once; every kind is a real result class."""
    assert len(CASES) >= 150
    texts = [case.text for case in CASES]
    assert len(set(texts)) == len(texts)
    for case in CASES:
        assert isinstance(getattr(results, case.kind, None), type), case


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"L{case.line}")
def test_corpus_text(case: Case) -> None:
    """The text parses to its kind with the listed fields."""
    result = parse_message(case.text)
    assert type(result).__name__ == case.kind, (case.text, result)
    assert result.raw == case.text
    for path, expected in case.fields:
        assert _shown(_resolve(result, path)) == expected, (case.text, path, result)


def test_loader_reads_escapes_fields_and_comments(tmp_path: Path) -> None:
    """The format: escapes, several fields, comments and blank lines."""
    corpus = tmp_path / "texts.txt"
    corpus.write_text(
        "# comment\n\nA\\nB => Unknown\nPower socket ON => SocketState ; on=True ; for_seconds=None\n",
        encoding="utf-8",
    )
    assert load(corpus) == [
        Case(3, "A\nB", "Unknown", ()),
        Case(
            4,
            "Power socket ON",
            "SocketState",
            (("on", "True"), ("for_seconds", "None")),
        ),
    ]
