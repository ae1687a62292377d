"""Issue 18: precision first — classification order, negations, numbers, the manual's items."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from custom_components.isocket.protocol import commands as c
from custom_components.isocket.protocol.commands import Command
from custom_components.isocket.protocol.correlation import Correlator, Outcome
from custom_components.isocket.protocol.interpret import (
    Recognition,
    interpret,
    recognise_alert,
)
from custom_components.isocket.protocol.probe import ProbeHealth, ProbeWarning
from custom_components.isocket.protocol.results import (
    AlarmLog,
    AlarmTriggered,
    CreditText,
    Hardware,
    PowerFailure,
    PowerRestored,
    ProbeFailure,
    Result,
    ScheduleList,
    SensorNormal,
    SerialNumber,
    SocketState,
    SwitchOffReached,
    TemperatureFall,
    TemperatureRise,
    Unknown,
)
from custom_components.isocket.protocol.state import DeviceState
from custom_components.isocket.protocol.temperature import Temperature

# --- the order: exact -> taught -> keywords, alerts before correlation ------------------


@pytest.mark.parametrize("command", [c.credit(), c.ussd("*100#")])
def test_a_pending_credit_never_swallows_an_alert(command: c.Command) -> None:
    """`Power failure!` while CREDIT/SIMCARD waits is a power failure (issue 18 table)."""
    correlator = Correlator()
    pending = correlator.expect(command, 0.0)
    seen = interpret("Power failure!", correlator, 1.0)
    assert isinstance(seen.result, PowerFailure)
    assert seen.recognised_by is Recognition.EXACT
    assert not seen.solicited
    assert pending.outcome is Outcome.PENDING  # still waits for the operator


def test_a_pending_credit_never_swallows_a_reply_shape() -> None:
    """A known reply shape is no operator text: it stays what it is."""
    correlator = Correlator()
    pending = correlator.expect(c.credit(), 0.0)
    seen = interpret("Power socket ON", correlator, 1.0)
    assert isinstance(seen.result, SocketState)
    assert seen.unsolicited_reply
    assert pending.outcome is Outcome.PENDING


def test_only_shapeless_text_answers_credit() -> None:
    """Text of no known shape is the awaited answer, recognised by nothing."""
    correlator = Correlator()
    correlator.expect(c.credit(), 0.0)
    seen = interpret("Ihr Guthaben: 4,50 EUR", correlator, 1.0)
    assert isinstance(seen.result, CreditText)
    assert seen.solicited
    assert seen.recognised_by is None


class _Taught:
    """A stand-in for the owner's taught shapes: one text, one result."""

    def __init__(self, text: str, result: Result) -> None:
        self.text = text
        self.result = result
        self.asked: list[str] = []

    def recognise(self, text: str) -> Result | None:
        self.asked.append(text)
        return self.result if text == self.text else None


def test_taught_shapes_come_after_exact_and_before_keywords() -> None:
    """exact → taught → keywords: a taught shape never overrides an exact one."""
    taught = _Taught("Temperature is too high!", TemperatureFall(raw="x"))
    # an exact alert shape: the taught shapes are not asked
    assert recognise_alert("Power failure!", taught) == (
        PowerFailure(raw="Power failure!"),
        Recognition.EXACT,
    )
    assert taught.asked == []
    # a text the keywords would read: the taught shape wins
    found = recognise_alert("Temperature is too high!", taught)
    assert found == (TemperatureFall(raw="x"), Recognition.TAUGHT)
    # no taught shape fits: the keywords decide
    found = recognise_alert("Temperature is too high! TEMP: 40C", taught)
    assert found is not None
    assert isinstance(found[0], TemperatureRise)
    assert found[1] is Recognition.KEYWORDS


def test_a_reply_shape_is_never_asked_of_the_taught_shapes() -> None:
    """A text with a reply shape is that reply, whatever was taught."""
    taught = _Taught("Power socket ON", AlarmTriggered(raw="x"))
    seen = interpret("Power socket ON", Correlator(), 1.0, taught=taught)
    assert isinstance(seen.result, SocketState)
    assert taught.asked == []


def test_recognition_of_keywords_and_unknown() -> None:
    """Keyword alerts say so; an unknown message is recognised by nothing."""
    seen = interpret("Mains power lost!", Correlator(), 1.0)
    assert isinstance(seen.result, PowerFailure)
    assert seen.recognised_by is Recognition.KEYWORDS
    seen = interpret("Hello there", Correlator(), 1.0)
    assert isinstance(seen.result, Unknown)
    assert seen.recognised_by is None
    assert not seen.unsolicited_reply


