"""SMS reception and sending end to end against the simulated modem."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from custom_components.isocket.gsm.errors import ModemNotConnectedError, SmsSendError
from custom_components.isocket.gsm.modem import Modem
from custom_components.isocket.gsm.sms_send import (
    RETRYABLE_CMS,
    SendPolicy,
    is_retryable,
)
from simulator.pdu import encode_status_report, split_deliver

from . import modem_env
from .modem_env import FAST, MODEM_NUMBER, PHONE_NUMBER, MakeEnv

make_env = modem_env.make_env  # the fixture

LONG = "Temperature report: " + "all fine, socket on. " * 16


async def test_sweep_delivers_stored_then_deletes(make_env: MakeEnv) -> None:
    """Messages that arrived while nobody listened are read at start-up."""
    env = await make_env()
    env.phone.send(MODEM_NUMBER, "first")
    env.phone.send(MODEM_NUMBER, "second")
    env.phone.send(MODEM_NUMBER, LONG)
    await env.wait_for(lambda: env.sim.sim.storage.used == 5)  # 1 + 1 + 3 parts
    await env.modem.connect()
    assert env.texts() == ["first", "second", LONG]
    assert env.received[0].sender == PHONE_NUMBER
    assert "AT+CMGL=4" in env.sim.command_log
    assert env.sim.sim.storage.used == 0


async def test_rejected_message_is_kept(make_env: MakeEnv) -> None:
    """A listener returning False keeps the message stored."""
    env = await make_env()
    env.accept = False
    env.phone.send(MODEM_NUMBER, "keep me")
    await env.modem.connect()
    assert env.texts() == ["keep me"]
    assert env.sim.sim.storage.used == 1
    assert not [cmd for cmd in env.sim.command_log if cmd.startswith("AT+CMGD")]


async def test_request_sweep_offers_kept_messages_again(make_env: MakeEnv) -> None:
    """Once the application listens, a requested sweep delivers what was kept."""
    env = await make_env()
    env.modem.request_sweep()  # not connected: nothing to do, nothing raised
    env.accept = False
    env.phone.send(MODEM_NUMBER, "while HA was down")
    await env.modem.connect()
    assert env.sim.sim.storage.used == 1
    env.accept = True
    env.modem.request_sweep()
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)
    assert env.texts() == ["while HA was down", "while HA was down"]


async def test_kept_message_offered_again_after_reconnect(make_env: MakeEnv) -> None:
    """After a reset the sweep finds the kept message and delivers it again."""
    env = await make_env()
    env.accept = False
    env.phone.send(MODEM_NUMBER, "retry me")
    await env.modem.start()
    await env.wait_for(lambda: env.texts() == ["retry me"])
    env.accept = True
    env.sim.reset()
    await env.wait_for(lambda: env.texts() == ["retry me", "retry me"])
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)


async def test_cmti_read_deliver_delete(make_env: MakeEnv) -> None:
    """+CMTI → AT+CMGR → listener → AT+CMGD, in that order."""
    env = await make_env()
    await env.modem.connect()
    env.phone.send(MODEM_NUMBER, "live")
    await env.wait_for(lambda: env.texts() == ["live"])
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)
    log = env.sim.command_log
    assert log.index("AT+CMGR=1") < log.index("AT+CMGD=1")


async def test_no_duplicates(make_env: MakeEnv) -> None:
    """A repeated +CMTI or one racing the sweep never delivers twice."""
    env = await make_env()
    for n in range(3):
        env.phone.send(MODEM_NUMBER, f"early {n}")
    connecting = asyncio.create_task(env.modem.connect())
    for n in range(3):
        env.phone.send(MODEM_NUMBER, f"racing {n}")
        await asyncio.sleep(0.005)
    await connecting
    await env.wait_for(lambda: len(env.received) >= 6)
    env.sim.emit('+CMTI: "SM",1', '+CMTI: "SM",2')  # stale announcements
    await asyncio.sleep(0.1)
    assert sorted(env.texts()) == sorted(
        [f"early {n}" for n in range(3)] + [f"racing {n}" for n in range(3)]
    )


async def test_concatenated_any_order(make_env: MakeEnv) -> None:
    """Parts arriving out of order become one message; 16-bit references too."""
    env = await make_env()
    await env.modem.connect()
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    parts = split_deliver(PHONE_NUMBER, LONG, now, reference=300, bits=16)
    assert len(parts) == 3
    for pdu in (parts[2], parts[0], parts[1]):
        env.sim.deliver_raw_pdu(pdu)
    await env.wait_for(lambda: env.texts() == [LONG])
    assert not env.received[0].partial
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)


async def test_incomplete_set_delivered_partial(make_env: MakeEnv) -> None:
    """A missing part: the rest arrives marked partial after concat_timeout."""
    env = await make_env(concat_timeout=0.2)
    await env.modem.connect()
    parts = split_deliver(PHONE_NUMBER, LONG, datetime.now(UTC), reference=7)
    env.sim.deliver_raw_pdu(parts[0])
    env.sim.deliver_raw_pdu(parts[2])
    await asyncio.sleep(0.1)
    assert env.received == []  # still waiting for part 2
    assert env.sim.sim.storage.used == 2  # parts stay stored meanwhile
    await env.wait_for(lambda: len(env.received) == 1)
    sms = env.received[0]
    assert (sms.partial, sms.parts_received, sms.parts_total) == (True, 2, 3)
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)


async def test_direct_delivery_with_ack(make_env: MakeEnv) -> None:
    """+CMT (mt=2) delivers directly; a phase 2+ modem gets its +CNMA."""
    env = await make_env()
    env.sim.settings.csms = 1
    await env.modem.connect()
    env.sim.settings.cnmi = (2, 2, 0, 0, 0)
    env.phone.send(MODEM_NUMBER, "direct")
    await env.wait_for(lambda: env.texts() == ["direct"])
    await env.wait_for(lambda: "AT+CNMA" in env.sim.command_log)
    assert env.sim.sms.awaiting_ack == 0


async def test_undecodable_stored_message_reported_then_removed(
    make_env: MakeEnv,
) -> None:
    """Garbage in storage is reported first, then deleted (it would block reception)."""
    env = await make_env()
    deletes_when_reported: list[int] = []
    env.modem.add_undecodable_listener(
        lambda _: deletes_when_reported.append(_deletes(env))
    )
    env.sim.sim.storage.store("00FF")
    env.phone.send(MODEM_NUMBER, "after garbage")
    before = datetime.now(UTC)
    await env.modem.connect()
    assert env.texts() == ["after garbage"]
    (garbage,) = env.undecodable
    assert garbage.pdu == "00FF"
    assert "TP-MTI" in garbage.error
    assert before <= garbage.received <= datetime.now(UTC)
    assert deletes_when_reported == [0]  # reported before AT+CMGD=1
    assert "AT+CMGD=1" in env.sim.command_log
    assert env.sim.sim.storage.used == 0


async def test_undecodable_kept_while_nobody_listens(make_env: MakeEnv) -> None:
    """No undecodable listener: the message stays stored for the next sweep."""
    env = await make_env()
    env.sim.sim.storage.store("00FF")
    bare = Modem(env.sim.path, **FAST)
    try:
        await bare.connect()
    finally:
        await bare.close()
    assert env.sim.sim.storage.used == 1
    assert _deletes(env) == 0
    await env.modem.connect()  # listens: reported, then deleted
    assert [sms.pdu for sms in env.undecodable] == ["00FF"]
    assert env.sim.sim.storage.used == 0


async def test_undecodable_direct_message_reported(make_env: MakeEnv) -> None:
    """+CMT with an unreadable PDU reaches the undecodable listeners, acked."""
    env = await make_env()
    env.sim.settings.csms = 1
    await env.modem.connect()
    env.sim.settings.cnmi = (2, 2, 0, 0, 0)
    env.sim.deliver_raw_pdu(GARBAGE_DELIVER)
    await env.wait_for(lambda: len(env.undecodable) == 1)
    assert env.undecodable[0].pdu == GARBAGE_DELIVER
    assert "160" in env.undecodable[0].error
    assert env.received == []
    await env.wait_for(lambda: env.sim.sms.awaiting_ack == 0)


@pytest.mark.parametrize("direct", [False, True])
async def test_bad_timestamp_delivered_with_receive_time(
    make_env: MakeEnv, direct: bool
) -> None:
    """Only TP-SCTS is broken (month 13): the text arrives, stamped on receipt."""
    env = await make_env()
    await env.modem.connect()
    if direct:
        env.sim.settings.cnmi = (2, 2, 0, 0, 0)
    before = datetime.now(UTC)
    env.sim.deliver_raw_pdu(BAD_TIMESTAMP_DELIVER)
    await env.wait_for(lambda: len(env.received) == 1)
    sms = env.received[0]
    assert (sms.sender, sms.text) == ("+49151234567", "hi")
    assert before <= sms.timestamp <= datetime.now(UTC)
    assert env.undecodable == []
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)


def _deletes(env: modem_env.Env) -> int:
    return sum(cmd.startswith("AT+CMGD") for cmd in env.sim.command_log)


# SMS-DELIVER whose TP-UDL claims 161 septets: truly broken.
GARBAGE_DELIVER = "0791947102000000040B919451214365F7000062111232509049A1" + "00" * 141
# SMS-DELIVER "hi" from +49151234567 whose timestamp says month 13.
BAD_TIMESTAMP_DELIVER = (
    "0791947102000000040B919451214365F7000062311232509049" + "02E834"
)


async def test_send_returns_references(make_env: MakeEnv) -> None:
    """send_sms: PDU via AT+CMGS, one reference per part, text arrives whole."""
    env = await make_env()
    await env.modem.connect()
    assert len(await env.modem.send_sms(PHONE_NUMBER, "ON")) == 1
    references = await env.modem.send_sms(PHONE_NUMBER, LONG)
    assert len(references) == 3
    assert len(set(references)) == 3
    await env.wait_for(lambda: len(env.phone.inbox) == 2)
    assert [sms.text for sms in env.phone.inbox] == ["ON", LONG]


async def test_send_ucs2(make_env: MakeEnv) -> None:
    """Text outside the GSM alphabet goes as UCS2 and arrives intact."""
    env = await make_env()
    await env.modem.connect()
    await env.modem.send_sms(PHONE_NUMBER, "Привет ✓")
    await env.wait_for(lambda: [s.text for s in env.phone.inbox] == ["Привет ✓"])


async def test_send_retries_temporary_failure(make_env: MakeEnv) -> None:
    """+CMS ERROR 42 (congestion) once: retried, sent once."""
    env = await make_env()
    await env.modem.connect()
    env.sim.fail_next_send(42)
    assert len(await env.modem.send_sms(PHONE_NUMBER, "STATUS")) == 1
    await env.wait_for(lambda: len(env.phone.inbox) == 1)
    assert sum(cmd.startswith("AT+CMGS=") for cmd in env.sim.command_log) == 2


async def test_send_gives_up_after_bounded_retries(make_env: MakeEnv) -> None:
    """Still no service after the last attempt: retryable SmsSendError."""
    env = await make_env()
    await env.modem.connect()
    env.sim.fail_next_send(331, times=5)
    with pytest.raises(SmsSendError) as info:
        await env.modem.send_sms(PHONE_NUMBER, "STATUS")
    assert (info.value.cms, info.value.retryable) == (331, True)
    assert sum(cmd.startswith("AT+CMGS=") for cmd in env.sim.command_log) == 3


async def test_send_permanent_failure_not_retried(make_env: MakeEnv) -> None:
    """+CMS ERROR 21 (short message transfer rejected): no retry."""
    env = await make_env()
    await env.modem.connect()
    env.sim.fail_next_send(21)
    with pytest.raises(SmsSendError) as info:
        await env.modem.send_sms(PHONE_NUMBER, "STATUS")
    assert (info.value.cms, info.value.retryable) == (21, False)
    assert sum(cmd.startswith("AT+CMGS=") for cmd in env.sim.command_log) == 1


@pytest.mark.parametrize(
    ("cms", "retryable"),
    [
        (38, True),
        (41, True),
        (42, True),
        (47, True),
        (314, True),
        (322, True),
        (331, True),
        (332, True),
        (515, True),
        (1, False),
        (21, False),
        (304, False),
        (310, False),
        (330, False),
        (None, False),
    ],
)
def test_cms_classification(cms: int | None, retryable: bool) -> None:
    """Each row: a +CMS ERROR code of TS 27.005 §3.2.5 / TS 24.011 E.2."""
    assert is_retryable(cms) is retryable
    assert (cms in RETRYABLE_CMS) is retryable


async def test_status_report(make_env: MakeEnv) -> None:
    """A requested status report reaches the status-report listeners."""
    env = await make_env()
    await env.modem.connect()
    (reference,) = await env.modem.send_sms(PHONE_NUMBER, "ON", status_report=True)
    await env.wait_for(lambda: len(env.reports) == 1)
    assert env.reports[0].reference == reference
    assert env.reports[0].delivered
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)


async def test_direct_status_report(make_env: MakeEnv) -> None:
    """+CDS (ds=1) status reports are decoded from the URC itself."""
    env = await make_env()
    await env.modem.connect()
    env.sim.settings.cnmi = (2, 1, 0, 1, 0)
    await env.modem.send_sms(PHONE_NUMBER, "ON", status_report=True)
    await env.wait_for(lambda: len(env.reports) == 1)


async def test_send_while_disconnected_fails_at_once(make_env: MakeEnv) -> None:
    """No session: ModemNotConnectedError immediately, nothing hangs."""
    env = await make_env()
    async with asyncio.timeout(0.1):
        with pytest.raises(ModemNotConnectedError):
            await env.modem.send_sms(PHONE_NUMBER, "ON")


async def test_send_timeout_not_retried(make_env: MakeEnv) -> None:
    """No answer to AT+CMGS: it may have gone out, so no blind retry."""
    env = await make_env(send_policy=SendPolicy(attempts=3, backoff=0.01, timeout=0.1))
    await env.modem.connect()
    env.sim.delay_replies(0.5)
    with pytest.raises(SmsSendError) as info:
        await env.modem.send_sms(PHONE_NUMBER, "ON")
    assert (info.value.cms, info.value.retryable) == (None, True)
    assert sum(cmd.startswith("AT+CMGS=") for cmd in env.sim.command_log) == 1
    env.sim.delay_replies(0)


async def test_listener_failure_keeps_message(make_env: MakeEnv) -> None:
    """A listener that raises has not accepted: the message stays stored."""
    env = await make_env()

    async def broken(sms: object) -> bool:
        raise RuntimeError("application bug")

    env.modem.add_sms_listener(broken)
    env.phone.send(MODEM_NUMBER, "keep")
    await env.modem.connect()
    await env.modem.connect()  # already connected: nothing happens
    assert env.texts() == ["keep"]
    assert env.sim.sim.storage.used == 1


async def test_poison_message_is_surfaced_once_and_deleted(make_env: MakeEnv) -> None:
    """A message whose handling keeps raising: offered three times (at each
    sweep), then surfaced once (undecodable, with its sender, text and what
    failed) and deleted, so it is neither offered forever nor left filling
    the storage; reception goes on."""
    env = await make_env()

    async def broken(sms: object) -> bool:
        raise RuntimeError("application bug")

    env.modem.add_sms_listener(broken)
    env.phone.send(MODEM_NUMBER, "poison")
    await env.modem.connect()
    for offers in (2, 3):
        assert env.sim.sim.storage.used == 1
        assert env.undecodable == []
        env.modem.request_sweep()
        await env.wait_for(lambda n=offers: env.texts().count("poison") >= n)
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)
    assert env.texts() == ["poison"] * 3
    assert len(env.undecodable) == 1
    surfaced = env.undecodable[0]
    assert surfaced.error == "handling failed 3 times: RuntimeError"
    assert (surfaced.sender, surfaced.text) == (PHONE_NUMBER, "poison")
    env.modem.request_sweep()  # gone for good: never offered again
    env.phone.send(MODEM_NUMBER, "fine")  # reception goes on
    await env.wait_for(lambda: "fine" in env.texts())
    assert env.texts().count("poison") == 3
    assert len(env.undecodable) == 1


async def test_a_failure_that_passes_is_no_poison(make_env: MakeEnv) -> None:
    """Handling that fails twice and then works: accepted, nothing surfaced;
    the count is per message, so a later failure starts again at one."""
    env = await make_env()
    failures = [RuntimeError("once"), RuntimeError("twice")]

    async def flaky(sms: object) -> bool:
        if failures:
            raise failures.pop(0)
        return True

    env.modem.add_sms_listener(flaky)
    env.phone.send(MODEM_NUMBER, "flaky")
    await env.modem.connect()
    env.modem.request_sweep()
    await env.wait_for(lambda: env.texts().count("flaky") == 2)
    env.modem.request_sweep()
    await env.wait_for(lambda: env.sim.sim.storage.used == 0)
    assert env.texts() == ["flaky"] * 3
    assert env.undecodable == []


async def test_status_report_in_other_storage(make_env: MakeEnv) -> None:
    """+CDSI naming another memory: select it, read, delete, select back."""
    env = await make_env()
    await env.modem.connect()
    now = datetime.now(UTC)
    pdu = encode_status_report(9, PHONE_NUMBER, now, now, 0)
    index = env.sim.sim.storage.store(pdu)
    env.sim.emit(f'+CDSI: "ME",{index}')
    await env.wait_for(lambda: len(env.reports) == 1)
    assert env.reports[0].reference == 9
    await env.wait_for(lambda: env.sim.command_log[-1] == 'AT+CPMS="SM"')
    assert 'AT+CPMS="ME"' in env.sim.command_log
    assert env.sim.sim.storage.used == 0
