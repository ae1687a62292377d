"""USSD end to end over a pty: the app's Modem against the simulated network."""

from __future__ import annotations

import asyncio

import pytest

from custom_components.isocket.gsm.errors import (
    AtCommandError,
    InvalidUssdCodeError,
    ModemNotConnectedError,
    UssdNetworkError,
    UssdTimeoutError,
)
from custom_components.isocket.gsm.urc import Ussd
from custom_components.isocket.gsm.ussd import UssdClient, UssdResponse, UssdStatus
from simulator.network import DEFAULT_USSD_REPLY, UssdReply
from simulator.quirks import HUAWEI_E3531

from . import modem_env
from .modem_env import MODEM_NUMBER, Env, MakeEnv

make_env = modem_env.make_env  # the fixture

BALANCE_RU = "Баланс: 123,45 руб. Спасибо!"


def cusd_commands(env: Env) -> list[str]:
    """The AT+CUSD commands the simulated modem was given."""
    return [cmd for cmd in env.sim.command_log if cmd.startswith("AT+CUSD")]


async def connected(make_env: MakeEnv, **sim_args: object) -> Env:
    """An Env whose Modem is connected."""
    env = await make_env(sim_args or None)
    await env.modem.connect()
    return env


async def test_balance_round_trip(make_env: MakeEnv) -> None:
    """*100# → AT+CUSD=1,"*100#",15 → the network's balance text."""
    env = await connected(make_env)
    response = await env.modem.ussd("*100#")
    assert (response.status, response.text, response.dcs) == (
        UssdStatus.DONE,
        DEFAULT_USSD_REPLY,
        15,
    )
    assert cusd_commands(env) == ['AT+CUSD=1,"*100#",15']
    assert env.network.ussd_log == [(MODEM_NUMBER, "*100#")]


async def test_ucs2_answer(make_env: MakeEnv) -> None:
    """A UCS2 answer (DCS 72, hex) is decoded."""
    env = await connected(make_env)
    env.network.ussd_replies["*100#"] = UssdReply(BALANCE_RU, "ucs2")
    assert (await env.modem.ussd("*100#")).text == BALANCE_RU


async def test_multiline_answer(make_env: MakeEnv) -> None:
    """An answer with line breaks arrives whole."""
    env = await connected(make_env)
    text = "Guthaben: 5,00 EUR\nGueltig bis 31.12.2027\nDanke"
    env.network.ussd_replies["*100#"] = text
    assert (await env.modem.ussd("*100#")).text == text


async def test_ucs2_character_set(make_env: MakeEnv) -> None:
    """With AT+CSCS="UCS2" a GSM 7-bit answer comes as hex; read it all the same."""
    env = await connected(make_env)
    env.sim.settings.cscs = "UCS2"
    assert (await env.modem.ussd("*100#")).text == DEFAULT_USSD_REPLY


async def test_huawei_packed_strings(make_env: MakeEnv) -> None:
    """Huawei: the request goes packed (AA180C3602), the answer is unpacked."""
    env = await connected(make_env, quirks=HUAWEI_E3531)
    assert (await env.modem.ussd("*100#")).text == DEFAULT_USSD_REPLY
    assert cusd_commands(env) == ['AT+CUSD=1,"AA180C3602",15']
    assert env.network.ussd_log == [(MODEM_NUMBER, "*100#")]


@pytest.mark.parametrize("status", [4, 2, 5])
async def test_network_error(make_env: MakeEnv, status: int) -> None:
    """+CUSD: 4 (not supported), 2 (terminated), 5 (time-out) are errors."""
    env = await connected(make_env)
    env.network.ussd_replies["*999#"] = UssdReply(status=status)
    with pytest.raises(UssdNetworkError) as info:
        await env.modem.ussd("*999#")
    assert (info.value.status, info.value.reason) == (status, "ussd_rejected")


async def test_command_refused_without_network(make_env: MakeEnv) -> None:
    """Not registered: +CME ERROR: 30 becomes a USSD network error."""
    env = await connected(make_env)
    env.sim.set_registration(0)
    with pytest.raises(UssdNetworkError) as info:
        await env.modem.ussd("*100#")
    assert (info.value.status, info.value.cme) == (None, 30)


async def test_timeout_cancels_the_session(make_env: MakeEnv) -> None:
    """No answer: UssdTimeoutError, and AT+CUSD=2 frees the session."""
    env = await connected(make_env)
    env.network.ussd_replies["*100#"] = UssdReply(status=None)
    with pytest.raises(UssdTimeoutError) as info:
        await env.modem.ussd("*100#", timeout=0.2)
    assert info.value.reason == "ussd_timeout"
    assert cusd_commands(env)[-1] == "AT+CUSD=2"


