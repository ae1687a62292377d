"""Chatty soak (not a test): many SMS through a modem that prints unasked lines.

Run: ``.venv/bin/python bench/chatty_soak.py [--messages 1000] [--seed 17]``

The simulated modem (``SimModem.chatty``) puts unknown vendor lines
(``+CIEV: 10,"26201"``, ``*PSUTTZ``, ``DST: 1``, ``UNDER-VOLTAGE WARNNING``,
``+CGEV``, a ``+CUSD`` with an odd number of quotes...) at random gaps of every
response, seeded; every ``--busy-every``-th SMS its read also fails once with
``+CMS ERROR: 314`` (SIM busy). The application's real ``Modem`` reads it over
a pty. Senders are several phones; every ``--long-every``-th SMS is long
(three parts). The storage holds 30 messages: when it is full the network
holds SMS back and retries, as an SMSC does.

Printed: sent, received, lost, duplicated, undecodable, chatter lines
injected, read errors injected, wall time, and receive latency (phone send →
application) p50/p99. The run fails (exit 1) unless lost, duplicated and
undecodable are all 0.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from pathlib import Path
import statistics
import sys
import time

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from custom_components.isocket.gsm.concat import IncomingSms  # noqa: E402
from custom_components.isocket.gsm.modem import Modem, UndecodableSms  # noqa: E402
from simulator.clock import SimClock  # noqa: E402
from simulator.modem import SimModem  # noqa: E402
from simulator.network import GsmNetwork  # noqa: E402
from simulator.phone import Phone  # noqa: E402

MODEM_NUMBER = "+491701111111"
SENDERS = [f"+4917022222{n:02d}" for n in range(8)]
FILLER = " all fine, socket on, temperature 21 C."


def text_of(n: int, long_every: int) -> str:
    """The n-th message: an id first, long (three parts) every ``long_every``-th."""
    head = f"soak {n:05d}"
    return head + FILLER * 10 if long_every and n % long_every == 0 else head


async def soak(args: argparse.Namespace) -> dict[str, float]:
    """Send ``args.messages`` SMS through the chatty modem; return the figures."""
    clock = SimClock()
    network = GsmNetwork(clock, seed=args.seed)
    sim = SimModem(network, clock, MODEM_NUMBER)
    phones = [Phone(network, number) for number in SENDERS]
    chatter = sim.chatty(args.seed, rate=args.rate)
    assert chatter is not None
    received: list[IncomingSms] = []
    undecodable: list[UndecodableSms] = []
    sent_at: dict[str, float] = {}
    latency: list[float] = []

    async def on_sms(sms: IncomingSms) -> bool:
        received.append(sms)
        key = sms.text[:10]
        if key in sent_at:
            latency.append(time.perf_counter() - sent_at[key])
        return True

    path = await sim.start()
    modem = Modem(path)
    modem.add_sms_listener(on_sms)
    modem.add_undecodable_listener(undecodable.append)
    busy = 0
    started = time.perf_counter()
    try:
        await modem.connect()
        await modem.start()
        for n in range(args.messages):
            text = text_of(n, args.long_every)
            if args.busy_every and n % args.busy_every == args.busy_every - 1:
                sim.fail_next_reads(314)
                busy += 1
            sent_at[text[:10]] = time.perf_counter()
            phones[n % len(phones)].send(MODEM_NUMBER, text)
            await asyncio.sleep(args.pace)
        deadline = time.perf_counter() + args.drain
        while time.perf_counter() < deadline and (  # noqa: ASYNC110 - polled figures
            len(received) < args.messages or sim.sim.storage.used or sim.sms.held
        ):
            await asyncio.sleep(0.05)
    finally:
        elapsed = time.perf_counter() - started
        await modem.close()
        await sim.stop()
        clock.close()
    counts = Counter(sms.text for sms in received)
    expected = {text_of(n, args.long_every) for n in range(args.messages)}
    ordered = sorted(latency)
    return {
        "sent": args.messages,
        "received": len(received),
        "lost": len(expected - set(counts)),
        "duplicated": sum(c - 1 for c in counts.values() if c > 1),
        "unexpected": len(set(counts) - expected),
        "undecodable": len(undecodable),
        "partial": sum(1 for sms in received if sms.partial),
        "chatter_lines": chatter.injected,
        "read_errors": busy,
        "left_stored": sim.sim.storage.used,
        "seconds": round(elapsed, 2),
        "latency_p50_ms": round(statistics.median(ordered) * 1000, 1)
        if ordered
        else 0.0,
        "latency_p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 1)
        if ordered
        else 0.0,
    }


def main() -> int:
    """Parse arguments, run the soak, print the figures; 1 if anything was lost."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--rate", type=float, default=0.3, help="chatter per gap")
    parser.add_argument("--long-every", type=int, default=10)
    parser.add_argument("--busy-every", type=int, default=50)
    parser.add_argument("--pace", type=float, default=0.01, help="seconds per SMS")
    parser.add_argument("--drain", type=float, default=120.0)
    args = parser.parse_args()
    figures = asyncio.run(soak(args))
    width = max(len(key) for key in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    bad = figures["lost"] or figures["duplicated"] or figures["undecodable"]
    return 1 if bad or figures["unexpected"] or figures["partial"] else 0


if __name__ == "__main__":
    sys.exit(main())
