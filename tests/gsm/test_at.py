"""The AT engine against a scripted modem on a real pty."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import logging
from random import Random

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.isocket.gsm.at import AtEngine, expected_prefixes
from custom_components.isocket.gsm.errors import (
    AtCommandError,
    CommandTimeoutError,
    ModemNotConnectedError,
)
from custom_components.isocket.gsm.transport import open_port
from custom_components.isocket.gsm.urc import (
    CallEnded,
    DirectMessage,
    DirectStatusReport,
    NewMessage,
    SignalReport,
    SimState,
    Urc,
    parse_urc,
)

from .pty_peer import PtyPeer


@pytest.fixture
async def peer() -> AsyncIterator[PtyPeer]:
    """A scripted modem."""
    peer = PtyPeer()
    yield peer
    peer.close()


@pytest.fixture
async def engine(peer: PtyPeer) -> AsyncIterator[AtEngine]:
    """An engine on the peer's pty."""
    reader, writer = await open_port(peer.path)
    engine = AtEngine(reader, writer)
    yield engine
    await engine.close()


@pytest.fixture
def urcs(engine: AtEngine) -> list[Urc]:
    """Every URC the engine dispatches."""
    seen: list[Urc] = []
    engine.add_urc_listener(seen.append)
    return seen


async def urcs_reach(urcs: list[Urc], count: int, limit: float = 2.0) -> None:
    """Wait until ``count`` URCs were dispatched."""
    async with asyncio.timeout(limit):
        while len(urcs) < count:  # noqa: ASYNC110 - filled by the reader on pty I/O
            await asyncio.sleep(0.01)


async def reply(peer: PtyPeer, command: bytes, answer: bytes) -> None:
    """Wait for ``command`` and answer it."""
    await peer.expect(command + b"\r")
    peer.send(answer)


async def test_info_lines_and_ok(engine: AtEngine, peer: PtyPeer) -> None:
    """Information lines come back once OK arrives."""
    task = asyncio.create_task(engine.command("AT+CSQ"))
    await reply(peer, b"AT+CSQ", b"\r\n+CSQ: 20,0\r\n\r\nOK\r\n")
    assert await task == ["+CSQ: 20,0"]


async def test_echo_is_skipped(engine: AtEngine, peer: PtyPeer) -> None:
    """With echo on, the echoed command is not an information line."""
    task = asyncio.create_task(engine.command("AT+CGMI"))
    await reply(peer, b"AT+CGMI", b"AT+CGMI\r\r\nSIMCOM_Ltd\r\n\r\nOK\r\r\n")
    assert await task == ["SIMCOM_Ltd"]


async def test_urc_inside_response_is_dispatched(
    engine: AtEngine, peer: PtyPeer, urcs: list[Urc]
) -> None:
    """A URC between a command's lines reaches listeners, not the command."""
    task = asyncio.create_task(engine.command("AT+CSQ"))
    await reply(
        peer,
        b"AT+CSQ",
        b'\r\n+CSQ: 20,0\r\n\r\n+CMTI: "SM",4\r\n^RSSI: 17\r\n\r\nOK\r\n',
    )
    assert await task == ["+CSQ: 20,0"]
    assert urcs == [NewMessage("SM", 4), SignalReport(17)]


async def test_expected_prefix_goes_to_command(
    engine: AtEngine, peer: PtyPeer, urcs: list[Urc]
) -> None:
    """+CPIN: during AT+CPIN? is the answer; without a command it is a URC."""
    task = asyncio.create_task(engine.command("AT+CPIN?"))
    await reply(peer, b"AT+CPIN?", b"\r\n+CPIN: READY\r\n\r\nOK\r\n")
    assert await task == ["+CPIN: READY"]
    assert urcs == []
    peer.send(b"\r\n+CPIN: NOT READY\r\n")
    await asyncio.sleep(0.05)
    assert urcs == [SimState("NOT READY")]


