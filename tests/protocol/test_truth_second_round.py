"""Issue 18: precision first — classification order, negations, numbers, the manual's items."""

from __future__ import annotations

import pytest

from custom_components.isocket.protocol import commands as c
from custom_components.isocket.protocol.correlation import Correlator, Outcome
from custom_components.isocket.protocol.interpret import (
    Recognition,
    interpret,
    recognise_alert,
)
from custom_components.isocket.protocol.results import (
    AlarmTriggered,
    CreditText,
    Hardware,
    PowerFailure,
    Result,
    SocketState,
    TemperatureFall,
    TemperatureRise,
    Unknown,
)

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
