"""Many iSockets on one modem through an in-process Home Assistant (not a test).

Run: ``.venv/bin/python bench/many_devices.py [--devices 50] [--send-latency 3]``

One simulated modem (a real pty, the SIM800 dialect, 20 message slots on the
SIM) and ``--devices`` emulated iSockets in one simulated GSM network (no
delivery latency; ``--send-latency`` seconds until the network confirms each
sent SMS, as a real one does after 1-6 s), and a
Home Assistant core in this process with the integration. The hub starts
with one device; the others are added as config subentries while it runs
(no reload). Reported:

- HA memory per device: traced Python allocations after adding the devices,
  minus before, divided by their number;
- the modem's own sending time: the STATUS SMS sent one after another straight
  through ``Modem.send_sms`` (no integration);
- STATUS to all at once (``async_refresh_status`` for every device together
  but the alerting ones), in ``ROUNDS`` rounds:
  how many were answered and the total time, against that sending time;
- alert → entity while that runs: mains alerts of a few more devices (not
  asked for STATUS: without mains they answer nothing), from the simulated
  device's alert to the mains-power entity's state change (p50/p99);
- the SIM store's peak use meanwhile (announced, not yet read and deleted);
- one device that never answers (detached from the network): the others'
  slowest answer, against the same burst without it.

With ``--send-latency`` the modem-alone time is not measured but computed
(devices × latency: the network's time alone), one STATUS round is run unless
``--rounds`` says otherwise, alerts come every ``--alert-pause`` seconds (1 s
by default then) and the silent-device part is left out (it would only repeat
the round).
"""

from __future__ import annotations

import argparse
import asyncio
from collections import deque
from collections.abc import Awaitable
import gc
from pathlib import Path
import statistics
import sys
import time
import tracemalloc
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
    subentry,
)
from homeassistant.config_entries import ConfigSubentry  # noqa: E402
from homeassistant.core import Event, HomeAssistant  # noqa: E402
from pytest_homeassistant_custom_component.common import (  # noqa: E402
    MockConfigEntry,
    async_test_home_assistant,
)

import custom_components.isocket  # noqa: E402, F401
from simulator.clock import SimClock  # noqa: E402
from simulator.isocket import ISocket  # noqa: E402
from simulator.modem import SimModem  # noqa: E402
from simulator.network import GsmNetwork  # noqa: E402
from simulator.phone import Phone  # noqa: E402

ALERTING = 5  # devices sending alerts during the burst
ALERT_PAUSE = 0.1  # seconds between two alerts (ten a second: a storm)
ROUNDS = 5  # STATUS bursts (each to every asked device)
SLOW_ALERT_PAUSE = 1.0  # with --send-latency: an alert a second


def _alerting(sockets: list[ISocket]) -> set[str]:
    return {socket.number for socket in sockets[:ALERTING]}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


FAILURES: dict[str, int] = {}


async def _timed(task: Awaitable[Any]) -> tuple[float, bool]:
    """When it finished (perf_counter) and whether it succeeded."""
    try:
        await task
    except Exception as err:
        name = f"{type(err).__name__}({err})"
        FAILURES[name] = FAILURES.get(name, 0) + 1
        return time.perf_counter(), False
    return time.perf_counter(), True