def test_own_prefix_only_for_read_and_test_forms() -> None:
    """AT+CREG? and AT+CNMI=? own their prefix; AT+CUSD=1,... does not."""
    assert expected_prefixes("AT+CREG?") == ("+CREG:",)
    assert expected_prefixes("AT+CNMI=?") == ("+CNMI:",)
    assert expected_prefixes('AT+CUSD=1,"*100#"') == ()
    assert expected_prefixes("AT+CMGL=4", ("+CMGL:",)) == ("+CMGL:",)


async def test_cmt_pdu_line_inside_command(
    engine: AtEngine, peer: PtyPeer, urcs: list[Urc]
) -> None:
    """+CMT/+CDS and the PDU after them are one URC, even mid-command."""
    task = asyncio.create_task(engine.command("AT+CSQ"))
    await reply(
        peer,
        b"AT+CSQ",
        b"\r\n+CMT: ,2\r\n00AABB\r\n+CSQ: 9,0\r\n+CDS: 1\r\n0011\r\nOK\r\n",
    )
    assert await task == ["+CSQ: 9,0"]
    assert urcs == [DirectMessage(2, "00AABB"), DirectStatusReport(1, "0011")]


async def test_cmt_header_then_the_commands_ok(
    engine: AtEngine, peer: PtyPeer, urcs: list[Urc]
) -> None:
    """A +CMT header followed by the running command's OK: OK ends the command."""
    task = asyncio.create_task(engine.command("AT+CSQ"))
    await reply(peer, b"AT+CSQ", b"\r\n+CSQ: 9,0\r\n+CMT: ,2\r\nOK\r\n")
    assert await task == ["+CSQ: 9,0"]
    assert urcs == []
    peer.send(b'\r\nDST: 1\r\n+CIEV: 10,"26201"\r\n00AABB\r\n')
    await urcs_reach(urcs, 1)
    assert urcs == [DirectMessage(2, "00AABB")]


async def test_stray_lines_between_cmt_and_pdu(
    engine: AtEngine, peer: PtyPeer, urcs: list[Urc]
) -> None:
    """Vendor lines between header and PDU are not the PDU; a URC still counts."""
    task = asyncio.create_task(engine.command("AT+CSQ"))
    await reply(
        peer,
        b"AT+CSQ",
        b'\r\n+CMT: ,2\r\nUNDER-VOLTAGE WARNNING\r\n+CMTI: "SM",4\r\n'
        b"00AABB\r\n+CSQ: 9,0\r\nOK\r\n",
    )
    assert await task == ["UNDER-VOLTAGE WARNNING", "+CSQ: 9,0"]
    assert urcs == [NewMessage("SM", 4), DirectMessage(2, "00AABB")]


async def test_header_whose_pdu_never_comes_gives_up(
    engine: AtEngine, peer: PtyPeer, urcs: list[Urc], caplog: pytest.LogCaptureFixture
) -> None:
    """Nine other lines: the header is given up (logged), later lines are lines."""
    peer.send(b"\r\n+CMT: ,2\r\n" + b"DST: 1\r\n" * 9 + b"+CMT: ,1\r\n0011\r\n")
    await urcs_reach(urcs, 1)
    assert urcs == [DirectMessage(1, "0011")]
    assert "came without its PDU line" in caplog.text


@pytest.mark.parametrize(
    ("final", "cme", "cms"),
    [
        (b"ERROR", None, None),
        (b"+CME ERROR: 10", 10, None),
        (b"+CMS ERROR: 500", None, 500),
        (b"+CME ERROR: SIM not inserted", None, None),
        (b"COMMAND NOT SUPPORT", None, None),
    ],
)
async def test_error_finals(
    engine: AtEngine, peer: PtyPeer, final: bytes, cme: int | None, cms: int | None
) -> None:
    """Each error final raises AtCommandError with its code."""
    task = asyncio.create_task(engine.command("AT+CPMS?"))
    await reply(peer, b"AT+CPMS?", b"\r\n" + final + b"\r\n")
    with pytest.raises(AtCommandError) as info:
        await task
    assert (info.value.final, info.value.cme, info.value.cms) == (
        final.decode(),
        cme,
        cms,
    )


