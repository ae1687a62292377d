"""The SIM's message storage: the diagnostic sensor and the "almost full" repair.

The simulated SIM holds messages another tool left (sent ones); the modem's
health read asks ``AT+CPMS?`` over the pty, which costs no SMS.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.isocket.const import DOMAIN
from custom_components.isocket.issues import sim_storage_issue_id
from custom_components.isocket.runtime import ISocketConfigEntry

from .conftest import SimWorld


def _sensor(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    registry = er.async_get(hass)
    (entity_id,) = [
        e.entity_id
        for e in er.async_entries_for_config_entry(registry, entry.entry_id)
        if e.unique_id.endswith("_sim_messages")
    ]
    return entity_id


async def _read_health(hass: HomeAssistant, entry: ISocketConfigEntry) -> None:
    """The modem's periodic health read, now."""
    await entry.runtime_data.hub.modem.refresh_health()
    await hass.async_block_till_done()


async def test_nearly_full_sim_raises_then_clears_the_repair(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """17 of 20 slots: sensor and repair; down to 10: the repair closes."""
    entity_id = _sensor(hass, loaded_entry)
    state = hass.states.get(entity_id)
    assert state is not None
    assert (state.state, state.attributes["total"]) == ("0", 20)
    issue_id = sim_storage_issue_id(loaded_entry)
    issues = ir.async_get(hass)
    sms_before = len(world.network.sent_log)

    storage = world.modem.sim.storage
    assert storage.fill(16) == 16  # 80 %: not yet
    await _read_health(hass, loaded_entry)
    assert hass.states.get(entity_id).state == "16"  # type: ignore[union-attr]
    assert issues.async_get_issue(DOMAIN, issue_id) is None

    storage.fill(1)  # 85 %
    await _read_health(hass, loaded_entry)
    assert hass.states.get(entity_id).state == "17"  # type: ignore[union-attr]
    issue = issues.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "sim_storage_full"
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["used"] == "17"
    assert issue.translation_placeholders["total"] == "20"

    for index in sorted(storage.slots)[:7]:
        storage.delete(index)
    await _read_health(hass, loaded_entry)
    assert hass.states.get(entity_id).state == "10"  # type: ignore[union-attr]
    assert issues.async_get_issue(DOMAIN, issue_id) is None
    assert len(world.network.sent_log) == sms_before  # reading it cost nothing
    assert "AT+CPMS?" in world.modem.command_log
