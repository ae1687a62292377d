"""Issue 18, teaching: the owner says what an unknown message means, through the HA stack.

The emulated iSocket sends each text as an SMS over the simulated network; the
modem on a real pty receives it. The unknown-message repair's fix flow teaches
the shape to the hub; the next text of that shape is applied (`taught`), also
after a restart, until the owner forgets it in the hub's options.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.isocket.const import DOMAIN
from custom_components.isocket.issues import UNKNOWN_MESSAGE
from custom_components.isocket.taught_wordings import CONF_TAUGHT, FORM_FIELD

from .conftest import SimWorld, from_device

ALERTS = "event.garage_alerts"
TEMPERATURE = "sensor.garage_temperature"
MAINS = "binary_sensor.garage_mains_power"
HEAT = "Event 4: now {}C, limit 30C"


_from_device = from_device


def _unknown_issues(hass: HomeAssistant) -> list[ir.IssueEntry]:
    return [
        issue
        for issue in ir.async_get(hass).issues.values()
        if issue.domain == DOMAIN and issue.translation_key == UNKNOWN_MESSAGE
    ]


async def _fix(hass: HomeAssistant, issue: ir.IssueEntry) -> dict[str, Any]:
    assert issue.is_fixable
    assert await async_setup_component(hass, "repairs", {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    return await manager.async_init(DOMAIN, context={"issue_id": issue.issue_id})


async def _step(hass: HomeAssistant, flow_id: str, data: dict[str, Any]) -> Any:
    manager = repairs_flow_manager(hass)
    assert manager is not None
    return await manager.async_configure(flow_id, data)


def _event(hass: HomeAssistant) -> dict[str, Any]:
    return dict(hass.states.get(ALERTS).attributes)


async def test_taught_wording_applies_survives_restart_and_is_forgotten(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
) -> None:
    """Done when (issue 18): applied on its next arrival, after a restart, forgotten."""
    await _from_device(hass, loaded_entry, world, HEAT.format(36))
    assert _event(hass)["event_type"] == "unknown_message"
    (issue,) = _unknown_issues(hass)

    # The fix flow shows the text and asks what it means, then which number.
    result = await _fix(hass, issue)
    assert result["step_id"] == "meaning"
    assert result["description_placeholders"]["text"] == HEAT.format(36)
    result = await _step(hass, result["flow_id"], {"meaning": "temperature_rise"})
    assert result["step_id"] == "reading"
    choices = result["data_schema"].schema["reading"].config["options"]
    assert [choice["label"] for choice in choices] == [
        "Event [4]: now 36C, limit…",
        "Event 4: now [36]C, limit 30C",
        "… now 36C, limit [30]C",
    ]
    result = await _step(hass, result["flow_id"], {"reading": "1"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert _unknown_issues(hass) == []
    assert len(loaded_entry.options[CONF_TAUGHT]) == 1

    # Its next arrival is a temperature rise with the chosen number as reading.
    await _from_device(hass, loaded_entry, world, HEAT.format("41,5"))
    event = _event(hass)
    assert event["event_type"] == "temperature_rise"
    assert event["recognised_by"] == "taught"
    assert float(hass.states.get(TEMPERATURE).state) == 41.5
    assert _unknown_issues(hass) == []

    # Diagnostics show the lesson, without a digit of the message.
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, loaded_entry
    )
    (stored,) = diagnostics["entry"]["options"][CONF_TAUGHT]
    assert stored["meaning"] == "temperature_rise"
    assert stored["parts"] == ["Event ", ": now ", "C, limit ", "C"]

    # A restart (the hub reloads): still taught.
    assert await hass.config_entries.async_reload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    await _from_device(hass, loaded_entry, world, HEAT.format(38))
    assert _event(hass)["event_type"] == "temperature_rise"
    assert float(hass.states.get(TEMPERATURE).state) == 38.0

    # The hub's options list it; unticking forgets it.
    result = await hass.config_entries.options.async_init(loaded_entry.entry_id)
    field = result["data_schema"].schema[FORM_FIELD]
    (choice,) = field.config["options"]
    assert choice["label"] == (
        "Event #: now #C, limit #C → temperature_rise, reading: number 2"
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {FORM_FIELD: []}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert CONF_TAUGHT not in loaded_entry.options

    # Unknown again, with its repair again (the owner may teach it anew).
    await _from_device(hass, loaded_entry, world, HEAT.format(39))
    assert _event(hass)["event_type"] == "unknown_message"
    assert float(hass.states.get(TEMPERATURE).state) == 38.0
    assert len(_unknown_issues(hass)) == 1


async def test_taught_information_with_a_phone_number(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Phone numbers are masked in the flow; information changes nothing but shows."""
    await _from_device(hass, loaded_entry, world, "Missed call +4915112345678, 3 rings")
    (issue,) = _unknown_issues(hass)
    assert "4915112345678" not in str(issue.data)
    result = await _fix(hass, issue)
    assert result["description_placeholders"]["text"] == (
        "Missed call ************78, 3 rings"
    )
    result = await _step(hass, result["flow_id"], {"meaning": "information"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()

    mains = hass.states.get(MAINS).state
    await _from_device(hass, loaded_entry, world, "Missed call +4915199999999, 1 rings")
    event = _event(hass)
    assert event["event_type"] == "information"
    assert event["recognised_by"] == "taught"
    assert hass.states.get(MAINS).state == mains
    assert _unknown_issues(hass) == []


async def test_power_failure_taught_changes_mains(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A wording the keywords miss, taught as a power failure: mains off next time."""
    text = "Event 9 - mode B, 80%"
    await _from_device(hass, loaded_entry, world, text)
    (issue,) = _unknown_issues(hass)
    result = await _fix(hass, issue)
    result = await _step(hass, result["flow_id"], {"meaning": "power_failure"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    await _from_device(hass, loaded_entry, world, "Event 9 - mode B, 75%")
    assert _event(hass)["event_type"] == "power_failure"
    assert hass.states.get(MAINS).state == "off"


async def test_teaching_for_a_removed_hub_aborts(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """The hub went away before the owner answered: nothing to teach."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        f"{UNKNOWN_MESSAGE}_gone",
        data={
            "entry_id": "gone",
            "seen": "Event #",
            "parts": '["Event ", ""]',
            "numbers": '["5"]',
        },
        is_fixable=True,
        severity=ir.IssueSeverity.WARNING,
        translation_key=UNKNOWN_MESSAGE,
        translation_placeholders={
            "device": "Old",
            "shape": "Event #",
            "report_url": "",
        },
    )
    (issue,) = _unknown_issues(hass)
    result = await _fix(hass, issue)
    assert result["description_placeholders"] == {"device": "Old", "text": "Event 5"}
    result = await _step(hass, result["flow_id"], {"meaning": "alarm"})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "hub_removed"
