"""Calls to the device: RING actions and RINGCONFIRM (spec §3.2, §6.2)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from simulator.network import Call, CallState

from .test_isocket_support import DEVICE, OWNER, Bench, open_bench


@pytest.fixture
def bench() -> Iterator[Bench]:
    """The owner is boss, so calls from the owner are authorised."""
    for bench in open_bench():
        bench.setup("MAKEMEBOSS", "RESTARTTIME=5")
        yield bench


def ring(bench: Bench, *, hide: bool = False) -> Call:
    """The owner calls the device."""
    call = bench.owner.call(DEVICE, hide_caller_id=hide)
    bench.clock.advance(0)
    return call


def test_ring_switch_confirmed_by_sms(bench: Bench) -> None:
    """RING=SWITCH toggles; the call is rejected; the SMS states the result."""
    bench.setup("RING=SWITCH")
    seen = len(bench.owner.inbox)
    assert ring(bench).state is CallState.REJECTED
    assert bench.device.socket_on
    assert ring(bench).state is CallState.REJECTED
    assert not bench.device.socket_on
    assert bench.texts(bench.owner)[seen:] == ["Power socket ON", "Power socket OFF"]


def test_ring_restart_confirmed_by_call_back(bench: Bench) -> None:
    """RING=RESTART with RINGCONFIRM=CALL: free; a call back ~10 s later, hung up."""
    bench.setup("RING=RESTART", "RINGCONFIRM=CALL")
    seen, sent = len(bench.owner.inbox), len(bench.network.sent_log)
    ring(bench)
    assert bench.device.socket_on  # restarted: toggled for RESTARTTIME
    bench.clock.advance(5)
    assert not bench.device.socket_on
    bench.clock.advance(5)
    back = bench.network.call_log[-1]
    assert (back.caller, back.callee, back.state) == (DEVICE, OWNER, CallState.RINGING)
    assert bench.owner.calls == [back]
    bench.clock.advance(10)
    assert back.state is CallState.UNANSWERED
    assert back.ended_by == DEVICE
    assert bench.texts(bench.owner)[seen:] == []
    assert len(bench.network.sent_log) == sent  # no SMS at all


def test_answered_call_back_is_hung_up(bench: Bench) -> None:
    """Picking up the confirmation call only ends it."""
    bench.setup("RING=SWITCH", "RINGCONFIRM=CALL")
    ring(bench)
    bench.owner.on_call = "answer"
    bench.clock.advance(10)
    assert bench.network.call_log[-1].state is CallState.ENDED


def test_ringconfirm_off(bench: Bench) -> None:
    """No confirmation at all."""
    bench.setup("RING=SWITCH", "RINGCONFIRM=OFF")
    seen, calls = len(bench.owner.inbox), len(bench.network.call_log)
    ring(bench)
    bench.clock.advance(60)
    assert bench.device.socket_on
    assert bench.texts(bench.owner)[seen:] == []
    assert len(bench.network.call_log) == calls + 1  # only the owner's own call


@pytest.mark.parametrize("who", ["stranger", "hidden"])
def test_unauthorised_calls_just_ring(bench: Bench, who: str) -> None:
    """A number off the list, or a hidden one: no action, the call keeps ringing."""
    bench.setup("RING=SWITCH")
    if who == "hidden":
        call = ring(bench, hide=True)
    else:
        call = bench.stranger.call(DEVICE)
        bench.clock.advance(0)
    assert call.state is CallState.RINGING
    assert not bench.device.socket_on
    call.hangup()


def test_noaction_rings_for_free(bench: Bench) -> None:
    """RING=NOACTION (default): the caller hears it ring, nothing happens (§17)."""
    call = ring(bench)
    bench.clock.advance(30)
    assert call.state is CallState.RINGING
    assert not bench.device.socket_on
    call.hangup()
    assert call.state is CallState.UNANSWERED


def test_ring_restart_confirmed_by_sms(bench: Bench) -> None:
    """RING=RESTART with the default RINGCONFIRM=SMS: the restart reply as SMS."""
    bench.setup("ON", "RING=RESTART")
    seen = len(bench.owner.inbox)
    assert ring(bench).state is CallState.REJECTED
    assert not bench.device.socket_on
    bench.clock.advance(5)
    assert bench.device.socket_on
    assert bench.texts(bench.owner)[seen:] == ["Power socket restarted"]
