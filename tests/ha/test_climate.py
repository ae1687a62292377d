"""The thermostat (climate) against the emulated iSocket's thermostat logic."""

from __future__ import annotations

from homeassistant.components.climate import (
    ATTR_CURRENT_TEMPERATURE,
    ATTR_HVAC_ACTION,
    ATTR_HVAC_MODE,
    ATTR_MAX_TEMP,
    ATTR_MIN_TEMP,
    ATTR_TARGET_TEMP_STEP,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_TEMPERATURE,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
)
from homeassistant.components.climate.const import HVACAction, HVACMode
from homeassistant.const import ATTR_ENTITY_ID, ATTR_TEMPERATURE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    mock_restore_cache,
)

from .conftest import DEVICE_NUMBER, MODEM_NUMBER, SimWorld, hub_entry, wait_for

THERMOSTAT = "climate.garage_thermostat"
REFRESH = "button.garage_refresh_status"


async def _climate(hass: HomeAssistant, service: str, **data: object) -> None:
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: THERMOSTAT, **data}, blocking=True
    )


def _sent(world: SimWorld) -> list[str]:
    """Texts the modem sent to the device."""
    return [
        sms.text
        for sms in world.network.sent_log
        if sms.recipient == DEVICE_NUMBER and sms.sender == MODEM_NUMBER
    ]


def _attr(hass: HomeAssistant, name: str) -> object:
    return hass.states.get(THERMOSTAT).attributes.get(name)


async def test_heating_follows_the_device(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Heat at 25 °C: the device switches the socket on below and off above it."""
    state = hass.states.get(THERMOSTAT)
    assert state.state == STATE_UNKNOWN
    assert state.attributes[ATTR_MIN_TEMP] == -55
    assert state.attributes[ATTR_MAX_TEMP] == 120
    assert state.attributes[ATTR_TARGET_TEMP_STEP] == 1

    await _climate(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 25})
    assert world.device.settings.switchoff_temp.celsius == 25
    assert _attr(hass, ATTR_TEMPERATURE) == 25
    # the SWITCHOFFTEMP reply says the thermostat is disabled and heating
    assert hass.states.get(THERMOSTAT).state == HVACMode.OFF
    assert _attr(hass, ATTR_HVAC_ACTION) == HVACAction.OFF

    await _climate(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: HVACMode.HEAT})
    # the mode was known to be HEATING already: no Conf command for it
    assert _sent(world) == ["SWITCHOFFTEMP=25C", "THERMOSTATON"]
    assert world.device.settings.thermostat_enabled
    assert hass.states.get(THERMOSTAT).state == HVACMode.HEAT

    world.device.set_temperature(20)
    world.clock.advance(60)
    assert world.device.socket_on
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: REFRESH}, blocking=True
    )
    assert _attr(hass, ATTR_CURRENT_TEMPERATURE) == 20
    assert _attr(hass, ATTR_HVAC_ACTION) == HVACAction.HEATING

    # the switch-off alert tells HA without a STATUS
    world.owner.send(DEVICE_NUMBER, "SWITCHOFFALERT=ON")
    world.device.set_temperature(27)
    world.clock.advance(60)
    assert not world.device.socket_on
    await wait_for(lambda: _attr(hass, ATTR_HVAC_ACTION) == HVACAction.IDLE)
    assert _attr(hass, ATTR_CURRENT_TEMPERATURE) == 27


async def test_cooling_and_off(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Cool: THERMOSTAT=COOLING + THERMOSTATON; on above the target; off keeps the relay."""
    world.device.set_temperature(30)
    await _climate(
        hass,
        SERVICE_SET_TEMPERATURE,
        **{ATTR_TEMPERATURE: 22, ATTR_HVAC_MODE: HVACMode.COOL},
    )
    assert _sent(world) == ["SWITCHOFFTEMP=22C", "THERMOSTAT=COOLING", "THERMOSTATON"]
    assert world.device.settings.thermostat == "COOLING"
    assert hass.states.get(THERMOSTAT).state == HVACMode.COOL
    world.clock.advance(60)
    assert world.device.socket_on
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: REFRESH}, blocking=True
    )
    assert _attr(hass, ATTR_HVAC_ACTION) == HVACAction.COOLING

    await _climate(hass, SERVICE_TURN_OFF)
    assert _sent(world)[-1] == "THERMOSTATOFF"
    assert hass.states.get(THERMOSTAT).state == HVACMode.OFF
    world.device.set_temperature(10)
    world.clock.advance(60)
    assert world.device.socket_on  # disabling leaves the relay as it is

    await _climate(hass, SERVICE_TURN_ON)
    assert _sent(world)[-1] == "THERMOSTATON"  # in the device's mode, no Conf
    assert hass.states.get(THERMOSTAT).state == HVACMode.COOL

    await _climate(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: HVACMode.OFF})
    assert _sent(world)[-1] == "THERMOSTATOFF"
    await _climate(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: HVACMode.HEAT})
    assert _sent(world)[-2:] == ["THERMOSTAT=HEATING", "THERMOSTATON"]
    assert hass.states.get(THERMOSTAT).state == HVACMode.HEAT


async def test_out_of_range_target_is_refused(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """HA checks min/max before anything is sent."""
    with pytest.raises(ServiceValidationError):
        await _climate(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 121})
    assert _sent(world) == []


async def test_without_confirmations(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """SMSCONFIRM=OFF: no reply comes, so what HA asked for is taken as set."""
    device = next(iter(loaded_entry.runtime_data.devices.values()))
    world.owner.send(DEVICE_NUMBER, "SMSCONFIRM=OFF")
    device.client.correlator.confirmations = False  # as if HA had read SMSCONFIRM?
    await _climate(
        hass,
        SERVICE_SET_TEMPERATURE,
        **{ATTR_TEMPERATURE: 18, ATTR_HVAC_MODE: HVACMode.COOL},
    )
    assert world.device.settings.thermostat_enabled
    assert world.device.settings.thermostat == "COOLING"
    state = hass.states.get(THERMOSTAT)
    assert state.state == HVACMode.COOL
    assert state.attributes[ATTR_TEMPERATURE] == 18
    await _climate(hass, SERVICE_TURN_OFF)
    assert hass.states.get(THERMOSTAT).state == HVACMode.OFF


async def test_restored_after_restart(hass: HomeAssistant, world: SimWorld) -> None:
    """The last mode and target stand in until the device tells them."""
    mock_restore_cache(hass, [State(THERMOSTAT, HVACMode.HEAT, {ATTR_TEMPERATURE: 12})])
    entry = hub_entry(world.path)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    try:
        state = hass.states.get(THERMOSTAT)
        assert state.state == HVACMode.HEAT
        assert state.attributes[ATTR_TEMPERATURE] == 12
        assert ATTR_HVAC_ACTION not in state.attributes
    finally:
        await hass.config_entries.async_unload(entry.entry_id)