async def test_call_progress_ends_dial_only(
    engine: AtEngine, peer: PtyPeer, urcs: list[Urc]
) -> None:
    """BUSY ends ATD; NO CARRIER with no dial running is a URC."""
    task = asyncio.create_task(engine.command("ATD+4917012345;"))
    await reply(peer, b"ATD+4917012345;", b"\r\nBUSY\r\n")
    with pytest.raises(AtCommandError, match="BUSY"):
        await task
    peer.send(b"\r\nNO CARRIER\r\n")
    task = asyncio.create_task(engine.command("AT"))
    await reply(peer, b"AT", b"\r\nOK\r\n")
    assert await task == []
    assert urcs == [CallEnded("NO CARRIER")]


async def test_cmgs_prompt_and_pdu(engine: AtEngine, peer: PtyPeer) -> None:
    """AT+CMGS waits for '> ', then sends the PDU and Ctrl-Z."""
    task = asyncio.create_task(engine.command("AT+CMGS=5", pdu="0001000A"))
    await reply(peer, b"AT+CMGS=5", b"\r\n> ")
    await peer.expect(b"0001000A\x1a")
    peer.send(b"\r\n+CMGS: 42\r\n\r\nOK\r\n")
    assert await task == ["+CMGS: 42"]


async def test_cmgs_error_before_prompt(engine: AtEngine, peer: PtyPeer) -> None:
    """An error instead of the prompt ends the command without sending the PDU."""
    task = asyncio.create_task(engine.command("AT+CMGS=5", pdu="0001000A"))
    await reply(peer, b"AT+CMGS=5", b"\r\n+CMS ERROR: 331\r\n")
    with pytest.raises(AtCommandError) as info:
        await task
    assert info.value.cms == 331
    assert b"0001000A" not in peer.received


async def test_timeout_and_escape_from_prompt(engine: AtEngine, peer: PtyPeer) -> None:
    """A silent modem times out; a pending PDU prompt is left with ESC."""
    with pytest.raises(CommandTimeoutError):
        await engine.command("AT", timeout=0.05)
    task = asyncio.create_task(engine.command("AT+CMGS=5", pdu="00", timeout=0.2))
    await reply(peer, b"AT+CMGS=5", b"\r\n> ")
    with pytest.raises(CommandTimeoutError):
        await task
    await peer.expect(b"\x1b")
    assert engine.consecutive_timeouts == 2
    task = asyncio.create_task(engine.command("AT", timeout=0.3))
    await reply(peer, b"AT", b"\r\nOK\r\n")
    await task
    assert engine.consecutive_timeouts == 0


async def test_one_command_on_the_wire(engine: AtEngine, peer: PtyPeer) -> None:
    """The second command is written only after the first one's final."""
    first = asyncio.create_task(engine.command("AT+CGMM"))
    second = asyncio.create_task(engine.command("AT+CGMR"))
    await peer.expect(b"AT+CGMM\r")
    await asyncio.sleep(0.05)
    assert b"AT+CGMR" not in peer.received
    peer.send(b"\r\nSIM800\r\nOK\r\n")
    await reply(peer, b"AT+CGMR", b"\r\nRevision:1418B04\r\nOK\r\n")
    assert await first == ["SIM800"]
    assert await second == ["Revision:1418B04"]


async def test_modem_talking_first_and_garbage(
    engine: AtEngine, peer: PtyPeer, urcs: list[Urc]
) -> None:
    """Lines before any command and non-UTF-8 bytes do not disturb anything."""
    peer.send(b"\xff\xfe\x80garbage\r\nSMS Ready\r\nunknown thing\r\n")
    await asyncio.sleep(0.05)
    task = asyncio.create_task(engine.command("AT"))
    await reply(peer, b"AT", b"\r\nOK\r\n")
    assert await task == []
    assert len(urcs) == 1


