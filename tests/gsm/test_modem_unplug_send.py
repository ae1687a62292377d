"""The modem goes away around a send, over the pty: what was sent, what not.

`NotSentError` (a subclass of `ModemNotConnectedError`) promises that nothing
of the message went out, so a caller may send it again later (the HA outbox
does); a line lost during ``AT+CMGS`` makes no such promise and the budget
counts that part. `Modem.ready_to_send` and its listener say when sending can
go on: after a reconnect and after the network registration comes back.
"""

from __future__ import annotations

import asyncio

import pytest

from custom_components.isocket.gsm.budget import SmsBudget
from custom_components.isocket.gsm.errors import (
    ModemNotConnectedError,
    NotSentError,
    SmsSendError,
)
from custom_components.isocket.gsm.sms_send import SendPolicy

from . import modem_env
from .modem_env import PHONE_NUMBER, Env, MakeEnv

make_env = modem_env.make_env  # the fixture


def cmgs(env: Env) -> int:
    return sum(cmd.startswith("AT+CMGS=") for cmd in env.sim.command_log)


async def test_send_while_away_is_not_sent(make_env: MakeEnv) -> None:
    """Never connected (or gone): NotSentError, no budget used."""
    env = await make_env(budget=SmsBudget(5))
    with pytest.raises(NotSentError):
        await env.modem.send_sms(PHONE_NUMBER, "hello")
    assert env.modem.budget is not None
    assert env.modem.budget.count == 0
    assert not env.modem.ready_to_send


async def test_unplug_in_the_middle_of_cmgs(make_env: MakeEnv) -> None:
    """The line is lost while the network confirms: ModemNotConnectedError,
    not NotSentError (the part may have gone), counted once; after the
    re-plug nothing is sent again by itself."""
    env = await make_env(budget=SmsBudget(5))
    env.network.submit_time = 0.5
    await env.modem.start()
    await env.wait_for(lambda: env.modem.connected)
    send = asyncio.create_task(env.modem.send_sms(PHONE_NUMBER, "in flight"))
    await env.wait_for(lambda: cmgs(env) == 1)
    await env.wait_for(lambda: len(env.sim.sms.sent) == 1)  # typed, unconfirmed
    env.sim.unplug()
    with pytest.raises(ModemNotConnectedError) as raised:
        await send
    assert not isinstance(raised.value, NotSentError)
    assert env.modem.budget is not None
    assert env.modem.budget.count == 1
    env.sim.replug()
    await env.wait_for(lambda: env.modem.connected, limit=5)
    await asyncio.sleep(0.1)
    assert cmgs(env) == 1
    assert len(env.network.sent_log) == 1  # the network had taken it: sent once


async def test_unplug_between_parts_is_no_not_sent(make_env: MakeEnv) -> None:
    """A three-part message loses the line after its first part: the error
    says some of it may have gone (no NotSentError), and no part is repeated."""
    env = await make_env(budget=SmsBudget(5))
    env.network.submit_time = 0.2
    await env.modem.start()
    await env.wait_for(lambda: env.modem.connected)
    send = asyncio.create_task(env.modem.send_sms(PHONE_NUMBER, "x" * 400))
    await env.wait_for(lambda: len(env.sim.sms.sent) == 2)  # second part typed
    env.sim.unplug()
    with pytest.raises(ModemNotConnectedError) as raised:
        await send
    assert not isinstance(raised.value, NotSentError)
    assert env.modem.budget is not None
    assert env.modem.budget.count == 2  # the first, and the one lost in flight
    env.sim.replug()
    await env.wait_for(lambda: env.modem.connected, limit=5)
    assert cmgs(env) == 2


async def test_ready_follows_connection_and_registration(make_env: MakeEnv) -> None:
    """The ready listener hears a reconnect and a registration regained: the
    signal an outbox waits for. Without network a send is NotSentError before
    anything is typed, and uses no budget."""
    env = await make_env(budget=SmsBudget(5))
    ready: list[bool] = []
    env.modem.add_ready_listener(env.note(ready))
    await env.modem.start()
    await env.wait_for(lambda: ready == [True])
    env.sim.set_registration(2)  # searching: +CREG: 2
    await env.wait_for(lambda: ready == [True, False])
    assert env.modem.connected
    with pytest.raises(NotSentError):
        await env.modem.send_sms(PHONE_NUMBER, "no network")
    assert cmgs(env) == 0
    assert env.modem.budget is not None
    assert env.modem.budget.count == 0
    env.sim.set_registration(1)
    await env.wait_for(lambda: ready == [True, False, True])
    env.sim.unplug()
    await env.wait_for(lambda: ready == [True, False, True, False])
    env.sim.replug()
    await env.wait_for(lambda: ready[-1] is True, limit=5)
    assert await env.modem.send_sms(PHONE_NUMBER, "back")
    assert [sms.text for sms in env.network.sent_log] == ["back"]


async def test_registration_lost_during_retries_is_not_sent(make_env: MakeEnv) -> None:
    """The network refuses the first part (+CMS ERROR 331) and then the modem
    reports the registration lost: no more retries, and NotSentError (the
    refused part did not go), so a caller may send it later."""
    env = await make_env(
        budget=SmsBudget(5),
        send_policy=SendPolicy(attempts=3, backoff=0.5, timeout=2.0),
    )
    await env.modem.connect()
    env.sim.registration = 0  # lost, not yet reported: the modem still tries
    send = asyncio.create_task(env.modem.send_sms(PHONE_NUMBER, "refused"))
    await env.wait_for(lambda: cmgs(env) == 1)
    env.sim.announce_registration()  # +CREG: 0 during the retry's backoff
    with pytest.raises(NotSentError) as raised:
        await send
    assert isinstance(raised.value.__cause__, SmsSendError)
    assert cmgs(env) == 2  # the retry that found the network gone, no third
    assert env.modem.budget is not None
    assert env.modem.budget.count == 0
    assert env.network.sent_log == []
