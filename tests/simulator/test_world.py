"""World (modem + iSocket + owner on one network), its console and ``python -m simulator``."""

from __future__ import annotations

import asyncio
from pathlib import Path
import sys

import pytest

from custom_components.isocket.gsm.pdu import SmsDeliver, decode_pdu, encode_submit
from simulator.console import COMMANDS, ConsoleError, Quit, run_command
from simulator.network import CallState
from simulator.world import DEVICE_NUMBER, MODEM_NUMBER, OWNER_NUMBER, World
from tests.simulator.at_client import AtClient

ROOT = Path(__file__).parent.parent.parent


def _is_link(path: str) -> bool:
    return Path(path).is_symlink()


async def _read_stored(client: AtClient, index_line: str) -> SmsDeliver:
    index = index_line.rsplit(",", 1)[1]
    sms = decode_pdu((await client.command(f"AT+CMGR={index}"))[1])
    assert isinstance(sms, SmsDeliver)
    return sms


async def test_modem_talks_to_the_device() -> None:
    """STATUS from the modem gets the device's status reply back on the pty."""
    async with World(speed=0) as world:
        client = await AtClient.open(world.modem_path)
        try:
            await client.command("ATE0")
            submit = encode_submit(DEVICE_NUMBER, "STATUS")[0]
            reply = await client.command(
                f"AT+CMGS={submit.tpdu_length}", data=submit.pdu_hex
            )
            assert reply[-1] == "OK"
            sms = await _read_stored(client, await client.read_line())
            assert sms.sender == DEVICE_NUMBER
            assert sms.text.startswith("Power socket OFF")
        finally:
            await client.close()


async def test_modem_is_authorised_and_gets_alerts() -> None:
    """Security list ON with modem and owner; the modem is the alert number."""
    async with World(speed=0) as world:
        device = world.isocket
        assert device.security_numbers == [MODEM_NUMBER[1:], OWNER_NUMBER[1:]]
        assert device.alert_numbers == [MODEM_NUMBER[1:]]
        assert device.settings.seclist == "ON"
        client = await AtClient.open(world.modem_path)
        try:
            await client.command("ATE0")
            device.mains_lost()
            sms = await _read_stored(client, await client.read_line())
            assert sms.sender == DEVICE_NUMBER
            assert sms.text
        finally:
            await client.close()


async def test_stop_leaves_nothing_behind() -> None:
    """After stop: no timers, no symlink, nobody on the network."""
    world = World(speed=1)
    path = await world.start(tcp=False)
    assert _is_link(path)
    world.owner.send(DEVICE_NUMBER, "STATUS")
    await world.stop()
    assert world.clock.pending() == 0
    assert not _is_link(path)
    assert world.network.find(MODEM_NUMBER) is None
    assert world.network.find(OWNER_NUMBER) is None
    assert world.network.find(DEVICE_NUMBER) is None


async def test_tcp_world(socket_enabled: None) -> None:
    """World.start(tcp=True) serves the modem on a TCP port as well."""
    world = World(speed=0)
    await world.start(tcp=True)
    try:
        assert world.tcp_port
        client = AtClient(*(await asyncio.open_connection("127.0.0.1", world.tcp_port)))
        assert await client.command("AT") == ["AT", "OK"]
        assert str(world.tcp_port) in run_command(world, "status")
        await client.close()
    finally:
        await world.stop()


# -- console -------------------------------------------------------------------------


@pytest.fixture
async def world() -> World:
    """A started world with frozen time; stopped after the test."""
    world = World(speed=0)
    await world.start()
    yield world  # type: ignore[misc]
    await world.stop()


@pytest.mark.parametrize(
    ("line", "check"),
    [
        ("mains lost", lambda w: not w.isocket.powered),
        ("temp 35.5", lambda w: w.isocket.temperature_reading == 35.5),
        ("probe unplug", lambda w: w.isocket.temperature_reading != 21.0),
        ("sensor active", lambda w: w.isocket.alarm.detecting),
        ("button", lambda w: w.isocket.socket_on),
        ("modem unplug", lambda w: not w.modem.plugged),
        ("signal 7", lambda w: w.modem.rssi == 7),
        ("register 2", lambda w: w.modem.registration == 2),
        ("call device", lambda w: w.network.call_log[0].state is CallState.RINGING),
    ],
)
async def test_console_commands(world: World, line: str, check: object) -> None:
    """Each console phrase acts on the world."""
    run_command(world, line)
    await asyncio.sleep(0)
    assert check(world)  # type: ignore[operator]


