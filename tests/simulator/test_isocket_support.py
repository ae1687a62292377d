"""A test bench for the iSocket emulator, and the factory state it starts in.

Other ``test_isocket_*`` modules import :class:`Bench`. Time is frozen
(``SimClock(0)``) and the network has no latency, so a test decides exactly
how much simulated time passes; ``send`` lets the SMS and the replies land.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from simulator.clock import SimClock
from simulator.isocket import ISocket
from simulator.isocket_settings import Settings, Threshold
from simulator.network import GsmNetwork
from simulator.phone import CallPolicy, Phone

DEVICE = "+4915100000009"
OWNER = "+4915100000001"
FRIEND = "+4915100000002"
STRANGER = "+4915100000003"
START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # a Monday


class Bench:
    """Clock, network, one iSocket and three phones (owner, friend, stranger)."""

    def __init__(self, **device: Any) -> None:
        """Build the world; ``device`` goes to :class:`ISocket`."""
        self.clock = SimClock(0, start=START)
        self.network = GsmNetwork(self.clock)
        device.setdefault("temperature", 25.0)
        self.device = ISocket(self.network, self.clock, DEVICE, **device)
        self.owner = Phone(self.network, OWNER)
        self.friend = Phone(self.network, FRIEND)
        self.stranger = Phone(self.network, STRANGER)

    def send(self, text: str, phone: Phone | None = None) -> list[str]:
        """Send ``text`` to the device; the replies it caused, in order."""
        phone = phone or self.owner
        seen = len(phone.inbox)
        phone.send(DEVICE, text)
        self.clock.advance(0)
        return [sms.text for sms in phone.inbox[seen:]]

    def ask(self, text: str, phone: Phone | None = None) -> str:
        """Send ``text``; the one reply it caused."""
        replies = self.send(text, phone)
        assert len(replies) == 1, replies
        return replies[0]

    def setup(self, *commands: str, phone: Phone | None = None) -> None:
        """Send commands whose replies do not matter."""
        for command in commands:
            self.send(command, phone)

    def texts(self, phone: Phone) -> list[str]:
        """Everything ``phone`` received."""
        return [sms.text for sms in phone.inbox]

    def phone(self, number: str, on_call: CallPolicy = "ignore") -> Phone:
        """Another phone on the network."""
        return Phone(self.network, number, on_call=on_call)

    def close(self) -> None:
        """Leave no timers behind."""
        self.device.close()
        self.clock.close()


def open_bench(**device: Any) -> Iterator[Bench]:
    """Fixture body: a bench, closed afterwards."""
    bench = Bench(**device)
    try:
        yield bench
    finally:
        bench.close()


@pytest.fixture
def bench() -> Iterator[Bench]:
    """A fresh device in its factory state."""
    yield from open_bench()


def test_factory_state(bench: Bench) -> None:
    """§5: every default of the factory list, socket off, alarm disarmed, lists empty."""
    device = bench.device
    assert device.settings == Settings()
    settings = device.settings
    assert (settings.restart_time, settings.ring, settings.seclist) == (
        10,
        "NOACTION",
        "OFF",
    )
    assert settings.password is None
    assert (settings.smsconfirm, settings.ringconfirm, settings.error) == (
        "ON",
        "SMS",
        "ON",
    )
    assert (settings.smsconfirm_unauth, settings.relaytime, settings.sensortype) == (
        "OFF",
        "0",
        "NO",
    )
    assert (settings.alert, settings.creditums, settings.thermostat) == (
        "SMS",
        "NO",
        "HEATING",
    )
    assert settings.switchoff_temp == Threshold(10, 50)
    assert (settings.switchoff_alert, settings.tsensfail_alert) == ("OFF", "OFF")
    assert settings.trise_alert is None
    assert settings.tfall_alert is None
    assert (settings.power_alert, settings.power_state) == ("ON", "REMEMBER")
    assert not settings.thermostat_enabled
    assert device.powered
    assert not device.socket_on
    assert not device.alarm_armed
    assert device.alarm_log == []
    assert device.security_numbers == device.alert_numbers == []
    assert device.schedule == []
    assert device.config_window_open


def test_device_clock_starts_from_network_time(bench: Bench) -> None:
    """The device clock follows the network until DATE= sets it."""
    assert bench.device.device_time == START
    bench.clock.advance(90)
    assert bench.ask("DATE") == "DATE 26/11/23, 08:01:30+00"


def test_close_leaves_no_timers() -> None:
    """close() cancels the minute sampling, the scheduler and pending switching."""
    bench = Bench()
    bench.setup("ON30", "MAKEMEBOSS", "ALARMON")
    bench.device.close()
    assert bench.clock.pending() == 0
    bench.clock.close()


async def test_runs_on_a_live_clock() -> None:
    """With a running loop and speed > 0 the device acts without ``advance``."""
    clock = SimClock(1200, start=START)
    network = GsmNetwork(clock)
    device = ISocket(network, clock, DEVICE, temperature=5.0)
    owner = Phone(network, OWNER)
    try:
        owner.send(DEVICE, "THERMOSTATON")
        await clock.sleep(61)  # 61 simulated seconds, about 50 ms
        assert device.socket_on
        assert owner.inbox[0].text.startswith("THERMOSTATON - OK")
    finally:
        device.close()
        clock.close()
