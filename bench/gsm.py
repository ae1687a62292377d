"""GSM layer figures (not a test): latency, throughput, loss, event-loop blocking.

Run: ``.venv/bin/python bench/gsm.py [--messages 1000] [--sends 200] [--burst 200]``

The simulated modem runs in a child process (its own interpreter, so the
application's event loop measured here shares neither loop nor GIL with it);
the application side is the real ``Modem`` over a pty opened at 115200 baud.
A pty does not pace bytes like a UART, so the serial transfer time of the
bytes each step moves is printed next to the measured figure for comparison.
Timestamps are ``time.perf_counter()`` (CLOCK_MONOTONIC, shared by processes).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
from pathlib import Path
import sys
import time
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from custom_components.isocket.gsm.concat import IncomingSms  # noqa: E402
from custom_components.isocket.gsm.modem import Modem  # noqa: E402

MODEM_NUMBER = "+491701111111"
PHONE_NUMBER = "+491702222222"
BAUD = 115200
BITS_PER_BYTE = 10  # 8N1: start + 8 data + stop


# -- the simulator process ------------------------------------------------------------


async def simulator_main() -> None:
    """Serve a SimModem; obey one command per stdin line; stamp what it writes."""
    from simulator.clock import SimClock
    from simulator.modem import SimModem
    from simulator.network import GsmNetwork
    from simulator.phone import Phone

    clock = SimClock()
    network = GsmNetwork(clock)
    sim = SimModem(network, clock, MODEM_NUMBER)
    phone = Phone(network, PHONE_NUMBER)
    stamps: dict[str, list[float]] = {"cmti": [], "submit": []}
    emit, submit = sim.emit, sim.sms.submit

    def stamped_emit(*lines: str) -> None:
        if lines and lines[0].startswith("+CMTI"):
            stamps["cmti"].append(time.perf_counter())
        emit(*lines)

    def stamped_submit(pdu_hex: str, length: int) -> Any:
        stamps["submit"].append(time.perf_counter())
        return submit(pdu_hex, length)

    sim.emit = stamped_emit  # type: ignore[method-assign]
    sim.sms.submit = stamped_submit  # type: ignore[method-assign]
    print(await sim.start(), flush=True)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), sys.stdin
    )
    while line := (await reader.readline()).decode().strip():
        verb, _, arg = line.partition(" ")
        if verb == "sms":
            phone.send(MODEM_NUMBER, arg)
        elif verb == "burst":
            for n in range(int(arg)):
                phone.send(MODEM_NUMBER, f"burst {n:04d}")
        elif verb == "stamps":
            print(json.dumps(stamps), flush=True)
            stamps = {"cmti": [], "submit": []}
        elif verb == "quit":
            break
    await sim.stop()
    clock.close()


# -- the application side ----------------------------------------------------------------


class Ticker:
    """A 1 ms periodic task; its lateness is how long the loop was blocked.

    Lateness also counts time the OS gave the CPU to other processes; the CPU
    time the loop's thread consumed between two ticks tells our own blocking
    apart from that.
    """

    def __init__(self) -> None:
        """Not yet running."""
        self.lateness: list[float] = []
        self.busy: list[float] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start ticking."""
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + 0.001
            cpu = time.thread_time()
            await asyncio.sleep(0.001)
            self.lateness.append(loop.time() - due)
            self.busy.append(time.thread_time() - cpu)

    async def stop(self) -> None:
        """Stop ticking."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def ms(seconds: float) -> str:
    """Format milliseconds."""
    return f"{seconds * 1000:7.2f} ms"


def transfer(nbytes: int) -> float:
    """Seconds the bytes take on a 115200 baud 8N1 line."""
    return nbytes * BITS_PER_BYTE / BAUD


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


class Bench:
    """Drive the simulator process and the application's Modem."""

    def __init__(self, proc: asyncio.subprocess.Process, modem: Modem) -> None:
        """Wire the listener."""
        self.proc = proc
        self.modem = modem
        self.received: dict[str, float] = {}
        self.arrived = asyncio.Event()
        modem.add_sms_listener(self.on_sms)

    async def on_sms(self, sms: IncomingSms) -> bool:
        """Stamp each message on arrival."""
        self.received.setdefault(sms.text, time.perf_counter())
        self.arrived.set()
        return True

    async def tell(self, line: str) -> None:
        """Send a command line to the simulator."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        await self.proc.stdin.drain()

    async def stamps(self) -> dict[str, list[float]]:
        """Fetch (and reset) the simulator's timestamps."""
        await self.tell("stamps")
        assert self.proc.stdout is not None
        return json.loads(await self.proc.stdout.readline())  # type: ignore[no-any-return]

    async def wait_for(self, text: str, limit: float = 10.0) -> None:
        """Wait until ``text`` arrived."""
        async with asyncio.timeout(limit):
            while text not in self.received:
                self.arrived.clear()
                await self.arrived.wait()

    async def incoming_latency(self, count: int) -> list[float]:
        """+CMTI written by the simulator → decoded message in the listener."""
        texts = [f"latency {n:04d}" for n in range(count)]
        for text in texts:
            await self.tell(f"sms {text}")
            await self.wait_for(text)
        cmti = (await self.stamps())["cmti"]
        return [
            self.received[text] - start for text, start in zip(texts, cmti, strict=True)
        ]

    async def send_latency(self, count: int) -> list[float]:
        """send_sms() called → the PDU complete at the simulator."""
        starts = []
        for n in range(count):
            starts.append(time.perf_counter())
            await self.modem.send_sms(PHONE_NUMBER, f"ON {n:04d}")
        submits = (await self.stamps())["submit"]
        return [end - start for start, end in zip(starts, submits, strict=True)]

    async def burst(self, count: int) -> tuple[int, float]:
        """``count`` messages at once; returns (lost, seconds until the last)."""
        before = len(self.received)
        started = time.perf_counter()
        await self.tell(f"burst {count}")
        last = started
        while True:
            self.arrived.clear()
            try:
                async with asyncio.timeout(3.0):
                    await self.arrived.wait()
            except TimeoutError:
                break
            last = time.perf_counter()
            if len(self.received) - before >= count:
                break
        got = sum(1 for text in self.received if text.startswith("burst "))
        return count - got, last - started


