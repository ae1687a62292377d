"""GsmNetwork and Phone: SMS delivery, loss, store and forward, reports, calls, USSD."""

from __future__ import annotations

import asyncio

from simulator.clock import SimClock
from simulator.network import CallState, GsmNetwork
from simulator.phone import Phone

A = "+4915100000001"
B = "+4915100000002"
C = "+4915100000003"


def _net(**kwargs: float) -> tuple[SimClock, GsmNetwork]:
    clock = SimClock(0)
    return clock, GsmNetwork(clock, **kwargs)  # type: ignore[arg-type]


def test_sms_is_delivered_after_latency_and_logged() -> None:
    """Latency is simulated time; sent_log counts every SMS."""
    clock, net = _net(latency=2.0)
    alice, bob = Phone(net, A), Phone(net, B)
    ref = alice.send(B, "hello")
    assert bob.inbox == []
    clock.advance(1.9)
    assert bob.inbox == []
    clock.advance(0.1)
    assert [(s.sender, s.text, s.reference) for s in bob.inbox] == [(A, "hello", ref)]
    assert [s.text for s in net.sent_log] == ["hello"]


def test_references_count_per_sender_and_wrap() -> None:
    """Each sender has its own 0-255 message reference counter."""
    _, net = _net()
    Phone(net, B)
    refs = [net.send_sms(A, B, "x") for _ in range(257)]
    assert refs[:3] == [0, 1, 2]
    assert refs[255:] == [255, 0]
    assert net.send_sms(C, B, "y") == 0


def test_numbers_match_in_national_form() -> None:
    """An SMS to 015100000002 reaches +4915100000002."""
    clock, net = _net()
    bob = Phone(net, B)
    net.send_sms(A, "015100000002", "hi")
    clock.advance(0)
    assert len(bob.inbox) == 1
    assert net.find("4915100000002") is bob


def test_loss_is_seeded_and_reported() -> None:
    """With loss=0.5 and a seed, about half arrive, the same half every run."""

    def run() -> tuple[int, list[bool]]:
        clock, net = _net(loss=0.5, seed=42)
        alice, bob = Phone(net, A), Phone(net, B)
        for i in range(40):
            alice.send(B, str(i), status_report=True)
        clock.advance(0)
        assert len(net.lost_log) + len(bob.inbox) == 40
        return len(bob.inbox), [r.delivered for r in alice.status_reports]

    first = run()
    assert 10 < first[0] < 30
    assert first == run()
    assert first[1].count(True) == first[0]


def test_store_and_forward_until_attach() -> None:
    """An SMS to a detached number waits and arrives on attach."""
    clock, net = _net()
    alice = Phone(net, A)
    bob = Phone(net, B)
    net.detach(bob)
    alice.send(B, "later", status_report=True)
    clock.advance(1)
    assert bob.inbox == []
    assert [s.text for s in net.pending_for(B)] == ["later"]
    assert alice.status_reports == []
    net.attach(bob)
    clock.advance(0)
    assert [s.text for s in bob.inbox] == ["later"]
    assert net.pending_for(B) == []
    assert alice.status_reports[0].delivered


def test_call_answered_then_ended_by_caller() -> None:
    """ringing -> answered -> ended, listeners see each change."""
    clock, net = _net()
    alice, bob = Phone(net, A), Phone(net, B, on_call="answer")
    call = alice.call(B)
    seen: list[CallState] = []
    call.add_listener(lambda c: seen.append(c.state))
    clock.advance(0)
    assert bob.calls == [call]
    assert call.caller == A
    call.hangup(A)
    assert seen == [CallState.ANSWERED, CallState.ENDED]
    assert call.ended_by == A
    call.answer()  # no-op once ended
    assert call.state is CallState.ENDED


def test_call_rejected_ignored_and_hidden() -> None:
    """Reject policy, ring-until-caller-gives-up, and hidden caller id."""
    clock, net = _net()
    alice = Phone(net, A)
    Phone(net, B, on_call="reject")
    carol = Phone(net, C)
    rejected = alice.call(B)
    clock.advance(0)
    assert rejected.state is CallState.REJECTED
    ringing = alice.call(C, hide_caller_id=True)
    clock.advance(20)
    assert ringing.state is CallState.RINGING
    assert carol.calls[0].caller is None
    assert ringing.origin == A
    ringing.hangup(A)
    assert ringing.state is CallState.UNANSWERED


def test_call_to_unreachable_or_busy_number() -> None:
    """Nobody attached: unanswered/unreachable; callee in a call: busy."""
    clock, net = _net()
    alice = Phone(net, A)
    Phone(net, B)
    carol = Phone(net, C)
    nobody = alice.call("+4915199999999")
    clock.advance(0)
    assert (nobody.state, nobody.reason) == (CallState.UNANSWERED, "unreachable")
    first = alice.call(B)
    clock.advance(0)
    second = carol.call(B)
    clock.advance(0)
    assert (second.state, second.reason) == (CallState.REJECTED, "busy")
    assert first.state is CallState.RINGING
    unsubscribe = first.add_listener(lambda c: None)
    unsubscribe()


def test_caller_gives_up_before_ring_reaches_callee() -> None:
    """With latency, a call hung up early never rings."""
    clock, net = _net(latency=1.0)
    alice, bob = Phone(net, A), Phone(net, B)
    call = alice.call(B)
    call.hangup(A)
    clock.advance(2)
    assert bob.calls == []


def test_ussd_default_and_configured() -> None:
    """Credit text by default, a configured reply per code."""
    _, net = _net()
    assert "credit" in net.ussd(A, "*100#")
    net.ussd_replies["*101#"] = "Balance 1.00"
    assert net.ussd(A, "*101#") == "Balance 1.00"


async def test_phone_listener_and_wait_for_sms() -> None:
    """wait_for_sms returns once the message lands; listeners fire."""
    clock, net = _net()
    alice, bob = Phone(net, A), Phone(net, B)
    got: list[str] = []
    bob.add_sms_listener(lambda sms: got.append(sms.text))
    alice.send(B, "ping")
    async with asyncio.timeout(1):
        inbox = await bob.wait_for_sms(1)
    assert [s.text for s in inbox] == ["ping"] == got
    clock.close()
