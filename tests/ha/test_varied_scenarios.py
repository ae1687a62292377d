"""The main HA scenarios against an iSocket that words its messages differently.

The emulator's ``varied`` wording (simulator/isocket_wording.py, issue 9 §3)
picks other plausible texts with a seeded random generator: the integration
must understand the device, not the spec's sentences. Everything runs through
the real stack: HA, the modem on a pty, the simulated network, the iSocket.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from homeassistant.components.climate import (
    ATTR_CURRENT_TEMPERATURE,
    ATTR_HVAC_ACTION,
    ATTR_HVAC_MODE,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_TEMPERATURE,
)
from homeassistant.components.climate.const import HVACAction, HVACMode
from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import ATTR_ENTITY_ID, ATTR_TEMPERATURE, STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator.world import DEVICE_NUMBER, World

from .conftest import device_subentry, hub_entry, wait_for

#: Seeds of the varied wording; each picks other texts for every message.
SEEDS = (1, 2, 3)

SOCKET = "switch.garage"
TEMPERATURE = "sensor.garage_temperature"
SIGNAL = "sensor.garage_signal_strength"
MAINS = "binary_sensor.garage_mains_power"
ALARM = "binary_sensor.garage_alarm_input"
REFRESH = "button.garage_refresh_status"
ALERTS = "event.garage_alerts"
THERMOSTAT = "climate.garage_thermostat"


@pytest.fixture(params=SEEDS, ids=[f"seed{seed}" for seed in SEEDS])
async def varied_world(request: pytest.FixtureRequest) -> AsyncIterator[World]:
    """A World whose iSocket speaks in varied wordings (modem and owner authorised)."""
    world = World(wording="varied", wording_seed=request.param)
    await world.start()
    try:
        yield world
    finally:
        await world.stop()


@pytest.fixture
async def entry(
    hass: HomeAssistant, varied_world: World
) -> AsyncIterator[MockConfigEntry]:
    """A hub on the World's modem with the iSocket as device "Garage"."""
    hass.config.country = "DE"
    config = hub_entry(varied_world.modem_path, with_device=False)
    config.add_to_hass(hass)
    hass.config_entries.async_add_subentry(
        config, ConfigSubentry(**device_subentry(DEVICE_NUMBER))
    )
    assert await hass.config_entries.async_setup(config.entry_id)
    await hass.async_block_till_done()
    yield config
    await hass.config_entries.async_unload(config.entry_id)
    await hass.async_block_till_done()


def _owner(world: World, *commands: str) -> None:
    """The owner's phone configures the device (it is on the security list)."""
    for command in commands:
        world.owner.send(DEVICE_NUMBER, command)
        world.clock.advance(0)


def _probe(world: World, celsius: float) -> None:
    """The probe reads ``celsius`` from the next minute sample on."""
    world.isocket.set_temperature(celsius)
    world.clock.advance(60)


def _state(hass: HomeAssistant, entity_id: str) -> str:
    return hass.states.get(entity_id).state


def _event(hass: HomeAssistant) -> object:
    return hass.states.get(ALERTS).attributes.get("event_type")


async def _press_refresh(hass: HomeAssistant) -> None:
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: REFRESH}, blocking=True
    )


async def test_switch(
    hass: HomeAssistant, entry: MockConfigEntry, varied_world: World
) -> None:
    """ON and OFF are confirmed whatever the device calls its socket."""
    for service, on in (("turn_on", True), ("turn_off", False)):
        await hass.services.async_call(
            "switch", service, {ATTR_ENTITY_ID: SOCKET}, blocking=True
        )
        assert varied_world.isocket.socket_on is on
        assert _state(hass, SOCKET) == (STATE_ON if on else STATE_OFF)


