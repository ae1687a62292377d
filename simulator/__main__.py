"""``python -m simulator``: run a simulated world and drive it from stdin.

Prints the modem's device path (and TCP port with ``--tcp``), then reads
console commands (``help`` lists them). With stdin closed (run in the
background) it keeps running until SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys

from .console import ConsoleError, Quit, run_command
from .isocket_wording import MODES
from .network import NetworkSms
from .quirks import PRESETS
from .world import World


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m simulator", description=__doc__)
    parser.add_argument(
        "--speed", type=float, default=1.0, help="simulated seconds per real second"
    )
    parser.add_argument(
        "--tcp",
        type=int,
        nargs="?",
        const=0,
        default=None,
        metavar="PORT",
        help="also serve the modem on 127.0.0.1:PORT (default: any free port)",
    )
    parser.add_argument("--pin", default=None, help="the SIM wants this PIN")
    parser.add_argument(
        "--modem", choices=sorted(PRESETS), default="sim800", help="modem dialect"
    )
    parser.add_argument(
        "--latency", type=float, default=0.0, help="SMS latency in seconds"
    )
    parser.add_argument("--loss", type=float, default=0.0, help="fraction of SMS lost")
    parser.add_argument(
        "--send-time",
        type=float,
        default=0.0,
        help="seconds the network takes per sent SMS (a real one: 1-6)",
    )
    parser.add_argument(
        "--wording",
        choices=MODES,
        default="exact",
        help="the iSocket's texts: the manual's, or varied wordings",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="random seed of the varied wording"
    )
    return parser


async def _lines() -> asyncio.StreamReader | None:
    """stdin as a stream, or None when it cannot be watched (a regular file)."""
    reader = asyncio.StreamReader()
    loop = asyncio.get_running_loop()
    try:
        await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), sys.stdin
        )
    except ValueError, OSError:
        return None
    return reader


def _flash(sms: NetworkSms) -> str:
    """A flash SMS (class 0) is shown at once on the phone's screen."""
    return "FLASH " if sms.flash else ""


def _say(text: str) -> None:
    if text:
        print(text, flush=True)


async def _console(world: World, stop: asyncio.Event) -> None:
    reader = await _lines()
    while reader is not None and not stop.is_set():
        raw = await reader.readline()
        if not raw:
            return  # stdin closed: keep running until a signal
        try:
            _say(run_command(world, raw.decode(errors="replace")))
        except ConsoleError as err:
            _say(f"error: {err}")
        except Quit:
            stop.set()


async def main(argv: list[str] | None = None) -> None:
    """Start the world, print where the modem is, serve the console."""
    args = _parser().parse_args(argv)
    world = World(
        speed=args.speed,
        pin=args.pin,
        quirks=PRESETS[args.modem],
        latency=args.latency,
        loss=args.loss,
        submit_time=args.send_time,
        wording=args.wording,
        wording_seed=args.seed,
    )
    await world.start(tcp=args.tcp is not None, tcp_port=args.tcp or 0)
    world.owner.add_sms_listener(
        lambda sms: _say(f"[owner phone] {_flash(sms)}from {sms.sender}: {sms.text}")
    )
    world.stranger.add_sms_listener(
        lambda sms: _say(f"[stranger phone] {_flash(sms)}from {sms.sender}: {sms.text}")
    )
    _say(f"modem: {world.modem_path}")
    if world.tcp_port is not None:
        _say(f"tcp: socket://127.0.0.1:{world.tcp_port}")
    _say(f"device: {world.isocket.number}  owner: {world.owner.number}  (type 'help')")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    console = asyncio.create_task(_console(world, stop))
    try:
        await stop.wait()
    finally:
        console.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await console
        await world.stop()


if __name__ == "__main__":
    asyncio.run(main())
