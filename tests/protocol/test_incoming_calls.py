"""A call from the device's number: an alarm only when HA knows it can be one.

Caller ids can be spoofed. The device calls its alert numbers only to raise
an alarm, only while armed, only with ALERT=CALL (manual §9.2); any other
call is reported, and checked by STATUS where Home Assistant cannot tell,
at most once per CALL_CHECK_INTERVAL (two SMS each).
"""

from __future__ import annotations

import pytest

from custom_components.isocket.protocol.calls import (
    CallMeaning,
    incoming_call_meaning,
)
from custom_components.isocket.protocol.results import AlarmInfo, SettingAck
from custom_components.isocket.protocol.state import DeviceState

from .test_client import Timers


def _state(armed: bool | None, alert: str | None) -> DeviceState:
    state = DeviceState()
    now = Timers().now
    if armed is not None:
        state.apply(AlarmInfo(raw="", armed=armed), now, solicited=True)
    if alert is not None:
        state.apply(SettingAck(raw="", name="ALERT", value=alert), now, solicited=True)
    return state


@pytest.mark.parametrize(
    ("armed", "alert", "meaning"),
    [
        (True, "CALL", CallMeaning.ALARM),
        (False, "CALL", CallMeaning.DISARMED),
        (False, None, CallMeaning.DISARMED),
        (True, "SMS", CallMeaning.NOT_BY_CALL),
        (True, "SMSCHANGE", CallMeaning.NOT_BY_CALL),
        (None, "OFF", CallMeaning.NOT_BY_CALL),
        (True, None, CallMeaning.CHECKING),
        (None, "CALL", CallMeaning.CHECKING),
        (None, None, CallMeaning.CHECKING),
    ],
)
def test_meaning_table(
    armed: bool | None, alert: str | None, meaning: CallMeaning
) -> None:
    """Only armed with ALERT=CALL is an alarm; only known facts decide."""
    assert incoming_call_meaning(_state(armed, alert)) is meaning


def test_assumed_factory_alert_is_not_known() -> None:
    """ALERT=SMS only assumed from the factory list: HA cannot tell, so it checks."""
    state = _state(True, None)
    state.assume_factory_defaults(Timers().now)
    assert state.setting("ALERT") == "SMS"
    assert incoming_call_meaning(state) is CallMeaning.CHECKING
