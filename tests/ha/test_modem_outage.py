"""A modem that stops working while its port stays open, through the HA stack.

The simulated modem on a pty drops its registration (and keeps it dropped
until the recovery step that helps); the watchdog recovers it, and the repair
issue opens after repeated failed steps and closes by itself. The Restart
modem button restarts it without losing a stored SMS.
"""

from __future__ import annotations

from dataclasses import replace

from homeassistant.const import ATTR_ENTITY_ID, STATE_OFF
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

import custom_components.isocket as integration
from custom_components.isocket.const import DOMAIN
from custom_components.isocket.gsm.watchdog import WatchdogPolicy

from .conftest import IMEI, SimWorld, hub_entry, wait_for

MAINS = "binary_sensor.garage_mains_power"
QUICK = WatchdogPolicy(
    grace=0.05, backoff=0.3, backoff_max=0.3, settle=0.05, attention_after=2
)


@pytest.fixture
def quick_watchdog(monkeypatch: pytest.MonkeyPatch) -> None:
    """The watchdog looks every 20 ms and escalates within a second."""
    monkeypatch.setattr(integration, "WATCHDOG_POLICY", QUICK)
    monkeypatch.setattr(integration, "WATCH_INTERVAL", 0.02)


def steps(world: SimWorld) -> list[str]:
    return [
        cmd
        for cmd in world.modem.command_log
        if cmd.startswith(("AT+COPS=0", "AT+CFUN="))
    ]


def restart_button(hass: HomeAssistant) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(
        "button", DOMAIN, f"{IMEI}_restart_modem"
    )
    assert entity_id is not None
    return entity_id


async def test_watchdog_recovers_lost_registration_and_clears_the_repair(
    hass: HomeAssistant, world: SimWorld, quick_watchdog: None
) -> None:
    """Registration lost until a restart: re-register and radio off/on fail,
    the repair opens; the restart brings the network back and closes it."""
    hass.config.country = "DE"
    entry = hub_entry(world.path)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    issue_id = f"modem_stuck_{entry.entry_id}"
    registry = ir.async_get(hass)

    world.modem.lose_registration(until="reset")
    await wait_for(lambda: registry.async_get_issue(DOMAIN, issue_id) is not None)
    issue = registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "modem_stuck_registration"
    assert issue.translation_placeholders == {"hub": entry.title, "steps": "2"}
    assert steps(world) == ["AT+COPS=0", "AT+CFUN=0", "AT+CFUN=1"]

    await wait_for(lambda: registry.async_get_issue(DOMAIN, issue_id) is None)
    assert steps(world)[-1] == "AT+CFUN=1,1"
    assert world.modem.registered
    runtime = entry.runtime_data
    await wait_for(lambda: runtime.hub.connected)
    await hass.async_block_till_done()
    # Back to work: an alert reaches its entity again.
    world.device.mains_lost()
    await wait_for(lambda: hass.states.get(MAINS).state == STATE_OFF)  # type: ignore[union-attr]
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_restart_button_keeps_a_stored_sms(
    hass: HomeAssistant, world: SimWorld, loaded_entry: MockConfigEntry
) -> None:
    """Restart modem: AT+CFUN=1,1, back connected; an alert that arrived while
    the modem restarted is read from the SIM after it and reaches its entity."""
    assert hass.states.get(MAINS).state != STATE_OFF  # type: ignore[union-attr]
    reset = world.modem.reset

    def reset_and_alert() -> None:
        reset()
        world.device.mains_lost()  # stored on the SIM while nobody listens

    world.modem.reset = reset_and_alert  # type: ignore[method-assign]
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: restart_button(hass)}, blocking=True
    )
    assert "AT+CFUN=1,1" in world.modem.command_log
    assert loaded_entry.runtime_data.hub.connected
    await wait_for(lambda: hass.states.get(MAINS).state == STATE_OFF)  # type: ignore[union-attr]
    await wait_for(lambda: world.modem.sim.storage.used == 0)


async def test_restart_button_without_a_restart_command(
    hass: HomeAssistant, world: SimWorld, loaded_entry: MockConfigEntry
) -> None:
    """A modem that refuses AT+CFUN=1,1: a translated error, the modem stays up."""
    world.modem.quirks = replace(world.modem.quirks, restart_command=False)
    with pytest.raises(HomeAssistantError) as raised:
        await hass.services.async_call(
            "button", "press", {ATTR_ENTITY_ID: restart_button(hass)}, blocking=True
        )
    assert raised.value.translation_key == "restart_unsupported"
    assert loaded_entry.runtime_data.hub.connected
