"""HA restart soak: 50 iSockets, sends of seconds, Home Assistant restarts mid-round (not a test).

Run: ``.venv/bin/python bench/restart_soak.py [--devices 50] [--send-latency 3]``

One simulated modem on a pty (20 message slots on the SIM), ``--devices``
emulated iSockets, the network taking ``--send-latency`` seconds per sent
SMS, and a Home Assistant core in this process with the integration. Every
device is asked for STATUS at once; ``--restart-after`` seconds in, Home
Assistant restarts: the hub is unloaded (the modem's port closes, what waits
in the outbox fails with ``isocket_sms_not_sent``, reason ``unloaded``), HA
stays down ``--down`` seconds (the devices' replies pile up on the SIM and
in the network), and the hub is set up again (its start-up sweep reads what
arrived meanwhile). A second round then asks every device again.

Reported per round: STATUS sent by the modem, answered, failed (by error),
lost (neither answered nor failed when the round ended), sent twice to one
device (duplicates), the slowest failure against the command expiry, the
not-sent events; and the day's SMS count kept across the restart against
what the network saw.

The hub is set up again in the same process (as HA's restart does it: a new
modem session, new coordinators, the stored SMS count read back); a setup
that HA would retry later (``ConfigEntryNotReady``, logged by HA only at
info level) is reported with its reason.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from pathlib import Path
import sys
import time
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# bench/ is this script's own directory on sys.path (as for bench/gateway.py);
# fleet imports the integration before HA's loader looks for it.
from fleet import (  # noqa: E402
    IMEI,
    MODEM_NUMBER,
    OWNER_NUMBER,
    hub_entry,
    number,
    prepare,
    step,
)
from homeassistant.config_entries import ConfigEntryState  # noqa: E402
from homeassistant.core import Event, HomeAssistant  # noqa: E402
from pytest_homeassistant_custom_component.common import (  # noqa: E402
    MockConfigEntry,
    async_test_home_assistant,
)

from custom_components.isocket.const import (  # noqa: E402
    CONF_MAX_SMS_PER_DAY,
    DEFAULT_COMMAND_EXPIRY,
    EVENT_SMS_NOT_SENT,
)
from custom_components.isocket.helpers import translate_error  # noqa: E402
from simulator.clock import SimClock  # noqa: E402
from simulator.isocket import ISocket  # noqa: E402
from simulator.modem import SimModem  # noqa: E402
from simulator.network import GsmNetwork  # noqa: E402
from simulator.phone import Phone  # noqa: E402

EXPIRY = DEFAULT_COMMAND_EXPIRY * 60.0


class Round:
    """Every device asked for STATUS at once; how each ask ended, and when."""

    def __init__(self, network: GsmNetwork) -> None:
        self.network = network
        self.first = len(network.sent_log)
        self.outcomes: Counter[str] = Counter()
        self.slowest_failure = 0.0
        self.tasks: list[asyncio.Task[None]] = []
        self.started = time.perf_counter()

    def ask_all(self, entry: MockConfigEntry) -> None:
        for device in entry.runtime_data.devices.values():
            self.tasks.append(asyncio.create_task(self._ask(device)))

    async def _ask(self, device: Any) -> None:
        started = time.perf_counter()
        try:
            await device.async_refresh_status()
        except Exception as err:  # counted by its translated kind
            shown = translate_error(err)
            key = getattr(shown, "translation_key", None) or type(err).__name__
            self.outcomes[f"failed: {key}"] += 1
            self.slowest_failure = max(
                self.slowest_failure, time.perf_counter() - started
            )
        else:
            self.outcomes["answered"] += 1

    async def end(self, limit: float) -> dict[str, Any]:
        """Wait for every ask (at most ``limit`` s); the round's figures."""
        _done, pending = await asyncio.wait(self.tasks, timeout=limit)
        for task in pending:
            task.cancel()
        elapsed = time.perf_counter() - self.started
        sent = Counter(
            sms.recipient
            for sms in self.network.sent_log[self.first :]
            if sms.sender == MODEM_NUMBER and sms.text == "STATUS"
        )
        return {
            "asked": len(self.tasks),
            "sent": sum(sent.values()),
            "outcomes": dict(sorted(self.outcomes.items())),
            "lost": len(pending),
            "duplicates": sum(n - 1 for n in sent.values() if n > 1),
            "slowest failure": self.slowest_failure,
            "time": elapsed,
        }


