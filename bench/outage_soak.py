"""Outage soaks: 50 iSockets, multi-second sends, and the modem goes away (not a test).

Run: ``.venv/bin/python bench/outage_soak.py [--devices 50] [--send-latency 3]
[--scenario all|registration|ser2net|replug] [--outage 30] [--until cfun]``

Each scenario builds its own world: one simulated modem (SIM800 dialect, 20
slots on the SIM), ``--devices`` emulated iSockets asked for STATUS and
``ALERTING`` more that send alerts and ``LATE`` more asked only during the
outage, a network that takes ``--send-latency`` seconds to accept each sent
SMS, and a Home Assistant core in this process
with the integration and its default watchdog (a minute's grace, then
``AT+COPS=0``, radio off/on, restart). Every asked device gets STATUS at
once; ``FAULT_AFTER`` seconds in (most STATUS still waiting their turn) the
modem goes away:

- ``registration``: the modem loses the network and keeps it lost until the
  watchdog's step ``--until`` (``cops``, ``cfun`` or ``reset``; ``never``:
  no step helps, the repair opens, every command waits until its expiry, and
  the network comes back by itself after the round) — the port stays open,
  only the watchdog can bring it back;
- ``ser2net``: the hub reaches the modem through Debian's ser2net
  (``socket://``, the configuration of docs/hardware.md); ser2net stops for
  ``--outage`` seconds and starts again;
- ``replug``: the USB modem is unplugged for ``--outage`` seconds and plugged
  in again (a power cycle; the hub sees EOF and reconnects).

During the outage the alerting devices each send a mains alert (a device
without mains answers nothing, so they are asked nothing) and the ``LATE``
ones are asked for STATUS (commands given while the modem is away).
Reported per scenario: commands answered, failed (with the reason and the latest failure after its
ask), lost (neither when the round ended), late (ended after the command
expiry, where an outbox sets one), SMS sent twice to a device (duplicates),
alerts that never reached their entity, the outage (fault until the modem is
ready to send again), the watchdog's steps, whether its repair opened, the
round time and the outbox's ``isocket_sms_not_sent`` events.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
import sys
import tempfile
import time
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Imported before HA's loader looks for it (see the toolchain notes).
from fleet import (  # noqa: E402
    IMEI,
    MODEM_NUMBER,
    OWNER_NUMBER,
    hub_entry,
    number,
    prepare,
    step,
)
from homeassistant.core import Event, HomeAssistant  # noqa: E402
from homeassistant.helpers import issue_registry as ir  # noqa: E402
from pytest_homeassistant_custom_component.common import (  # noqa: E402
    MockConfigEntry,
    async_test_home_assistant,
)

import custom_components.isocket  # noqa: E402, F401
from custom_components.isocket.const import (  # noqa: E402
    CONF_MAX_SMS_PER_DAY,
    DOMAIN,
)
from simulator.clock import SimClock  # noqa: E402
from simulator.isocket import ISocket  # noqa: E402
from simulator.modem import SimModem  # noqa: E402
from simulator.network import GsmNetwork  # noqa: E402
from simulator.phone import Phone  # noqa: E402
from tests.e2e.ser2net import Ser2net  # noqa: E402

ALERTING = 5  # devices that send an alert during the outage
LATE = 5  # devices asked for STATUS during the outage
FAULT_AFTER = 5.0  # seconds into the round
DURING = 2.0  # seconds after the fault: the alerts and the late commands
STEP_COMMANDS = ("AT+COPS=0", "AT+CFUN=")
SCENARIOS = ("registration", "ser2net", "replug")
NOT_SENT_EVENT = "isocket_sms_not_sent"  # fired by the outbox for what expired


@dataclass
class Tally:
    """What happened to the commands and alerts of one round."""

    outcomes: Counter[str] = field(default_factory=Counter)
    latest_failure: float = 0.0  # seconds after its ask
    # Ended after its expiry, counted from when it began to wait: for those
    # asked before the fault at the latest at the fault (+ 5 s margin).
    late: int = 0
    lost: int = 0
    duplicates: int = 0
    sent: int = 0
    alerts_missing: int = 0
    outage: float | None = None  # fault → ready to send again
    steps: list[str] = field(default_factory=list)
    repair_raised: bool = False
    repair_open_at_end: bool = False
    not_sent_events: int = 0  # isocket_sms_not_sent: what expired, named
    round_time: float = 0.0


class World:
    """Clock, network, the simulated modem and devices of one scenario."""

    def __init__(self, count: int, latency: float) -> None:
        self.clock = SimClock()
        self.network = GsmNetwork(self.clock, submit_time=latency)
        self.modem = SimModem(self.network, self.clock, MODEM_NUMBER, imei=IMEI)
        self.owner = Phone(self.network, OWNER_NUMBER)
        self.sockets = [
            ISocket(self.network, self.clock, number(i)) for i in range(count)
        ]

    async def start(self) -> str:
        path = await self.modem.start()
        for socket in self.sockets:  # the owner authorises the modem (spec §6)
            self.owner.send(socket.number, f"ALERTNUMBER+{MODEM_NUMBER[1:]}")
        self.clock.advance(1)
        return path

    async def stop(self) -> None:
        await self.modem.stop()
        for socket in self.sockets:
            socket.close()
        self.clock.close()


def _entry(url: str, count: int) -> MockConfigEntry:
    # No daily cap: the soak sends more than the default 50 SMS a day.
    return hub_entry(url, count, options={CONF_MAX_SMS_PER_DAY: 0})


async def _ask(device: Any, tally: Tally, margin: float) -> None:
    """STATUS to one device; its outcome (and how late) into the tally."""
    asked = time.perf_counter()
    expiry = float(getattr(device, "command_expiry", 0.0) or 0.0)
    try:
        await device.async_refresh_status()
    except Exception as err:
        took = time.perf_counter() - asked
        tally.outcomes[f"failed: {type(err).__name__}"] += 1
        tally.latest_failure = max(tally.latest_failure, took)
        if expiry and took > expiry + margin:
            tally.late += 1
    else:
        tally.outcomes["answered"] += 1


async def _round(
    hass: HomeAssistant,
    world: World,
    entry: MockConfigEntry,
    fault: Callable[[], Awaitable[None]],
    *,
    asked_count: int,
    wait_limit: float,
    heal: Callable[[], None] | None = None,
) -> Tally:
    """STATUS to every asked device, the fault, alerts and commands meanwhile."""
    tally = Tally()
    runtime = entry.runtime_data
    modem = runtime.hub.modem
    devices = {d.phone: d for d in runtime.devices.values()}
    asked = [devices[number(i)] for i in range(asked_count)]
    alerting = world.sockets[asked_count : asked_count + ALERTING]
    late = world.sockets[asked_count + ALERTING :]
    first = len(world.network.sent_log)
    issue_id = f"modem_stuck_{entry.entry_id}"
    registry = ir.async_get(hass)
    faulted_at: list[float] = []

    def on_ready(ready: bool) -> None:
        if ready and faulted_at and tally.outage is None:
            tally.outage = time.perf_counter() - faulted_at[0]

    unsubscribe = modem.add_ready_listener(on_ready)

    def not_sent(_event: Event[Any]) -> None:
        tally.not_sent_events += 1

    stop_listening = hass.bus.async_listen(NOT_SENT_EVENT, not_sent)
    started = time.perf_counter()
    before = FAULT_AFTER + 5.0  # they wait from the fault on at the latest
    tasks = [hass.async_create_task(_ask(device, tally, before)) for device in asked]
    await asyncio.sleep(FAULT_AFTER)
    faulted_at.append(time.perf_counter())
    fault_task = hass.async_create_task(fault())
    await asyncio.sleep(DURING)
    for socket in alerting:  # alerts while the modem is away ...
        socket.mains_lost()
    tasks += [  # ... and commands
        hass.async_create_task(_ask(devices[socket.number], tally, 5.0))
        for socket in late
    ]
    await fault_task
    deadline = time.monotonic() + wait_limit
    pending = set(tasks)
    while pending and time.monotonic() < deadline:
        _done, pending = await asyncio.wait(pending, timeout=1.0)
        tally.repair_raised |= registry.async_get_issue(DOMAIN, issue_id) is not None
    tally.round_time = time.perf_counter() - started
    tally.lost = len(pending)
    for task in pending:
        task.cancel()
    if heal is not None and not modem.ready_to_send:
        heal()  # a fault the watchdog cannot mend ends now, after the round
    while not modem.ready_to_send and time.monotonic() < deadline:
        await asyncio.sleep(0.5)  # the commands ended before the modem came back
        tally.repair_raised |= registry.async_get_issue(DOMAIN, issue_id) is not None
    # The alerts reach their entities (at the latest a sweep after the outage).
    for _ in range(300):
        missing = [
            index
            for index in range(asked_count, asked_count + len(alerting))
            if _mains(hass, index) != "off"
        ]
        if not missing:
            break
        await asyncio.sleep(0.2)
    tally.alerts_missing = len(missing)
    unsubscribe()
    stop_listening()
    asks = Counter(d.phone for d in asked) + Counter(s.number for s in late)
    sent = Counter(
        sms.recipient
        for sms in world.network.sent_log[first:]
        if sms.sender == MODEM_NUMBER and sms.text.endswith("STATUS")
    )
    tally.sent = sum(sent.values())
    tally.duplicates = sum(max(n - asks[phone], 0) for phone, n in sent.items())
    tally.steps = [c for c in world.modem.command_log if c.startswith(STEP_COMMANDS)]
    tally.repair_open_at_end = registry.async_get_issue(DOMAIN, issue_id) is not None
    return tally


def _mains(hass: HomeAssistant, index: int) -> str | None:
    state = hass.states.get(f"binary_sensor.socket_{index:02d}_mains_power")
    return None if state is None else state.state


async def scenario(name: str, args: argparse.Namespace) -> Tally:
    """One scenario in a world of its own."""
    count = args.devices + ALERTING + LATE
    world = World(count, args.send_latency)
    path = await world.start()
    ser2net: Ser2net | None = None
    work = tempfile.TemporaryDirectory(prefix="outage-soak-")
    try:
        url = path
        if name == "ser2net":
            ser2net = Ser2net(Path(work.name))
            ser2net.start(path)
            url = ser2net.raw_url
        async with async_test_home_assistant() as hass:
            prepare(hass)
            entry = _entry(url, count)
            entry.add_to_hass(hass)
            assert await hass.config_entries.async_setup(entry.entry_id)
            await hass.async_block_till_done()
            assert len(entry.runtime_data.devices) == count, "not every device"
            step(f"{name}: {count} devices started on {url.split(':')[0]}")

            async def fault() -> None:
                if name == "registration":
                    world.modem.lose_registration(until=args.until)
                    return
                if name == "ser2net":
                    assert ser2net is not None
                    await hass.async_add_executor_job(ser2net.stop)
                    await asyncio.sleep(args.outage)
                    await hass.async_add_executor_job(ser2net.start)
                    return
                world.modem.unplug()
                await asyncio.sleep(args.outage)
                world.modem.replug()

            # Long enough for every send after the outage, and any expiry.
            wait_limit = args.devices * args.send_latency * 2 + 900.0

            def heal() -> None:  # the network comes back by itself
                world.modem.stuck_until = None
                world.modem.set_registration(1)

            tally = await _round(
                hass,
                world,
                entry,
                fault,
                asked_count=args.devices,
                wait_limit=wait_limit,
                heal=heal if name == "registration" else None,
            )
            step(f"{name}: round done")
            await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
    finally:
        if ser2net is not None:
            ser2net.stop()
        await world.stop()
        work.cleanup()
    return tally


def _report(name: str, tally: Tally, args: argparse.Namespace) -> None:
    what = {
        "registration": f"registration loss (until {args.until})",
        "ser2net": f"ser2net drop ({args.outage:g} s)",
        "replug": f"modem re-plug ({args.outage:g} s)",
    }[name]
    outage = "never back" if tally.outage is None else f"{tally.outage:.1f} s"
    print(f"{what}:")
    print(
        f"  commands {sum(tally.outcomes.values()) + tally.lost}"
        f" ({args.devices} before, {LATE} during): {dict(tally.outcomes)},"
        f" lost {tally.lost}, late {tally.late}"
        f" (latest failure {tally.latest_failure:.1f} s after its ask)"
    )
    print(
        f"  STATUS SMS sent {tally.sent}, duplicated {tally.duplicates};"
        f" alerts during the outage {ALERTING}, never shown {tally.alerts_missing}"
    )
    print(
        f"  outage {outage}; watchdog steps {tally.steps or 'none'};"
        f" repair raised {tally.repair_raised}, open at the end"
        f" {tally.repair_open_at_end}; round {tally.round_time:.1f} s;"
        f" {NOT_SENT_EVENT} events {tally.not_sent_events}"
    )


async def bench(args: argparse.Namespace) -> None:
    """Run the scenarios one after another, print."""
    names = SCENARIOS if args.scenario == "all" else (args.scenario,)
    results = {}
    for name in names:
        results[name] = await scenario(name, args)
    print(
        f"{args.devices} iSockets asked for STATUS (+{ALERTING} alerting,"
        f" +{LATE} asked during the outage),"
        f" {args.send_latency:g} s per sent SMS, in-process Home Assistant"
    )
    for name, tally in results.items():
        _report(name, tally, args)


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=50, help="asked for STATUS")
    parser.add_argument(
        "--send-latency",
        type=float,
        default=3.0,
        help="seconds the network takes to accept each sent SMS (real: 1-6)",
    )
    parser.add_argument("--scenario", choices=("all", *SCENARIOS), default="all")
    parser.add_argument(
        "--outage", type=float, default=30.0, help="ser2net / unplug seconds"
    )
    parser.add_argument(
        "--until",
        choices=("cops", "cfun", "reset", "never"),
        default="cfun",
        help="the watchdog step that brings the registration back",
    )
    asyncio.run(bench(parser.parse_args()))


if __name__ == "__main__":
    main()
