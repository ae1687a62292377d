"""Fixtures for the HA tests: a simulated GSM world on a real pty, and fakes.

``custom_components.isocket`` is imported by ../conftest.py before the
``hass`` fixture starts (see ../../../shared/guide/toolchain-notes.md).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.helpers import frame, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.isocket.const import (
    CONF_ALARM_INPUT,
    CONF_BAUDRATE,
    CONF_PHONE,
    CONF_PORT,
    DOMAIN,
    SUBENTRY_TYPE_DEVICE,
)
from custom_components.isocket.gsm.model import ModemInfo
from simulator.clock import SimClock
from simulator.isocket import ISocket
from simulator.modem import SimModem
from simulator.network import GsmNetwork
from simulator.phone import Phone
from simulator.world import World

MODEM_NUMBER = "+4915100000001"
DEVICE_NUMBER = "+4915100000002"
OWNER_NUMBER = "+4915100000003"
IMEI = "868345031234567"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let HA load custom_components.isocket in every test."""


class BreakingUsageError(AssertionError):
    """HA reported a usage that stops working in a coming release."""


@pytest.fixture(autouse=True)
def breaking_usage_fails() -> Iterator[list[str]]:
    """Turn HA's "will stop working in <version>" reports into test failures.

    ``helpers.frame.report_usage`` (config entries, flows, entities, ...) hands
    every report to ``_report_usage``; for a custom integration it only logs a
    warning. Here a report with ``breaks_in_ha_version`` raises where it is made
    and is kept, so that one made inside a task fails the test at teardown too.
    """
    reported: list[str] = []
    report = frame._report_usage  # the one place every report passes

    def _strict(hass: HomeAssistant, what: str, **kwargs: Any) -> None:
        if (version := kwargs.get("breaks_in_ha_version")) is not None:
            reported.append(f"{what} (breaks in {version})")
            raise BreakingUsageError(reported[-1])
        report(hass, what, **kwargs)

    with patch.object(frame, "_report_usage", _strict):
        yield reported
    assert not reported, reported


@pytest.fixture(autouse=True)
def usb_dependency(hass: HomeAssistant) -> None:
    """Count HA's usb integration as set up.

    It is our manifest dependency (discovery), but its own requirement
    (aiousbwatcher) is not installed here, and it must not scan this
    machine's USB bus anyway.
    """
    hass.config.components.add("usb")


@dataclass
class SimWorld:
    """The other end of the wire: network, modem on a pty, iSocket, owner phone."""

    clock: SimClock
    network: GsmNetwork
    modem: SimModem
    device: ISocket
    owner: Phone
    path: str


@pytest.fixture
async def world() -> AsyncIterator[SimWorld]:
    """A running simulated world; the iSocket knows the modem as alert number."""
    clock = SimClock()
    network = GsmNetwork(clock)
    modem = SimModem(network, clock, MODEM_NUMBER, imei=IMEI)
    device = ISocket(network, clock, DEVICE_NUMBER)
    owner = Phone(network, OWNER_NUMBER)
    path = await modem.start()
    # The owner authorises the modem as the manual says (spec §6).
    owner.send(DEVICE_NUMBER, f"ALERTNUMBER+{MODEM_NUMBER[1:]}")
    clock.advance(1)
    try:
        yield SimWorld(clock, network, modem, device, owner, path)
    finally:
        await modem.stop()
        device.close()
        clock.close()


def device_subentry(number: str = DEVICE_NUMBER, **extra: Any) -> ConfigSubentryData:
    """Subentry data of one iSocket."""
    return ConfigSubentryData(
        data={CONF_PHONE: number, CONF_ALARM_INPUT: "door", **extra},
        subentry_type=SUBENTRY_TYPE_DEVICE,
        title="Garage",
        unique_id=number,
    )


def hub_entry(path: str, *, with_device: bool = True) -> MockConfigEntry:
    """A hub entry on the simulated modem's pty."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="SIMCOM SIM800",
        unique_id=IMEI,
        data={CONF_PORT: path, CONF_BAUDRATE: 115200},
        subentries_data=[device_subentry()] if with_device else [],
    )


@pytest.fixture
async def loaded_entry(
    hass: HomeAssistant, world: SimWorld
) -> AsyncIterator[MockConfigEntry]:
    """A loaded hub with one device, talking to the world through the pty."""
    hass.config.country = "DE"
    entry = hub_entry(world.path)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    yield entry
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


class FakeModem:
    """Stands in for gsm.Modem where a failure is easier to fake than to simulate."""

    error: Exception | None = None
    info = ModemInfo("SIMCOM", "SIM800", "1.0", IMEI, MODEM_NUMBER)

    def __init__(self, url: str, **kwargs: Any) -> None:
        """Remember how it was built."""
        self.url = url
        self.kwargs = kwargs
        self.closed = False

    async def connect(self) -> None:
        """Fail with the class-level error, if any."""
        if FakeModem.error is not None:
            raise FakeModem.error

    async def close(self) -> None:
        """Nothing to close."""
        self.closed = True


async def wait_for(condition: Callable[[], bool], seconds: float = 10) -> None:
    """Wait until ``condition`` holds: it changes by I/O on the pty."""
    async with asyncio.timeout(seconds):
        while not condition():  # noqa: ASYNC110 - changed by pty I/O, no event to wait on
            await asyncio.sleep(0.01)


def first_device(entry: MockConfigEntry) -> Any:
    """The entry's (only) device coordinator."""
    return next(iter(entry.runtime_data.devices.values()))


async def from_device(
    hass: HomeAssistant, entry: MockConfigEntry, world: SimWorld, text: str
) -> None:
    """The emulated iSocket sends ``text``; wait until HA has applied it."""
    client = first_device(entry).client
    count = len(client.messages)
    world.device.send_sms(MODEM_NUMBER, text)
    world.clock.advance(world.network.latency)
    await wait_for(lambda: len(client.messages) > count)
    await hass.async_block_till_done()


def unknown_message_issues(hass: HomeAssistant) -> int:
    """How many "unknown message" repair issues are open."""
    return sum(
        1
        for issue in ir.async_get(hass).issues.values()
        if issue.domain == DOMAIN and issue.translation_key == "unknown_message"
    )


@pytest.fixture
async def secured_world() -> AsyncIterator[World]:
    """simulator/world.py's World: the security list is ON with modem and owner."""
    simulated = World()
    await simulated.start()
    try:
        yield simulated
    finally:
        await simulated.stop()