async def test_failing_listener_does_not_stop_reading(
    engine: AtEngine, peer: PtyPeer, urcs: list[Urc]
) -> None:
    """A listener that raises is logged; others and later URCs still arrive."""

    def broken(urc: Urc) -> None:
        raise RuntimeError("boom")

    engine.add_urc_listener(broken)
    peer.send(b"\r\nRING\r\n")
    peer.send(b"\r\nRING\r\n")
    await asyncio.sleep(0.05)
    assert len(urcs) == 2


async def test_line_lost(engine: AtEngine, peer: PtyPeer) -> None:
    """Hang-up fails the running command, calls listeners, refuses new commands."""
    lost: list[bool] = []
    engine.add_disconnect_listener(lambda: lost.append(True))
    task = asyncio.create_task(engine.command("AT"))
    await peer.expect(b"AT\r")
    peer.hang_up()
    with pytest.raises(ModemNotConnectedError):
        await task
    assert lost == [True]
    assert not engine.connected
    with pytest.raises(ModemNotConnectedError):
        await engine.command("AT")


async def test_pin_masked_in_debug_log(
    engine: AtEngine, peer: PtyPeer, caplog: pytest.LogCaptureFixture
) -> None:
    """Even the debug log of AT traffic never shows the PIN."""
    caplog.set_level(logging.DEBUG, logger="custom_components.isocket.gsm")
    task = asyncio.create_task(engine.command('AT+CPIN="4711"'))
    await reply(peer, b'AT+CPIN="4711"', b"\r\nOK\r\n")
    await task
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("custom_")]
    assert 'AT+CPIN="****"' in "".join(ours)
    assert not [message for message in ours if "4711" in message]


async def test_late_final_not_taken_by_next_command(
    engine: AtEngine, peer: PtyPeer
) -> None:
    """A reply that comes after its command timed out is not the next one's."""
    with pytest.raises(CommandTimeoutError):
        await engine.command("AT+CSQ", timeout=0.05)
    task = asyncio.create_task(engine.command("AT+CGMI"))
    await asyncio.sleep(0.05)
    peer.send(b"\r\n+CSQ: 5,0\r\n\r\nOK\r\n")  # the late answer to AT+CSQ
    await reply(peer, b"AT+CGMI", b"\r\nSIMCOM_Ltd\r\n\r\nOK\r\n")
    assert await task == ["SIMCOM_Ltd"]


async def test_dropped_final_costs_only_the_grace(
    engine: AtEngine, peer: PtyPeer
) -> None:
    """A reply that never comes delays the next command by at most the grace."""
    with pytest.raises(CommandTimeoutError):
        await engine.command("AT+CSQ", timeout=0.05)
    task = asyncio.create_task(engine.command("AT", timeout=0.2))
    await reply(peer, b"AT", b"\r\nOK\r\n")
    assert await task == []


async def test_information_line_without_final_is_accepted(
    engine: AtEngine, peer: PtyPeer, caplog: pytest.LogCaptureFixture
) -> None:
    """Old Wavecom: ``+CPIN: READY`` and no OK; accepted at the timeout (debug log)."""
    caplog.set_level(logging.DEBUG, logger="custom_components.isocket.gsm.at")
    task = asyncio.create_task(engine.command("AT+CPIN?", timeout=0.1))
    await reply(peer, b"AT+CPIN?", b"\r\n+CPIN: READY\r\n")
    assert await task == ["+CPIN: READY"]
    assert engine.consecutive_timeouts == 0
    assert "no final result code" in caplog.text