class AlertProbe:
    """Mains alerts of a few devices, timed from the alert to the entity change.

    Each alert waits in its entity's line for the state it must bring (off
    for a loss, on for a restore), so a slow one is timed from its own send,
    and one whose change never showed is counted as missed.
    """

    def __init__(
        self, hass: HomeAssistant, sockets: list[ISocket], pause: float
    ) -> None:
        self.sockets = sockets
        self.pause = pause
        self.samples: list[float] = []
        self.missed = 0
        self._sent: dict[str, deque[tuple[float, str]]] = {}
        hass.bus.async_listen("state_changed", self._changed)

    def _changed(self, event: Event[Any]) -> None:
        waiting = self._sent.get(event.data["entity_id"])
        new_state = event.data["new_state"]
        while waiting and new_state is not None:
            started, expected = waiting.popleft()
            if expected == new_state.state:
                self.samples.append(time.perf_counter() - started)
                return
            self.missed += 1

    @property
    def unseen(self) -> int:
        """Alerts whose change has not shown (yet)."""
        return sum(len(waiting) for waiting in self._sent.values())

    async def run(self, stop: asyncio.Event) -> None:
        lost = True
        while not (stop.is_set() and lost):  # end with the mains restored
            for index, socket in enumerate(self.sockets):
                entity = f"binary_sensor.socket_{index:02d}_mains_power"
                expected = "off" if lost else "on"
                waiting = self._sent.setdefault(entity, deque())
                waiting.append((time.perf_counter(), expected))
                socket.mains_lost() if lost else socket.mains_restored()
                await asyncio.sleep(self.pause)
            lost = not lost


