"""A ready-made simulated world: network, modem, owner's phone, one iSocket, and a
stranger's phone (no device: what it texts the modem is gateway input).

The modem is already authorised on the device (security list and first alert
number), as if the owner had configured it, so an integration pointed at
:attr:`World.modem_path` can talk to the device at once::

    async with World(speed=0) as world:
        ...  # open world.modem_path, send SMS to world.isocket.number
        world.clock.advance(60)
"""

from __future__ import annotations

from datetime import datetime
from types import TracebackType
from typing import Self

from custom_components.isocket.gsm.numbers import device_format

from .clock import SimClock
from .isocket import ISocket
from .isocket_wording import Mode
from .modem import SimModem
from .network import Call, GsmNetwork
from .phone import CallPolicy, Phone
from .quirks import Quirks

MODEM_NUMBER = "+4915100000001"
OWNER_NUMBER = "+4915100000002"
DEVICE_NUMBER = "+4915100000003"
STRANGER_NUMBER = "+4915799999999"  # a phone that is no device: gateway SMS


class World:
    """Clock + network + modem on a pty + owner's and stranger's phones + one iSocket."""

    def __init__(
        self,
        *,
        speed: float = 1.0,
        start: datetime | None = None,
        latency: float = 0.0,
        loss: float = 0.0,
        seed: int = 0,
        submit_time: float = 0.0,
        pin: str | None = None,
        quirks: Quirks | None = None,
        storage_size: int = 20,
        owner_on_call: CallPolicy = "ignore",
        authorise: bool = True,
        wording: Mode = "exact",
        wording_seed: int | None = 0,
    ) -> None:
        """Build everything (nothing runs until :meth:`start`).

        ``submit_time``: seconds the network takes per submitted SMS.
        ``wording``/``wording_seed``: how the iSocket words its messages
        (:mod:`simulator.isocket_wording`).
        """
        self.clock = SimClock(speed, start=start)
        self.network = GsmNetwork(
            self.clock, latency=latency, loss=loss, seed=seed, submit_time=submit_time
        )
        self.modem = SimModem(
            self.network,
            self.clock,
            MODEM_NUMBER,
            pin=pin,
            quirks=quirks,
            storage_size=storage_size,
        )
        self.owner = Phone(self.network, OWNER_NUMBER, on_call=owner_on_call)
        self.stranger = Phone(self.network, STRANGER_NUMBER)
        self.isocket = ISocket(
            self.network,
            self.clock,
            DEVICE_NUMBER,
            wording=wording,
            seed=wording_seed,
        )
        if authorise:
            self.authorise_modem()
        self.tcp_port: int | None = None
        self._started = False

    def authorise_modem(self) -> None:
        """Security list ON with modem and owner; the modem is the first alert number."""
        settings = self.isocket.settings
        settings.security_numbers = [
            device_format(MODEM_NUMBER),
            device_format(OWNER_NUMBER),
        ]
        settings.alert_numbers = [device_format(MODEM_NUMBER)]
        settings.seclist = "ON"

    def call_modem(self, caller: str, *, hide_caller_id: bool = False) -> Call:
        """A call to the modem from any number (attached or not); hang it up
        with ``call.hangup(caller)``."""
        return self.network.call(
            caller, self.modem.number, hide_caller_id=hide_caller_id
        )

    @property
    def modem_path(self) -> str:
        """The modem's stable device path (valid after :meth:`start`)."""
        return self.modem.path

    async def start(self, *, tcp: bool = False, tcp_port: int = 0) -> str:
        """Open the modem's pty (and TCP port); returns :attr:`modem_path`."""
        self.clock.wake()  # the iSocket scheduled its timers before the loop ran
        await self.modem.start()
        self._started = True
        if tcp:
            self.tcp_port = await self.modem.start_tcp(tcp_port)
        return self.modem_path

    async def stop(self) -> None:
        """Stop everything: no task, timer, fd or thread is left behind."""
        await self.modem.stop()
        self.isocket.close()
        self.network.detach(self.owner)
        self.network.detach(self.stranger)
        self.clock.close()
        self._started = False

    async def __aenter__(self) -> Self:
        """Start the world."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the world."""
        await self.stop()
