"""Reception before sending, one outgoing message at a time, over the pty.

The simulated network takes ``submit_time`` seconds to confirm each sent SMS,
as a real one does (1-6 s): what arrives meanwhile must be read and deleted
before the next queued part goes, and two messages never mix their parts.
"""

from __future__ import annotations

import asyncio

import pytest

from custom_components.isocket.gsm.budget import SmsBudget
from custom_components.isocket.gsm.concat import IncomingSms
from custom_components.isocket.gsm.errors import SmsBudgetExceededError

from . import modem_env
from .modem_env import MODEM_NUMBER, PHONE_NUMBER, Env, MakeEnv

make_env = modem_env.make_env  # the fixture

SUBMIT_TIME = 0.3  # seconds per sent part: long enough to see what waits
# Two parts in the GSM alphabet (161..306 characters).
TWO_PARTS_A = "A" * 200
TWO_PARTS_B = "B" * 200


def commands(env: Env, *prefixes: str) -> list[str]:
    """The modem's command log, only the commands that start with a prefix."""
    return [cmd for cmd in env.sim.command_log if cmd.startswith(prefixes)]


async def slow_env(make_env: MakeEnv, **modem_args: object) -> Env:
    env = await make_env(**modem_args)
    env.network.submit_time = SUBMIT_TIME
    await env.modem.connect()
    return env


async def test_announced_messages_read_and_deleted_before_the_next_send(
    make_env: MakeEnv,
) -> None:
    """Three SMS arrive during the first of four queued sends: all are read
    and deleted before the second send starts."""
    env = await slow_env(make_env)
    first_sent = len(env.sim.command_log)
    sends = [
        asyncio.create_task(env.modem.send_sms(PHONE_NUMBER, f"queued {n}"))
        for n in range(4)
    ]
    await env.wait_for(lambda: bool(commands(env, "AT+CMGS=")))
    for n in range(3):
        env.phone.send(MODEM_NUMBER, f"alert {n}")
    await asyncio.gather(*sends)
    await env.wait_for(lambda: len(env.received) == 3)
    log = [
        cmd[:7]
        for cmd in env.sim.command_log[first_sent:]
        if cmd.startswith(("AT+CMGS", "AT+CMGR", "AT+CMGD"))
    ]
    # the first send, then every read and delete, then the rest of the sends
    assert log == ["AT+CMGS"] + ["AT+CMGR", "AT+CMGD"] * 3 + ["AT+CMGS"] * 3
    assert env.sim.sim.storage.used == 0
    assert env.texts() == ["alert 0", "alert 1", "alert 2"]


async def test_reception_waits_for_no_more_than_the_part_in_flight(
    make_env: MakeEnv,
) -> None:
    """A long message's parts let reception in between them."""
    env = await slow_env(make_env)
    send = asyncio.create_task(env.modem.send_sms(PHONE_NUMBER, "x" * 400))  # 3 parts
    await env.wait_for(lambda: bool(commands(env, "AT+CMGS=")))
    env.phone.send(MODEM_NUMBER, "alert")
    await send
    log = [cmd[:7] for cmd in commands(env, "AT+CMGS", "AT+CMGR", "AT+CMGD")]
    assert log == ["AT+CMGS", "AT+CMGR", "AT+CMGD", "AT+CMGS", "AT+CMGS"]


async def test_a_listener_may_send_from_inside_reception(make_env: MakeEnv) -> None:
    """Reception does not wait for itself: a reply sent by the listener goes."""
    env = await slow_env(make_env)
    replies: list[list[int]] = []

    async def answer(sms: IncomingSms) -> bool:
        replies.append(await env.modem.send_sms(sms.sender, f"re: {sms.text}"))
        return True

    env.modem.add_sms_listener(answer)
    env.phone.send(MODEM_NUMBER, "ping")
    env.phone.send(MODEM_NUMBER, "ping 2")  # queued behind the first
    await env.wait_for(lambda: len(replies) == 2, limit=5)
    inbox = await env.phone.wait_for_sms(2)
    assert [sms.text for sms in inbox] == ["re: ping", "re: ping 2"]


async def test_outgoing_turn_waits_for_the_send_in_flight(make_env: MakeEnv) -> None:
    """Other outgoing work (a call) takes its turn after the SMS in flight."""
    env = await slow_env(make_env)
    send = asyncio.create_task(env.modem.send_sms(PHONE_NUMBER, "first"))
    await env.wait_for(lambda: bool(commands(env, "AT+CMGS=")))
    assert not send.done()
    async with env.modem.outgoing_turn():
        assert send.done()  # the SMS was confirmed before the turn came
        env.phone.send(MODEM_NUMBER, "during the turn")
        await env.wait_for(lambda: bool(env.received))  # reception goes on
    assert len(env.network.sent_log) == 2  # "first", then the phone's


async def test_two_long_messages_at_once_with_room_for_one(make_env: MakeEnv) -> None:
    """Two 2-part messages at once, two parts left in the day's budget:
    exactly one goes, with its parts together; the other is refused whole.

    Without the send lock both would pass the budget check before either
    counts its parts, and their parts would alternate on the line.
    """
    env = await slow_env(make_env, budget=SmsBudget(2))
    results = await asyncio.gather(
        env.modem.send_message(PHONE_NUMBER, TWO_PARTS_A),
        env.modem.send_message(PHONE_NUMBER, TWO_PARTS_B),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, SmsBudgetExceededError)]
    sent = [r for r in results if not isinstance(r, BaseException)]
    assert len(refused) == 1
    assert len(sent) == 1
    assert sent[0].parts == 2
    parts = env.sim.sms.sent
    assert len(parts) == 2
    assert len({part.text[0] for part in parts}) == 1  # one message's parts
    assert [part.concat.sequence for part in parts if part.concat] == [1, 2]
    inbox = await env.phone.wait_for_sms(1)
    assert inbox[0].text in (TWO_PARTS_A, TWO_PARTS_B)
    assert env.modem.budget is not None
    assert env.modem.budget.count == 2


@pytest.mark.parametrize("budget", [None, 10])
async def test_two_long_messages_never_interleave(
    make_env: MakeEnv, budget: int | None
) -> None:
    """Two multipart messages at once: each one's parts go together."""
    env = await slow_env(
        make_env, budget=SmsBudget(budget) if budget is not None else None
    )
    await asyncio.gather(
        env.modem.send_message(PHONE_NUMBER, TWO_PARTS_A),
        env.modem.send_message(PHONE_NUMBER, TWO_PARTS_B),
    )
    letters = [part.text[0] for part in env.sim.sms.sent]
    assert letters in (["A", "A", "B", "B"], ["B", "B", "A", "A"])
    inbox = await env.phone.wait_for_sms(2)
    assert sorted(sms.text for sms in inbox) == [TWO_PARTS_A, TWO_PARTS_B]
