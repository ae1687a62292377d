"""Probe, thermostat and temperature alerts on the minute samples (spec §3.6)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .test_isocket_support import Bench, open_bench

MINUTE = 60


@pytest.fixture
def bench() -> Iterator[Bench]:
    """A device whose owner is boss and gets the alerts."""
    for bench in open_bench():
        bench.setup("MAKEMEBOSS")
        yield bench


def alerts(bench: Bench, seen: int = 0) -> list[str]:
    """What the owner received after the first ``seen`` messages."""
    return bench.texts(bench.owner)[seen:]


def test_heating_at_10_degrees(bench: Bench) -> None:
    """Manual example: heater, SWITCHOFFTEMP=10C keeps the room above 10 °C."""
    device = bench.device
    bench.setup("THERMOSTAT=HEATING", "SWITCHOFFTEMP=10C")
    bench.device.set_temperature(12)
    assert bench.ask("THERMOSTATON").endswith("Note! Thermostat is working now!")
    bench.clock.advance(MINUTE)
    assert not device.socket_on  # above: not switched on until it falls below
    device.set_temperature(10)
    bench.clock.advance(MINUTE)
    assert not device.socket_on  # at the set point nothing changes
    device.set_temperature(9)
    bench.clock.advance(MINUTE - 1)
    assert not device.socket_on  # only the minute sample acts
    bench.clock.advance(1)
    assert device.socket_on
    device.set_temperature(10.5)
    bench.clock.advance(MINUTE)
    assert not device.socket_on
    assert bench.ask("TEMPERATURE") == "TEMPERATURE: 10C(51F)"


def test_cooling_at_22_degrees(bench: Bench) -> None:
    """Manual example: air conditioner on above 22 °C, off below."""
    device = bench.device
    bench.setup("THERMOSTAT=COOLING", "SWITCHOFFTEMP=72F", "THERMOSTATON")
    assert device.settings.switchoff_temp.celsius == 22
    device.set_temperature(21)
    bench.clock.advance(MINUTE)
    assert not device.socket_on
    device.set_temperature(23)
    bench.clock.advance(MINUTE)
    assert device.socket_on
    device.set_temperature(20)
    bench.clock.advance(MINUTE)
    assert not device.socket_on


def test_thermostat_off_leaves_the_relay(bench: Bench) -> None:
    """§3.6: disabling does not switch; the thermostat then ignores temperatures."""
    device = bench.device
    device.set_temperature(5)
    bench.setup("THERMOSTATON")
    bench.clock.advance(MINUTE)
    assert device.socket_on
    bench.setup("THERMOSTATOFF")
    device.set_temperature(30)
    bench.clock.advance(5 * MINUTE)
    assert device.socket_on


def test_switch_off_alert(bench: Bench) -> None:
    """SWITCHOFFALERT=ON: an SMS each time the thermostat switches off."""
    device = bench.device
    bench.setup("SWITCHOFFALERT=ON", "THERMOSTATON")
    device.set_temperature(8)
    bench.clock.advance(MINUTE)
    seen = len(bench.owner.inbox)
    device.set_temperature(11)
    bench.clock.advance(MINUTE)
    assert alerts(bench, seen) == ["Switch-off temperature reached! TEMP: 11C(52F)"]
    bench.clock.advance(3 * MINUTE)  # still above: the socket is already off
    assert alerts(bench, seen) == ["Switch-off temperature reached! TEMP: 11C(52F)"]


def test_probe_failure(bench: Bench) -> None:
    """Unplugged: 127 °C signature, thermostat inert, one TSENSFAILALERT per failure."""
    device = bench.device
    device.set_temperature(5)
    bench.setup("TSENSFAILALERT=ON", "THERMOSTATON")
    bench.clock.advance(MINUTE)
    assert device.socket_on
    device.unplug_probe()
    assert bench.ask("TEMPERATURE") == "TEMPERATURE: 127C(261F)"
    bench.clock.advance(5 * MINUTE)
    assert device.socket_on  # 127 °C does not make the heater switch off
    assert device.settings.thermostat_enabled
    assert failures(bench) == 1
    bench.setup("SWITCHOFFTEMP=12C")  # a settings change: reported again
    bench.clock.advance(2 * MINUTE)
    assert failures(bench) == 2
    device.plug_probe()
    bench.clock.advance(MINUTE)
    device.unplug_probe(85)  # a new failure, another signature
    bench.clock.advance(2 * MINUTE)
    assert failures(bench) == 3
    assert bench.ask("TEMPERATURE") == "TEMPERATURE: 85C(185F)"


def failures(bench: Bench) -> int:
    """How many probe-failure alerts the owner got."""
    return bench.texts(bench.owner).count("Temperature sensor failure!")


def test_probe_failure_alert_needs_the_thermostat(bench: Bench) -> None:
    """TSENSFAILALERT belongs to the thermostat: nothing while it is disabled."""
    seen = len(bench.owner.inbox)
    bench.setup("TSENSFAILALERT=ON")
    bench.device.unplug_probe(0)
    bench.clock.advance(3 * MINUTE)
    assert alerts(bench, seen + 1) == []
    assert "TEMP: 0C(32F)" in bench.ask("STATUS")


def test_rise_and_fall_alerts_once_per_crossing(bench: Bench) -> None:
    """TRISE/TFALL: one SMS per crossing, independent of the thermostat."""
    device = bench.device
    bench.setup("TRISEALERT=35C", "TFALLALERT=15C")
    seen = len(bench.owner.inbox)
    for celsius in (30, 36, 37, 34, 36, 20, 14, 10, 16, 14):
        device.set_temperature(celsius)
        bench.clock.advance(MINUTE)
    assert alerts(bench, seen) == [
        "TEMPERATURE rise alert! TEMP: 36C(97F)",
        "TEMPERATURE rise alert! TEMP: 36C(97F)",
        "TEMPERATURE fall alert! TEMP: 14C(57F)",
        "TEMPERATURE fall alert! TEMP: 14C(57F)",
    ]
    assert not device.socket_on


def test_probe_failure_does_not_raise_temperature_alerts(bench: Bench) -> None:
    """127 °C from a dead probe is no temperature rise."""
    bench.setup("TRISEALERT=35C")
    seen = len(bench.owner.inbox)
    bench.device.unplug_probe()
    bench.clock.advance(3 * MINUTE)
    assert alerts(bench, seen) == []
