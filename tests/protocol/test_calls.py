"""A call's SMS confirmation counts as solicited when expected (manual §4.2, §6.2)."""

from __future__ import annotations

import pytest

from custom_components.isocket.protocol.calls import call_confirmation
from custom_components.isocket.protocol.correlation import Correlator, Outcome
from custom_components.isocket.protocol.interpret import interpret
from custom_components.isocket.protocol.state import DeviceState

from .test_state import NOW, feed


@pytest.mark.parametrize(
    ("known", "expected"),
    [
        # no direction assumed (issue 18; manual §4.2 "Ausschalten"): either state
        (("RING=SWITCH - OK", "Power socket ON"), "RUNTIME"),
        (("RING=SWITCH - OK", "Power socket OFF"), "RUNTIME"),
        (("RING=SWITCH - OK",), "RUNTIME"),
        (("RING=RESTART - OK",), "RESTART"),
        (("RING=RESTART - OK", "RINGCONFIRMTYPE=SMS - OK"), "RESTART"),
        (("RING=NOACTION - OK",), None),
        ((), None),
        (("RING=SWITCH - OK", "RINGCONFIRMTYPE=CALL - OK"), None),
        (("RING=RESTART - OK", "RINGCONFIRM=OFF - OK"), None),
    ],
)
def test_call_confirmation(known: tuple[str, ...], expected: str | None) -> None:
    """Which reply a call's confirmation SMS looks like, if one comes."""
    state = DeviceState()
    feed(state, *known)
    command = call_confirmation(state)
    assert (command.key if command else None) == expected


def test_switch_by_call_confirmation_is_applied() -> None:
    """RING=SWITCH: expected before dialling, the confirmation switches the state."""
    state = DeviceState()
    feed(state, "RING=SWITCH - OK", "Power socket ON")
    # SMSCONFIRM=OFF does not silence a call's confirmation (RINGCONFIRM does)
    correlator = Correlator(confirmations=False)
    command = call_confirmation(state)
    assert command is not None
    pending = correlator.expect(command, 0.0)
    seen = interpret("Power socket OFF", correlator, 5.0)
    assert seen.solicited
    assert pending.outcome is Outcome.REPLIED
    state.apply(seen.result, NOW, solicited=seen.solicited)
    assert state.socket_on is False


@pytest.mark.parametrize("reply", ["Power socket OFF", "Power socket ON"])
def test_switch_by_call_takes_the_state_the_reply_states(reply: str) -> None:
    """Issue 18: the manual says RING=SWITCH switches off, the spec says toggle.

    Neither is assumed: from ON, a confirmation saying ON is taken as ON.
    """
    state = DeviceState()
    feed(state, "RING=SWITCH - OK", "Power socket ON")
    correlator = Correlator()
    command = call_confirmation(state)
    assert command is not None
    correlator.expect(command, 0.0)
    seen = interpret(reply, correlator, 5.0)
    assert seen.solicited
    state.apply(seen.result, NOW, solicited=True)
    assert state.socket_on is (reply.endswith("ON"))
