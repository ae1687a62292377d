"""The watchdog over the pty: a modem that loses the network, the signal, or
its SMS function while the port stays open, and the safe restart."""

from __future__ import annotations

import asyncio

import pytest

from custom_components.isocket.gsm.errors import (
    ModemNotConnectedError,
    NotSentError,
    SmsSendError,
)
from custom_components.isocket.gsm.sms_send import SendPolicy
from custom_components.isocket.gsm.watchdog import (
    Fault,
    RecoveryStep,
    Watchdog,
    WatchdogPolicy,
    WatchdogStatus,
)

from . import modem_env
from .modem_env import MODEM_NUMBER, PHONE_NUMBER, Env, MakeEnv

make_env = modem_env.make_env  # the fixture

QUICK = WatchdogPolicy(
    grace=0.05,
    no_signal_reads=2,
    sms_failures=2,
    backoff=0.05,
    backoff_max=0.1,
    settle=0.05,
    attention_after=2,
)
STEP_COMMANDS = ("AT+COPS=0", "AT+CFUN=")


async def watched(
    make_env: MakeEnv, **modem_args: object
) -> tuple[Env, list[WatchdogStatus]]:
    env = await make_env(**{"watchdog": QUICK, "watch_interval": 0.02, **modem_args})
    statuses: list[WatchdogStatus] = []
    env.modem.add_watchdog_listener(env.note(statuses))
    await env.modem.start()
    await env.wait_for(lambda: env.modem.connected)
    return env, statuses


def steps(env: Env) -> list[str]:
    return [cmd for cmd in env.sim.command_log if cmd.startswith(STEP_COMMANDS)]


async def test_lost_registration_comes_back_with_cops(make_env: MakeEnv) -> None:
    """Registration lost for longer than the grace time: AT+COPS=0 brings it back."""
    env, statuses = await watched(make_env)
    env.sim.lose_registration(until="cops")
    await env.wait_for(lambda: bool(statuses) and statuses[-1].fault is None)
    assert steps(env) == ["AT+COPS=0"]
    assert statuses[0].fault is Fault.REGISTRATION
    assert not any(status.needs_attention for status in statuses)
    assert env.modem.health is not None
    assert env.modem.health.registration.registered
    assert env.sim.registered


async def test_ready_to_send_follows_registration_steps_and_line(
    make_env: MakeEnv,
) -> None:
    """ready_to_send (what an outbox waits for): False when the network is
    lost and while a recovery step runs, True again once re-registered; False
    when the line goes, True after the reconnect. Each change is reported once."""
    env, statuses = await watched(make_env)
    ready: list[bool] = []
    env.modem.add_ready_listener(env.note(ready))
    assert env.modem.ready_to_send
    env.sim.lose_registration(until="cfun")
    await env.wait_for(lambda: ready == [False])
    assert not env.modem.ready_to_send
    await env.wait_for(lambda: bool(statuses) and statuses[-1].fault is None)
    assert steps(env) == ["AT+COPS=0", "AT+CFUN=0", "AT+CFUN=1"]
    await env.wait_for(lambda: ready == [False, True])
    assert env.modem.ready_to_send
    env.sim.unplug()
    await env.wait_for(lambda: ready == [False, True, False])
    env.sim.replug()
    await env.wait_for(lambda: ready == [False, True, False, True], limit=5)
    assert env.modem.connected


async def test_sends_while_the_network_is_gone_wait_for_no_step(
    make_env: MakeEnv,
) -> None:
    """Six SMS given while the network is known to be gone: none is typed
    (NotSentError: nothing went out, so a caller such as the HA outbox sends
    it once the modem is ready again), and none holds the re-registration
    back; afterwards a send goes."""
    env, _statuses = await watched(
        make_env, send_policy=SendPolicy(attempts=2, backoff=1.0, timeout=2.0)
    )
    env.network.submit_time = 0.1
    env.sim.lose_registration(until="cops")
    await env.wait_for(lambda: not env.modem.ready_to_send)
    sends = [
        asyncio.create_task(env.modem.send_sms(PHONE_NUMBER, f"queued {i}"))
        for i in range(6)
    ]
    results = await asyncio.gather(*sends, return_exceptions=True)
    assert [type(result) for result in results] == [NotSentError] * 6
    assert not any(cmd.startswith("AT+CMGS") for cmd in env.sim.command_log)
    await env.wait_for(lambda: env.modem.ready_to_send, limit=5)
    assert steps(env) == ["AT+COPS=0"]
    assert await env.modem.send_sms(PHONE_NUMBER, "after")
    assert [sms.text for sms in env.phone.inbox] == ["after"]