async def _restart(
    hass: HomeAssistant, entry: MockConfigEntry, down: float
) -> tuple[str, float]:
    """Unload, stay down ``down`` s, set up again; the state and the setup time."""
    await hass.config_entries.async_unload(entry.entry_id)
    await asyncio.sleep(down)
    started = time.perf_counter()
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=False)
    state = entry.state.value
    if entry.state is not ConfigEntryState.LOADED:
        state += f" ({entry.reason})"
    return state, time.perf_counter() - started


async def bench(count: int, latency: float, restart_after: float, down: float) -> None:
    """Set up, run the two rounds around the restart, print."""
    clock = SimClock()
    network = GsmNetwork(clock, submit_time=latency)
    modem = SimModem(network, clock, MODEM_NUMBER, imei=IMEI)
    owner = Phone(network, OWNER_NUMBER)
    sockets = [ISocket(network, clock, number(i)) for i in range(count)]
    path = await modem.start()
    for socket in sockets:  # the owner authorises the modem (spec §6)
        owner.send(socket.number, f"ALERTNUMBER+{MODEM_NUMBER[1:]}")
    clock.advance(1)
    not_sent: list[Event] = []
    try:
        async with async_test_home_assistant() as hass:
            prepare(hass)
            hass.bus.async_listen(EVENT_SMS_NOT_SENT, not_sent.append)
            # Two rounds: more than a day's default cap.
            entry = hub_entry(path, count, options={CONF_MAX_SMS_PER_DAY: 0})
            entry.add_to_hass(hass)
            assert await hass.config_entries.async_setup(entry.entry_id)
            await hass.async_block_till_done()
            first_sent = len(network.sent_log)
            step("devices started; round 1")
            first = Round(network)
            first.ask_all(entry)
            await asyncio.sleep(restart_after)
            queued = entry.runtime_data.hub.outbox.queued
            step(f"HA restart ({queued} SMS waiting in the outbox)")
            state, setup_time = await _restart(hass, entry, down)
            step(f"set up again: {state}")
            before = await first.end(EXPIRY)
            unloaded = len(not_sent)
            await asyncio.sleep(2 * latency + 2)  # late replies are read and applied
            second: dict[str, Any] | None = None
            if entry.state is ConfigEntryState.LOADED:
                step("round 2")
                again = Round(network)
                again.ask_all(entry)
                second = await again.end(EXPIRY + count * (latency + 1))
            counted = entry.runtime_data.hub.sms_sent_today
            by_modem = sum(
                1 for sms in network.sent_log[first_sent:] if sms.sender == MODEM_NUMBER
            )
            await hass.config_entries.async_unload(entry.entry_id)
    finally:
        await modem.stop()
        for socket in sockets:
            socket.close()
        clock.close()
    print(
        f"{count} iSockets, {latency:g} s per sent SMS, HA restart {restart_after:g} s"
        f" into the round, down {down:g} s; in-process Home Assistant on a pty"
    )
    print(f"setup after the restart: {state} in {setup_time:.1f} s")
    for name, result in (("before restart", before), ("after restart", second)):
        if result is None:
            print(f"{name:15s} not run (the hub did not come back)")
            continue
        print(
            f"{name:15s} asked {result['asked']}, STATUS sent {result['sent']},"
            f" {result['outcomes']}, lost {result['lost']},"
            f" duplicated {result['duplicates']}, round {result['time']:.1f} s,"
            f" slowest failure {result['slowest failure']:.1f} s"
            f" (expiry {EXPIRY:.0f} s)"
        )
    print(
        f"isocket_sms_not_sent events: {unloaded} at the restart"
        f" (reason {Counter(e.data['reason'] for e in not_sent)})"
    )
    print(
        f"SMS counted today {counted}, SMS the network took from the modem {by_modem}"
    )


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--send-latency", type=float, default=3.0)
    parser.add_argument("--restart-after", type=float, default=20.0)
    parser.add_argument("--down", type=float, default=10.0)
    args = parser.parse_args()
    asyncio.run(bench(args.devices, args.send_latency, args.restart_after, args.down))


if __name__ == "__main__":
    main()
