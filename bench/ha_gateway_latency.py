"""Incoming SMS → the hub's Incoming SMS event entity, through a running Home Assistant.

Run: ``.venv/bin/python bench/ha_gateway_latency.py [--samples 40]``

The same set-up as ``bench/ha_latency.py`` (simulator process, a real
``hass`` process, hub and device added through the flows): the stranger's
phone in the simulator texts the modem, and the figure is from the moment
that SMS reaches the simulated modem to the ``last_changed`` of the event
entity, comparable to that script's alert → entity figure. Half the
messages are GSM 7-bit, half UCS-2.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
import sys
import tempfile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# bench/ is this script's own directory on sys.path (as for bench/gateway.py).
from ha_latency import _state_event, _wire_entry, percentiles  # noqa: E402

from scripts.demo.provision import hub_entity  # noqa: E402
from scripts.demo.stack import Stack, demo_stack, run_async  # noqa: E402

TEXTS = ("Hallo, bench {index}", "Привет, bench {index} ✓")


async def sms_to_event(stack: Stack, samples: int) -> list[float]:
    """The stranger's SMS at the modem → the Incoming SMS entity changes."""
    results: list[float] = []
    async with stack.logged_in() as ha, ha.websocket() as ws:
        entity_id = await hub_entity(ws, stack.provisioned.entry_id, "incoming_sms")
        assert entity_id is not None, "no Incoming SMS entity"
        await ws.subscribe_events("state_changed")
        for index in range(samples):
            text = TEXTS[index % 2].format(index=index)
            since = len(stack.simulator.wire_log())
            stack.simulator.command(f"stranger {text}")
            state = await _state_event(ws, entity_id, lambda _state: True)
            assert state["attributes"]["text"] == text
            changed = datetime.fromisoformat(state["last_changed"]).timestamp()
            entry = _wire_entry(stack, since, "to_modem", text.__eq__)
            results.append(changed - entry["t"])
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
        samples = run_async(sms_to_event(stack, args.samples))
    print(f"HA gateway latency, real hass process + simulator, {args.samples} SMS")
    print(f"{'':34} {'min ms':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    figures = " ".join(f"{value:8.1f}" for value in percentiles(samples))
    print(f"{'stranger SMS at modem -> event':34} {figures}")


if __name__ == "__main__":
    main()
