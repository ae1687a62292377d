"""CPU time of an idle Home Assistant with and without the integration (not a test).

Run: ``.venv/bin/python bench/ha_idle_cpu.py [--seconds 60] [--settle 15]``

Starts a real ``hass`` process twice with the same minimal configuration
(API, WebSocket, config; no frontend panels open): once with the hub and one
device added through the config flows, talking to the simulator's modem, and
once onboarded but without the hub. After ``--settle`` seconds it reads the
process's user+system CPU time over ``--seconds`` of idling. Nothing is
driven meanwhile: what remains is HA's own housekeeping plus the
integration's background work (modem health polls over AT, URC reading).
"""

from __future__ import annotations

import argparse
from pathlib import Path
import sys
import tempfile
import time

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.demo.stack import demo_stack  # noqa: E402


def cpu_seconds(pid: int) -> float:
    """CPU time of all threads of ``pid`` in nanosecond resolution (Linux).

    psutil's user/system times come in 10 ms ticks, too coarse for an idle
    process; the scheduler's per-thread run time (schedstat) is exact.
    """
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except FileNotFoundError, ProcessLookupError:
            continue  # the thread ended meanwhile
    return total / 1e9


def idle_cpu(*, with_integration: bool, seconds: float, settle: float) -> float:
    """CPU seconds the hass process uses while idle for ``seconds``."""
    with (
        tempfile.TemporaryDirectory(prefix="isocket-bench-") as tmp,
        demo_stack(
            Path(tmp), with_integration=with_integration, debug_integration=False
        ) as stack,
    ):
        time.sleep(settle)
        before = cpu_seconds(stack.hass_pid)
        time.sleep(seconds)
        after = cpu_seconds(stack.hass_pid)
    return after - before


def main() -> None:
    """Measure both and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--settle", type=float, default=15.0)
    args = parser.parse_args()
    without = idle_cpu(with_integration=False, seconds=args.seconds, settle=args.settle)
    with_it = idle_cpu(with_integration=True, seconds=args.seconds, settle=args.settle)
    print(f"HA idle CPU time over {args.seconds:g} s (all threads of the hass process)")
    for name, value in (
        ("without the integration", without),
        ("with hub + one device", with_it),
    ):
        print(f"  {name:24} {value * 1000:8.1f} ms ({value / args.seconds:.3%})")
    print(f"  {'difference':24} {(with_it - without) * 1000:+8.1f} ms")


if __name__ == "__main__":
    main()
