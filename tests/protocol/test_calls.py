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
        (("RING=SWITCH - OK", "Power socket ON"), "OFF"),
        (("RING=SWITCH - OK", "Power socket OFF"), "ON"),
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
