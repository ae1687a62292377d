"""Latency through a running Home Assistant against the simulator (not a test).

Run: ``.venv/bin/python bench/ha_latency.py [--samples 40]``

Starts the simulator process and a real ``hass`` process (temporary config,
the hub and one device added through the config flows), then measures:

- alert → entity: from the moment the device's alert SMS (power failure /
  power restored) reaches the simulated modem to the ``last_changed`` of the
  mains-power entity;
- action → wire: from just before the ``switch.turn_on``/``turn_off`` REST call
  to the moment the modem hands the command SMS (its PDU, after ``AT+CMGS``)
  to the simulated network.

Both ends are wall-clock times (``time.time()`` in the simulator process and
in this process, HA's own timestamps for the state) on the same machine.
The simulated network adds no latency: the figures are the integration's,
HA's and the serial line's (a pty: no 115200-baud pacing).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from functools import partial
from operator import eq
from pathlib import Path
import statistics
import sys
import tempfile
import time
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.demo.haclient import HaWebSocket  # noqa: E402
from scripts.demo.stack import Stack, demo_stack, run_async  # noqa: E402

ALERT_PREFIXES = ("Power failure", "Power supply restored")


def percentiles(samples: list[float]) -> tuple[float, float, float, float]:
    """min, p50, p99 and max, in milliseconds."""
    ms = sorted(s * 1000 for s in samples)
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return ms[0], cuts[49], cuts[98], ms[-1]


async def _state_event(
    ws: HaWebSocket, entity_id: str, wanted: Callable[[str], bool]
) -> dict[str, Any]:
    while True:
        event = await ws.next_event()
        data = event["data"]
        new_state = data.get("new_state") or {}
        state = new_state.get("state")
        if (
            data.get("entity_id") == entity_id
            and isinstance(state, str)
            and wanted(state)
        ):
            return new_state


def _starts_with(*prefixes: str) -> Callable[[str], bool]:
    return lambda text: text.startswith(prefixes)


def _wire_entry(
    stack: Stack, since: int, direction: str, match: Callable[[str], bool]
) -> dict[str, Any]:
    """Wait for the first SMS at the modem (from index ``since``) that matches."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for entry in stack.simulator.wire_log(since):
            if entry["direction"] == direction and match(entry["text"]):
                return entry
        time.sleep(0.02)
    raise TimeoutError(f"no {direction} SMS in time")


async def alert_to_entity(stack: Stack, samples: int) -> list[float]:
    """Power failure/restored alerts: modem receives the SMS → mains entity changes."""
    mains = stack.entity("mains_power")
    results: list[float] = []
    async with stack.logged_in() as ha, ha.websocket() as ws:
        await ws.subscribe_events("state_changed")
        for index in range(samples):
            lost = index % 2 == 0
            since = len(stack.simulator.wire_log())
            stack.simulator.command("mains lost" if lost else "mains restored")
            wanted = "off" if lost else "on"
            state = await _state_event(ws, mains, partial(eq, wanted))
            changed = datetime.fromisoformat(state["last_changed"]).timestamp()
            entry = _wire_entry(stack, since, "to_modem", _starts_with(*ALERT_PREFIXES))
            results.append(changed - entry["t"])
    return results


async def action_to_wire(stack: Stack, samples: int) -> list[float]:
    """switch.turn_on/off: REST call starts → the command SMS leaves the modem."""
    socket = stack.entity("socket")
    results: list[float] = []
    async with stack.logged_in() as ha:
        for index in range(samples):
            on = index % 2 == 0
            since = len(stack.simulator.wire_log())
            started = time.time()
            await ha.call(
                "switch", "turn_on" if on else "turn_off", {"entity_id": socket}
            )
            command = "ON" if on else "OFF"
            sent = _wire_entry(stack, since, "from_modem", partial(eq, command))
            results.append(sent["t"] - started)
            # Let the device's confirmation arrive before the next command.
            reply = f"Power socket {command}"
            _wire_entry(stack, since, "to_modem", _starts_with(reply))
    return results


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=40)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="isocket-bench-") as tmp,
        demo_stack(Path(tmp), debug_integration=False) as stack,
    ):
        alerts = run_async(alert_to_entity(stack, args.samples))
        actions = run_async(action_to_wire(stack, args.samples))
    print(f"HA latency, real hass process + simulator, {args.samples} samples each")
    print(f"{'':32} {'min ms':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, samples in (
        ("alert SMS at modem -> entity", alerts),
        ("action call -> PDU on the wire", actions),
    ):
        figures = " ".join(f"{value:8.1f}" for value in percentiles(samples))
        print(f"{name:32} {figures}")


if __name__ == "__main__":
    main()
