"""No SMS lost to lines we did not foresee, nor to a read the SIM refuses once.

Every test runs the application's ``Modem`` against the simulated modem on a
real pty; faults come from the simulator (chatty mode, ``+CMS ERROR`` on a
read, lost replies), never from mocks of the code under test.
"""

from __future__ import annotations

import asyncio
from collections import Counter
import logging

import pytest

from simulator.modem_at import CmsError, Kind, Reply
from simulator.modem_commands import COMMANDS
from simulator.phone import Phone

from . import modem_env
from .modem_env import MODEM_NUMBER, MakeEnv

make_env = modem_env.make_env  # the fixture

LONG = "Temperature report: " + "all fine, socket on. " * 16


def _count(env: modem_env.Env, prefix: str) -> int:
    return sum(1 for cmd in env.sim.command_log if cmd.startswith(prefix))


async def test_stray_lines_inside_a_listing_lose_nothing(make_env: MakeEnv) -> None:
    """Chatter between every +CMGL header and its PDU: all read, none undecodable."""
    env = await make_env()
    texts = [f"stored {n}" for n in range(12)] + [LONG]
    for text in texts:
        env.phone.send(MODEM_NUMBER, text)
    await env.wait_for(lambda: env.sim.sim.storage.used == 12 + 3)
    chatter = env.sim.chatty(seed=3, rate=0.6)
    await env.modem.connect()
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)
    assert chatter is not None
    assert chatter.injected > 10  # the listing really was chatty
    assert sorted(env.texts()) == sorted(texts)
    assert env.undecodable == []


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_chatty_modem_live_reception(make_env: MakeEnv, seed: int) -> None:
    """+CMTI, +CMGR, +CMGD with chatter everywhere: each SMS once, storage empty."""
    env = await make_env()
    env.sim.chatty(seed=seed, rate=0.5)
    await env.modem.connect()
    texts = [f"live {seed}.{n}" for n in range(25)] + [LONG]
    for text in texts:
        env.phone.send(MODEM_NUMBER, text)
        await asyncio.sleep(0.005)
    await env.wait_for(lambda: len(env.received) >= len(texts), limit=10)
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)
    assert Counter(env.texts()) == Counter(texts)
    assert env.undecodable == []


async def test_chatty_direct_delivery(make_env: MakeEnv) -> None:
    """+CMT with chatter between header and PDU, and after the command's OK."""
    env = await make_env()
    await env.modem.connect()
    env.sim.settings.cnmi = (2, 2, 0, 0, 0)
    env.sim.chatty(seed=5, rate=0.7)
    for n in range(15):
        env.phone.send(MODEM_NUMBER, f"direct {n}")
    await env.wait_for(lambda: len(env.received) == 15)
    assert sorted(env.texts()) == sorted(f"direct {n}" for n in range(15))
    assert env.undecodable == []


async def test_cms_error_on_read_is_retried(make_env: MakeEnv) -> None:
    """+CMS ERROR: 314 (SIM busy) twice: read a third time, delivered, deleted."""
    env = await make_env()
    await env.modem.connect()
    env.sim.fail_next_reads(314, times=2)
    env.phone.send(MODEM_NUMBER, "alert after a busy SIM")
    await env.wait_for(lambda: env.texts() == ["alert after a busy SIM"])
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)
    assert _count(env, "AT+CMGR=1") == 3


async def test_read_timeout_is_retried(make_env: MakeEnv) -> None:
    """An AT+CMGR whose answer is lost: read again, not left until a restart."""
    env = await make_env()
    await env.modem.connect()
    env.sim.drop_replies(1)
    env.phone.send(MODEM_NUMBER, "after a lost answer")
    await env.wait_for(lambda: env.texts() == ["after a lost answer"], limit=5)
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)
    assert _count(env, "AT+CMGR=1") >= 2


async def test_persistent_read_errors_end_in_a_sweep(make_env: MakeEnv) -> None:
    """More failures than retries: the sweep the first error scheduled reads it."""
    env = await make_env()
    await env.modem.connect()
    sweeps = _count(env, "AT+CMGL")
    env.sim.fail_next_reads(314, times=50)
    env.phone.send(MODEM_NUMBER, "found by the sweep")
    await env.wait_for(lambda: env.texts() == ["found by the sweep"])
    assert _count(env, "AT+CMGL") > sweeps
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)


