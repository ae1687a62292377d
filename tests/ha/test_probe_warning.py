"""Issue 18: a reading the probe cannot mean (manual §7) is an attribute and a repair.

The emulated iSocket's probe is unplugged (it then reads 85 °C or 127 °C, as
the manual says a broken probe does) and its STATUS goes over the simulated
network to the modem on a real pty. The client reports the reading as a
notice; the repair names the device and the reading, and goes once a
plausible reading arrives.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.isocket.const import DOMAIN
from custom_components.isocket.issues import PROBE_WARNING, PROBE_WARNING_TEXTS

from .conftest import DEVICE_NUMBER, SimWorld, first_device, from_device

TEMPERATURE = "sensor.garage_temperature"
PROBE = "binary_sensor.garage_temperature_probe"


async def _refresh(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """The Refresh status action: one STATUS, its reply applied."""
    device_id = next(
        d.id
        for d in dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
        if (DOMAIN, DEVICE_NUMBER) in d.identifiers
    )
    await hass.services.async_call(
        DOMAIN, "refresh", {"device_id": device_id}, blocking=True
    )
    await hass.async_block_till_done()


def _issue(hass: HomeAssistant, entry: MockConfigEntry) -> ir.IssueEntry | None:
    subentry = first_device(entry).subentry.subentry_id
    return ir.async_get(hass).async_get_issue(DOMAIN, f"{PROBE_WARNING}_{subentry}")


def _attributes(hass: HomeAssistant, entity_id: str) -> dict[str, Any]:
    state = hass.states.get(entity_id)
    assert state is not None
    return dict(state.attributes)


async def test_an_unplugged_probe_raises_a_repair_that_a_good_reading_clears(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Manual §7: 85 °C, then 127 °C from a loose probe; 21 °C again clears it."""
    world.device.set_temperature(21)
    await _refresh(hass, loaded_entry)
    assert float(hass.states.get(TEMPERATURE).state) == 21.0
    assert _issue(hass, loaded_entry) is None

    world.device.unplug_probe(85)
    await _refresh(hass, loaded_entry)
    issue = _issue(hass, loaded_entry)
    assert issue is not None
    assert issue.translation_key == "probe_fault_value"
    assert issue.translation_placeholders == {"device": "Garage", "reading": "85"}
    assert issue.severity is ir.IssueSeverity.WARNING
    assert not issue.is_fixable
    # the attribute says the same; the reading is not taken as the temperature
    assert _attributes(hass, TEMPERATURE)["probe_warning"] == "fault_value"
    assert _attributes(hass, TEMPERATURE)["last_reading"] == 85.0
    assert hass.states.get(TEMPERATURE).state == "unknown"
    assert hass.states.get(PROBE).state == "on"

    # another fault value: the same issue, with the new reading
    world.device.unplug_probe(127)
    await _refresh(hass, loaded_entry)
    issue = _issue(hass, loaded_entry)
    assert issue is not None
    assert issue.translation_placeholders["reading"] == "127"

    world.device.plug_probe()
    await _refresh(hass, loaded_entry)
    assert _issue(hass, loaded_entry) is None
    assert float(hass.states.get(TEMPERATURE).state) == 21.0
    assert "probe_warning" not in _attributes(hass, TEMPERATURE)


async def test_a_reading_out_of_range_raises_its_own_repair(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Manual §7: the probe measures −55…120 °C; 150 °C is no temperature."""
    await from_device(hass, loaded_entry, world, "TEMPERATURE: 150C(302F)")
    issue = _issue(hass, loaded_entry)
    assert issue is not None
    assert issue.translation_key == "probe_out_of_range"
    assert issue.translation_placeholders == {"device": "Garage", "reading": "150"}
    # a plausible reading clears it
    await from_device(hass, loaded_entry, world, "TEMPERATURE: -5,5C(22,1F)")
    assert _issue(hass, loaded_entry) is None
    assert float(hass.states.get(TEMPERATURE).state) == -5.5


async def test_a_failure_the_device_reports_leaves_the_repair_alone(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The device's own probe-failure alert brings no reading: the repair stays."""
    await from_device(hass, loaded_entry, world, "TEMPERATURE: 20C(68F)")
    await from_device(hass, loaded_entry, world, "TEMPERATURE: 85C(185F)")
    assert _issue(hass, loaded_entry) is not None
    await from_device(hass, loaded_entry, world, "Temperature sensor failure!")
    assert hass.states.get(PROBE).state == "on"
    issue = _issue(hass, loaded_entry)
    assert issue is not None
    assert issue.translation_placeholders["reading"] == "85"


@pytest.mark.parametrize("language", ["strings.json", "translations/de.json"])
def test_probe_repair_texts_name_device_and_reading(language: str) -> None:
    """Each warning has a title and a text naming the device and the reading."""
    path = Path(__file__).parents[2] / "custom_components/isocket" / language
    texts = json.loads(path.read_text(encoding="utf-8"))["issues"]
    for key in PROBE_WARNING_TEXTS:
        assert "{device}" in texts[key]["title"]
        assert "{device}" in texts[key]["description"]
        assert "{reading} °C" in texts[key]["description"]
