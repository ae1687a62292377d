"""Issue 9's table, through the HA stack: each device text as the right column says.

The emulated iSocket sends each text as an SMS over the simulated network; the
modem on a real pty receives it and HA applies it. Before issue 9 these gave
5 °C, a STATUS report, an overwritten alarm log, a socket reply and unknowns.
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .conftest import SimWorld, first_device, from_device, unknown_message_issues

ALERTS = "event.garage_alerts"
TEMPERATURE = "sensor.garage_temperature"
MAINS = "binary_sensor.garage_mains_power"


def _device(entry: MockConfigEntry) -> Any:
    return first_device(entry)


_from_device = from_device
_unknown_issues = unknown_message_issues


async def test_temperature_with_decimals(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """`TEMPERATURE: 25.5C(77.9F)` is 25.5 °C, not 5 °C."""
    await _from_device(hass, loaded_entry, world, "TEMPERATURE: 25.5C(77.9F)")
    assert float(hass.states.get(TEMPERATURE).state) == 25.5
    assert _unknown_issues(hass) == 0


async def test_temperature_too_high_is_a_rise_alert(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A rise alert with its reading, not a STATUS report."""
    await _from_device(
        hass,
        loaded_entry,
        world,
        "Temperature is too high!\nTEMP: 36C(97F)\nTime: 20/01/02,03:04:05",
    )
    assert hass.states.get(ALERTS).attributes["event_type"] == "temperature_rise"
    assert float(hass.states.get(TEMPERATURE).state) == 36.0


async def test_runtime_over_two_lines_leaves_the_alarm_log(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Two-line RUNTIME is the RUNTIME reply: no alarm log overwritten, not unknown."""
    device = _device(loaded_entry)
    log_before = device.data.alarm_log
    await _from_device(
        hass, loaded_entry, world, "Power socket is ON from:\n20/1/2,3:4:5"
    )
    assert device.data.alarm_log == log_before
    assert hass.states.get(ALERTS).attributes.get("event_type") != "unknown_message"
    assert _unknown_issues(hass) == 0


async def test_power_is_off_is_a_power_failure(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """`Power is off!` is a power-failure alert: mains off, alert event."""
    await _from_device(hass, loaded_entry, world, "Power is off!")
    assert hass.states.get(ALERTS).attributes["event_type"] == "power_failure"
    assert hass.states.get(MAINS).state == "off"


async def test_sensor_and_probe_alerts(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """`Sensor activated!` and `Temperature sensor error!` are alerts, not unknown."""
    await _from_device(hass, loaded_entry, world, "Sensor activated!")
    assert hass.states.get(ALERTS).attributes["event_type"] in {
        "alarm",
        "sensor_active",
    }
    await _from_device(hass, loaded_entry, world, "Temperature sensor error!")
    assert hass.states.get(ALERTS).attributes["event_type"] == "probe_failure"
    assert _unknown_issues(hass) == 0