def test_an_answer_is_not_unsolicited() -> None:
    """HARDWARE answered: solicited, exact."""
    correlator = Correlator()
    correlator.expect(c.hardware(), 0.0)
    seen = interpret("iSocket Environment Pro", correlator, 1.0)
    assert isinstance(seen.result, Hardware)
    assert seen.solicited
    assert not seen.unsolicited_reply
    assert seen.recognised_by is Recognition.EXACT


# --- precision first: negations and contradictions stay unknown ---------------------------


def _read(text: str) -> Result:
    return interpret(text, Correlator(), 1.0).result


@pytest.mark.parametrize(
    "text",
    [
        "Power outage is over.",  # issue 18 table
        "Stromausfall beendet",  # issue 18 table
        "Temperature is not too high anymore: 21C",  # issue 18 table
        "Alarm function not activated",  # issue 18 table
        "Power failure resolved",
        "No power failure",
        "Kein Stromausfall",
        "Temperatur nicht zu hoch",
        "Temperature rise alarm cancelled",
        "Probe error cleared, temperature back to normal",
        "Alarm is no longer active",
        "Power failure! Temperature too high!",  # two families at once
    ],
)
def test_negated_or_ended_texts_stay_unknown(text: str) -> None:
    """A negation or an "it is over" word: the keywords cannot be sure (issue 18)."""
    assert isinstance(_read(text), Unknown)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("No mains power!", PowerFailure),  # issue 18
        ("Mains power lost! Running on battery.", PowerFailure),  # issue 18
        ("Intrusion alarm!", AlarmTriggered),  # issue 18
        ("Power is back!", PowerRestored),  # a return agrees with "back"
        ("Strom wieder da", PowerRestored),
        ("Sensor is back to normal!", SensorNormal),
        ("Temperature sensor not connected", ProbeFailure),  # its own negation
        ("TEMPERATURE over limit! TEMP: 40C", TemperatureRise),  # "over" as "above"
    ],
)
def test_plain_wordings_are_read(text: str, kind: type[Result]) -> None:
    """Plain, unambiguous wordings still change state."""
    assert type(_read(text)) is kind


def test_a_bare_sensor_is_the_alarm_input_not_the_probe() -> None:
    """`Sensor(s) disconnected!` is about the alarm input (manual §9): no probe failure."""
    assert isinstance(_read("Sensor(s) disconnected!"), Unknown)
    assert isinstance(_read("Temperature sensor disconnected!"), ProbeFailure)
    assert isinstance(_read("TEMP.SENSOR IS FAILED"), ProbeFailure)


@pytest.mark.parametrize(
    "text",
    [
        "Mains failure alarm switched off",
        "Power restored notification: enabled",
        "Temperature fall alerts are now ON",
        "Stromausfall-Benachrichtigung deaktiviert",
        "Temperatur-Warnung aktiviert",
        "Mains lost: none",
    ],
)
def test_talk_of_an_alert_setting_or_none_is_no_alert(text: str) -> None:
    """An alert's setting switched on/off, or a `none`, is no event: unknown."""
    assert isinstance(_read(text), Unknown)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Alarm! Door sensor triggered, power socket OFF", AlarmTriggered),
        ("Power failure alert! Socket switched off", PowerFailure),
        ("Temperature rise alert! Now 41C", TemperatureRise),
    ],
)
def test_an_alert_word_before_the_event_is_still_an_alert(
    text: str, kind: type[Result]
) -> None:
    """`alert!` / `Alarm!` followed by what happened is the event itself."""
    assert isinstance(_read(text), kind)


def test_a_switch_on_is_no_switch_off_alert() -> None:
    """The thermostat switching the socket on is not `switch_off`."""
    assert isinstance(_read("Thermostat switched the socket ON, TEMP: 18C"), Unknown)
    result = _read("Thermostat switched the socket off, TEMP: 24C")
    assert isinstance(result, SwitchOffReached)
    assert result.temperature == Temperature(24)


@pytest.mark.parametrize(
    "text", ["ALARM status: Sensor activated", "iSocket started", "S/N: 1234"]
)
def test_reply_like_texts_nobody_asked_for_are_unknown(text: str) -> None:
    """A reply label without a reply shape, or a loose answer shape unasked: unknown."""
    seen = interpret(text, Correlator(), 1.0)
    assert isinstance(seen.result, Unknown)


@pytest.mark.parametrize(
    ("text", "command", "kind"),
    [
        ("Alarm log is empty", c.show_alarm_log, AlarmLog),
        ("No alarm events", c.show_alarm_log, AlarmLog),
        ("No schedule rules", c.query_schedules, ScheduleList),
    ],
)
def test_an_empty_log_sentence_is_only_the_answer_when_asked(
    text: str, command: Callable[[], Command], kind: type[Result]
) -> None:
    """The manual quotes no empty alarm log or scheduler list: a `No …` sentence.

    Asked, it is the empty answer; unasked, it is an unknown message (the
    owner reads it), never an empty log nor a cleared schedule.
    """
    assert isinstance(interpret(text, Correlator(), 1.0).result, Unknown)
    correlator = Correlator()
    correlator.expect(command(), 0.0)
    assert isinstance(interpret(text, correlator, 1.0).result, kind)


