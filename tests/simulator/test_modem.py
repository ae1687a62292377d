"""SimModem over a real pty: every AT command, URCs, SMS, calls, faults, quirks."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
import os
from typing import Any

import pytest

from custom_components.isocket.gsm.pdu import (
    SmsDeliver,
    StatusReport,
    decode_pdu,
    encode_submit,
)
from simulator.clock import SimClock
from simulator.modem import SimModem
from simulator.modem_at import Kind, parse_command_line
from simulator.network import CallState, GsmNetwork
from simulator.pdu import encode_deliver
from simulator.phone import Phone
from simulator.quirks import HUAWEI_E3531, QUECTEL_EC25, WAVECOM_Q2403, Quirks
from tests.simulator.at_client import AtClient

MODEM = "+4915100000001"
OWNER = "+4915100000002"
OTHER = "+4915100000003"


@dataclass
class Env:
    """One modem on a network with a phone, and a client on its pty."""

    clock: SimClock
    network: GsmNetwork
    modem: SimModem
    phone: Phone
    client: AtClient


type StartEnv = Callable[..., Awaitable[Env]]


@pytest.fixture
async def make_env() -> AsyncIterator[StartEnv]:
    """Factory: ``await make_env(**SimModem kwargs, echo=False)``; cleans up after."""
    envs: list[Env] = []

    async def _start(*, echo: bool = False, cmee: int = 1, **kwargs: Any) -> Env:
        clock = SimClock(0)
        network = GsmNetwork(clock)
        modem = SimModem(network, clock, MODEM, **kwargs)
        path = await modem.start()
        client = await AtClient.open(path)
        env = Env(clock, network, modem, Phone(network, OWNER), client)
        envs.append(env)
        if not echo:
            await client.command("ATE0")
        if cmee:
            assert (await client.command(f"AT+CMEE={cmee}"))[-1] == "OK"
        return env

    yield _start
    for env in envs:
        await env.client.close()
        await env.modem.stop()
        env.clock.close()
    await asyncio.sleep(0)


@pytest.fixture
async def env(make_env: StartEnv) -> Env:
    """A default SIM800 with echo off and numeric CME errors."""
    return await make_env()


async def settle() -> None:
    """Let zero-delay simulated timers (network delivery) run."""
    for _ in range(3):
        await asyncio.sleep(0)


# -- the command table, row by row -------------------------------------------------

ROWS: list[tuple[str, list[str]]] = [
    ("AT", ["OK"]),
    ("AT+CMEE?", ["+CMEE: 1", "OK"]),
    ("AT+CMEE=?", ["+CMEE: (0-2)", "OK"]),
    ("AT+CPIN?", ["+CPIN: READY", "OK"]),
    ("AT+CPIN=1234", ["+CME ERROR: 3"]),
    ("AT+SPIC", ["+SPIC: 3,10,3,10", "OK"]),
    ("AT+CREG?", ["+CREG: 0,1", "OK"]),
    ("AT+CREG=2;+CREG?", ['+CREG: 2,1,"1A2B","00C3D4E5"', "OK"]),
    ("AT+CREG=?", ["+CREG: (0-2)", "OK"]),
    ("AT+CEREG?", ["ERROR"]),  # a SIM800 is 2G only
    ("AT+CSQ", ["+CSQ: 20,0", "OK"]),
    ("AT+CSQ=?", ["+CSQ: (0-31,99),(0-7,99)", "OK"]),
    ("AT+COPS?", ['+COPS: 0,0,"Telekom.de"', "OK"]),
    ("AT+COPS=0", ["OK"]),
    ("AT+CMGF=0", ["OK"]),
    ("AT+CMGF?", ["+CMGF: 0", "OK"]),
    ("AT+CMGF=?", ["+CMGF: (0,1)", "OK"]),
    ("AT+CMGF=7", ["ERROR"]),
    ("AT+CPMS=?", ['+CPMS: ("SM","ME","MT"),("SM","ME","MT"),("SM","ME","MT")', "OK"]),
    ('AT+CPMS="SM","SM","SM"', ["+CPMS: 0,20,0,20,0,20", "OK"]),
    ('AT+CPMS="ME"', ["+CPMS: 0,20,0,20,0,20", "OK"]),
    ('AT+CPMS="XX"', ["+CMS ERROR: 302"]),
    ("AT+CPMS?", ['+CPMS: "SM",0,20,"SM",0,20,"SM",0,20', "OK"]),
    ("AT+CNMI=?", ["+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)", "OK"]),
    ("AT+CNMI?", ["+CNMI: 2,1,0,0,0", "OK"]),
    ("AT+CNMI=2,1,0,2,0;+CNMI?", ["+CNMI: 2,1,0,2,0", "OK"]),
    ("AT+CNMI=9", ["ERROR"]),
    ("AT+CSMS?", ["+CSMS: 0,1,1,1", "OK"]),
    ("AT+CSMS=1", ["+CSMS: 1,1,1", "OK"]),
    ("AT+CSMS=?", ["+CSMS: (0,1)", "OK"]),
    ("AT+CLIP=1;+CLIP?", ["+CLIP: 1,1", "OK"]),
    ("AT+CLIP=?", ["+CLIP: (0,1)", "OK"]),
    ("AT+CLIP=3", ["ERROR"]),
    ("AT+CRC=1;+CRC?", ["+CRC: 1", "OK"]),
    ("AT+COLP?", ["+COLP: 0,1", "OK"]),
    ("AT+CGMI", ["SIMCOM_Ltd", "OK"]),
    ("AT+CGMM", ["SIMCOM_SIM800L", "OK"]),
    ("AT+CGMR", ["Revision:1418B05SIM800L24", "OK"]),
    ("AT+CGSN", ["868345031234567", "OK"]),
    ("AT+GSN", ["868345031234567", "OK"]),
    ("ATI", ["SIMCOM_SIM800L Revision:1418B05SIM800L24", "OK"]),
    ("AT+CCID", ["89490200001234567890", "OK"]),
    ("AT+CNUM", ['+CNUM: "","+4915100000001",145', "OK"]),
    ("AT+CMGL=4", ["OK"]),
    ("AT+CMGL", ["OK"]),
    ("AT+CMGL=9", ["+CMS ERROR: 302"]),
    ("AT+CMGL=?", ["+CMGL: (0-4)", "OK"]),
    ("AT+CMGR=1", ["OK"]),
    ("AT+CMGR=31", ["+CMS ERROR: 321"]),
    ("AT+CMGR=x", ["+CME ERROR: 50"]),
    ("AT+CMGD=1", ["OK"]),
    ("AT+CMGD=0", ["+CMS ERROR: 321"]),
    ("AT+CMGD=1,4", ["OK"]),
    ("AT+CMGD=1,7", ["+CMS ERROR: 302"]),
    ("AT+CMGD=?", ["+CMGD: (1-20),(0-4)", "OK"]),
    ("AT+CMGS=3", ["+CMS ERROR: 304"]),
    ("AT+CNMA", ["+CMS ERROR: 340"]),
    ("AT+CSCA?", ['+CSCA: "+491720000000",145', "OK"]),
    ("AT+CSMP=17,167,0,0", ["OK"]),
    ("ATH", ["OK"]),
    ("AT+CHUP", ["OK"]),
    ("ATA", ["NO CARRIER"]),
    ("ATD+4915100000002", ["NO CARRIER"]),  # data call
    ("ATD;", ["ERROR"]),
    ("AT+CLCC", ["OK"]),
    ("AT+CPAS", ["+CPAS: 0", "OK"]),
    ("AT+CUSD=1", ["OK"]),
    ("AT+CUSD=1;+CUSD?", ["+CUSD: 1", "OK"]),
    ("AT+CUSD=5", ["ERROR"]),
    ("AT+CFUN?", ["+CFUN: 1", "OK"]),
    ("AT+CFUN=9", ["ERROR"]),
    ('AT+CSCS="GSM";+CSCS?', ['+CSCS: "GSM"', "OK"]),
    ('AT+CSCS="KOI8"', ["ERROR"]),
    ("ATV1Q0", ["OK"]),
    ("ATV0", ["ERROR"]),
    ("AT&W", ["OK"]),
    ("ATE5", ["ERROR"]),
    ("AT+NOPE", ["ERROR"]),
    ("AT+CPIN=", ["+CME ERROR: 50"]),
]


@pytest.mark.parametrize(("command", "expected"), ROWS, ids=[r[0] for r in ROWS])
async def test_command(env: Env, command: str, expected: list[str]) -> None:
    """Each command answers like a SIM800 (echo off, AT+CMEE=1)."""
    assert await env.client.command(command) == expected


def test_command_line_parser() -> None:
    """Basic and extended commands, quotes and the dial string."""
    line = parse_command_line('atE0+CMGS="+49;1",145;+CMGF?')
    assert line is not None
    assert [(c.name, c.kind, c.raw) for c in line] == [
        ("E", Kind.EXEC, "0"),
        ("+CMGS", Kind.SET, '"+49;1",145'),
        ("+CMGF", Kind.READ, ""),
    ]
    assert line[1].args == ["+49;1", "145"]
    dial = parse_command_line("ATD+4915100000002;")
    assert dial is not None
    assert dial[0].raw == "+4915100000002;"
    assert parse_command_line("hello") is None
    assert parse_command_line("AT") == []
    assert parse_command_line("AT&F") == [parse_command_line("AT&F")[0]]  # type: ignore[index]


# -- echo, error modes, command lines ------------------------------------------------


async def test_echo_is_on_after_power_up(make_env: StartEnv) -> None:
    """A fresh modem echoes the command; ATE0 turns that off (ATE0 itself is echoed)."""
    env = await make_env(echo=True, cmee=0)
    assert await env.client.command("AT") == ["AT", "OK"]
    assert await env.client.command("ATE0") == ["ATE0", "OK"]
    assert await env.client.command("AT") == ["OK"]
    assert await env.client.command("ATE1") == ["OK"]
    assert await env.client.command("AT+CSQ") == ["AT+CSQ", "+CSQ: 20,0", "OK"]


async def test_cme_error_modes(make_env: StartEnv) -> None:
    """CMEE=0 plain ERROR, 1 numeric, 2 verbose."""
    env = await make_env(cmee=0)
    assert await env.client.command("AT+CPIN=1") == ["ERROR"]
    await env.client.command("AT+CMEE=2")
    assert await env.client.command("AT+CPIN=1") == [
        "+CME ERROR: operation not allowed"
    ]
    assert await env.client.command("AT+CMEE=3") == ["ERROR"]


async def test_noise_lines_are_ignored(env: Env) -> None:
    """Lines without AT and stray newlines get no answer, the next command does."""
    env.client.writer.write(b"hello\r\n\r")
    assert await env.client.command("AT") == ["OK"]
    assert env.modem.command_log[-1] == "AT"


# -- incoming SMS ---------------------------------------------------------------------


async def test_incoming_sms_cmti_read_delete(env: Env) -> None:
    """+CMTI, AT+CMGR reads (and marks read), AT+CMGL lists, AT+CMGD deletes."""
    env.phone.send(MODEM, "Socket ON")
    assert await env.client.read_line() == '+CMTI: "SM",1'
    header, pdu, ok = await env.client.command("AT+CMGR=1")
    assert header.startswith("+CMGR: 0,,")
    assert ok == "OK"
    sms = decode_pdu(pdu)
    assert isinstance(sms, SmsDeliver)
    assert (sms.sender, sms.text) == (OWNER, "Socket ON")
    assert int(header.rsplit(",", 1)[1]) == len(pdu) // 2 - 8  # TPDU length
    assert (await env.client.command("AT+CMGR=1"))[0].startswith("+CMGR: 1,,")
    assert await env.client.command("AT+CMGL=0") == ["OK"]
    listing = await env.client.command("AT+CMGL=4")
    assert listing[0].startswith("+CMGL: 1,1,,")
    assert listing[1] == pdu
    assert await env.client.command("AT+CMGD=1") == ["OK"]
    assert await env.client.command("AT+CMGL=4") == ["OK"]


async def test_long_sms_arrives_as_concatenated_parts(env: Env) -> None:
    """A 300-character text becomes two stored parts with one reference."""
    env.phone.send(MODEM, "x" * 300)
    assert await env.client.read_line() == '+CMTI: "SM",1'
    assert await env.client.read_line() == '+CMTI: "SM",2'
    listing = await env.client.command("AT+CMGL=4")
    parts = [decode_pdu(listing[1]), decode_pdu(listing[3])]
    assert all(isinstance(p, SmsDeliver) and p.concat for p in parts)
    assert "".join(p.text for p in parts if isinstance(p, SmsDeliver)) == "x" * 300


async def test_stored_while_unplugged_found_by_sweep(env: Env) -> None:
    """SMS arriving while unplugged stay on the SIM for AT+CMGL=4."""
    env.modem.unplug()
    await env.client.close()
    env.phone.send(MODEM, "while away")
    await settle()
    env.modem.replug()
    env.client = AtClient(*(await _reopen(env.modem.path)))
    await env.client.command("ATE0")
    listing = await env.client.command("AT+CMGL=4")
    sms = decode_pdu(listing[1])
    assert isinstance(sms, SmsDeliver)
    assert sms.text == "while away"


async def _reopen(path: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    client = await AtClient.open(path)
    return client.reader, client.writer


async def test_cmt_direct_delivery_and_ack(env: Env) -> None:
    """CNMI mt=2 routes +CMT with the PDU, nothing stored; CSMS=1 wants AT+CNMA."""
    await env.client.command("AT+CSMS=1;+CNMI=2,2,0,0,0")
    env.phone.send(MODEM, "direct")
    header = await env.client.read_line()
    pdu = await env.client.read_line()
    assert header == f"+CMT: ,{len(pdu) // 2 - 8}"
    sms = decode_pdu(pdu)
    assert isinstance(sms, SmsDeliver)
    assert sms.text == "direct"
    assert await env.client.command("AT+CNMA") == ["OK"]
    assert await env.client.command("AT+CNMA") == ["+CMS ERROR: 340"]
    assert await env.client.command("AT+CMGL=4") == ["OK"]


async def test_cnmi_without_indication_stores_silently(env: Env) -> None:
    """CNMI mt=0: stored, no +CMTI."""
    await env.client.command("AT+CNMI=2,0,0,0,0")
    env.phone.send(MODEM, "quiet")
    await settle()
    assert await env.client.nothing_within(0.05)
    assert len(await env.client.command("AT+CMGL=4")) == 3


async def test_raw_pdu_delivery(env: Env) -> None:
    """deliver_raw_pdu stores exactly the given PDU."""
    pdu = encode_deliver("+4915199999999", "raw one", env.clock.utcnow())
    env.modem.deliver_raw_pdu(pdu)
    assert await env.client.read_line() == '+CMTI: "SM",1'
    assert (await env.client.command("AT+CMGR=1"))[1] == pdu


async def test_storage_full(make_env: StartEnv) -> None:
    """Full storage: memory-full URC, CMGW gets 322; a freed slot takes the held SMS."""
    env = await make_env(storage_size=2)
    for text in ("one", "two", "three"):
        env.phone.send(MODEM, text)
    assert await env.client.read_line() == '+CMTI: "SM",1'
    assert await env.client.read_line() == '+CMTI: "SM",2'
    assert await env.client.read_line() == '+CIEV: "SMSFULL",1'
    assert await env.client.command("AT+CPMS?") == [
        '+CPMS: "SM",2,2,"SM",2,2,"SM",2,2',
        "OK",
    ]
    submit = encode_submit(OWNER, "draft")[0]
    assert await env.client.command(
        f"AT+CMGW={submit.tpdu_length}", data=submit.pdu_hex
    ) == ["> ", "+CMS ERROR: 322"]
    assert await env.client.command("AT+CMGD=1") == ["OK"]
    assert await env.client.read_line() == '+CMTI: "SM",1'
    sms = decode_pdu((await env.client.command("AT+CMGR=1"))[1])
    assert isinstance(sms, SmsDeliver)
    assert sms.text == "three"


async def test_cmgw_stores_and_delete_flags(env: Env) -> None:
    """CMGW answers the index; CMGD delflags pick by status."""
    submit = encode_submit(OWNER, "draft")[0]
    reply = await env.client.command(
        f"AT+CMGW={submit.tpdu_length}", data=submit.pdu_hex
    )
    assert reply == ["> ", "+CMGW: 1", "OK"]
    assert await env.client.command("AT+CMGW=5", data="zz") == ["> ", "+CMS ERROR: 304"]
    env.phone.send(MODEM, "unread")
    await env.client.read_line()
    await env.client.command("AT+CMGD=1,1")  # read ones only: nothing
    assert len(await env.client.command("AT+CMGL=4")) == 5
    await env.client.command("AT+CMGD=1,4")
    assert await env.client.command("AT+CMGL=4") == ["OK"]


# -- outgoing SMS ----------------------------------------------------------------------


async def test_send_sms(env: Env) -> None:
    """AT+CMGS=<len>, prompt, PDU, Ctrl-Z: the phone gets it, references count up."""
    for expected_mr, text in enumerate(("ON", "OFF"), start=1):
        submit = encode_submit(OWNER, text)[0]
        reply = await env.client.command(
            f"AT+CMGS={submit.tpdu_length}", data=submit.pdu_hex
        )
        assert reply == ["> ", f"+CMGS: {expected_mr}", "OK"]
    await settle()
    assert [s.text for s in env.phone.inbox] == ["ON", "OFF"]
    assert [s.sender for s in env.network.sent_log] == [MODEM, MODEM]
    assert [s.text for s in env.modem.sms.sent] == ["ON", "OFF"]


async def test_send_concatenated_reaches_phone_as_one(env: Env) -> None:
    """Parts are joined by the network side; the cost is two SMS."""
    for submit in encode_submit(OWNER, "y" * 200, concat_reference=7):
        await env.client.command(f"AT+CMGS={submit.tpdu_length}", data=submit.pdu_hex)
    await settle()
    assert [(s.text, s.parts) for s in env.phone.inbox] == [("y" * 200, 2)]


async def test_send_errors(env: Env) -> None:
    """Wrong length or garbage: 304; ESC cancels; injected failures; no service: 331."""
    submit = encode_submit(OWNER, "ON")[0]
    length, pdu = submit.tpdu_length, submit.pdu_hex
    client = env.client
    assert (await client.command(f"AT+CMGS={length + 1}", data=pdu))[
        -1
    ] == "+CMS ERROR: 304"
    assert (await client.command(f"AT+CMGS={length}", data="00ZZ"))[
        -1
    ] == "+CMS ERROR: 304"
    assert (await client.command(f"AT+CMGS={length}", data="0011"))[
        -1
    ] == "+CMS ERROR: 304"
    assert await client.command(f"AT+CMGS={length}") == ["> "]
    client.writer.write(pdu.encode() + b"\x1b")
    assert await client.read_until_final() == ["OK"]
    env.modem.fail_next_send(42, times=2)
    for _ in range(2):
        assert (await client.command(f"AT+CMGS={length}", data=pdu))[
            -1
        ] == "+CMS ERROR: 42"
    assert (await client.command(f"AT+CMGS={length}", data=pdu))[-1] == "OK"
    env.modem.set_registration(0)
    assert (await client.command(f"AT+CMGS={length}", data=pdu))[
        -1
    ] == "+CMS ERROR: 331"
    await settle()
    assert len(env.phone.inbox) == 1
    await client.command("AT+CMGF=1")
    assert await client.command(f"AT+CMGS={length}") == ["+CMS ERROR: 303"]


@pytest.mark.parametrize(("ds", "delivered"), [(1, True), (2, True), (1, False)])
async def test_status_reports(env: Env, ds: int, delivered: bool) -> None:
    """ds=1: +CDS with the PDU; ds=2: stored and +CDSI; lost SMS report a failure."""
    await env.client.command(f"AT+CNMI=2,1,0,{ds},0")
    if not delivered:
        env.network.loss = 1.0
    submit = encode_submit(OWNER, "ON", status_report=True)[0]
    reply = await env.client.command(
        f"AT+CMGS={submit.tpdu_length}", data=submit.pdu_hex
    )
    mr = int(reply[1].split(": ")[1])
    if ds == 1:
        header, pdu = await env.client.read_line(), await env.client.read_line()
        assert header == f"+CDS: {len(pdu) // 2 - 8}"
    else:
        assert await env.client.read_line() == '+CDSI: "SM",1'
        pdu = (await env.client.command("AT+CMGR=1"))[1]
    report = decode_pdu(pdu)
    assert isinstance(report, StatusReport)
    assert (report.reference, report.recipient) == (mr, OWNER)
    assert report.delivered is delivered


# -- SIM and PIN ------------------------------------------------------------------------


async def test_pin_entry(make_env: StartEnv) -> None:
    """SIM PIN: nothing works until the PIN is given; then READY URCs and SMS flow."""
    env = await make_env(pin="1234")
    client = env.client
    assert await client.command("AT+CPIN?") == ["+CPIN: SIM PIN", "OK"]
    assert await client.command("AT+CREG?") == ["+CREG: 0,0", "OK"]
    assert await client.command("AT+CMGL=4") == ["+CMS ERROR: 311"]
    assert await client.command("AT+CNUM") == ["+CME ERROR: 11"]
    assert await client.command("ATD+4915100000002;") == ["+CME ERROR: 11"]
    env.phone.send(MODEM, "waiting")
    assert await client.command("AT+CPIN=0000") == ["+CME ERROR: 16"]
    assert await client.command("AT+SPIC") == ["+SPIC: 2,10,3,10", "OK"]
    assert await client.command("AT+CPIN=1234") == ["OK"]
    assert [await client.read_line() for _ in range(4)] == [
        "+CPIN: READY",
        "Call Ready",
        "SMS Ready",
        '+CMTI: "SM",1',
    ]
    assert await client.command("AT+SPIC") == ["+SPIC: 3,10,3,10", "OK"]


async def test_three_wrong_pins_lock_the_sim(make_env: StartEnv) -> None:
    """Third wrong PIN: +CME ERROR: 16 then +CPIN: SIM PUK; the PUK unlocks."""
    env = await make_env(pin="1234")
    client = env.client
    for _ in range(2):
        assert await client.command('AT+CPIN="9999"') == ["+CME ERROR: 16"]
    assert await client.command('AT+CPIN="9999"') == ["+CME ERROR: 16"]
    assert await client.read_line() == "+CPIN: SIM PUK"
    assert await client.command("AT+CPIN?") == ["+CPIN: SIM PUK", "OK"]
    assert await client.command("AT+CPIN=1234") == ["+CME ERROR: 3"]
    assert await client.command('AT+CPIN="00000000","4321"') == ["+CME ERROR: 16"]
    assert await client.command('AT+CPIN="12345678","4321"') == ["OK"]
    assert await client.read_line() == "+CPIN: READY"
    assert env.modem.sim.pin == "4321"


async def test_sim_missing(env: Env) -> None:
    """No SIM: +CME ERROR: 10 for AT+CPIN? and AT+CCID; SMS commands 310."""
    env.modem.set_sim("NOT INSERTED")
    assert await env.client.read_line() == "+CPIN: NOT INSERTED"
    assert await env.client.command("AT+CPIN?") == ["+CME ERROR: 10"]
    assert await env.client.command("AT+CCID") == ["+CME ERROR: 10"]
    assert await env.client.command("AT+CPIN=1234") == ["+CME ERROR: 10"]
    assert await env.client.command("AT+SPIC") == ["+CME ERROR: 10"]
    assert await env.client.command("AT+CMGL=4") == ["+CMS ERROR: 310"]
    assert await env.client.command("AT+CPMS?") == ["+CMS ERROR: 310"]
    env.modem.set_sim("READY")
    assert [await env.client.read_line() for _ in range(3)] == [
        "+CPIN: READY",
        "Call Ready",
        "SMS Ready",
    ]


async def test_forced_puk_state(env: Env) -> None:
    """set_sim('SIM PUK') locks; set_sim('SIM PIN') asks a PIN."""
    env.modem.set_sim("SIM PUK")
    assert await env.client.read_line() == "+CPIN: SIM PUK"
    assert await env.client.command("AT+CPIN?") == ["+CPIN: SIM PUK", "OK"]
    env.modem.set_sim("SIM PIN")
    assert await env.client.read_line() == "+CPIN: SIM PIN"
    assert await env.client.command("AT+CPIN?") == ["+CPIN: SIM PIN", "OK"]
    assert env.modem.sim.pin == "1234"


# -- network registration and signal -------------------------------------------------------


async def test_registration_urcs_and_store_and_forward(env: Env) -> None:
    """+CREG URCs follow set_registration; SMS wait in the network meanwhile."""
    await env.client.command("AT+CREG=1")
    env.modem.set_registration(2)
    assert await env.client.read_line() == "+CREG: 2"
    assert await env.client.command("AT+COPS?") == ["+COPS: 0", "OK"]
    assert await env.client.command('AT+CUSD=1,"*100#",15') == ["+CME ERROR: 30"]
    assert await env.client.command("ATD+4915100000002;") == ["NO CARRIER"]
    env.phone.send(MODEM, "queued")
    await settle()
    assert env.network.pending_for(MODEM)
    env.modem.set_registration(5)
    assert await env.client.read_line() == "+CREG: 5"
    assert await env.client.read_line() == '+CMTI: "SM",1'


async def test_registration_follows_the_sim(make_env: StartEnv) -> None:
    """With AT+CREG=1 the PIN entry is followed by +CREG: 1; SIM removal by +CREG: 0."""
    env = await make_env(pin="1234")
    await env.client.command("AT+CREG=1")
    await env.client.command("AT+CPIN=1234")
    assert [await env.client.read_line() for _ in range(4)] == [
        "+CPIN: READY",
        "Call Ready",
        "SMS Ready",
        "+CREG: 1",
    ]
    env.modem.set_sim("NOT INSERTED")
    assert await env.client.read_line() == "+CPIN: NOT INSERTED"
    assert await env.client.read_line() == "+CREG: 0"
    assert env.network.find(MODEM) is None


async def test_signal(env: Env) -> None:
    """set_signal changes AT+CSQ."""
    env.modem.set_signal(7)
    assert await env.client.command("AT+CSQ") == ["+CSQ: 7,0", "OK"]


# -- calls --------------------------------------------------------------------------------


async def test_incoming_call_rings_until_caller_gives_up(env: Env) -> None:
    """RING + +CLIP every 3 s; NO CARRIER when the caller hangs up."""
    await env.client.command("AT+CLIP=1")
    call = env.phone.call(MODEM)
    await settle()
    assert await env.client.read_line() == "RING"
    assert await env.client.read_line() == '+CLIP: "+4915100000002",145,"",0,"",0'
    assert await env.client.command("AT+CPAS") == ["+CPAS: 3", "OK"]
    assert await env.client.command("AT+CLCC") == [
        '+CLCC: 1,1,4,0,0,"+4915100000002",145',
        "OK",
    ]
    env.clock.advance(3)
    assert await env.client.read_line() == "RING"
    await env.client.read_line()
    call.hangup(OWNER)
    assert await env.client.read_line() == "NO CARRIER"
    assert call.state is CallState.UNANSWERED


async def test_incoming_call_crc_hidden_answer_and_reject(env: Env) -> None:
    """+CRING with CRC=1, withheld caller id, ATA answers, ATH rejects."""
    await env.client.command("AT+CRC=1;+CLIP=1")
    first = env.phone.call(MODEM, hide_caller_id=True)
    await settle()
    assert await env.client.read_line() == "+CRING: VOICE"
    assert await env.client.read_line() == '+CLIP: "",128,"",0,"",1'
    assert await env.client.command("ATA") == ["OK"]
    assert first.state is CallState.ANSWERED
    assert await env.client.command("AT+CPAS") == ["+CPAS: 4", "OK"]
    first.hangup(OWNER)
    assert await env.client.read_line() == "NO CARRIER"
    second = env.phone.call(MODEM)
    await settle()
    await env.client.read_line()
    await env.client.read_line()
    assert await env.client.command("ATH") == ["OK"]
    assert second.state is CallState.REJECTED
    assert await env.client.nothing_within(0.05)


@pytest.mark.parametrize(
    ("policy", "result", "state"),
    [("reject", "BUSY", CallState.REJECTED), ("answer", "NO CARRIER", CallState.ENDED)],
)
async def test_outgoing_call_result_codes(
    env: Env, policy: str, result: str, state: CallState
) -> None:
    """ATD answers OK at once; BUSY when refused, NO CARRIER when the callee hangs up."""
    other = Phone(env.network, OTHER, on_call=policy)  # type: ignore[arg-type]
    assert await env.client.command(f"ATD{OTHER};") == ["OK"]
    await settle()
    call = env.modem.calls.dialled[-1]
    if policy == "answer":
        assert await env.client.command("AT+CLCC") == [
            f'+CLCC: 1,0,0,0,0,"{OTHER}",145',
            "OK",
        ]
        call.hangup(OTHER)
    assert await env.client.read_line() == result
    assert call.state is state
    assert other.calls == [call]


async def test_outgoing_call_hung_up_by_modem(env: Env) -> None:
    """ATH ends a ringing outgoing call (the device's free ring); no result code."""
    other = Phone(env.network, OTHER)
    await env.client.command(f"ATD#31#{OTHER};")
    await settle()
    assert other.calls[0].caller is None
    assert await env.client.command(f"ATD{OTHER};") == ["ERROR"]  # one call at a time
    assert await env.client.command("ATH") == ["OK"]
    assert other.calls[0].state is CallState.UNANSWERED
    assert await env.client.nothing_within(0.05)


async def test_outgoing_call_colp_and_unreachable(env: Env) -> None:
    """+COLP when answered with COLP=1; NO CARRIER for an unreachable number."""
    Phone(env.network, OTHER, on_call="answer")
    await env.client.command("AT+COLP=1")
    await env.client.command(f"ATD{OTHER};")
    assert await env.client.read_line() == '+COLP: "+4915100000003",145,"",0,"",0'
    await env.client.command("ATH")
    await env.client.command("ATD+4915199999999;")
    assert await env.client.read_line() == "NO CARRIER"


async def test_busy_modem_rejects_second_call(env: Env) -> None:
    """A call while another is up is turned away as busy."""
    first = env.phone.call(MODEM)
    await settle()
    other = Phone(env.network, OTHER)
    second = other.call(MODEM)
    await settle()
    assert first.state is CallState.RINGING
    assert (second.state, second.reason) == (CallState.REJECTED, "busy")


async def test_ussd(env: Env) -> None:
    """AT+CUSD=1,"*100#",15 answers OK, then +CUSD with the credit text."""
    assert await env.client.command('AT+CUSD=1,"*100#",15') == ["OK"]
    assert await env.client.read_line() == (
        '+CUSD: 0,"Your credit is 10.00 EUR. Valid until 31.12.2027.",15'
    )


# -- faults -------------------------------------------------------------------------------


async def test_unplug_and_replug_same_path(env: Env) -> None:
    """Unplug: the reader fails; replug: same path, new pty, power-cycled settings."""
    before = env.modem._port.slave_name
    env.modem.unplug()
    with pytest.raises((EOFError, OSError)):
        await env.client.read_line()
    await env.client.close()
    assert not env.modem.plugged
    # Like udev: no link to a closed /dev/pts/N the kernel may hand out again.
    assert not os.path.lexists(env.modem.path)  # noqa: ASYNC240 - a stat, instant
    assert env.modem._port.slave_name is None
    with pytest.raises(FileNotFoundError):
        await AtClient.open(env.modem.path)
    assert env.modem.replug() == env.modem.path
    after = env.modem._port.slave_name
    assert before
    assert after
    assert after.startswith("/dev/pts/")
    env.client = await AtClient.open(env.modem.path)
    assert await env.client.command("AT") == ["AT", "OK"]  # echo back on


async def test_inject_garbage(env: Env) -> None:
    """inject() puts raw bytes on the line; the modem still answers afterwards."""
    garbage = b"\xff\xfe garbage\r\n"
    env.modem.inject(garbage)
    assert await env.client.raw(len(garbage)) == garbage
    assert await env.client.command("AT") == ["OK"]


async def test_drop_replies(env: Env) -> None:
    """drop_replies(1): the command runs but its reply is lost."""
    env.modem.drop_replies(1)
    env.client.writer.write(b"AT+CMEE=0\r")
    assert await env.client.nothing_within(0.1)
    assert await env.client.command("AT+CPIN=1") == ["ERROR"]


async def test_delay_replies_and_queueing(env: Env) -> None:
    """Late replies come when simulated time passes; later commands queue behind."""
    env.modem.delay_replies(5)
    env.client.writer.write(b"AT+CSQ\rAT+CGMI\r")
    assert await env.client.nothing_within(0.05)
    env.clock.advance(5)
    assert await env.client.read_until_final() == ["+CSQ: 20,0", "OK"]
    assert await env.client.nothing_within(0.05)
    env.modem.delay_replies(0)
    env.clock.advance(5)
    assert await env.client.read_until_final() == ["SIMCOM_Ltd", "OK"]


async def test_reset_emits_boot_lines_and_forgets(env: Env) -> None:
    """reset(): RDY ... SMS Ready, echo back on, CMEE back to 0."""
    env.modem.reset()
    assert [await env.client.read_line() for _ in range(5)] == [
        "RDY",
        "+CFUN: 1",
        "+CPIN: READY",
        "Call Ready",
        "SMS Ready",
    ]
    assert await env.client.command("AT+CMEE?") == ["AT+CMEE?", "+CMEE: 0", "OK"]


async def test_cfun_restart_resets(env: Env) -> None:
    """AT+CFUN=1,1 answers OK, then the modem restarts."""
    assert await env.client.command("AT+CFUN=1,1") == ["OK"]
    assert await env.client.read_line() == "RDY"


async def test_reset_with_pin_asks_again(make_env: StartEnv) -> None:
    """After a reset a PIN-protected SIM wants its PIN again."""
    env = await make_env(pin="1234")
    await env.client.command("AT+CPIN=1234")
    env.modem.reset()
    lines = [await env.client.read_line() for _ in range(6)]
    assert lines[-1] == "+CPIN: SIM PIN"


async def test_sim_without_stored_number(make_env: StartEnv) -> None:
    """Many SIMs do not know their own number: AT+CNUM is just OK."""
    env = await make_env(sim_number_stored=False)
    assert await env.client.command("AT+CNUM") == ["OK"]


# -- quirks -------------------------------------------------------------------------------


async def test_huawei_quirks(make_env: StartEnv) -> None:
    """^RSSI inside replies, COMMAND NOT SUPPORT, identity."""
    env = await make_env(quirks=HUAWEI_E3531)
    assert await env.client.command("AT+CSQ") == ["+CSQ: 20,0", "^RSSI: 20", "OK"]
    assert await env.client.command("AT+NOPE") == ["^RSSI: 20", "COMMAND NOT SUPPORT"]
    assert await env.client.command("AT+CGMI") == ["huawei", "^RSSI: 20", "OK"]
    env.modem.set_signal(9)
    assert await env.client.read_line() == "^RSSI: 9"


async def test_quectel_quirks(make_env: StartEnv) -> None:
    """+CME ERROR: 4 for unknown commands; LTE registration via +CEREG."""
    env = await make_env(quirks=QUECTEL_EC25)
    assert await env.client.command("AT+NOPE") == ["+CME ERROR: 4"]
    assert await env.client.command("AT+CEREG?") == ["+CEREG: 0,1", "OK"]
    await env.client.command("AT+CEREG=1")
    env.modem.set_registration(3)
    assert await env.client.read_line() == "+CEREG: 3"


async def test_wavecom_skips_ok_after_cpin(make_env: StartEnv) -> None:
    """``+CPIN: READY`` and nothing after; other commands (and AT+CPIN=) end with OK."""
    env = await make_env(quirks=WAVECOM_Q2403)
    env.client.writer.write(b"AT+CPIN?\r")
    assert await env.client.read_line() == "+CPIN: READY"
    assert await env.client.nothing_within(0.1)
    assert await env.client.command("AT+CGMI") == ["WAVECOM MODEM", "OK"]
    assert await env.client.command("AT+CPIN=?") == ["OK"]
    assert await env.client.command("AT+NOPE") == ["+CME ERROR: 4"]


async def test_line_end_quirk(make_env: StartEnv) -> None:
    r"""\r\r\n after every line."""
    env = await make_env(quirks=Quirks(line_end=b"\r\r\n"), cmee=0)
    env.client.writer.write(b"AT+CSQ\r")
    expected = b"\r\n+CSQ: 20,0\r\r\n\r\nOK\r\r\n"
    assert await env.client.raw(len(expected)) == expected


async def test_slow_replies_quirk(make_env: StartEnv) -> None:
    """reply_delay holds every reply (not the echo) in simulated time."""
    env = await make_env(quirks=Quirks(reply_delay=1.5), echo=True, cmee=0)
    env.client.writer.write(b"AT\r")
    assert await env.client.raw(3) == b"AT\r"  # the echo is immediate
    assert await env.client.nothing_within(0.05)
    env.clock.advance(1.5)
    assert await env.client.read_line() == "OK"


async def test_slow_sending_quirk(make_env: StartEnv) -> None:
    """send_delay: AT+CMGS takes its time before +CMGS."""
    env = await make_env(quirks=Quirks(send_delay=2.0))
    submit = encode_submit(OWNER, "ON")[0]
    await env.client.command(f"AT+CMGS={submit.tpdu_length}")
    env.client.writer.write(submit.pdu_hex.encode() + b"\x1a")
    assert await env.client.nothing_within(0.05)
    env.clock.advance(2)
    assert await env.client.read_until_final() == ["+CMGS: 1", "OK"]


# -- TCP ------------------------------------------------------------------------------------


async def test_tcp_serves_the_same_dialect(env: Env, socket_enabled: None) -> None:
    """start_tcp: socket:// clients talk AT; unplug drops them and refuses new ones."""
    port = await env.modem.start_tcp()
    assert await env.modem.start_tcp() == port
    client = AtClient(*(await asyncio.open_connection("127.0.0.1", port)))
    assert await client.command("AT+CGMI") == ["SIMCOM_Ltd", "OK"]
    env.modem.unplug()
    with pytest.raises(EOFError):
        await client.read_line()
    await client.close()
    refused = AtClient(*(await asyncio.open_connection("127.0.0.1", port)))
    with pytest.raises((EOFError, ConnectionError)):
        await refused.read_line()
    await refused.close()
    env.modem.replug()
    again = AtClient(*(await asyncio.open_connection("127.0.0.1", port)))
    assert await again.command("AT") == ["AT", "OK"]
    await again.close()
