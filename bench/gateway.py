"""Gateway figures (not a test): stranger SMS → listener, USSD and long-send round trips.

Run: ``.venv/bin/python bench/gateway.py [--messages 300] [--long 100] [--ussd 200]``

As in ``bench/gsm.py`` the simulated world runs in a child process and the
application's real ``Modem`` opens its pty at 115200 baud. A stranger's phone
texts the modem; the time runs from the moment the phone hands the SMS to the
network (the network has no latency here, so the modem announces it at once)
to the moment the decoded, reassembled message reaches the SMS listener.
USSD and sending are timed around the ``Modem`` call. Timestamps are
``time.perf_counter()`` (CLOCK_MONOTONIC, shared by both processes).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
import sys
import time

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# bench/ is this script's own directory on sys.path (a "bench" package in
# site-packages shadows it as a package name).
from gsm import Bench, Ticker, ms, open_simulator, percentile  # noqa: E402

from custom_components.isocket.gsm.sms_text import plan_sms  # noqa: E402

MODEM_NUMBER = "+491701111111"
STRANGER_NUMBER = "+4915799999999"
BAUD = 115200
BALANCE_UCS2 = "Баланс: 123,45 руб. Действует до 31.12.2027."
# 330 characters of UCS2 text (emoji take two units): six concatenated parts.
LONG = "Привет! Это длинное сообщение с 😀 и € для теста шлюза. " * 6


# -- the simulator process ------------------------------------------------------------


async def simulator_main() -> None:
    """Serve the world; a stranger texts on command; stamp each hand-over."""
    from simulator.clock import SimClock
    from simulator.modem import SimModem
    from simulator.network import GsmNetwork, UssdReply
    from simulator.phone import Phone

    clock = SimClock()
    network = GsmNetwork(clock)
    network.ussd_replies["*101#"] = UssdReply(BALANCE_UCS2, "ucs2")
    sim = SimModem(network, clock, MODEM_NUMBER)
    stranger = Phone(network, STRANGER_NUMBER)
    sent: list[float] = []
    print(await sim.start(), flush=True)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), sys.stdin
    )
    while line := (await reader.readline()).decode().rstrip("\n"):
        verb, _, arg = line.partition(" ")
        if verb == "sms":
            sent.append(time.perf_counter())
            stranger.send(MODEM_NUMBER, json.loads(arg))
        elif verb == "stamps":
            print(json.dumps(sent), flush=True)
            sent = []
        elif verb == "quit":
            break
    await sim.stop()
    clock.close()


# -- the application side ----------------------------------------------------------------


class Gateway(Bench):
    """Drive the simulator process and the application's Modem."""

    async def incoming(self, texts: list[str]) -> list[float]:
        """Each text from the stranger, one at a time: hand-over → listener."""
        for text in texts:
            await self.tell(f"sms {json.dumps(text)}")
            async with asyncio.timeout(10.0):
                while text not in self.received:
                    self.arrived.clear()
                    await self.arrived.wait()
        await self.tell("stamps")
        assert self.proc.stdout is not None
        sent = json.loads(await self.proc.stdout.readline())
        return [
            self.received[text] - start for text, start in zip(texts, sent, strict=True)
        ]

    async def ussd(self, code: str, count: int) -> list[float]:
        """``count`` USSD requests, one at a time: call → decoded answer."""
        times = []
        for _ in range(count):
            start = time.perf_counter()
            await self.modem.ussd(code)
            times.append(time.perf_counter() - start)
        return times

    async def send_long(self, count: int) -> list[float]:
        """``count`` long UCS2 messages to the stranger: call → every part sent."""
        times = []
        for n in range(count):
            start = time.perf_counter()
            await self.modem.send_message(STRANGER_NUMBER, f"{n:03d} {LONG}")
            times.append(time.perf_counter() - start)
        return times


def line(label: str, values: list[float]) -> str:
    """One figure: label, count, p50, p99, max."""
    return (
        f"{label} ({len(values)}):\n  p50 {ms(percentile(values, 50))}"
        f"  p99 {ms(percentile(values, 99))}  max {ms(max(values))}"
    )


async def app_main(args: argparse.Namespace) -> None:
    """Run the figures and print them."""
    proc, modem = await open_simulator(__file__)
    gateway = Gateway(proc, modem)
    ticker = Ticker()
    try:
        await modem.connect()
        ticker.start()
        short = await gateway.incoming([f"Hallo {n:04d}" for n in range(args.messages)])
        long = await gateway.incoming([f"{n:03d} {LONG}" for n in range(args.long)])
        ussd_gsm7 = await gateway.ussd("*100#", args.ussd)
        ussd_ucs2 = await gateway.ussd("*101#", args.ussd)
        sends = await gateway.send_long(args.long)
    finally:
        await ticker.stop()
        await modem.close()
        await gateway.tell("quit")
        await proc.wait()
    print(line("incoming stranger SMS, 1 part (phone → sms listener)", short))
    parts = plan_sms(f"000 {LONG}").count
    print(line(f"incoming stranger SMS, {parts} UCS2 parts reassembled", long))
    print(line("USSD *100# round trip, GSM 7-bit answer", ussd_gsm7))
    print(line("USSD *101# round trip, UCS2 answer", ussd_ucs2))
    print(line(f"send_message, {parts} UCS2 parts (call → all +CMGS answered)", sends))
    print(line("event loop lateness over the whole run (1 ms ticker)", ticker.lateness))


def main() -> None:
    """Parse arguments; run either side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--long", type=int, default=100)
    parser.add_argument("--ussd", type=int, default=200)
    parser.add_argument("--simulator", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    asyncio.run(simulator_main() if args.simulator else app_main(args))


if __name__ == "__main__":
    main()
