"""Calls and health end to end against the simulated modem."""

from __future__ import annotations

import asyncio

import pytest

from custom_components.isocket.gsm.calls import CallTracker
from custom_components.isocket.gsm.errors import InvalidNumberError
from custom_components.isocket.gsm.modem import IncomingCall, RegistrationState
from custom_components.isocket.gsm.urc import CallEnded, CallerId, Ring
from simulator.network import CallState
from simulator.phone import Phone
from simulator.quirks import HUAWEI_E3531, Quirks

from . import modem_env
from .modem_env import MODEM_NUMBER, PHONE_NUMBER, MakeEnv

make_env = modem_env.make_env  # the fixture


async def test_dial_and_hang_up(make_env: MakeEnv) -> None:
    """ATD<n>; rings the phone; ATH after ring_seconds."""
    env = await make_env()
    await env.modem.connect()
    started = asyncio.get_running_loop().time()
    await env.modem.dial(PHONE_NUMBER, 0.3)
    elapsed = asyncio.get_running_loop().time() - started
    assert 0.3 <= elapsed < 1.0
    (call,) = env.phone.calls
    assert call.caller == MODEM_NUMBER
    assert call.state is CallState.UNANSWERED
    assert f"ATD{PHONE_NUMBER};" in env.sim.command_log
    assert env.sim.command_log[-1] == "ATH"


async def test_dial_ends_early_when_rejected(make_env: MakeEnv) -> None:
    """The callee rejects: BUSY ends the wait before ring_seconds."""
    env = await make_env()
    Phone(env.network, "+491703333333", on_call="reject")
    await env.modem.connect()
    started = asyncio.get_running_loop().time()
    await env.modem.dial("+491703333333", 5.0)
    assert asyncio.get_running_loop().time() - started < 2.0


async def test_dial_refuses_non_numbers(make_env: MakeEnv) -> None:
    """Nothing but a dial string reaches ATD (no AT injection)."""
    env = await make_env()
    await env.modem.connect()
    with pytest.raises(InvalidNumberError):
        await env.modem.dial("123;+CMGD=1,4", 1)


@pytest.mark.parametrize(("hidden", "number"), [(False, PHONE_NUMBER), (True, None)])
async def test_incoming_call_reported_once(
    make_env: MakeEnv, hidden: bool, number: str | None
) -> None:
    """RING/+CLIP repeat while it rings; listeners hear of the call once."""
    env = await make_env({"quirks": Quirks(ring_interval=0.1)})
    await env.modem.connect()
    call = env.phone.call(MODEM_NUMBER, hide_caller_id=hidden)
    await env.wait_for(lambda: len(env.calls) == 1)
    await asyncio.sleep(0.35)  # several more RINGs
    assert [c.number for c in env.calls] == [number]
    await env.modem.reject_call()
    assert call.state is CallState.REJECTED


async def test_next_call_reported_again(make_env: MakeEnv) -> None:
    """After a call ended, the next one is a new report."""
    env = await make_env()
    await env.modem.connect()
    first = env.phone.call(MODEM_NUMBER)
    await env.wait_for(lambda: len(env.calls) == 1)
    first.hangup(PHONE_NUMBER)
    await asyncio.sleep(0.05)
    env.phone.call(MODEM_NUMBER)
    await env.wait_for(lambda: len(env.calls) == 2)
    await env.modem.reject_call()


async def test_health(make_env: MakeEnv) -> None:
    """CSQ → dBm (99 → unknown), registration, operator; refreshed periodically."""
    env = await make_env(health_interval=0.1)
    await env.modem.connect()
    env.sim.set_signal(31)
    env.sim.set_registration(5)
    await env.wait_for(
        lambda: env.modem.health is not None and env.modem.health.signal_dbm == -51
    )
    health = env.modem.health
    assert health is not None
    assert health.registration is RegistrationState.ROAMING
    assert health.operator == "Telekom.de"
    env.sim.set_signal(99)
    assert (await env.modem.refresh_health()).signal_dbm is None


async def test_health_with_rssi_chatter(make_env: MakeEnv) -> None:
    """Huawei's ^RSSI inside the +CSQ reply does not confuse the reading."""
    env = await make_env({"quirks": HUAWEI_E3531})
    await env.modem.connect()
    env.sim.set_signal(10)
    assert (await env.modem.refresh_health()).signal_dbm == -93


async def test_health_follows_urcs(make_env: MakeEnv) -> None:
    """+CREG and ^RSSI URCs update the snapshot between AT reads."""
    env = await make_env({"quirks": HUAWEI_E3531})
    await env.modem.connect()
    env.sim.set_registration(5)
    env.sim.set_signal(4)
    await env.wait_for(
        lambda: (
            env.modem.health is not None
            and env.modem.health.registration is RegistrationState.ROAMING
            and env.modem.health.signal_dbm == -105
        )
    )
    env.sim.set_signal(99)
    await env.wait_for(
        lambda: env.modem.health is not None and env.modem.health.signal_dbm is None
    )


async def test_call_tracker_without_caller_id() -> None:
    """RING with no +CLIP: reported without number; silence ends the call."""
    calls: list[IncomingCall] = []
    tracker = CallTracker(calls.append, clip_wait=0.02, quiet=0.1)
    tracker.on_urc(Ring())
    tracker.on_urc(Ring("VOICE"))
    await asyncio.sleep(0.05)
    assert [call.number for call in calls] == [None]
    tracker.on_urc(Ring())
    assert len(calls) == 1  # same call still ringing
    await asyncio.sleep(0.15)  # no RING for a while: that call is over
    tracker.on_urc(CallerId("+4930123456", 145))
    assert [call.number for call in calls] == [None, "+4930123456"]
    tracker.on_urc(CallEnded("NO CARRIER"))
    tracker.reset()
