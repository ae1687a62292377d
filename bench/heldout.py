"""Score the device-text parser on a held-out file (not a test; issue 18).

Run: ``.venv/bin/python bench/heldout.py [FILE ...]``
(default: every ``tests/protocol/heldout/heldout_*.txt``).

Each text goes through the receive pipeline as it runs in Home Assistant
(:func:`interpret` with the command the line names pending, then
``DeviceState.apply`` on a fresh state) and is scored against the reading the
file gives:

- ``right``: the result's kind and every field as written;
- ``safe-unknown``: a reading was expected, but the text stayed an unknown
  message, or the right kind came with a value left empty (nothing wrong
  reaches Home Assistant);
- ``wrong``: any other kind, or a value that differs.

The files are held out: the parser is never tuned to them (write a fresh one
for the next round). ``-v`` prints every line that is not right.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
import sys

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from custom_components.isocket.protocol.correlation import (  # noqa: E402
    Correlator,
)
from custom_components.isocket.protocol.interpret import interpret  # noqa: E402
from custom_components.isocket.protocol.raw import parse_command  # noqa: E402
from custom_components.isocket.protocol.results import Unknown  # noqa: E402
from custom_components.isocket.protocol.state import DeviceState  # noqa: E402

HELDOUT = ROOT / "tests" / "protocol" / "heldout"
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
_MISSING = object()


@dataclass(frozen=True, slots=True)
class Case:
    """One held-out line."""

    line: int
    pending: str | None
    text: str
    kind: str
    fields: tuple[tuple[str, str], ...]


def load(path: Path) -> list[Case]:
    """``[@COMMAND ]TEXT => Kind ; field=value ...``; comments and blanks skipped."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        text, arrow, expectation = line.rpartition(" => ")
        if not arrow:
            raise SystemExit(f"{path}:{number}: no ' => '")
        pending = None
        if text.startswith("@"):
            pending, _space, text = text[1:].partition(" ")
        kind, *pairs = (part.strip() for part in expectation.split(";"))
        fields = tuple(
            (name.strip(), value.strip())
            for name, _eq, value in (pair.partition("=") for pair in pairs)
        )
        cases.append(Case(number, pending, text.replace("\\n", "\n"), kind, fields))
    return cases


def _resolve(root: object, path: str) -> object:
    value = root
    for step in path.split("."):
        value = getattr(value, step, _MISSING)
        if value is _MISSING or value is None:
            return value
    return value


def _shown(value: object) -> str:
    return str(value)


def score(case: Case) -> tuple[str, str]:
    """(verdict, what the pipeline made of the text)."""
    correlator = Correlator()
    if case.pending is not None:
        correlator.expect(parse_command(case.pending), NOW.timestamp())
    seen = interpret(case.text, correlator, NOW.timestamp())
    state = DeviceState()
    state.apply(seen.result, NOW, solicited=seen.solicited)
    got = type(seen.result).__name__
    if got != case.kind:
        if isinstance(seen.result, Unknown):
            return "safe-unknown", got
        return "wrong", got
    verdict = "right"
    shown = []
    for name, expected in case.fields:
        root: object = seen.result
        path = name
        if name.startswith("state."):
            root, path = state, name.removeprefix("state.")
        value = _resolve(root, path)
        shown.append(f"{name}={_shown(value)}")
        if _shown(value) == expected:
            continue
        if value is None or value is _MISSING:
            verdict = "safe-unknown" if verdict == "right" else verdict
        else:
            verdict = "wrong"
    return verdict, " ; ".join([got, *shown])


def main() -> None:
    """Score every file given (default: all held-out files)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    files = args.files or sorted(HELDOUT.glob("heldout_*.txt"))
    for path in files:
        counts: Counter[str] = Counter()
        cases = load(path)
        for case in cases:
            verdict, got = score(case)
            counts[verdict] += 1
            if args.verbose and verdict != "right":
                print(f"  {verdict:12} L{case.line} {case.text!r}: {got}")
        print(
            f"{path.name}: {len(cases)} texts: right {counts['right']}, "
            f"safe-unknown {counts['safe-unknown']}, wrong {counts['wrong']}"
        )


if __name__ == "__main__":
    main()