async def test_header_without_pdu_is_not_deleted(
    make_env: MakeEnv,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A +CMGR header whose PDU line never comes: kept, read again, delivered."""
    env = await make_env()
    await env.modem.connect()
    real = COMMANDS["+CMGR"][Kind.SET]
    truncated: list[int] = []

    def header_only(modem: object, cmd: object) -> Reply:
        reply = real(modem, cmd)  # type: ignore[arg-type]
        if not truncated and reply.lines:
            truncated.append(1)
            return Reply([reply.lines[0], "UNDER-VOLTAGE WARNNING"])
        return reply

    monkeypatch.setitem(COMMANDS["+CMGR"], Kind.SET, header_only)
    caplog.set_level(logging.DEBUG)
    env.phone.send(MODEM_NUMBER, "whole in the end")
    await env.wait_for(lambda: env.texts() == ["whole in the end"])
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)
    log = env.sim.command_log
    first_delete = next(i for i, c in enumerate(log) if c.startswith("AT+CMGD"))
    assert [c for c in log[:first_delete] if c == "AT+CMGR=1"] == [
        "AT+CMGR=1",
        "AT+CMGR=1",
    ]
    assert env.undecodable == []
    assert "skipped a line that is no PDU: UNDER-VOLTAGE WARNNING" in caplog.text


async def test_hourly_sweep_finds_a_message_no_urc_announced(
    make_env: MakeEnv,
) -> None:
    """A message stored without +CMTI is read by the periodic sweep (no SMS cost)."""
    env = await make_env(sweep_interval=0.3)
    await env.modem.connect()
    await env.modem.start()
    sent_before = len(env.network.sent_log)
    env.sim.settings.cnmi = (0, 0, 0, 0, 0)  # the modem stores, says nothing
    env.phone.send(MODEM_NUMBER, "silently stored")
    await env.wait_for(lambda: env.texts() == ["silently stored"])
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)
    assert len(env.network.sent_log) == sent_before + 1  # only the phone's SMS


async def test_failed_delete_never_delivers_twice(
    make_env: MakeEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    """AT+CMGD refused once: the next sweep deletes the message, not re-delivers it."""
    env = await make_env()
    await env.modem.connect()
    real = COMMANDS["+CMGD"][Kind.SET]
    refused: list[int] = []

    def refuse_once(modem: object, cmd: object) -> Reply:
        if not refused:
            refused.append(1)
            raise CmsError(500)
        return real(modem, cmd)  # type: ignore[arg-type]

    monkeypatch.setitem(COMMANDS["+CMGD"], Kind.SET, refuse_once)
    env.phone.send(MODEM_NUMBER, "only once")
    await env.wait_for(lambda: bool(refused))
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)
    assert env.texts() == ["only once"]
    assert _count(env, "AT+CMGL") >= 2  # the sweep after the error found it


async def test_short_chatty_soak(make_env: MakeEnv) -> None:
    """bench/chatty_soak.py in small: 150 SMS from 5 phones, some long, some
    refused once with +CMS ERROR 314; 0 lost, 0 duplicated, 0 undecodable."""
    env = await make_env()
    chatter = env.sim.chatty(seed=23, rate=0.3)
    phones = [env.phone, *(Phone(env.network, f"+49170333330{n}") for n in range(4))]
    await env.modem.connect()
    await env.modem.start()
    texts = [
        f"soak {n:03d}" + (" long" * 40 if n % 10 == 0 else "") for n in range(150)
    ]
    for n, text in enumerate(texts):
        if n % 25 == 24:
            env.sim.fail_next_reads(314)
        phones[n % len(phones)].send(MODEM_NUMBER, text)
        await asyncio.sleep(0.002)
    await env.wait_for(lambda: len(env.received) >= len(texts), limit=60)
    await env.wait_for(
        lambda: env.sim.sim.storage.used == 0 and not env.sim.sms.held, limit=10
    )
    assert chatter is not None
    assert chatter.injected > 100
    assert Counter(env.texts()) == Counter(texts)  # none lost, none twice
    assert not [sms for sms in env.received if sms.partial]
    assert env.undecodable == []


async def test_sending_through_a_chatty_modem(make_env: MakeEnv) -> None:
    """Chatter around the ``> `` prompt and ``+CMGS`` still gives one SMS per send."""
    env = await make_env()
    await env.modem.connect()
    chatter = env.sim.chatty(seed=9, rate=0.6)
    for n in range(10):
        references = await env.modem.send_sms(env.phone.number, f"out {n}")
        assert len(references) == 1
    assert chatter is not None
    assert chatter.injected > 5
    assert [sms.text for sms in env.network.sent_log[-10:]] == [
        f"out {n}" for n in range(10)
    ]


async def test_read_retries_end_and_the_sweep_takes_over(
    make_env: MakeEnv, caplog: pytest.LogCaptureFixture
) -> None:
    """Retries are bounded (logged when used up); the error's sweep still reads it."""
    env = await make_env(read_retry=(0.01, 0.02), sweep_after_error=0.5)
    await env.modem.connect()
    env.sim.fail_next_reads(314, times=3)
    env.phone.send(MODEM_NUMBER, "patience")
    await env.wait_for(lambda: env.texts() == ["patience"])
    assert _count(env, "AT+CMGR=1") == 3
    assert "failed 3 times; left to the sweep" in caplog.text


async def test_failing_sweep_backs_off_and_recovers(
    make_env: MakeEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sweep refused by a busy SIM is tried again later, then reads the message."""
    env = await make_env(sweep_interval=0.2, sweep_after_error=0.1)
    await env.modem.connect()
    await env.modem.start()
    real = COMMANDS["+CMGL"][Kind.SET]
    refused: list[int] = []

    def busy_twice(modem: object, cmd: object) -> Reply:
        if len(refused) < 2:
            refused.append(1)
            raise CmsError(314)
        return real(modem, cmd)  # type: ignore[arg-type]

    monkeypatch.setitem(COMMANDS["+CMGL"], Kind.SET, busy_twice)
    env.sim.settings.cnmi = (0, 0, 0, 0, 0)  # only a sweep can find it
    env.phone.send(MODEM_NUMBER, "swept at last")
    await env.wait_for(lambda: env.texts() == ["swept at last"])
    assert refused == [1, 1]
