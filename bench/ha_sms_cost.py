"""SMS cost of a simulated day with the integration (not a test).

Run: ``.venv/bin/python bench/ha_sms_cost.py``

A day cannot pass in minutes in a ``hass`` process, so this runs HA core
in-process (the harness of pytest-homeassistant-custom-component, as the HA
tests do) on an event loop whose clock is moved ahead one minute at a time:
every timer of HA and of the integration fires when it is due, in order, and
the simulator's clock is advanced with it. The integration talks to the
simulated modem over a real pty; nothing is mocked between them.

Three days:

- idle, default options (periodic status off): the target is 0 SMS;
- idle with the option "status every 6 h": 4 STATUS and 4 replies expected
  (also shows that the integration's own timers run in the simulated day);
- typical, default options: 5 switchings, 1 status request, 1 power failure
  (the device sends a "Power failure!" and a "Power supply restored!" alert).

Printed: SMS sent by the modem (paid on the modem's SIM) and by the device
(paid on the iSocket's SIM), apart from the one-off setup, and the AT
commands of the day (the integration's free health polls: proof that its
timers ran through the simulated day). Now and then a jump overtakes a
health poll in flight, which then logs a CommandTimeoutError; SMS are never
in flight at a jump (each action waits for its reply first).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
import logging
from pathlib import Path
import sys
import time

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Imported before HA's loader looks for custom integrations (see
# ../../shared/guide/toolchain-notes.md, "Shadowing pitfall").
from homeassistant import loader  # noqa: E402
from homeassistant.config_entries import ConfigSubentryData  # noqa: E402
from homeassistant.core import HomeAssistant  # noqa: E402
from homeassistant.helpers import entity_registry as er  # noqa: E402
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]  # noqa: E402
    MockConfigEntry,
    async_test_home_assistant,
)

import custom_components.isocket  # noqa: E402, F401
from custom_components.isocket.const import (  # noqa: E402
    CONF_ALARM_INPUT,
    CONF_BAUDRATE,
    CONF_PHONE,
    CONF_PORT,
    CONF_STATUS_INTERVAL,
    DOMAIN,
    SUBENTRY_TYPE_DEVICE,
)
from simulator.world import World  # noqa: E402

MINUTES_PER_DAY = 24 * 60
Action = Callable[[HomeAssistant, World, str], Awaitable[None]]


class VirtualTime:
    """Moves the event loop's clock ahead: due timers then run in order."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        """Take over ``loop.time`` (the loop reads it for every timer)."""
        self._loop = loop
        self._real = loop.time
        self.offset = 0.0
        loop.time = self._time  # type: ignore[method-assign]

    def _time(self) -> float:
        return self._real() + self.offset

    def advance(self, seconds: float) -> None:
        """Jump ahead; the loop runs what became due on its next turn."""
        self.offset += seconds

    def close(self) -> None:
        """Give the loop its own clock back."""
        self._loop.time = self._real  # type: ignore[method-assign]


@dataclass(frozen=True)
class DayCount:
    """SMS handed to the network during the day, by sender."""

    by_modem: list[str]
    by_device: list[str]
    # AT commands the modem received during the day (health polls are free):
    # evidence that the integration's timers ran through the simulated day.
    at_commands: int


async def _settle(hass: HomeAssistant, world: World) -> None:
    """Let the pty round trips that the fired timers started finish.

    The next jump must not find an AT command in flight: its timeout would
    fire at once. So wait until the simulated modem has seen no new command
    for a few turns of the loop.
    """
    seen, quiet = -1, 0
    while quiet < 5:
        await asyncio.sleep(0.004)
        await hass.async_block_till_done()
        count = len(world.modem.command_log)
        quiet = quiet + 1 if count == seen else 0
        seen = count


def _socket(hass: HomeAssistant) -> str:
    """The iSocket's switch entity (its name is the device's)."""
    return next(
        state.entity_id
        for state in hass.states.async_all("switch")
        if state.attributes.get("friendly_name") == "iSocket"
    )


