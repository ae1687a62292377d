"""The gateway in the simulated world: a stranger's phone, the console, USSD."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from custom_components.isocket.gsm.concat import IncomingSms
from custom_components.isocket.gsm.modem import Modem
from simulator.console import ConsoleError, run_command
from simulator.world import MODEM_NUMBER, STRANGER_NUMBER, World
from tests.gsm.modem_env import FAST


@pytest.fixture
async def world() -> AsyncIterator[World]:
    """A started world; stopped after the test."""
    world = World()
    await world.start()
    yield world
    await world.stop()


@pytest.fixture
async def modem(world: World) -> AsyncIterator[Modem]:
    """The application's Modem, connected to the world's modem over its pty."""
    modem = Modem(world.modem_path, **FAST)
    yield modem
    await modem.close()


async def test_console_stranger_sms_reaches_the_modem(
    world: World, modem: Modem
) -> None:
    """`stranger <text>` texts the modem; `\\n` typed is a line break."""
    received: list[IncomingSms] = []

    async def listener(sms: IncomingSms) -> bool:
        received.append(sms)
        return True

    modem.add_sms_listener(listener)
    output = run_command(world, r"stranger Hallo!\nWer ist da?")
    assert STRANGER_NUMBER in output
    await modem.connect()  # the start-up sweep finds it
    assert [(sms.sender, sms.text) for sms in received] == [
        (STRANGER_NUMBER, "Hallo!\nWer ist da?")
    ]
    with pytest.raises(ConsoleError):
        run_command(world, "stranger")


async def test_gateway_sms_to_the_stranger(world: World, modem: Modem) -> None:
    """What the gateway sends to the stranger's number lands in its inbox."""
    await modem.connect()
    await modem.send_sms(STRANGER_NUMBER, "Grüße 😀")
    inbox = await world.stranger.wait_for_sms(1)
    assert (inbox[0].sender, inbox[0].text) == (MODEM_NUMBER, "Grüße 😀")


async def test_console_balance_sets_the_ussd_answer(world: World, modem: Modem) -> None:
    """`balance <text>` is what *100# answers."""
    await modem.connect()
    run_command(world, "balance Guthaben: 1,23 EUR")
    assert (await modem.ussd("*100#")).text == "Guthaben: 1,23 EUR"
    with pytest.raises(ConsoleError):
        run_command(world, "balance")
