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

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.demo.stack import demo_stack  # noqa: E402


def idle_cpu(*, with_integration: bool, seconds: float, settle: float) -> float:
    """CPU seconds the hass process uses while idle for ``seconds``."""
    with (
        tempfile.TemporaryDirectory(prefix="isocket-bench-") as tmp,
        demo_stack(
            Path(tmp), with_integration=with_integration, debug_integration=False
        ) as stack,
    ):
        process = psutil.Process(stack.hass_pid)
        time.sleep(settle)
        before = process.cpu_times()
        time.sleep(seconds)
        after = process.cpu_times()
    return (after.user + after.system) - (before.user + before.system)


def main() -> None:
    """Measure both and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--settle", type=float, default=15.0)
    args = parser.parse_args()
    without = idle_cpu(with_integration=False, seconds=args.seconds, settle=args.settle)
    with_it = idle_cpu(with_integration=True, seconds=args.seconds, settle=args.settle)
    print(f"HA idle CPU time over {args.seconds:g} s (user+system of the hass process)")
    print(f"  without the integration  {without:7.3f} s ({without / args.seconds:.2%})")
    print(f"  with hub + one device    {with_it:7.3f} s ({with_it / args.seconds:.2%})")
    print(f"  difference               {with_it - without:+7.3f} s")


if __name__ == "__main__":
    main()
