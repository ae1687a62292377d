"""The whole demo stack in a temporary directory, for tests and benchmarks.

``with demo_stack(tmp_path) as stack:`` starts the simulator and ``hass`` on
free ports, onboards HA, adds the hub and the device, and stops both
processes on leaving the block, also when the block fails.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
import contextlib
from dataclasses import dataclass
import json
from pathlib import Path
import subprocess
from typing import Any
import urllib.request

from .dashboard import HISTORY_HOURS
from .haclient import HaClient
from .haconfig import HaConfig, link_modem, write_config
from .processes import (
    SimulatorProcess,
    free_port,
    start_hass,
    start_simulator,
    stop_process,
)
from .provision import (
    DEVICE_NAME,
    OWNER_NAME,
    PASSWORD,
    USER,
    DeviceSpec,
    Provisioned,
    provision,
)


def run_async[T](coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine in a fresh event loop without touching the current one.

    ``asyncio.run`` would reset the thread's current loop, which test
    frameworks that own that loop do not expect.
    """
    with asyncio.Runner(loop_factory=asyncio.new_event_loop) as runner:
        return runner.run(coro)


@dataclass
class Stack:
    """A running simulator and HA, set up with one hub and one device."""

    url: str
    simulator: SimulatorProcess
    provisioned: Provisioned
    config_dir: Path
    hass_log: Path
    # The owner's access token from setup (valid for 30 minutes).
    token: str
    hass_pid: int

    def state(self, entity_id: str) -> dict[str, Any]:
        """An entity's state, read synchronously (usable next to other loops)."""
        request = urllib.request.Request(
            f"{self.url}/api/states/{entity_id}",
            headers={"Authorization": f"Bearer {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            result: dict[str, Any] = json.loads(response.read())
        return result

    @contextlib.asynccontextmanager
    async def logged_in(self) -> AsyncIterator[HaClient]:
        """A REST/WebSocket client logged in as the demo user."""
        async with HaClient(self.url) as ha:
            await ha.login(USER, PASSWORD)
            yield ha

    def entity(self, key: str) -> str:
        """The entity id of the device's entity ``key`` (e.g. ``socket``)."""
        return self.provisioned.entities[key]


async def _setup(
    url: str,
    modem_port: str,
    simulator: SimulatorProcess,
    hass: subprocess.Popen[bytes],
    *,
    with_dashboard: bool,
    refresh: bool,
    history_hours: float,
) -> tuple[Provisioned, str]:
    async with HaClient(url) as ha:
        await ha.wait_until_up(within=300, alive=lambda: hass.poll() is None)
        await ha.create_owner(OWNER_NAME, USER, PASSWORD)
        assert ha.token is not None
        return await provision(
            ha,
            modem_port=modem_port,
            device=DeviceSpec(
                name=DEVICE_NAME,
                phone=simulator.device_number,
                password=simulator.device_password,
            ),
            with_dashboard=with_dashboard,
            refresh=refresh,
            history_hours=history_hours,
        ), ha.token


@contextlib.contextmanager
def demo_stack(
    work_dir: Path,
    *,
    with_ui: bool = False,
    with_integration: bool = True,
    debug_integration: bool = True,
    refresh: bool = False,
    modem_url: Callable[[str], str] | None = None,
    history_hours: float = HISTORY_HOURS,
) -> Iterator[Stack]:
    """Simulator + HA in ``work_dir``; both stopped on exit.

    ``with_integration=False`` starts the same HA without adding the hub
    (the idle-CPU benchmark's baseline); ``provisioned`` is then empty.
    ``refresh`` asks the device for its status once it is added (one SMS).
    ``modem_url`` maps the simulated modem's pty to the port the hub is given
    (e.g. a ser2net in front of it: ``socket://127.0.0.1:<port>``).
    ``history_hours``: the dashboard's temperature graph window (``with_ui``).
    """
    config_dir = work_dir / "config"
    port = free_port()
    write_config(
        config_dir,
        HaConfig(port=port, with_ui=with_ui, debug_integration=debug_integration),
        overwrite=True,
    )
    sim_log = (work_dir / "simulator.log").open("ab")
    hass_log_path = work_dir / "hass.log"
    hass_log = hass_log_path.open("ab")
    simulator = start_simulator(work_dir, control_port=0, log=sim_log)
    try:
        simulator.modem_path = link_modem(config_dir, simulator.modem_path)
        modem_port = (modem_url or str)(simulator.modem_path)
        hass = start_hass(config_dir, log=hass_log)
        try:
            url = f"http://127.0.0.1:{port}"
            if with_integration:
                provisioned, token = run_async(
                    _setup(
                        url,
                        modem_port,
                        simulator,
                        hass,
                        with_dashboard=with_ui,
                        refresh=refresh,
                        history_hours=history_hours,
                    )
                )
            else:
                token = run_async(_onboard_only(url, hass))
                provisioned = Provisioned("", "", "", {})
            yield Stack(
                url, simulator, provisioned, config_dir, hass_log_path, token, hass.pid
            )
        finally:
            stop_process(hass, timeout=30)
    finally:
        simulator.stop()
        sim_log.close()
        hass_log.close()


async def _onboard_only(url: str, hass: subprocess.Popen[bytes]) -> str:
    async with HaClient(url) as ha:
        await ha.wait_until_up(within=300, alive=lambda: hass.poll() is None)
        await ha.create_owner(OWNER_NAME, USER, PASSWORD)
        assert ha.token is not None
        return ha.token
