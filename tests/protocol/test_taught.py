"""Wordings the owner taught (issue 18): shapes with number slots, pure."""

from __future__ import annotations

import json

import pytest

from custom_components.isocket.protocol.results import (
    Information,
    PowerFailure,
    SwitchOffReached,
    TemperatureRise,
)
from custom_components.isocket.protocol.taught import (
    MEANINGS,
    WITH_READING,
    TaughtShape,
    TaughtShapes,
    TeachingError,
    teach,
    wording,
)
from custom_components.isocket.protocol.temperature import Temperature


@pytest.mark.parametrize(
    ("text", "shape", "numbers"),
    [
        ("Mains power lost!", "Mains power lost!", ()),
        ("TEMP: 25,5C(77,9F)", "TEMP: #C(#F)", ("25,5", "77,9")),
        ("Too cold:  -3.5C", "Too cold: #C", ("-3.5",)),
        ("Time: 20/01/02,03:04:05", "Time: #/#/#,#:#:#", ("20", "01", "02", "03", "04", "05")),
        ("Call +4915112345678 – now", "Call # - now", ("+4915112345678",)),
        ("codes 1,2,3", "codes #,#,#", ("1", "2", "3")),
        ("ON-5 and A1 v2.1", "ON-# and A1 v2.1", ("5",)),
    ],
)  # fmt: skip
def test_wording_cuts_at_numbers(
    text: str, shape: str, numbers: tuple[str, ...]
) -> None:
    """Decimal comma/point and signs stay one number; dates and lists do not merge."""
    cut = wording(text)
    assert cut.shape == shape
    assert cut.numbers == numbers


def test_same_shape_ignores_numbers_case_and_spacing() -> None:
    """`Temperature now 36C` and `temperature now  5,5C` are one shape."""
    assert wording("Temperature now 36C").key == wording("temperature now  5,5C").key
    assert wording("Temperature now 36C").key != wording("Temperature was 36C").key
    assert wording("Line one\r\nLine 2").key == wording("Line one\nLine 7").key


def test_reading_slots_skip_phone_numbers_and_suggest_the_unit() -> None:
    """A phone number is never a reading; a number with C/F is suggested."""
    cut = wording("From 4915100000002: step 2, heat 36C")
    assert cut.reading_slots() == [1, 2]
    assert cut.suggested_reading() == 2
    assert wording("level 7 of 9").suggested_reading() == 0
    assert wording("nothing here").suggested_reading() is None
    assert wording("Call 4915100000002").suggested_reading() is None


def test_taught_alert_with_reading_applies_to_the_next_text() -> None:
    """The owner picks the second number; the next text's value is read from it."""
    lesson = teach("Heat warning: limit 30C, now 36C", "temperature_rise", reading=1)
    shapes = TaughtShapes([lesson])
    result = shapes.recognise("Heat warning: limit 30C, now 41,5C")
    assert isinstance(result, TemperatureRise)
    assert result.temperature == Temperature(41.5)
    assert result.raw == "Heat warning: limit 30C, now 41,5C"
    assert shapes.recognise("Heat warning: limit 30C now 41C") is None


def test_fahrenheit_and_pairs() -> None:
    """`77F` is read as °F; `25C(77F)` keeps the device's Fahrenheit value."""
    lesson = teach("Thermostat off at 95F", "switch_off", reading=0)
    result = TaughtShapes([lesson]).recognise("Thermostat off at 96F")
    assert isinstance(result, SwitchOffReached)
    assert result.temperature == Temperature.from_fahrenheit(96)
    pair = teach("Hot: 25C(77F)", "temperature_rise", reading=0)
    hot = TaughtShapes([pair]).recognise("Hot: 35C(96F)")
    assert isinstance(hot, TemperatureRise)
    assert hot.temperature == Temperature(35, 96)


def test_alert_without_reading_and_information() -> None:
    """A power failure quotes no reading; information changes nothing."""
    shapes = TaughtShapes(
        [
            teach("No mains power! Battery 80%", "power_failure"),
            teach("iSocket started, 2 sensors", "information"),
        ]
    )
    failure = shapes.recognise("No mains power! Battery 35%")
    assert isinstance(failure, PowerFailure)
    assert failure.socket_on is None
    info = shapes.recognise("iSocket started, 1 sensors")
    assert isinstance(info, Information)
    assert shapes.recognise("iSocket stopped, 1 sensors") is None


def test_teaching_refuses_what_cannot_be() -> None:
    """An unknown meaning, a reading for a kind without one, a phone number."""
    with pytest.raises(TeachingError):
        teach("Odd 5", "explode")
    with pytest.raises(TeachingError):
        teach("Odd 5", "power_failure", reading=0)
    with pytest.raises(TeachingError):
        teach("Hot from 4915100000002", "temperature_rise", reading=0)
    with pytest.raises(TeachingError):
        teach("Hot 36C", "temperature_rise", reading=1)


def test_lessons_store_as_json_and_replace() -> None:
    """As plain JSON and back; a later lesson of one shape wins; forgetting works."""
    lesson = teach("Heat: 36C", "temperature_rise", reading=0)
    stored = json.loads(json.dumps(lesson.as_dict()))
    assert TaughtShape.from_dict(stored) == lesson
    with pytest.raises(TeachingError):
        TaughtShape.from_dict({"parts": ["a", "b"], "meaning": "alarm", "reading": 0})
    with pytest.raises(TeachingError):
        TaughtShape.from_dict({"meaning": "alarm"})
    shapes = TaughtShapes([lesson, teach("Heat: 1C", "temperature_fall", reading=0)])
    assert len(shapes) == 1
    assert shapes.find("heat: 7C") is not None
    assert next(iter(shapes)).meaning == "temperature_fall"
    shapes.replace([])
    assert shapes.recognise("Heat: 36C") is None


def test_every_meaning_has_a_result() -> None:
    """Each meaning builds its result; readings only where the kind has one."""
    for meaning in MEANINGS:
        reading = 0 if meaning in WITH_READING else None
        result = TaughtShapes([teach("Said 5C", meaning, reading)]).recognise("Said 6C")
        assert isinstance(result, MEANINGS[meaning])