def test_an_alarm_log_with_entries_is_a_reply_even_unasked() -> None:
    """Time stamps a line are the log's own shape: an unsolicited reply, not unknown."""
    seen = interpret("1. 26/03/04,05:06:07\n2. 26/03/05,06:07:08", Correlator(), 1.0)
    assert isinstance(seen.result, AlarmLog)
    assert len(seen.result.entries) == 2
    assert seen.unsolicited_reply


def test_a_loose_answer_shape_is_still_the_answer_when_asked() -> None:
    """SERIALNUM asked: `S/N: 1234` is its answer."""
    correlator = Correlator()
    correlator.expect(c.serial_number(), 0.0)
    assert isinstance(interpret("S/N: 1234", correlator, 1.0).result, SerialNumber)


# --- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "celsius"),
    [
        (
            "Power socket ON\nSignal: Good (-67dBm)\nTEMP: 25,5C(77,9F)\nALARMF: Disabled",
            25.5,
        ),
        ("TEMPERATURE: 25,5C(77,9F)", 25.5),
        ("TEMPERATURE: -3,5 C (25,7 F)", -3.5),
        ("TEMPERATURE: + 4,0C(39,2F)", 4.0),
        ("TEMPERATURE: - 12C(10F)", -12),
        ("TEMPERATURE:19 C(66 F)", 19),
    ],
)
def test_decimal_comma_signs_and_spaces(text: str, celsius: float) -> None:
    """Decimal comma and point, signs, spacing in every temperature field (issue 18)."""
    result = _read(text)
    temperature = getattr(result, "temperature", None)
    assert temperature is not None
    assert temperature.celsius == celsius


@pytest.mark.parametrize(
    ("text", "celsius"),
    [
        ("TEMPERATURE rise alert! limit 30C, now 36C", 36),  # issue 18 table
        ("Temperature too high, limit 30C, now 36C", 36),
        ("Temperature too high (threshold 30C): 33,5C", 33.5),
        ("Temperature too low! Limit -10C, TEMP: -12,5C(9,5F)", -12.5),
        ("Temperature too high: 31C, 32C", None),  # two candidates: unsure
        ("Temperature too high, limit 30C", None),  # only the threshold
    ],
)
def test_the_reading_is_never_the_threshold(text: str, celsius: float | None) -> None:
    """The value labelled as the reading (TEMP:/now) wins; a threshold never is one."""
    result = _read(text)
    assert isinstance(result, TemperatureRise | TemperatureFall)
    if celsius is None:
        assert result.temperature is None
    else:
        assert result.temperature is not None
        assert result.temperature.celsius == celsius


@pytest.mark.parametrize(
    ("reading", "last", "health", "warning"),
    [
        (150, None, ProbeHealth.FAILED, ProbeWarning.OUT_OF_RANGE),
        (-60, 20, ProbeHealth.FAILED, ProbeWarning.OUT_OF_RANGE),
        # manual §7: the probe measures up to 120 °C (issue 18 said 125: the manual wins)
        (122, 118, ProbeHealth.FAILED, ProbeWarning.OUT_OF_RANGE),
        (120, 118, ProbeHealth.OK, None),
        (-55, -50, ProbeHealth.OK, None),
        (127, None, ProbeHealth.FAILED, ProbeWarning.FAULT_VALUE),
        (85, 20, ProbeHealth.FAILED, ProbeWarning.FAULT_VALUE),
        (85, 80, ProbeHealth.OK, None),
        (0, None, ProbeHealth.SUSPECT, ProbeWarning.FAULT_VALUE),
        (0, 25, ProbeHealth.FAILED, ProbeWarning.FAULT_VALUE),
        (0, 3, ProbeHealth.OK, None),
    ],
)
def test_probe_range_and_fault_values(
    reading: int, last: int | None, health: ProbeHealth, warning: ProbeWarning | None
) -> None:
    """Manual §7: range −55…120 °C; 85, 127, 0 °C where implausible warn of the probe."""
    state = DeviceState()
    now = datetime(2026, 12, 7, tzinfo=UTC)
    if last is not None:
        state.apply(_read(f"TEMPERATURE: {last}C"), now, solicited=False)
    state.apply(_read(f"TEMPERATURE: {reading}C"), now, solicited=False)
    assert state.probe is health
    assert state.probe_warning is warning
    assert state.last_reading == Temperature(reading)
    # a failed reading is no temperature; a suspect one is shown, with the warning
    expected = None if health is ProbeHealth.FAILED else Temperature(reading)
    assert state.temperature == expected
