"""Ringing a person's phone, the SIM's message storage and flash SMS, end to end.

The application's ``Modem`` talks to the simulated modem over a real pty; the
phones on the simulated network answer, refuse or let it ring.
"""

from __future__ import annotations

import asyncio

import pytest

from custom_components.isocket.gsm.errors import (
    CallBudgetExceededError,
    InvalidNumberError,
)
from custom_components.isocket.gsm.model import SimMessages
from custom_components.isocket.gsm.pdu import message_class
from custom_components.isocket.gsm.replies import sim_messages
from custom_components.isocket.gsm.voice import (
    CallBudget,
    CallOutcome,
    outgoing_answered,
)
from simulator.network import CallState
from simulator.phone import Phone
from simulator.quirks import Quirks

from . import modem_env
from .modem_env import MODEM_NUMBER, PHONE_NUMBER, MakeEnv

make_env = modem_env.make_env  # the fixture

OTHER = "+491703333333"
POLL = 0.05


async def test_call_answered_after_ringing(make_env: MakeEnv) -> None:
    """The owner picks up after 0.3 s: answered, and we hang up at once."""
    env = await make_env(call_poll=POLL)
    phone = Phone(env.network, OTHER, on_call="answer", ring_for=0.3)
    await env.modem.connect()
    result = await env.modem.call(OTHER, 5.0)
    assert result.outcome is CallOutcome.ANSWERED
    assert result.answered
    assert 0.3 <= result.rang < 1.0
    (call,) = phone.calls
    assert call.caller == MODEM_NUMBER
    assert call.state is CallState.ENDED
    assert call.ended_by == MODEM_NUMBER
    assert env.sim.command_log[-1] == "ATH"
    assert "AT+CLCC" in env.sim.command_log


async def test_call_rings_the_asked_time(make_env: MakeEnv) -> None:
    """Nobody answers: it rings the asked time on the phone, then rang out."""
    env = await make_env(call_poll=POLL)
    await env.modem.connect()
    result = await env.modem.call(PHONE_NUMBER, 0.6)
    assert result.outcome is CallOutcome.RANG_OUT
    assert not result.answered
    (call,) = env.phone.calls
    assert call.state is CallState.UNANSWERED
    assert call.rang_seconds is not None
    assert 0.6 <= call.rang_seconds < 1.2


async def test_call_rejected(make_env: MakeEnv) -> None:
    """The callee refuses: BUSY ends the call early, outcome rejected."""
    env = await make_env(call_poll=POLL)
    Phone(env.network, OTHER, on_call="reject", ring_for=0.1)
    await env.modem.connect()
    result = await env.modem.call(OTHER, 5.0)
    assert result.outcome is CallOutcome.REJECTED
    assert result.rang < 2.0


async def test_call_unreachable(make_env: MakeEnv) -> None:
    """A number nobody has: the network ends it (NO CARRIER)."""
    env = await make_env(call_poll=POLL)
    await env.modem.connect()
    result = await env.modem.call("+491709999999", 5.0)
    assert result.outcome is CallOutcome.UNREACHABLE
    assert result.rang < 2.0


async def test_call_without_clcc_still_rings_out(make_env: MakeEnv) -> None:
    """A modem that knows no AT+CLCC: the call rings its time all the same."""
    env = await make_env(
        {"quirks": Quirks(missing_commands=frozenset({"+CLCC"}))}, call_poll=POLL
    )
    await env.modem.connect()
    result = await env.modem.call(PHONE_NUMBER, 0.4)
    assert result.outcome is CallOutcome.RANG_OUT
    assert env.phone.calls[0].state is CallState.UNANSWERED


async def test_call_refuses_non_numbers(make_env: MakeEnv) -> None:
    """Nothing but a dial string reaches ATD; nothing is counted."""
    env = await make_env(call_budget=CallBudget(5))
    await env.modem.connect()
    with pytest.raises(InvalidNumberError):
        await env.modem.call("123;+CMGD=1,4", 1)
    assert env.modem.call_budget is not None
    assert env.modem.call_budget.count == 0
    assert not any(cmd.startswith("ATD") for cmd in env.sim.command_log)


async def test_call_cap(make_env: MakeEnv) -> None:
    """The day's call cap: the call over it is refused and nothing is dialled."""
    env = await make_env(call_budget=CallBudget(1), call_poll=POLL)
    await env.modem.connect()
    await env.modem.call(PHONE_NUMBER, 0.1)
    with pytest.raises(CallBudgetExceededError) as caught:
        await env.modem.call(PHONE_NUMBER, 0.1)
    assert (caught.value.count, caught.value.limit) == (1, 1)
    assert len(env.phone.calls) == 1