async def test_status(
    hass: HomeAssistant, entry: MockConfigEntry, varied_world: World
) -> None:
    """STATUS fills temperature (decimals too), signal and mains power."""
    varied_world.isocket.set_temperature(23)
    await _press_refresh(hass)
    assert float(_state(hass, TEMPERATURE)) == pytest.approx(23, abs=0.5)
    assert _state(hass, SIGNAL) == "-67"
    assert _state(hass, MAINS) == STATE_ON
    assert _state(hass, SOCKET) == STATE_OFF


async def test_power_failure_and_restoration(
    hass: HomeAssistant, entry: MockConfigEntry, varied_world: World
) -> None:
    """Both power alerts reach HA as such, never as a socket reply."""
    varied_world.isocket.mains_lost()
    varied_world.clock.advance(0)
    await wait_for(lambda: _state(hass, MAINS) == STATE_OFF)
    assert _event(hass) == "power_failure"
    varied_world.isocket.mains_restored()
    varied_world.clock.advance(0)
    await wait_for(lambda: _state(hass, MAINS) == STATE_ON)
    assert _event(hass) == "power_restored"


async def test_temperature_alerts(
    hass: HomeAssistant, entry: MockConfigEntry, varied_world: World
) -> None:
    """Rise and fall alerts, with the reading they carry."""
    _owner(varied_world, "TRISEALERT=30C", "TFALLALERT=10C")
    _probe(varied_world, 35)
    await wait_for(lambda: _event(hass) == "temperature_rise")
    assert float(_state(hass, TEMPERATURE)) == pytest.approx(35, abs=0.5)
    _probe(varied_world, 5)
    await wait_for(lambda: _event(hass) == "temperature_fall")
    assert float(_state(hass, TEMPERATURE)) == pytest.approx(5, abs=0.5)


async def test_alarm(
    hass: HomeAssistant, entry: MockConfigEntry, varied_world: World
) -> None:
    """SMSCHANGE's active/normal drive the alarm input; then an ALERT=SMS alarm."""
    _owner(varied_world, "ALERT=SMSCHANGE", "ALARMON")
    varied_world.isocket.sensor_active()
    varied_world.clock.advance(1)
    await wait_for(lambda: _event(hass) == "sensor_active")
    assert _state(hass, ALARM) == STATE_ON
    varied_world.isocket.sensor_normal()
    varied_world.clock.advance(1)
    await wait_for(lambda: _state(hass, ALARM) == STATE_OFF)
    assert _event(hass) == "sensor_normal"
    _owner(varied_world, "ALERT=SMS")
    varied_world.clock.advance(61)
    varied_world.isocket.sensor_active()
    varied_world.clock.advance(1)
    await wait_for(lambda: _event(hass) == "alarm")
    assert _state(hass, ALARM) == STATE_ON


async def test_thermostat(
    hass: HomeAssistant, entry: MockConfigEntry, varied_world: World
) -> None:
    """Heating at 25 °C: set point, mode, action, and the switch-off alert."""

    async def climate(service: str, **data: object) -> None:
        await hass.services.async_call(
            CLIMATE_DOMAIN,
            service,
            {ATTR_ENTITY_ID: THERMOSTAT, **data},
            blocking=True,
        )

    def attribute(name: str) -> object:
        return hass.states.get(THERMOSTAT).attributes.get(name)

    await climate(SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 25})
    assert varied_world.isocket.settings.switchoff_temp.celsius == 25
    await climate(SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: HVACMode.HEAT})
    assert varied_world.isocket.settings.thermostat_enabled
    assert _state(hass, THERMOSTAT) == HVACMode.HEAT
    _probe(varied_world, 20)
    assert varied_world.isocket.socket_on
    await _press_refresh(hass)
    assert attribute(ATTR_CURRENT_TEMPERATURE) == pytest.approx(20, abs=0.5)
    assert attribute(ATTR_HVAC_ACTION) == HVACAction.HEATING
    _owner(varied_world, "SWITCHOFFALERT=ON")
    _probe(varied_world, 27)
    assert not varied_world.isocket.socket_on
    await wait_for(lambda: attribute(ATTR_HVAC_ACTION) == HVACAction.IDLE)
