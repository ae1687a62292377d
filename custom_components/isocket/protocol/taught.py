"""Wordings the owner taught (issue 18): a message's shape, its numbers as slots.

The first time a device says something no rule is sure of, the owner reads
it and says what it means: one of the alert kinds (with the reading taken
from one of its numbers where the kind has one), or only information. From
then on a message of the same shape means that.

- :func:`wording` cuts a text into literal parts and the numbers between them
  (decimal comma or point, a sign; `TEMP: 25,5C` and `TEMP: -3C` share a
  shape). Lines, dashes and spaces are normalised as the reply parser sees
  them; letters compare without case.
- :class:`TaughtShape` is one lesson: the parts, the meaning, which number
  is the reading. It stores as plain JSON (:meth:`TaughtShape.as_dict`).
- :class:`TaughtShapes` holds a hub's lessons and recognises texts
  (``recognise``, what :func:`.interpret.interpret` consults after the exact
  shapes and before the keyword families).

Phone numbers (seven digits or more) are never offered as a reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
import re
from typing import Any, Final

from .client import ALERT_EVENTS
from .reply_fields import parse_device_time, split_lines
from .results import Alert, Information, Result
from .temperature import Temperature

# Digit groups joined by separators, with a sign: `25,5`, `-3`, `20/01/02,03:04`.
# Only two groups joined by `.` or `,` are one (decimal) number; any other run
# (a date, a time, a `1,2,3` list) is a number per group. Digits glued to a
# letter before them (`v2`, `A1`) are part of a word.
_RUN: Final = re.compile(r"(?<!\w)(?<!\w[.,])([-+]?)(\d+(?:[.,:/]\d+)*)")
_SEPARATOR: Final = re.compile(r"([.,:/])")
_PHONE_DIGITS: Final = 7
# After a reading: the unit that says Fahrenheit (`77F`, `77 °F`).
_FAHRENHEIT: Final = re.compile(r"\s*°?\s*F\b", re.IGNORECASE)
# `25C(77F)`: the Celsius reading with its Fahrenheit pair.
_PAIR: Final = re.compile(r"\s*°?\s*C\s*\(\s*", re.IGNORECASE)

INFORMATION: Final = "information"
"""The meaning "only information": the text changes nothing."""

MEANINGS: Final[Mapping[str, type[Result]]] = {
    **{event: kind for kind, event in ALERT_EVENTS.items()},
    INFORMATION: Information,
}
"""What an owner may say a wording means (the alert kinds by their event type)."""

WITH_READING: Final = frozenset({"temperature_rise", "temperature_fall", "switch_off"})
"""Meanings that carry a temperature reading."""


class TeachingError(ValueError):
    """A lesson that cannot be: an unknown meaning or no such number."""


@dataclass(frozen=True, slots=True)
class Shaped:
    """Literal ``parts`` with a number between each two."""

    parts: tuple[str, ...]

    @property
    def shape(self) -> str:
        """The text with every number as `#` (for people, not for matching)."""
        return "#".join(self.parts)

    @property
    def key(self) -> tuple[str, ...]:
        """What two texts of one shape share (letters without case)."""
        return tuple(part.casefold() for part in self.parts)


@dataclass(frozen=True, slots=True)
class Wording(Shaped):
    """A text cut at its numbers: ``parts`` has one more item than ``numbers``."""

    numbers: tuple[str, ...]

    def reading_slots(self) -> list[int]:
        """The numbers that may be a reading (never a phone number), by position."""
        return [
            index
            for index, number in enumerate(self.numbers)
            # by length, so that a number masked for display still counts
            if len(number.lstrip("+-")) < _PHONE_DIGITS
        ]

    def suggested_reading(self) -> int | None:
        """The first number followed by a temperature unit, else the first candidate."""
        slots = self.reading_slots()
        for index in slots:
            after = self.parts[index + 1].lstrip(" °")
            if after[:1].upper() in {"C", "F"}:
                return index
        return slots[0] if slots else None

    def context(self, index: int, width: int = 16) -> str:
        """Number ``index`` in its surroundings, marked: `…TEMP: [36]C Time…`."""
        before = Wording(self.parts[: index + 1], self.numbers[:index]).text()
        after = Wording(self.parts[index + 1 :], self.numbers[index + 1 :]).text()
        left = before[-width:]
        right = after[:width]
        return (
            f"{'…' if len(before) > width else ''}{left}[{self.numbers[index]}]"
            f"{right}{'…' if len(after) > width else ''}"
        )

    def text(self) -> str:
        """The text again, numbers as they are held (maybe masked)."""
        return (
            "".join(
                part + number
                for part, number in zip(self.parts, self.numbers, strict=False)
            )
            + self.parts[-1]
        )

    def temperature(self, index: int) -> Temperature:
        """Number ``index`` read as a temperature (°F when the text says so)."""
        value = _value(self.numbers[index])
        after = self.parts[index + 1]
        if _FAHRENHEIT.match(after):
            return Temperature.from_fahrenheit(value)
        # `25C(77F)`: keep the device's own Fahrenheit value
        if (
            _PAIR.fullmatch(after)
            and index + 1 < len(self.numbers)
            and _FAHRENHEIT.match(self.parts[index + 2])
        ):
            return Temperature(value, _value(self.numbers[index + 1]))
        return Temperature(value)


def _value(number: str) -> float:
    """`25,5` → 25.5, `-3` → -3 (an int when it has no decimals)."""
    text = number.replace(",", ".")
    return float(text) if "." in text else int(text)


def wording(text: str) -> Wording:
    """Cut ``text`` (normalised as the parser sees it) at its numbers."""
    lines = "\n".join(split_lines(text))
    parts: list[str] = []
    numbers: list[str] = []
    literal = ""
    last = 0
    for match in _RUN.finditer(lines):
        literal += lines[last : match.start()]
        last = match.end()
        sign, run = match.groups()
        groups = _SEPARATOR.split(run)
        if len(groups) == 3 and groups[1] in ".,":
            groups = [run]  # a decimal number
        for position, piece in enumerate(groups):
            if position % 2:  # a separator between two numbers
                literal += piece
                continue
            parts.append(literal)
            numbers.append(sign + piece if position == 0 else piece)
            literal = ""
    parts.append(literal + lines[last:])
    return Wording(tuple(parts), tuple(numbers))


@dataclass(frozen=True, slots=True)
class TaughtShape(Shaped):
    """One lesson: texts of this shape mean ``meaning``.

    ``reading`` is the position of the number that is the reading, for the
    meanings that carry one (``None``: the alert quotes none).
    """

    meaning: str
    reading: int | None = None

    def result(self, text: str, cut: Wording) -> Result:
        """What ``text`` (cut as ``cut``, of this shape) means."""
        kind = MEANINGS[self.meaning]
        if not issubclass(kind, Alert):
            return kind(raw=text)
        facts: dict[str, Any] = {"device_time": parse_device_time("\n".join(cut.parts))}
        if self.meaning in WITH_READING:
            facts["temperature"] = (
                cut.temperature(self.reading) if self.reading is not None else None
            )
        return kind(raw=text, **facts)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON for a store."""
        return {
            "parts": list(self.parts),
            "meaning": self.meaning,
            "reading": self.reading,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TaughtShape:
        """Read :meth:`as_dict` back; raises :class:`TeachingError` when it cannot be."""
        try:
            parts = tuple(str(part) for part in data["parts"])
            reading = data.get("reading")
            return _checked(parts, str(data["meaning"]), reading)
        except (KeyError, TypeError) as err:
            raise TeachingError(f"not a taught shape: {err}") from err


def _checked(parts: tuple[str, ...], meaning: str, reading: Any) -> TaughtShape:
    if meaning not in MEANINGS:
        raise TeachingError(f"unknown meaning {meaning!r}")
    if not parts:
        raise TeachingError("a shape has at least one part")
    if reading is not None:
        if meaning not in WITH_READING:
            raise TeachingError(f"{meaning} carries no reading")
        if not isinstance(reading, int) or not 0 <= reading < len(parts) - 1:
            raise TeachingError(f"no number {reading!r} in the shape")
    return TaughtShape(parts, meaning, reading)


def teach(text: str | Wording, meaning: str, reading: int | None = None) -> TaughtShape:
    """The lesson "texts shaped like ``text`` mean ``meaning``".

    ``text`` may be given already cut (:func:`wording`). ``reading`` is the
    position of the number that is the reading (one of
    :meth:`Wording.reading_slots`). Raises :class:`TeachingError`.
    """
    cut = wording(text) if isinstance(text, str) else text
    if reading is not None and reading not in cut.reading_slots():
        raise TeachingError(f"number {reading} cannot be a reading")
    return _checked(cut.parts, meaning, reading)


class TaughtShapes:
    """A hub's lessons; :meth:`recognise` is what the interpreter consults."""

    def __init__(self, shapes: Iterable[TaughtShape] = ()) -> None:
        """Start with ``shapes`` (a later lesson of the same shape wins)."""
        self._shapes: dict[tuple[str, ...], TaughtShape] = {}
        self.replace(shapes)

    def replace(self, shapes: Iterable[TaughtShape]) -> None:
        """Hold exactly ``shapes`` from now on."""
        self._shapes = {shape.key: shape for shape in shapes}

    def __iter__(self) -> Iterator[TaughtShape]:
        """The lessons, oldest first."""
        return iter(self._shapes.values())

    def __len__(self) -> int:
        """How many lessons."""
        return len(self._shapes)

    def find(self, text: str) -> TaughtShape | None:
        """The lesson whose shape ``text`` has, if any."""
        return self._shapes.get(wording(text).key)

    def recognise(self, text: str) -> Result | None:
        """What ``text`` means by a lesson, ``None`` when no lesson fits."""
        cut = wording(text)
        shape = self._shapes.get(cut.key)
        return shape.result(text, cut) if shape is not None else None