async def test_brief_loss_within_grace_is_no_fault(make_env: MakeEnv) -> None:
    """A registration back before the grace time ends triggers nothing."""
    env, statuses = await watched(
        make_env, watchdog=WatchdogPolicy(grace=0.5, settle=0.05)
    )
    env.sim.set_registration(0)
    await env.wait_for(lambda: not env.modem.health.registration.registered)  # type: ignore[union-attr]
    env.sim.set_registration(1)
    await env.wait_for(lambda: env.modem.health.registration.registered, limit=2)  # type: ignore[union-attr]
    await env.wait_for(lambda: "AT+CREG?" in env.sim.command_log[-3:], limit=2)
    assert steps(env) == []
    assert statuses == []


async def test_steps_in_order_up_to_a_restart(make_env: MakeEnv) -> None:
    """Stuck until a restart: re-register, radio off/on, then AT+CFUN=1,1; the
    modem needs attention after two failed steps and recovers after the restart."""
    env, statuses = await watched(make_env)
    env.sim.lose_registration(until="reset")
    await env.wait_for(
        lambda: bool(statuses) and statuses[-1].fault is None and env.modem.connected,
        limit=8,
    )
    assert steps(env) == ["AT+COPS=0", "AT+CFUN=0", "AT+CFUN=1", "AT+CFUN=1,1"]
    assert any(status.needs_attention for status in statuses)
    assert statuses[-1] == WatchdogStatus(
        None, 0, needs_attention=False, last_step=RecoveryStep.RADIO
    )
    assert env.sim.registered
    assert False in env.connections  # the restart ended the session


async def test_no_restart_command_repeats_the_radio_step(make_env: MakeEnv) -> None:
    """A modem without AT+CFUN=1,1 gets the radio step again; attention stays raised."""
    env, statuses = await watched(make_env)
    env.sim.lose_registration(until="never")
    await env.wait_for(lambda: any(s.needs_attention for s in statuses), limit=5)
    assert env.modem.recovering
    assert steps(env)[:2] == ["AT+COPS=0", "AT+CFUN=0"]
    env.sim.stuck_until = None
    env.sim.set_registration(1)
    await env.wait_for(lambda: statuses[-1].fault is None, limit=5)
    assert not env.modem.recovering


async def test_no_signal_for_several_reads(make_env: MakeEnv) -> None:
    """No signal in two health reads in a row is a fault; a signal ends it."""
    env, statuses = await watched(make_env, health_interval=0.05)
    env.sim.set_signal(99)
    await env.wait_for(lambda: bool(statuses), limit=5)
    assert statuses[0].fault is Fault.NO_SIGNAL
    env.sim.set_signal(20)
    await env.wait_for(lambda: statuses[-1].fault is None, limit=5)
    assert "AT+COPS=0" in steps(env)


async def test_modem_that_fails_every_sms_is_restarted(make_env: MakeEnv) -> None:
    """Answers AT, refuses every SMS until restarted: the steps run up to the
    restart; the next SMS goes and ends the fault."""
    env, statuses = await watched(make_env)
    ready: list[bool] = []
    env.modem.add_ready_listener(env.note(ready))
    env.sim.sms_broken = True
    for _ in range(2):
        with pytest.raises(SmsSendError):
            await env.modem.send_sms(PHONE_NUMBER, "fails")
    await env.wait_for(lambda: steps(env) == ["AT+COPS=0"])
    assert statuses[0].fault is Fault.SMS_FAILING
    # Registered all along: only the step itself held sends back.
    await env.wait_for(lambda: ready[:2] == [False, True])
    async with asyncio.timeout(5):
        while "AT+CFUN=1,1" not in steps(env):
            try:
                await env.modem.send_sms(PHONE_NUMBER, "still fails")
            except ModemNotConnectedError:
                await asyncio.sleep(0.02)  # the restart is under way
            except SmsSendError:
                pass
            else:
                pytest.fail("an SMS went before the restart")
    await env.wait_for(lambda: env.modem.connected and not env.sim.sms_broken)
    assert any(status.needs_attention for status in statuses)
    await env.modem.send_sms(PHONE_NUMBER, "works again")
    assert statuses[-1].fault is None
    assert steps(env) == ["AT+COPS=0", "AT+CFUN=0", "AT+CFUN=1", "AT+CFUN=1,1"]