async def test_console_pairs_and_time(world: World) -> None:
    """Restore after loss, plug after unplug, replug, sms and advance."""
    run_command(world, "mains lost")
    run_command(world, "MAINS   restored")
    assert world.isocket.powered
    run_command(world, "probe unplug")
    run_command(world, "probe plug")
    assert world.isocket.temperature_reading == 21.0
    run_command(world, "sensor active")
    run_command(world, "sensor normal")
    run_command(world, "modem unplug")
    run_command(world, "modem replug")
    assert world.modem.plugged
    run_command(world, "modem reset")
    assert "owner -> device" in run_command(world, "sms  STATUS  please")
    assert world.network.sent_log[-1].text == "STATUS  please"
    before = world.clock.now()
    assert "simulated time" in run_command(world, "advance 90")
    assert world.clock.now() == before + 90


async def test_console_calls_and_sim(world: World) -> None:
    """Calls to the modem from any number, the owner's answer, the SIM's storage."""
    assert "+4917011112222 calls the modem" in run_command(
        world, "call modem +4917011112222"
    )
    world.clock.advance(0)
    (call,) = world.modem.calls.received
    assert call.caller == "+4917011112222"
    assert "hung up" in run_command(world, "hang up")
    assert call.state is CallState.UNANSWERED
    run_command(world, "call modem")
    world.clock.advance(0)
    assert world.modem.calls.received[-1].caller == world.stranger.number
    run_command(world, "owner answers 4")
    assert (world.owner.on_call, world.owner.ring_for) == ("answer", 4.0)
    ring = world.network.call(world.modem.number, world.owner.number)
    world.clock.advance(3)
    assert ring.state is CallState.RINGING
    world.clock.advance(1)
    assert ring.state is CallState.ANSWERED
    assert "18/20" in run_command(world, "sim fill 18")
    assert "stored=18/20" in run_command(world, "status")
    assert "0/20" in run_command(world, "sim clear")
    for bad in ("owner sings", "sim fill many", "call modem me", "sim clear now"):
        with pytest.raises(ConsoleError):
            run_command(world, bad)


async def test_console_help_status_errors_quit(world: World) -> None:
    """help lists every phrase; status shows the world; bad lines raise ConsoleError."""
    text = run_command(world, "help")
    assert all(command.usage in text for command in COMMANDS)
    assert "stored=0/20" in run_command(world, "status")
    assert run_command(world, "   ") == ""
    for bad in ("dance", "temp hot", "advance -1", "sms", "button twice"):
        with pytest.raises(ConsoleError):
            run_command(world, bad)
    with pytest.raises(Quit):
        run_command(world, "quit")


async def _run_cli(stdin: bytes, *args: str) -> str:
    """``python -m simulator --speed 0 *args`` fed ``stdin``; its output."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "simulator",
        "--speed",
        "0",
        *args,
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(stdin), 30)
    assert process.returncode == 0, err.decode()
    return out.decode()


async def test_python_m_simulator() -> None:
    """The CLI prints the modem path, runs commands from stdin and quits cleanly."""
    text = await _run_cli(b"status\nsms STATUS\nadvance 0\nbogus\nquit\n")
    assert "modem: /tmp/" in text
    assert "[owner phone] from +4915100000003: Power socket OFF" in text
    assert "error: unknown command 'bogus'" in text


async def test_python_m_simulator_varied_wording() -> None:
    """``--wording varied --seed N``: the device answers in another wording."""
    text = await _run_cli(
        b"sms FOO\nadvance 0\nquit\n", "--wording", "varied", "--seed", "5"
    )
    assert "[owner phone] from +4915100000003: FOO" in text
    assert "FOO - No such command exists on the device!" not in text


def test_world_passes_the_wording_on() -> None:
    """World(wording=…, wording_seed=…) builds a device speaking that way."""
    world = World(speed=0, wording="varied", wording_seed=3)
    try:
        assert world.isocket.wording.varied
    finally:
        world.isocket.close()
        world.clock.close()