async def test_menu_is_closed_unless_kept(make_env: MakeEnv) -> None:
    """Status 1 (a menu): returned, and the session is closed unless kept."""
    env = await connected(make_env)
    env.network.ussd_replies["*101#"] = UssdReply("1 Guthaben\n2 Tarif", status=1)
    response = await env.modem.ussd("*101#")
    assert response.session_open
    assert response.text == "1 Guthaben\n2 Tarif"
    assert cusd_commands(env)[-1] == "AT+CUSD=2"
    kept = await env.modem.ussd("*101#", keep_session=True)
    assert kept.session_open
    assert cusd_commands(env)[-1] == 'AT+CUSD=1,"*101#",15'


@pytest.mark.parametrize("code", ["*100#\x1a", '*100#",15\r\nATD123;', "", "*10A#"])
async def test_invalid_code_sends_nothing(make_env: MakeEnv, code: str) -> None:
    """A code with other characters is refused before anything is written."""
    env = await connected(make_env)
    with pytest.raises(InvalidUssdCodeError):
        await env.modem.ussd(code)
    assert cusd_commands(env) == []
    assert "AT+CSCS?" not in env.sim.command_log


async def test_one_request_at_a_time(make_env: MakeEnv) -> None:
    """Two requests at once: the second waits and gets its own answer."""
    env = await connected(make_env)
    env.network.ussd_replies["*101#"] = "second"
    first, second = await asyncio.gather(
        env.modem.ussd("*100#"), env.modem.ussd("*101#")
    )
    assert (first.text, second.text) == (DEFAULT_USSD_REPLY, "second")
    assert cusd_commands(env) == ['AT+CUSD=1,"*100#",15', 'AT+CUSD=1,"*101#",15']


async def test_unrequested_message_reaches_the_ussd_listener(
    make_env: MakeEnv,
) -> None:
    """A network-initiated +CUSD is decoded and reported, never taken as an answer."""
    env = await connected(make_env)
    notices: list[UssdResponse] = []
    env.modem.add_ussd_listener(notices.append)
    await env.modem.ussd("*100#")  # learns the character set
    env.sim.emit('+CUSD: 0,"Guthaben fast leer",15', "+CUSD: 9")
    await env.wait_for(lambda: bool(notices))
    assert notices == [UssdResponse(UssdStatus.DONE, "Guthaben fast leer", 15)]
    assert (await env.modem.ussd("*100#")).text == DEFAULT_USSD_REPLY
    assert len(notices) == 1  # the unknown status 9 was not reported


async def test_disconnected(make_env: MakeEnv) -> None:
    """No session: ModemNotConnectedError at once (after the code check)."""
    env = await make_env()
    with pytest.raises(InvalidUssdCodeError):
        await env.modem.ussd("bad")
    with pytest.raises(ModemNotConnectedError):
        await env.modem.ussd("*100#")


async def test_modem_not_answering(make_env: MakeEnv) -> None:
    """A modem that takes no commands: the request times out as a USSD timeout."""
    env = await make_env(command_timeout=0.2)
    await env.modem.connect()
    env.sim.delay_replies(1.0)
    with pytest.raises(UssdTimeoutError):
        await env.modem.ussd("*100#")
    env.sim.delay_replies(0)


class RefusingEngine:
    """Stands in for an AtEngine whose modem refuses AT+CSCS? and AT+CUSD=2.

    The simulated modem knows both commands; a modem that does not is what
    this checks, so here (only) a stand-in serves.
    """

    def __init__(self, client: UssdClient) -> None:
        self.client = client
        self.commands: list[str] = []

    async def command(self, cmd: str, *, timeout: float) -> list[str]:  # noqa: ASYNC109
        self.commands.append(cmd)
        if cmd in ("AT+CSCS?", "AT+CUSD=2"):
            raise AtCommandError(cmd, "ERROR")
        self.client.on_urc(Ussd(1, "00480069", 15))  # answered before the OK
        return []


async def test_refused_helpers_are_no_failure() -> None:
    """No AT+CSCS?: read as IRA; a refused AT+CUSD=2: nothing to close."""
    client = UssdClient(0.1)
    engine = RefusingEngine(client)
    response = await client.request(engine, "*100#", timeout=0.1)  # type: ignore[arg-type]
    assert response.text == "00480069"  # IRA: the text as it came
    assert engine.commands == ["AT+CSCS?", 'AT+CUSD=1,"*100#",15', "AT+CUSD=2"]
    client.on_urc(Ussd(0, "nobody listens", 15))  # logged; nothing raised
