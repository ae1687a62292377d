"""Connection loss and recovery end to end: unplug, reset, silence, garbage."""

from __future__ import annotations

import asyncio

import pytest

from custom_components.isocket.gsm.errors import (
    ModemNotConnectedError,
    PortNotFoundError,
)
from custom_components.isocket.gsm.modem import Modem

from . import modem_env
from .modem_env import MODEM_NUMBER, PHONE_NUMBER, MakeEnv

make_env = modem_env.make_env  # the fixture


async def test_unplug_noticed_and_replug_recovers(make_env: MakeEnv) -> None:
    """EOF is noticed at once; commands fail fast; replug → init + sweep again."""
    env = await make_env()
    await env.modem.connect()
    await env.modem.start()
    env.sim.unplug()
    await env.wait_for(lambda: env.connections == [True, False], limit=1.0)
    assert not env.modem.connected
    async with asyncio.timeout(0.1):
        with pytest.raises(ModemNotConnectedError):
            await env.modem.send_sms(PHONE_NUMBER, "ON")
        with pytest.raises(ModemNotConnectedError):
            await env.modem.refresh_health()
    env.phone.send(MODEM_NUMBER, "while unplugged")
    await asyncio.sleep(0.2)  # a few failed reconnect attempts
    env.sim.replug()
    await env.wait_for(lambda: env.connections == [True, False, True])
    await env.wait_for(lambda: env.texts() == ["while unplugged"])
    assert len(await env.modem.send_sms(PHONE_NUMBER, "ON")) == 1


async def test_modem_reset_reinitialises(make_env: MakeEnv) -> None:
    """RDY means the modem forgot ATE0/CMGF/CNMI: the session starts over."""
    env = await make_env()
    await env.modem.start()
    await env.wait_for(lambda: env.connections == [True])
    env.sim.reset()
    await env.wait_for(lambda: env.connections == [True, False, True])
    assert env.sim.settings.cnmi == (2, 1, 0, 2, 0)
    env.phone.send(MODEM_NUMBER, "after reset")
    await env.wait_for(lambda: env.texts() == ["after reset"])


async def test_silent_modem_counts_as_lost(make_env: MakeEnv) -> None:
    """Repeated timeouts (keepalive unanswered) end the session; it comes back."""
    env = await make_env(command_timeout=0.1, keepalive_interval=0.05)
    await env.modem.start()
    await env.wait_for(lambda: env.connections == [True])
    env.sim.drop_replies(3)
    await env.wait_for(lambda: env.connections[:2] == [True, False])
    await env.wait_for(lambda: env.connections == [True, False, True])


async def test_absent_at_start_then_plugged(make_env: MakeEnv) -> None:
    """start() with no modem keeps retrying with backoff until it appears."""
    env = await make_env()
    env.sim.unplug()
    with pytest.raises(PortNotFoundError):
        await env.modem.connect()
    await env.modem.start()
    await asyncio.sleep(0.3)
    assert isinstance(env.modem.last_error, PortNotFoundError)
    env.sim.replug()
    await env.wait_for(lambda: env.connections == [True])
    assert env.modem.last_error is None


async def test_garbage_on_the_line(make_env: MakeEnv) -> None:
    """Noise and unknown lines between URCs do not disturb reception."""
    env = await make_env()
    await env.modem.connect()
    env.sim.inject(b"\xff\xfe\x00\x80\r\n+UNKNOWN: 1\r\n\r\n")
    env.phone.send(MODEM_NUMBER, "still fine")
    await env.wait_for(lambda: env.texts() == ["still fine"])
    assert env.modem.connected


async def test_close_while_reconnecting(make_env: MakeEnv) -> None:
    """close() during backoff stops the supervisor; nothing is left running."""
    env = await make_env()
    env.sim.unplug()
    await env.modem.start()
    await asyncio.sleep(0.1)
    await env.modem.close()
    assert not env.modem.connected
    env.sim.replug()
    await asyncio.sleep(0.1)
    assert env.connections == []


async def test_over_socket_url(make_env: MakeEnv, socket_enabled: None) -> None:
    """A modem shared by ser2net: socket://host:port, loss noticed on close."""
    env = await make_env()
    port = await env.sim.start_tcp()
    modem = Modem(f"socket://127.0.0.1:{port}", **modem_env.FAST)
    connections: list[bool] = []
    modem.add_connection_listener(connections.append)
    modem.add_sms_listener(env.on_sms)
    try:
        await modem.connect()
        env.phone.send(MODEM_NUMBER, "over tcp")
        await env.wait_for(lambda: env.texts() == ["over tcp"])
        env.sim.unplug()  # drops the TCP clients too
        await env.wait_for(lambda: connections == [True, False], limit=1.0)
    finally:
        await modem.close()


async def test_close_ends_with_a_finished_task_left_behind(make_env: MakeEnv) -> None:
    """A background task that finished but is still listed (its discard
    callback never ran, as when the test's loop stopped before the teardown
    closed the modem) does not keep close() going: it once spun for ever and
    hung the suite after a failing snapshot test."""
    env = await make_env()
    await env.modem.connect()
    finished = asyncio.create_task(asyncio.sleep(0))
    await finished
    env.modem._background.add(finished)  # the state that hung close()
    async with asyncio.timeout(2):
        await env.modem.close()
    assert not env.modem.connected


async def test_close_during_connect(make_env: MakeEnv) -> None:
    """close() while connect() runs: connect fails, nothing keeps running."""
    env = await make_env()
    connecting = asyncio.create_task(env.modem.connect())
    await asyncio.sleep(0)
    await env.modem.close()
    with pytest.raises(ModemNotConnectedError):
        await connecting
    assert not env.modem.connected
    assert env.connections == []


async def test_close_never_spins_on_a_finished_background_task(
    make_env: MakeEnv,
) -> None:
    """A finished task still listed as background work (its done callback not
    yet run, as in Home Assistant's teardown after a failed test) ends close()
    at once instead of looping on it forever."""
    env = await make_env()
    await env.modem.start()
    await env.wait_for(lambda: env.modem.connected)
    finished = asyncio.get_running_loop().create_task(asyncio.sleep(0))
    await finished
    env.modem._background.add(finished)  # the state to provoke
    async with asyncio.timeout(5):
        await env.modem.close()
    assert not env.modem.connected
