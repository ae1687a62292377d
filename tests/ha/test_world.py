"""Against simulator/world.py's World: a device whose security list is on."""

from __future__ import annotations

from homeassistant.config_entries import ConfigSubentryData
from homeassistant.const import STATE_ON
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.isocket.const import (
    CONF_ALARM_INPUT,
    CONF_BAUDRATE,
    CONF_PHONE,
    CONF_PORT,
    DOMAIN,
    SUBENTRY_TYPE_DEVICE,
)
from simulator.world import DEVICE_NUMBER, World

from .conftest import IMEI, wait_for


async def test_secured_device_end_to_end(
    hass: HomeAssistant, secured_world: World
) -> None:
    """The authorised modem switches and reads a device with SECLIST=ON."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Modem",
        unique_id=IMEI,
        data={CONF_PORT: secured_world.modem_path, CONF_BAUDRATE: 115200},
        subentries_data=[
            ConfigSubentryData(
                data={CONF_PHONE: DEVICE_NUMBER, CONF_ALARM_INPUT: "motion"},
                subentry_type=SUBENTRY_TYPE_DEVICE,
                title="Pump",
                unique_id=DEVICE_NUMBER,
            )
        ],
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.pump"}, blocking=True
    )
    assert secured_world.isocket.socket_on
    assert hass.states.get("switch.pump").state == STATE_ON
    # Alerts reach the modem: it is the device's first alert number.
    secured_world.isocket.mains_lost()
    secured_world.clock.advance(0)
    await wait_for(
        lambda: hass.states.get("binary_sensor.pump_mains_power").state == "off"
    )
    assert await hass.config_entries.async_unload(entry.entry_id)
