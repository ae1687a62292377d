"""Issue 18, teaching: the owner says what an unknown message means, through the HA stack.

The emulated iSocket sends each text as an SMS over the simulated network; the
modem on a real pty receives it. The unknown-message repair's fix flow teaches
the shape to the hub; the next text of that shape is applied (`taught`), also
after a reload and after a restart of Home Assistant, until the owner forgets
it in the hub's options.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from homeassistant import loader
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.isocket.const import DOMAIN
from custom_components.isocket.issues import UNKNOWN_MESSAGE
from custom_components.isocket.taught_wordings import CONF_TAUGHT, FORM_FIELD

from .conftest import SimWorld, from_device, hub_entry

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


async def _teach(hass: HomeAssistant, entry: ConfigEntry[Any], world: SimWorld) -> None:
    """HEAT arrives unknown; the owner teaches it as a rise with `now` as reading."""
    await _from_device(hass, entry, world, HEAT.format(36))
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
    assert len(entry.options[CONF_TAUGHT]) == 1


async def _forget(hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
    """The hub's options list the one taught wording; unticking forgets it."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
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
    assert CONF_TAUGHT not in entry.options


async def test_taught_wording_applies_survives_restart_and_is_forgotten(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
) -> None:
    """Done when (issue 18): applied on its next arrival, after a restart, forgotten."""
    await _teach(hass, loaded_entry, world)

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

    # The hub reloads: still taught (a restart of HA: the test below).
    assert await hass.config_entries.async_reload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    await _from_device(hass, loaded_entry, world, HEAT.format(38))
    assert _event(hass)["event_type"] == "temperature_rise"
    assert float(hass.states.get(TEMPERATURE).state) == 38.0

    # The hub's options list it; unticking forgets it.
    await _forget(hass, loaded_entry)

    # Unknown again, with its repair again (the owner may teach it anew).
    await _from_device(hass, loaded_entry, world, HEAT.format(39))
    assert _event(hass)["event_type"] == "unknown_message"
    assert float(hass.states.get(TEMPERATURE).state) == 38.0
    assert len(_unknown_issues(hass)) == 1


@asynccontextmanager
async def _own_home_assistant(config_dir: str) -> AsyncIterator[HomeAssistant]:
    """A Home Assistant of the test's own, stopped however the test ends.

    It gets what the autouse fixtures give ``hass``. Once stopped, its hub is
    unloaded: the process would end there, and that frees the pty.
    """
    async with async_test_home_assistant(config_dir=config_dir) as instance:
        instance.data.pop(loader.DATA_CUSTOM_COMPONENTS)  # enable_custom_integrations
        instance.config.components.add("usb")  # usb_dependency
        instance.config.country = "DE"  # as in loaded_entry
        try:
            yield instance
        finally:
            if instance.state is not CoreState.not_running:
                await instance.async_stop()
            for entry in instance.config_entries.async_entries(DOMAIN):
                if entry.state is ConfigEntryState.LOADED:
                    await instance.config_entries.async_unload(entry.entry_id)


async def test_taught_wording_survives_a_home_assistant_restart(
    hass: HomeAssistant, hass_storage: dict[str, Any], world: SimWorld
) -> None:
    """Done when (issue 18): taught, Home Assistant stops, a new one starts on its storage.

    The first Home Assistant writes its stores as it stops (the config entries,
    with the hub's options, go to ``core.config_entries``); the second loads
    the config entries from that storage, as a started Home Assistant does,
    and sets the integration up. The emulated iSocket and the modem on the
    pty run on through the restart, as a real device would.
    """
    config_dir = hass.config.config_dir
    async with _own_home_assistant(config_dir) as first:
        entry = hub_entry(world.path)
        entry.add_to_hass(first)
        assert await first.config_entries.async_setup(entry.entry_id)
        await first.async_block_till_done()
        await _teach(first, entry, world)
        await first.async_stop()
    (stored,) = hass_storage["core.config_entries"]["data"]["entries"]
    assert stored["entry_id"] == entry.entry_id
    assert len(stored["options"][CONF_TAUGHT]) == 1

    async with _own_home_assistant(config_dir) as second:
        await second.config_entries.async_initialize()
        assert await async_setup_component(second, DOMAIN, {})
        await second.async_block_till_done()
        (restarted,) = second.config_entries.async_entries(DOMAIN)
        assert restarted is not entry
        assert restarted.state is ConfigEntryState.LOADED

        # Applied on its next arrival after the restart ...
        await _from_device(second, restarted, world, HEAT.format(38))
        event = _event(second)
        assert event["event_type"] == "temperature_rise"
        assert event["recognised_by"] == "taught"
        assert float(second.states.get(TEMPERATURE).state) == 38.0
        assert _unknown_issues(second) == []

        # ... and forgotten: unknown again, with its repair again.
        await _forget(second, restarted)
        await _from_device(second, restarted, world, HEAT.format(39))
        assert _event(second)["event_type"] == "unknown_message"
        assert float(second.states.get(TEMPERATURE).state) == 38.0
        assert len(_unknown_issues(second)) == 1


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
