"""The simulator process: a modem on a pty, one iSocket, the owner's phone.

Commands come from stdin (one per line, ``help`` lists them) and from a small
control page on 127.0.0.1 (HTML for people, JSON for the tests and benchmarks):

- ``GET /``               the control page
- ``GET /api/status``     the emulated device's and the modem's state
- ``POST /api/command``   ``{"command": "mains lost"}`` → ``{"ok": true, "output": "..."}``
- ``GET /api/wire?since=N`` SMS that reached or left the modem, with wall-clock
  times (``time.time()``), for latency and SMS-cost figures.

``python -m scripts.demo.simserver --control-port 8124 --ready-file PATH``;
the ready file receives JSON with the modem path, the numbers and the control
URL once everything is up (the parent process waits for it).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
from pathlib import Path
import signal
import stat
import sys

from aiohttp import web

from simulator.console import COMMANDS

from .simworld import DemoWorld

_LOGGER = logging.getLogger(__name__)
PAGE = Path(__file__).with_name("control.html")


class Console:
    """Runs command lines against the world; ``quit`` sets ``stop``."""

    def __init__(self, world: DemoWorld, stop: asyncio.Event) -> None:
        """Commands act on ``world``."""
        self.world = world
        self._stop = stop

    def run(self, line: str) -> tuple[bool, str]:
        """Run one line; (success, output)."""
        ok, output = self.world.run(line)
        if ok and output == "quit":
            self._stop.set()
            return True, "bye"
        return ok, output


def _routes(console: Console) -> web.RouteTableDef:
    routes = web.RouteTableDef()

    @routes.get("/")
    async def page(request: web.Request) -> web.Response:
        return web.Response(
            text=PAGE.read_text(encoding="utf-8"), content_type="text/html"
        )

    @routes.get("/api/status")
    async def status(request: web.Request) -> web.Response:
        return web.json_response(console.world.status())

    @routes.get("/api/commands")
    async def commands(request: web.Request) -> web.Response:
        return web.json_response([{"usage": c.usage, "help": c.help} for c in COMMANDS])

    @routes.post("/api/command")
    async def command(request: web.Request) -> web.Response:
        body = await request.json()
        ok, output = console.run(str(body.get("command", "")))
        return web.json_response({"ok": ok, "output": output})

    @routes.get("/api/wire")
    async def wire(request: web.Request) -> web.Response:
        since = int(request.query.get("since", "0"))
        return web.json_response(console.world.wire_log[since:])

    return routes


async def _read_stdin(console: Console) -> None:
    """Run console commands typed on stdin until EOF (EOF does not stop us)."""
    mode = os.fstat(sys.stdin.fileno()).st_mode
    if not (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or sys.stdin.isatty()):
        return  # /dev/null or a file: the control page is the only input
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    try:
        await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), sys.stdin
        )
    except ValueError, OSError:
        return  # /dev/null or a closed stdin: the web page is the only input
    while line := await reader.readline():
        text = line.decode(errors="replace").strip()
        if not text:
            continue
        ok, output = console.run(text)
        print(output if ok else f"error: {output}", flush=True)


async def serve(control_port: int, ready_file: Path | None, speed: float) -> None:
    """Run the world and the control page until ``quit`` or a signal."""
    world = DemoWorld(speed=speed)
    modem_path = await world.start()
    stop = asyncio.Event()
    console = Console(world, stop)
    app = web.Application()
    app.add_routes(_routes(console))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", control_port).start()
    except OSError:
        # Taken (another demo?): any free port will do, it is printed below.
        await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    control_url = f"http://127.0.0.1:{port}"
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    info = {
        "control_url": control_url,
        "modem_path": modem_path,
        **world.numbers(),
    }
    print(
        f"simulator: modem on {modem_path}\n"
        f"simulator: iSocket {info['device_number']}, owner's phone "
        f"{info['owner_number']}, modem's SIM {info['modem_number']}\n"
        f"simulator: control page {control_url}/ ; type `help` for commands",
        flush=True,
    )
    if ready_file is not None:
        temporary = ready_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(info), encoding="utf-8")
        temporary.replace(ready_file)
    stdin_task = asyncio.create_task(_read_stdin(console))
    try:
        await stop.wait()
    finally:
        stdin_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await stdin_task
        await runner.cleanup()
        await world.stop()


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--control-port", type=int, default=8124)
    parser.add_argument("--ready-file", type=Path)
    parser.add_argument(
        "--speed", type=float, default=1.0, help="simulated seconds per real second"
    )
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING)
    asyncio.run(serve(args.control_port, args.ready_file, args.speed))


if __name__ == "__main__":
    main()