class Options:
    """What the command line asked for."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.send_latency: float = args.send_latency
        slow = self.send_latency > 0
        self.rounds: int = args.rounds or (1 if slow else ROUNDS)
        self.alert_pause: float = args.alert_pause or (
            SLOW_ALERT_PAUSE if slow else ALERT_PAUSE
        )
        self.silent_part = not slow


async def bench(count: int, options: Options) -> None:
    """Set up, measure, print."""
    clock = SimClock()
    network = GsmNetwork(clock, submit_time=options.send_latency)
    modem = SimModem(network, clock, MODEM_NUMBER, imei=IMEI)
    owner = Phone(network, OWNER_NUMBER)
    sockets = [ISocket(network, clock, number(i)) for i in range(count)]
    # the first ALERTING sockets send alerts, the others are asked for STATUS
    path = await modem.start()
    for socket in sockets:  # the owner authorises the modem (spec §6)
        owner.send(socket.number, f"ALERTNUMBER+{MODEM_NUMBER[1:]}")
    clock.advance(1)
    try:
        async with async_test_home_assistant() as hass:
            prepare(hass)
            await _measure(hass, path, sockets, modem, options)
    finally:
        await modem.stop()
        for socket in sockets:
            socket.close()
        clock.close()


async def _measure(
    hass: HomeAssistant,
    path: str,
    sockets: list[ISocket],
    modem: SimModem,
    options: Options,
) -> None:
    network = modem.network
    count = len(sockets) - ALERTING
    entry = hub_entry(path, 1)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for index in range(1, len(sockets)):
        hass.config_entries.async_add_subentry(entry, ConfigSubentry(**subentry(index)))
    await hass.async_block_till_done()
    gc.collect()
    added = len(sockets) - 1
    per_device = (tracemalloc.get_traced_memory()[0] - before) / max(added, 1)
    tracemalloc.stop()
    runtime = entry.runtime_data
    assert len(runtime.devices) == len(sockets), "not every device started"
    alerting = [d for d in runtime.devices.values() if d.phone in _alerting(sockets)]
    devices = [d for d in runtime.devices.values() if d not in alerting]

    step("devices started")
    if options.send_latency:
        modem_time = count * options.send_latency  # the network's time alone
    else:
        # The modem alone: the STATUS SMS one after another.
        started = time.perf_counter()
        for socket in sockets[ALERTING:]:
            await runtime.hub.modem.send_sms(socket.number, "STATUS")
        modem_time = time.perf_counter() - started
        await asyncio.sleep(1)  # their replies arrive and are applied
        step("modem alone done")

    # Everything at once through the integration, alerts meanwhile.
    probe = AlertProbe(hass, sockets[:ALERTING], options.alert_pause)
    del alerting
    stop = asyncio.Event()
    storage = modem.sim.storage
    storage.peak = storage.used
    alerts = asyncio.create_task(probe.run(stop))
    bursts: list[float] = []
    answered = 0
    for _ in range(options.rounds):
        started = time.perf_counter()
        done = await asyncio.gather(
            *(_timed(device.async_refresh_status()) for device in devices)
        )
        bursts.append(time.perf_counter() - started)
        answered += sum(ok for _, ok in done)
    stop.set()
    await alerts
    for _ in range(100):  # the last alerts reach their entities
        if not probe.unseen:
            break
        await asyncio.sleep(0.1)
    peak = storage.peak
    step("burst done")
    if options.silent_part:
        silent_figures = await _silent_device(hass, entry, sockets, devices, network)
    else:
        await hass.config_entries.async_unload(entry.entry_id)
        silent_figures = None

    cuts = statistics.quantiles(probe.samples, n=100, method="inclusive")
    latency = (
        f", {options.send_latency:g} s per sent SMS" if options.send_latency else ""
    )
    print(
        f"{count} iSockets asked (+{ALERTING} alerting), one simulated modem"
        f"{latency}, in-process Home Assistant"
    )
    print(f"HA memory per device (traced)          {per_device / 1024:8.1f} KiB")
    kind = "computed" if options.send_latency else "measured"
    print(f"modem's own sending time, {count} SMS      {_ms(modem_time)}  ({kind})")
    burst = statistics.median(bursts)
    rounds = options.rounds
    print(f"STATUS to all at once: answered         {answered:8d} / {count * rounds}")
    print(
        f"STATUS to all at once: total, median    {_ms(burst)}"
        f"  (x{burst / modem_time:.2f} the modem's time; {rounds} rounds,"
        f" {_ms(min(bursts)).strip()} .. {_ms(max(bursts)).strip()})"
    )
    print(
        f"alert -> entity meanwhile, p50 / p99    {_ms(cuts[49])} / {_ms(cuts[98]).strip()}"
        f"  ({len(probe.samples)} alerts, max {_ms(max(probe.samples)).strip()})"
    )
    print(
        f"alerts whose change never showed        {probe.missed + probe.unseen:8d}"
        f"  (overtaken {probe.missed}, still waiting {probe.unseen})"
    )
    print(f"SIM store peak use meanwhile            {peak:8d} / {storage.size}")
    if silent_figures is not None:
        others_answered, others_slowest, silent_pending = silent_figures
        print(
            f"one device silent: others answered      {others_answered:8d} / {count - 1}"
        )
        print(
            f"one device silent: others' slowest      {_ms(others_slowest)}"
            f"  (silent one still waiting: {silent_pending})"
        )
    if FAILURES:
        print(f"failures (the silent one's, at unload, included): {FAILURES}")


async def _silent_device(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    sockets: list[ISocket],
    devices: list[Any],
    network: GsmNetwork,
) -> tuple[int, float, bool]:
    """One device never answers: the others do not wait for it."""
    network.detach(sockets[-1])
    started = time.perf_counter()
    tasks = [
        asyncio.create_task(_timed(device.async_refresh_status())) for device in devices
    ]
    others, silent = tasks[:-1], tasks[-1]
    finished = await asyncio.gather(*others)
    step("others answered")
    others_slowest = max(at for at, _ in finished) - started
    others_answered = sum(ok for _, ok in finished)
    silent_pending = not silent.done()
    await hass.config_entries.async_unload(entry.entry_id)  # ends the silent wait
    step("unloaded")
    await silent
    network.attach(sockets[-1])
    await hass.async_block_till_done()
    return others_answered, others_slowest, silent_pending


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=50, help="asked for STATUS")
    parser.add_argument(
        "--send-latency",
        type=float,
        default=0.0,
        help="seconds the network takes to confirm each sent SMS (real: 1-6)",
    )
    parser.add_argument("--rounds", type=int, default=0, help="STATUS rounds")
    parser.add_argument(
        "--alert-pause", type=float, default=0.0, help="seconds between alerts"
    )
    args = parser.parse_args()
    asyncio.run(bench(args.devices + ALERTING, Options(args)))


if __name__ == "__main__":
    main()
