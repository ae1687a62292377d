"""The simulated network's and modem's USSD: answers, presentations, errors."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from simulator.clock import SimClock
from simulator.modem import SimModem
from simulator.modem_ussd import ussd_line
from simulator.network import DEFAULT_USSD_REPLY, GsmNetwork, UssdReply
from simulator.quirks import Quirks
from tests.simulator.at_client import AtClient

MODEM = "+4915100000001"


@pytest.mark.parametrize(
    ("reply", "charset", "packed", "line"),
    [
        (UssdReply("Hi"), "IRA", False, '+CUSD: 0,"Hi",15'),
        (UssdReply("a\nb", status=1), "GSM", False, '+CUSD: 1,"a\nb",15'),
        (UssdReply("Hi"), "UCS2", False, '+CUSD: 0,"00480069",15'),
        (UssdReply("Hi", "ucs2"), "IRA", False, '+CUSD: 0,"00480069",72'),
        (UssdReply("Hi", "ucs2"), "IRA", True, '+CUSD: 0,"00480069",72'),
        (UssdReply("Hello"), "IRA", True, '+CUSD: 0,"C8329BFD06",15'),
        (UssdReply(status=4), "IRA", False, "+CUSD: 4"),
        (UssdReply(status=None), "IRA", False, None),
    ],
)
def test_ussd_line(
    reply: UssdReply, charset: str, packed: bool, line: str | None
) -> None:
    """How a SIM800 (or a Huawei stick) presents each kind of answer."""
    assert ussd_line(reply, charset=charset, packed=packed) == line


def test_network_answers_and_logs() -> None:
    """Configured codes get their reply (text or UssdReply), others the credit text."""
    network = GsmNetwork(SimClock(0))
    network.ussd_replies["*101#"] = "plain"
    network.ussd_replies["*102#"] = UssdReply("Баланс", "ucs2")
    assert network.ussd_answer(MODEM, "*100#") == UssdReply(DEFAULT_USSD_REPLY)
    assert network.ussd_answer(MODEM, "*101#") == UssdReply("plain")
    assert network.ussd(MODEM, "*102#") == "Баланс"
    assert [code for _, code in network.ussd_log] == ["*100#", "*101#", "*102#"]


@pytest.fixture
async def huawei() -> AsyncIterator[tuple[SimModem, AtClient]]:
    """A modem with Huawei's packed USSD strings and a raw AT client on its pty."""
    clock = SimClock(0)
    modem = SimModem(GsmNetwork(clock), clock, MODEM, quirks=Quirks(ussd_packed=True))
    client = await AtClient.open(await modem.start())
    yield modem, client
    await client.close()
    await modem.stop()
    clock.close()


async def test_packed_request(huawei: tuple[SimModem, AtClient]) -> None:
    """A packed request is answered packed; one that does not decode gets +CUSD: 4."""
    modem, client = huawei
    await client.command("ATE0")
    assert await client.command('AT+CUSD=1,"AA180C3602",15') == ["OK"]
    assert (await client.read_line()).startswith('+CUSD: 0,"')
    assert modem.network.ussd_log == [(MODEM, "*100#")]  # unpacked by the modem
    assert await client.command('AT+CUSD=1,"*100#",15') == ["OK"]
    assert await client.read_line() == "+CUSD: 4"
    assert await client.command("AT+CUSD?") == ["+CUSD: 1", "OK"]
    assert await client.command("AT+CUSD=?") == ["+CUSD: (0,1,2)", "OK"]
    assert await client.command("AT+CUSD=2") == ["OK"]
    assert await client.command("AT+CUSD=7") == ["ERROR"]
