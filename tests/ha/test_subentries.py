"""Devices come, change and go while the hub runs: no reload, no modem re-init."""

from __future__ import annotations

from datetime import timedelta

from homeassistant.config_entries import (
    ConfigEntryState,
    ConfigSubentry,
    ConfigSubentryData,
)
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.isocket.const import (
    CONF_ALARM_INPUT,
    CONF_PASSWORD,
    CONF_PHONE,
    CONF_STATUS_INTERVAL,
    CONF_UNANSWERED_LIMIT,
    DOMAIN,
    EVENT_SMS_RECEIVED,
    SUBENTRY_TYPE_DEVICE,
)
from simulator.isocket import ISocket

from .conftest import MODEM_NUMBER, SimWorld, wait_for

CELLAR_NUMBER = "+4915100000009"
GARAGE_MAINS = "binary_sensor.garage_mains_power"
CELLAR_SOCKET = "switch.cellar"
CELLAR_INPUT = "binary_sensor.cellar_alarm_input"


def _inits(world: SimWorld) -> int:
    """How often the modem was initialised: each init asks for the SIM state."""
    return sum(line.upper().startswith("AT+CPIN?") for line in world.modem.command_log)


def _cellar(**extra: str) -> ConfigSubentry:
    return ConfigSubentry(
        **ConfigSubentryData(
            data={CONF_PHONE: CELLAR_NUMBER, CONF_ALARM_INPUT: "door", **extra},
            subentry_type=SUBENTRY_TYPE_DEVICE,
            title="Cellar",
            unique_id=CELLAR_NUMBER,
        )
    )


async def test_add_reconfigure_remove_keep_the_modem(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Each subentry change starts, changes or stops one device; alerts keep flowing."""
    runtime = loaded_entry.runtime_data
    hub, modem, inits = runtime.hub, runtime.hub.modem, _inits(world)
    assert inits >= 1
    cellar = ISocket(world.network, world.clock, CELLAR_NUMBER)
    try:
        world.owner.send(CELLAR_NUMBER, f"ALERTNUMBER+{MODEM_NUMBER[1:]}")
        world.clock.advance(1)

        # Added while an alert of the first device is on its way.
        world.device.mains_lost()
        subentry = _cellar()
        hass.config_entries.async_add_subentry(loaded_entry, subentry)
        await hass.async_block_till_done()
        await wait_for(lambda: hass.states.get(GARAGE_MAINS).state == STATE_OFF)
        assert hass.states.get(CELLAR_SOCKET) is not None
        assert len(runtime.devices) == 2
        garage = next(d for d in runtime.devices.values() if d.name == "Garage")

        # The new device's alerts reach its entities.
        cellar.mains_lost()
        await wait_for(
            lambda: (
                hass.states.get("binary_sensor.cellar_mains_power").state == STATE_OFF
            )
        )

        # Reconfigured live: name, password and alarm input kind.
        world.device.mains_restored()
        hass.config_entries.async_update_subentry(
            loaded_entry,
            subentry,
            title="Cellar door",
            data={**subentry.data, CONF_ALARM_INPUT: "window", CONF_PASSWORD: "ab123"},
        )
        await hass.async_block_till_done()
        await wait_for(lambda: hass.states.get(GARAGE_MAINS).state == STATE_ON)
        device = runtime.devices[subentry.subentry_id]
        assert device.password == "ab123"
        assert device.name == "Cellar door"
        assert hass.states.get(CELLAR_INPUT).attributes["device_class"] == "window"
        registry = dr.async_get(hass)
        entry_id = loaded_entry.entry_id
        cellar_device = registry.async_get_device_by_identifier(
            (DOMAIN, CELLAR_NUMBER), entry_id
        )
        assert cellar_device is not None
        assert cellar_device.name == "Cellar door"
        assert runtime.devices[next(iter(runtime.devices))] is garage  # untouched

        # Removed: its entities and session go, its number is a stranger again.
        hass.config_entries.async_remove_subentry(loaded_entry, subentry.subentry_id)
        await hass.async_block_till_done()
        assert hass.states.get(CELLAR_SOCKET) is None
        assert list(runtime.devices.values()) == [garage]
        strangers: list[str] = []
        hass.bus.async_listen(
            EVENT_SMS_RECEIVED, lambda event: strangers.append(event.data["sender"])
        )
        cellar.mains_restored()
        await wait_for(lambda: strangers == [CELLAR_NUMBER])
    finally:
        cellar.close()

    assert loaded_entry.state is ConfigEntryState.LOADED
    assert loaded_entry.runtime_data is runtime
    assert runtime.hub is hub
    assert hub.modem is modem
    assert modem.connected
    assert _inits(world) == inits  # the modem was never initialised again


async def test_options_apply_live_and_port_reloads(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Hub options reach the devices without a reload; new hub data reloads."""
    runtime = loaded_entry.runtime_data
    inits = _inits(world)
    device = next(iter(runtime.devices.values()))
    hass.config_entries.async_update_entry(
        loaded_entry,
        options={CONF_STATUS_INTERVAL: 2, CONF_UNANSWERED_LIMIT: 5},
    )
    await hass.async_block_till_done()
    assert device.client.unanswered_limit == 5
    assert loaded_entry.runtime_data is runtime
    assert _inits(world) == inits
    sent = runtime.hub.sms_sent_today
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(hours=2, seconds=1))
    await wait_for(lambda: runtime.hub.sms_sent_today == sent + 1)  # periodic STATUS
    hass.config_entries.async_update_entry(
        loaded_entry, options={CONF_STATUS_INTERVAL: 0, CONF_UNANSWERED_LIMIT: 3}
    )
    await hass.async_block_till_done()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(hours=5))
    await hass.async_block_till_done()
    assert runtime.hub.sms_sent_today == sent + 1  # periodic STATUS off again

    hass.config_entries.async_update_entry(
        loaded_entry, data={**loaded_entry.data, "baudrate": 57600}
    )
    await hass.async_block_till_done()
    await wait_for(lambda: loaded_entry.state is ConfigEntryState.LOADED)
    assert loaded_entry.runtime_data is not runtime
    assert _inits(world) > inits