async def test_a_modem_that_refuses_its_stored_sms_is_restarted(
    make_env: MakeEnv,
) -> None:
    """Reads and listings refused (+CMS ERROR: 500) while AT works: the
    watchdog counts them, runs its steps up to the restart, and the message
    that waited on the SIM is delivered after it, once."""
    env, statuses = await watched(make_env, sweep_after_error=0.1)
    env.sim.sms_broken = True
    env.phone.send(MODEM_NUMBER, "waits on the SIM")
    await env.wait_for(lambda: bool(statuses), limit=5)
    assert statuses[0].fault is Fault.SMS_FAILING
    assert env.texts() == []
    await env.wait_for(lambda: env.texts() == ["waits on the SIM"], limit=10)
    await env.wait_for(lambda: statuses[-1].fault is None)
    assert steps(env) == ["AT+COPS=0", "AT+CFUN=0", "AT+CFUN=1", "AT+CFUN=1,1"]
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)


async def test_connects_although_the_stored_sms_are_refused(
    make_env: MakeEnv,
) -> None:
    """A refused start-up listing does not keep the modem offline: connected,
    and the message is read by a later sweep once the modem reads again."""
    env = await make_env(sweep_after_error=0.1)
    env.phone.send(MODEM_NUMBER, "stored before")
    env.sim.sms_broken = True
    await env.modem.start()
    await env.wait_for(lambda: env.modem.connected)
    assert env.texts() == []
    env.sim.sms_broken = False
    await env.wait_for(lambda: env.texts() == ["stored before"])


async def test_restart_keeps_stored_sms_and_sweeps_after(make_env: MakeEnv) -> None:
    """restart(): AT+CFUN=1,1, back connected, the stored message still there
    and offered again by the sweep after the restart."""
    env = await make_env()
    await env.modem.start()
    await env.wait_for(lambda: env.modem.connected)
    env.accept = False  # the application keeps it stored (not yet taken)
    env.phone.send(MODEM_NUMBER, "keep me")
    await env.wait_for(lambda: len(env.received) == 1)
    await env.modem.restart(timeout=5)
    assert env.modem.connected
    assert "AT+CFUN=1,1" in env.sim.command_log
    assert env.texts() == ["keep me", "keep me"]  # swept after the restart
    assert env.sim.sim.storage.used == 1
    assert env.connections[-2:] == [False, True]


def test_escalation_backs_off_and_wraps() -> None:
    """Waits double up to the cap; the steps wrap round after the restart."""
    dog = Watchdog(WatchdogPolicy(backoff=10, backoff_max=25, attention_after=2))
    seen = [dog.next_step(can_restart=True) for _ in range(4)]
    assert seen == [
        RecoveryStep.REREGISTER,
        RecoveryStep.RADIO,
        RecoveryStep.RESTART,
        RecoveryStep.REREGISTER,
    ]
    assert dog.next_step(can_restart=False) is RecoveryStep.RADIO
    assert dog.next_step(can_restart=False) is RecoveryStep.RADIO  # no restart
    dog.seen(Fault.REGISTRATION)
    delays = []
    for _ in range(3):
        dog.step_done(RecoveryStep.RADIO, Fault.REGISTRATION)
        delays.append(dog.backoff())
    assert delays == [10, 20, 25]
    assert dog.status.needs_attention
    dog.connect_failed()
    assert dog.status.failed_steps == 4
    dog.healthy()
    assert dog.status == WatchdogStatus(None, 0, False, RecoveryStep.RADIO)
    dog.connect_failed()  # healthy: a failed connect is no step
    assert dog.status.failed_steps == 0