async def _switch(hass: HomeAssistant, world: World, service: str) -> None:
    await hass.services.async_call(
        "switch", service, {"entity_id": _socket(hass)}, blocking=True
    )


async def _status(hass: HomeAssistant, world: World, _: str) -> None:
    entity = er.async_get(hass).async_get(_socket(hass))
    assert entity is not None
    await hass.services.async_call(
        DOMAIN, "refresh", {"device_id": entity.device_id}, blocking=True
    )


async def _device(hass: HomeAssistant, world: World, command: str) -> None:
    getattr(world.isocket, command)()


async def _wait_quiet(world: World, seconds: float = 0.3) -> None:
    """Real time for replies and alerts already on their way to arrive."""
    await asyncio.sleep(seconds)


TYPICAL_DAY: dict[int, tuple[Action, str]] = {
    7 * 60: (_switch, "turn_on"),
    8 * 60: (_switch, "turn_off"),
    12 * 60: (_switch, "turn_on"),
    13 * 60: (_switch, "turn_off"),
    18 * 60: (_switch, "turn_on"),
    20 * 60: (_status, ""),
    3 * 60: (_device, "mains_lost"),
    3 * 60 + 20: (_device, "mains_restored"),
}


async def simulate_day(
    plan: dict[int, tuple[Action, str]], options: dict[str, int] | None = None
) -> DayCount:
    """One day of HA + integration + simulator; SMS sent after setup."""
    loop = asyncio.get_running_loop()
    async with async_test_home_assistant() as hass, World() as world:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)  # allow custom ones
        # Our manifest depends on usb (discovery); it must not scan this bus.
        hass.config.components.add("usb")
        hass.config.country = "DE"
        entry = MockConfigEntry(
            domain=DOMAIN,
            title="SIMCOM SIM800",
            unique_id=world.modem.imei,
            data={CONF_PORT: world.modem_path, CONF_BAUDRATE: 115200},
            options=options or {},
            subentries_data=[
                ConfigSubentryData(
                    data={CONF_PHONE: world.isocket.number, CONF_ALARM_INPUT: "door"},
                    subentry_type=SUBENTRY_TYPE_DEVICE,
                    title="iSocket",
                    unique_id=world.isocket.number,
                )
            ],
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        await _wait_quiet(world)
        start = len(world.network.sent_log)
        commands_before = len(world.modem.command_log)
        clock = VirtualTime(loop)
        try:
            for minute in range(MINUTES_PER_DAY):
                if (step := plan.get(minute)) is not None:
                    action, argument = step
                    await action(hass, world, argument)
                    await _wait_quiet(world)
                clock.advance(60)
                world.clock.advance(60)
                await _settle(hass, world)
        finally:
            clock.close()
        await _wait_quiet(world)
        sent = world.network.sent_log[start:]
        at_commands = len(world.modem.command_log) - commands_before
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
    return DayCount(
        by_modem=[sms.text for sms in sent if sms.sender == world.modem.number],
        by_device=[sms.text for sms in sent if sms.sender == world.isocket.number],
        at_commands=at_commands,
    )


async def main() -> None:
    """Simulate both days and print."""
    logging.basicConfig(level=logging.ERROR)
    started = time.monotonic()
    idle = await simulate_day({})
    typical = await simulate_day(TYPICAL_DAY)
    polled = await simulate_day({}, {CONF_STATUS_INTERVAL: 6})
    print("SMS per simulated day (default options unless stated)")
    print(f"{'':40} {'by modem':>9} {'by device':>10} {'AT cmds':>8}")
    for name, day in (
        ("idle day (target 0)", idle),
        ("idle day, option: status every 6 h", polled),
        ("typical day (5 switchings, 1 status,", typical),
    ):
        print(
            f"{name:40} {len(day.by_modem):9d} {len(day.by_device):10d} "
            f"{day.at_commands:8d}"
        )
    print(f"{'  1 power failure)':40}")
    print(f"modem sent on the typical day: {typical.by_modem}")
    print(
        "device sent on the typical day: "
        f"{[text.splitlines()[0] for text in typical.by_device]}"
    )
    print(f"(simulated 3 days in {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    asyncio.run(main())
