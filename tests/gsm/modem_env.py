"""A simulated world for end-to-end modem tests: SimModem on a real pty.

No mocking: the application's ``Modem`` opens the simulator's pty through
serialx and speaks AT to it. Timeouts and backoffs are shortened through the
``Modem`` parameters so the suite stays fast.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from custom_components.isocket.gsm.concat import IncomingSms
from custom_components.isocket.gsm.modem import IncomingCall, Modem, UndecodableSms
from custom_components.isocket.gsm.pdu import StatusReport
from custom_components.isocket.gsm.sms_send import SendPolicy
from simulator.clock import SimClock
from simulator.modem import SimModem
from simulator.network import GsmNetwork
from simulator.phone import Phone

MODEM_NUMBER = "+491701111111"
PHONE_NUMBER = "+491702222222"

FAST: dict[str, Any] = {
    "command_timeout": 1.0,
    "sim_timeout": 1.0,
    "register_timeout": 0.5,
    "poll_interval": 0.02,
    "reconnect_min": 0.05,
    "reconnect_max": 0.2,
    "keepalive_interval": 30.0,
    "read_retry": (0.05, 0.1, 0.2),
    "sweep_after_error": 0.3,
    "send_policy": SendPolicy(attempts=3, backoff=0.01, timeout=2.0),
}


@dataclass
class Env:
    """Clock, network, simulated modem, a phone, and the app's Modem."""

    clock: SimClock
    network: GsmNetwork
    sim: SimModem
    phone: Phone
    modem: Modem
    accept: bool = True
    received: list[IncomingSms] = field(default_factory=list)
    connections: list[bool] = field(default_factory=list)
    calls: list[IncomingCall] = field(default_factory=list)
    reports: list[StatusReport] = field(default_factory=list)
    undecodable: list[UndecodableSms] = field(default_factory=list)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    async def on_sms(self, sms: IncomingSms) -> bool:
        """The application: keep the message, accept it unless told not to."""
        self.received.append(sms)
        self._changed.set()
        return self.accept

    def note(self, target: list[Any]) -> Callable[[Any], None]:
        """A listener that appends to ``target`` and wakes ``wait_for``."""

        def listener(value: Any) -> None:
            target.append(value)
            self._changed.set()

        return listener

    async def wait_for(self, condition: Callable[[], bool], limit: float = 3.0) -> None:
        """Wait until ``condition()`` holds (listeners wake us; also poll)."""
        async with asyncio.timeout(limit):
            while not condition():
                self._changed.clear()
                try:
                    async with asyncio.timeout(0.02):
                        await self._changed.wait()
                except TimeoutError:
                    pass

    def texts(self) -> list[str]:
        """Texts received so far."""
        return [sms.text for sms in self.received]


type MakeEnv = Callable[..., Awaitable[Env]]


@pytest.fixture
async def make_env() -> AsyncIterator[MakeEnv]:
    """Build an ``Env``; ``sim_args`` go to SimModem, the rest to Modem."""
    envs: list[Env] = []

    async def make(sim_args: dict[str, Any] | None = None, **modem_args: Any) -> Env:
        clock = SimClock()
        network = GsmNetwork(clock)
        sim = SimModem(network, clock, MODEM_NUMBER, **(sim_args or {}))
        path = await sim.start()
        phone = Phone(network, PHONE_NUMBER)
        modem = Modem(path, **{**FAST, **modem_args})
        env = Env(clock, network, sim, phone, modem)
        modem.add_sms_listener(env.on_sms)
        modem.add_connection_listener(env.note(env.connections))
        modem.add_call_listener(env.note(env.calls))
        modem.add_status_report_listener(env.note(env.reports))
        modem.add_undecodable_listener(env.note(env.undecodable))
        envs.append(env)
        return env

    yield make
    for env in envs:
        await env.modem.close()
        await env.sim.stop()
        env.clock.close()
