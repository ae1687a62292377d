"""SIM and registration steps of the init sequence against a scripted modem.

The simulator covers the SIM800 dialect; these rows cover the answers of
other modems (busy SIM, vendor PIN counters, LTE-only registration).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from custom_components.isocket.gsm.at import AtEngine
from custom_components.isocket.gsm.errors import (
    PinRejectedError,
    SimNotInsertedError,
)
from custom_components.isocket.gsm.init import (
    InitOptions,
    pin_attempts_left,
    registration_state,
    unlock_sim,
)
from custom_components.isocket.gsm.model import RegistrationState
from custom_components.isocket.gsm.transport import open_port

from .pty_peer import PtyPeer

type Script = dict[str, list[str]]


class ScriptedModem:
    """Answers each command from a table; a list of answers is used in turn."""

    def __init__(self, peer: PtyPeer, script: Script) -> None:
        """Serve ``script`` on ``peer``; unknown commands get ERROR."""
        self.peer = peer
        self.script = script
        self.log: list[str] = []
        self.task = asyncio.create_task(self._serve())

    async def _serve(self) -> None:
        while True:
            command = (await self.peer.expect(b"\r")).decode().strip()
            self.log.append(command)
            answers = self.script.get(command, ["\r\nERROR\r\n"])
            answer = answers.pop(0) if len(answers) > 1 else answers[0]
            if answer != "<silence>":
                self.peer.send(answer.encode())

    async def stop(self) -> None:
        """Stop answering."""
        self.task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await self.task


type Serve = Callable[[Script], ScriptedModem]


@pytest.fixture
async def scripted() -> AsyncIterator[tuple[Serve, AtEngine]]:
    """An engine, and a function that starts a scripted modem for it."""
    peer = PtyPeer()
    reader, writer = await open_port(peer.path)
    engine = AtEngine(reader, writer)
    modems: list[ScriptedModem] = []

    def serve(script: Script) -> ScriptedModem:
        modems.append(ScriptedModem(peer, script))
        return modems[-1]

    yield serve, engine
    for modem in modems:
        await modem.stop()
    await engine.close()
    peer.close()


def ok(*lines: str) -> str:
    """A reply with information lines and OK."""
    return "".join(f"\r\n{line}\r\n" for line in lines) + "\r\nOK\r\n"


def options(pin: str | None = None) -> InitOptions:
    """Fresh fast options."""
    return InitOptions(
        pin=pin, command_timeout=0.2, sim_timeout=0.3, poll_interval=0.02
    )


async def test_busy_sim_is_waited_for(scripted: tuple[Serve, AtEngine]) -> None:
    """+CME ERROR: 14 (SIM busy) right after power-up: poll until READY."""
    serve, engine = scripted
    modem = serve({"AT+CPIN?": ["\r\n+CME ERROR: 14\r\n", ok("+CPIN: READY")]})
    await unlock_sim(engine, options())
    assert modem.log == ["AT+CPIN?", "AT+CPIN?"]


async def test_sim_never_ready(scripted: tuple[Serve, AtEngine]) -> None:
    """A SIM that stays busy is reported as not usable."""
    serve, engine = scripted
    serve({"AT+CPIN?": ["\r\n+CME ERROR: 14\r\n"]})
    with pytest.raises(SimNotInsertedError):
        await unlock_sim(engine, options())


async def test_pin_timeout_is_not_retried(scripted: tuple[Serve, AtEngine]) -> None:
    """No answer to AT+CPIN="...": if the SIM still wants a PIN, never resend."""
    serve, engine = scripted
    opts = options("1234")
    serve(
        {
            "AT+CPIN?": [ok("+CPIN: SIM PIN")],
            'AT+CPIN="1234"': ["<silence>"],
            'AT+QPINC="SC"': [ok('+QPINC: "SC",2,10')],
        },
    )
    with pytest.raises(PinRejectedError) as info:
        await unlock_sim(engine, opts)
    assert info.value.attempts_left == 2
    assert opts.pin_rejected


@pytest.mark.parametrize(
    ("script", "left"),
    [
        ({"AT+SPIC": [ok("+SPIC: 2,10,3,10")]}, 2),  # SIMCom
        ({'AT+QPINC="SC"': [ok('+QPINC: "SC",1,10')]}, 1),  # Quectel
        ({"AT^CPIN?": [ok("^CPIN: SIM PIN,2,10,2,10,3")]}, 2),  # Huawei
        ({'AT+CPINR="SIM PIN"': [ok("+CPINR: SIM PIN,1,3")]}, 1),  # 27.007
        ({}, None),  # nobody tells
    ],
)
async def test_pin_attempts_dialects(
    scripted: tuple[Serve, AtEngine], script: Script, left: int | None
) -> None:
    """Each row: one modem family's way to say how many PIN tries are left."""
    serve, engine = scripted
    serve(script)
    assert await pin_attempts_left(engine, 0.2) == left


@pytest.mark.parametrize(
    ("script", "state"),
    [
        ({"AT+CREG?": [ok("+CREG: 0,1")]}, RegistrationState.HOME),
        (  # LTE-only: +CREG says searching, +CEREG says registered
            {"AT+CREG?": [ok("+CREG: 0,2")], "AT+CEREG?": [ok("+CEREG: 0,5")]},
            RegistrationState.ROAMING,
        ),
        ({"AT+CEREG?": [ok("+CEREG: 0,3")]}, RegistrationState.DENIED),
        ({}, RegistrationState.UNKNOWN),
    ],
)
async def test_registration_sources(
    scripted: tuple[Serve, AtEngine], script: Script, state: RegistrationState
) -> None:
    """+CREG first, +CEREG when the circuit-switched side is not registered."""
    serve, engine = scripted
    serve(script)
    assert await registration_state(engine, 0.2) is state