async def test_call_waits_for_the_sms_in_flight(make_env: MakeEnv) -> None:
    """A call asked for while an SMS goes out is dialled after it, not in it."""
    env = await make_env({"quirks": Quirks(send_delay=0.3)}, call_poll=POLL)
    await env.modem.connect()
    sms = asyncio.create_task(env.modem.send_message(OTHER, "water leak"))
    await asyncio.sleep(0.05)  # the AT+CMGS is on the wire
    result = await env.modem.call(PHONE_NUMBER, 0.2)
    await sms
    assert result.outcome is CallOutcome.RANG_OUT
    log = env.sim.command_log
    cmgs = next(i for i, cmd in enumerate(log) if cmd.startswith("AT+CMGS"))
    atd = next(i for i, cmd in enumerate(log) if cmd.startswith("ATD"))
    assert cmgs < atd


async def test_calls_queue_one_behind_the_other(make_env: MakeEnv) -> None:
    """Two calls at once: the second rings after the first hung up."""
    env = await make_env(call_poll=POLL)
    other = Phone(env.network, OTHER)
    await env.modem.connect()
    first, second = await asyncio.gather(
        env.modem.call(PHONE_NUMBER, 0.3), env.modem.call(OTHER, 0.3)
    )
    assert first.outcome is second.outcome is CallOutcome.RANG_OUT
    assert env.phone.calls[0].rang_until is not None
    assert other.calls[0].started is not None
    assert env.phone.calls[0].rang_until <= other.calls[0].started


def test_clcc_lines() -> None:
    """+CLCC: our (dir 0) call active, alerting, or absent; incoming ones ignored."""
    assert outgoing_answered(['+CLCC: 1,0,0,0,0,"+4917",145']) is True
    assert outgoing_answered(['+CLCC: 1,0,3,0,0,"+4917",145']) is False
    assert outgoing_answered(['+CLCC: 1,1,4,0,0,"+4917",145']) is None
    assert outgoing_answered([]) is None


def test_cpms_read_form() -> None:
    """AT+CPMS? counts of the first storage; nonsense is None."""
    line = '+CPMS: "SM",25,30,"SM",25,30,"SM",25,30'
    assert sim_messages([line]) == SimMessages(25, 30)
    assert sim_messages([line]).percent == pytest.approx(83.3, abs=0.1)  # type: ignore[union-attr]
    assert sim_messages(['+CPMS: "SM",31,30']) is None
    assert sim_messages(['+CPMS: ("SM")']) is None
    assert sim_messages([]) is None


async def test_health_reads_the_sim_storage(make_env: MakeEnv) -> None:
    """The health read asks AT+CPMS? (no SMS) and follows what the SIM holds."""
    env = await make_env({"storage_size": 20})
    await env.modem.connect()
    assert env.modem.health is not None
    assert env.modem.health.sim_messages == SimMessages(0, 20)
    assert env.sim.sim.storage.fill(17) == 17
    health = await env.modem.refresh_health()
    assert health.sim_messages == SimMessages(17, 20)
    assert health.sim_messages.percent == 85.0


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("Water in the cellar!", "gsm7"), ("Wasser im Keller ✋", "ucs2")],
)
async def test_flash_sms_is_class_0_on_the_wire(
    make_env: MakeEnv, text: str, encoding: str
) -> None:
    """flash=True: DCS class 0 in the SUBMIT; the phone gets a flash SMS."""
    env = await make_env()
    await env.modem.connect()
    await env.modem.send_message(PHONE_NUMBER, text, flash=True)
    await env.modem.send_message(PHONE_NUMBER, text)
    flash, normal = env.sim.sms.sent
    assert (flash.message_class, flash.encoding, flash.text) == (0, encoding, text)
    assert normal.message_class is None
    await env.phone.wait_for_sms(2)
    assert [sms.flash for sms in env.phone.inbox] == [True, False]


@pytest.mark.parametrize(
    ("dcs", "klass"),
    [
        (0x00, None),
        (0x08, None),
        (0x10, 0),
        (0x18, 0),
        (0x11, 1),
        (0xF0, 0),
        (0xC0, None),
    ],
)
def test_message_class(dcs: int, klass: int | None) -> None:
    """TS 23.038 §4: which DCS values carry a message class."""
    assert message_class(dcs) == klass