async def open_simulator(script: str) -> tuple[asyncio.subprocess.Process, Modem]:
    """Start ``script --simulator`` as the child; the app's Modem on its pty."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        script,
        "--simulator",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    path = (await proc.stdout.readline()).decode().strip()
    modem = Modem(path, baudrate=BAUD, health_interval=3600, keepalive_interval=3600)
    return proc, modem


async def app_main(args: argparse.Namespace) -> None:
    """Run the figures and print them."""
    proc, modem = await open_simulator(__file__)
    bench = Bench(proc, modem)
    ticker = Ticker()
    try:
        await modem.connect()
        ticker.start()
        incoming = await bench.incoming_latency(args.messages)
        sending = await bench.send_latency(args.sends)
        lost, burst_seconds = await bench.burst(args.burst)
    finally:
        await ticker.stop()
        await modem.close()
        await bench.tell("quit")
        await proc.wait()

    # Bytes on the wire per incoming message: +CMTI, AT+CMGR, its reply (the
    # AT+CMGD after delivery is not on the measured path).
    sample = "latency 0000"
    pdu_chars = 2 * (
        1 + 7 + 1 + 1 + 7 + 7 + 1 + len(sample)
    )  # SCA..UD, 7-bit ~ 1 byte/char
    incoming_bytes = (
        len('\r\n+CMTI: "SM",1\r\n')
        + len("AT+CMGR=1\r")
        + len("\r\n+CMGR: 0,,24\r\n")
        + pdu_chars
        + 2
        + len("\r\nOK\r\n")
    )
    send_bytes = len("AT+CMGS=24\r") + len("\r\n> ") + 2 * 25 + 1
    print(
        f"incoming, {len(incoming)} messages one at a time (+CMTI written → listener):"
    )
    print(
        f"  p50 {ms(percentile(incoming, 50))}  p99 {ms(percentile(incoming, 99))}"
        f"  max {ms(max(incoming))}"
    )
    print(
        f"  serial transfer of the ~{incoming_bytes} bytes at {BAUD} baud: "
        f"{ms(transfer(incoming_bytes))}"
    )
    print(f"outgoing, {len(sending)} sends (send_sms() → PDU complete at the modem):")
    print(
        f"  p50 {ms(percentile(sending, 50))}  p99 {ms(percentile(sending, 99))}"
        f"  max {ms(max(sending))}"
    )
    print(f"  serial transfer of the ~{send_bytes} bytes: {ms(transfer(send_bytes))}")
    print(f"burst of {args.burst} incoming (storage 30 slots, network holds the rest):")
    print(f"  lost {lost}, all delivered after {burst_seconds:.2f} s")
    lateness = ticker.lateness
    print(f"event loop, 1 ms ticker over the whole run ({len(lateness)} ticks):")
    print(
        f"  lateness p50 {ms(percentile(lateness, 50))}  p99 {ms(percentile(lateness, 99))}"
        f"  max {ms(max(lateness))}"
    )
    busy = ticker.busy
    print("  CPU used by the loop between ticks (own blocking, without OS preemption):")
    print(
        f"  p50 {ms(percentile(busy, 50))}  p99 {ms(percentile(busy, 99))}"
        f"  max {ms(max(busy))}"
    )


def main() -> None:
    """Parse arguments; run either side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--sends", type=int, default=200)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--simulator", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    asyncio.run(simulator_main() if args.simulator else app_main(args))


if __name__ == "__main__":
    main()
