"""Run the demo: the simulator, a real Home Assistant on it, and a console.

``python -m scripts.demo [--config config] [--port 8123] [--host 127.0.0.1]``
(what ``scripts/develop`` runs). The first start creates ``config/`` with HA
onboarded and the integration configured; later starts reuse it. Type
simulator commands (``help``) on stdin, or use the control page.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from pathlib import Path
import select
import signal
import socket
import subprocess
import sys
import time

from .dashboard import DASHBOARD_URL_PATH, DASHBOARD_VIEW
from .haclient import HaClient, HaError
from .haconfig import ROOT, HaConfig, link_modem, write_config
from .processes import SimulatorProcess, start_hass, start_simulator, stop_process
from .provision import (
    DEVICE_NAME,
    OWNER_NAME,
    PASSWORD,
    USER,
    DeviceSpec,
    Provisioned,
    provision,
)


async def prepare(
    url: str,
    simulator: SimulatorProcess,
    hass: subprocess.Popen[bytes],
    *,
    with_dashboard: bool = True,
) -> Provisioned:
    """Onboard (first start) or log in, then add hub, device and dashboard."""
    async with HaClient(url) as ha:
        _say("waiting for Home Assistant (a first start installs its frontend)")
        await ha.wait_until_up(within=600, alive=lambda: hass.poll() is None)
        if await ha.needs_user():
            _say(f"onboarding: creating the user {USER!r}")
            await ha.create_owner(OWNER_NAME, USER, PASSWORD)
        else:
            await ha.login(USER, PASSWORD)
        device = DeviceSpec(
            name=DEVICE_NAME,
            phone=simulator.device_number,
            password=simulator.device_password,
            alarm_input="door",
        )
        return await provision(
            ha,
            modem_port=str(Path(simulator.modem_path)),
            device=device,
            with_dashboard=with_dashboard,
            refresh=True,
            say=_say,
        )


def _port_free(host: str, port: int) -> bool:
    """Whether HA can listen on ``host:port`` (HA would silently fall back)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As HA's server does: a previous run's connections in TIME_WAIT
        # do not count, only a listener does.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _say(line: str) -> None:
    print(f"demo: {line}", flush=True)


def _banner(url: str, simulator: SimulatorProcess, done: Provisioned | None) -> str:
    device_page = (
        f"{url}/config/devices/device/{done.device_id}"
        if done is not None
        else "(not set up: see the messages above)"
    )
    return f"""
================================================================
 iSocket demo is running

 Home Assistant   {url}
   user           {USER}
   password       {PASSWORD}
   dashboard      {url}/{DASHBOARD_URL_PATH}/{DASHBOARD_VIEW}
   device page    {device_page}
 Simulator page   {simulator.control_url}/
 iSocket number   {simulator.device_number}   (owner {simulator.owner_number})

 Type simulator commands here: `mains lost`, `mains restored`,
 `temp 21.5`, `sensor active`, `sensor normal`, `probe unplug`,
 `button`, `sms STATUS`, `status`, `help`.  Ctrl-C stops everything.
================================================================
"""


def _console(simulator: SimulatorProcess, hass: subprocess.Popen[bytes]) -> None:
    """Forward stdin lines to the simulator until a process ends or ``quit``."""
    stdin_open = True
    while hass.poll() is None and simulator.process.poll() is None:
        if not stdin_open:
            time.sleep(1)
            continue
        readable, _, _ = select.select([sys.stdin], [], [], 1.0)
        if not readable:
            continue
        line = sys.stdin.readline()
        if not line:
            stdin_open = False  # EOF (not a terminal): keep running
            continue
        if not line.strip():
            continue
        try:
            print(simulator.command(line.strip()), flush=True)
        except (RuntimeError, OSError) as err:
            print(f"error: {err}", flush=True)
        if line.strip() == "quit":
            return


def main() -> int:
    """Start everything, print where to go, wait, stop everything."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--config",
        type=Path,
        default=ROOT / "config",
        help="HA's config directory, created on the first start (default: config/)",
    )
    parser.add_argument(
        "--port", type=int, default=8123, help="HA's port (default: 8123)"
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address HA listens on (default: 127.0.0.1; 0.0.0.0 for all)",
    )
    parser.add_argument(
        "--control-port",
        type=int,
        default=8124,
        help="the simulator's control page on 127.0.0.1 (default: 8124)",
    )
    args = parser.parse_args()
    # SIGTERM (e.g. from `timeout`) unwinds like Ctrl-C, so the children stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not _port_free(args.host, args.port):
        print(
            f"demo: port {args.port} is in use (another Home Assistant?); "
            "stop it or choose another with --port",
            file=sys.stderr,
        )
        return 1
    config_dir: Path = args.config.resolve()
    write_config(config_dir, HaConfig(port=args.port, host=args.host))
    simulator = start_simulator(config_dir, control_port=args.control_port)
    link = link_modem(config_dir, simulator.modem_path)
    simulator.modem_path = link
    url = f"http://127.0.0.1:{args.port}"
    log_path = config_dir / "hass-console.log"
    print(f"demo: starting Home Assistant on {url} (log: {log_path})", flush=True)
    with log_path.open("ab") as log:
        hass = start_hass(config_dir, log=log)
    try:
        try:
            done: Provisioned | None = asyncio.run(prepare(url, simulator, hass))
        except (HaError, TimeoutError) as err:
            done = None
            _say(f"setting up did not work: {err}")
            _say(f"see {log_path} and {config_dir / 'home-assistant.log'}")
            if hass.poll() is not None:
                return 1
        print(_banner(url, simulator, done), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            _console(simulator, hass)
    finally:
        print("demo: stopping", flush=True)
        stop_process(hass, timeout=60)
        simulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