async def test_late_ok_after_accepted_answer_is_not_the_next_ones(
    engine: AtEngine, peer: PtyPeer
) -> None:
    """The OK an accepted command still sends does not end the next command."""
    task = asyncio.create_task(engine.command("AT+CSQ", timeout=0.1, expect=("+CSQ:",)))
    await reply(peer, b"AT+CSQ", b"\r\n+CSQ: 20,0\r\n")
    assert await task == ["+CSQ: 20,0"]
    peer.send(b"\r\nOK\r\n")  # the late final of AT+CSQ
    task = asyncio.create_task(engine.command("AT+CGMI", timeout=0.5))
    await reply(peer, b"AT+CGMI", b"\r\nSIMCOM_Ltd\r\n\r\nOK\r\n")
    assert await task == ["SIMCOM_Ltd"]


async def test_other_lines_without_final_still_time_out(
    engine: AtEngine, peer: PtyPeer
) -> None:
    """Without its expected line a command is not answered: lines alone are not enough."""
    task = asyncio.create_task(engine.command("AT+CGMI", timeout=0.1))
    await reply(peer, b"AT+CGMI", b"\r\nSIMCOM_Ltd\r\n")
    with pytest.raises(CommandTimeoutError):
        await task
    assert engine.consecutive_timeouts == 1
    task = asyncio.create_task(engine.command("AT+CREG?", timeout=0.1))
    await reply(peer, b"AT+CREG?", b"\r\n+CPIN: READY\r\n")  # a URC, not +CREG:
    with pytest.raises(CommandTimeoutError):
        await task


_URC_LINES = [
    '+CMTI: "SM",3',
    "RING",
    '+CLIP: "+491701234567",145,"",0,"",0',
    "^RSSI: 12",
    "+CREG: 5",
    '+CUSD: 0,"Balance",15',
    "SMS Ready",
    '+QIND: "SMS DONE"',
]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(st.sampled_from(_URC_LINES), max_size=5),
    st.lists(st.from_regex(r"\+CPMS: [0-9]{1,2},[0-9]{2}", fullmatch=True), max_size=3),
    st.randoms(),
)
async def test_urcs_anywhere_in_a_response(
    engine: AtEngine,
    peer: PtyPeer,
    urc_lines: list[str],
    info: list[str],
    random: Random,
) -> None:
    """Wherever URCs fall among a command's lines, each reaches the listeners
    and the command gets exactly its own lines."""
    seen: list[Urc] = []
    unsubscribe = engine.add_urc_listener(seen.append)
    stream = [*info]
    for line in urc_lines:
        stream.insert(random.randint(0, len(stream)), line)
    task = asyncio.create_task(engine.command("AT+CPMS=1"))
    await reply(
        peer,
        b"AT+CPMS=1",
        b"".join(f"\r\n{line}\r\n".encode() for line in stream) + b"\r\nOK\r\n",
    )
    assert await task == info
    unsubscribe()
    assert seen == [parse_urc(line) for line in stream if line not in info]


async def test_odd_quote_cusd_does_not_swallow_the_next_urc(
    engine: AtEngine, peer: PtyPeer, urcs: list[Urc]
) -> None:
    """A mangled +CUSD (odd ``"``) and the +CMTI right behind it: both arrive."""
    peer.send(b'\r\n+CUSD: 0,"Guthaben: 5"EUR",15\r\n+CMTI: "SM",7\r\n')
    await urcs_reach(urcs, 2)
    assert urcs[1] == NewMessage("SM", 7)


async def test_held_cusd_let_go_when_the_line_stays_quiet(
    engine: AtEngine, peer: PtyPeer, urcs: list[Urc]
) -> None:
    """An open quote that nothing closes is handed on after a short quiet."""
    peer.send(b'\r\n+CUSD: 0,"no closing quote,15\r\n')
    await urcs_reach(urcs, 1, limit=3)
    assert len(urcs) == 1
    task = asyncio.create_task(engine.command("AT+CSQ"))
    await reply(peer, b"AT+CSQ", b"\r\n+CSQ: 9,0\r\nOK\r\n")
    assert await task == ["+CSQ: 9,0"]  # the reader goes on as before
