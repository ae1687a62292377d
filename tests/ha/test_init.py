"""Setup, unload, routing by sender, unknown senders, modem loss and recovery."""

from __future__ import annotations

from unittest.mock import patch

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.isocket.const import DOMAIN, EVENT_SMS_RECEIVED
from custom_components.isocket.gsm.errors import PinRejectedError
from simulator.phone import Phone

from .conftest import DEVICE_NUMBER, IMEI, FakeModem, SimWorld, hub_entry, wait_for

MAINS = "binary_sensor.garage_mains_power"


async def test_setup_and_unload(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """The hub owns the modem; each subentry becomes a device via the modem."""
    assert loaded_entry.state is ConfigEntryState.LOADED
    runtime = loaded_entry.runtime_data
    assert runtime.hub.connected
    assert runtime.hub.info is not None
    assert runtime.hub.info.imei == IMEI
    device_coordinator = next(iter(runtime.devices.values()))
    await device_coordinator.async_refresh()  # "update entity" costs no SMS
    assert runtime.hub.sms_sent_today == 0
    assert [d.phone for d in runtime.devices.values()] == [DEVICE_NUMBER]
    # One update listener for the entry; the gateway's parts follow its signal.
    assert len(loaded_entry.update_listeners) == 1

    registry = dr.async_get(hass)
    entry_id = loaded_entry.entry_id
    modem = registry.async_get_device_by_identifier((DOMAIN, IMEI), entry_id)
    device = next(
        d
        for d in dr.async_entries_for_config_entry(registry, entry_id)
        if (DOMAIN, DEVICE_NUMBER) in d.identifiers
    )
    assert modem is not None
    assert device.via_device_id == modem.id

    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    assert loaded_entry.state is ConfigEntryState.NOT_LOADED
    assert not runtime.hub.connected
    assert not loaded_entry.update_listeners


async def test_setup_retries_without_modem(hass: HomeAssistant) -> None:
    """No port: ConfigEntryNotReady, HA retries by itself."""
    entry = hub_entry("/dev/does-not-exist")
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_RETRY


async def test_setup_pin_rejected_asks_for_pin(hass: HomeAssistant) -> None:
    """A rejected PIN is never retried: setup stops and a reauth flow asks."""
    entry = hub_entry("/dev/ttyUSB0")
    entry.add_to_hass(hass)
    FakeModem.error = PinRejectedError(2)
    try:
        with patch("custom_components.isocket.Modem", FakeModem):
            assert not await hass.config_entries.async_setup(entry.entry_id)
    finally:
        FakeModem.error = None
    assert entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress()
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_unknown_sender_is_an_event_only(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """SMS from other numbers fire isocket_sms_received and change nothing."""
    events = async_capture_events(hass, EVENT_SMS_RECEIVED)
    stranger = Phone(world.network, "+4915199999999")
    stranger.send("+4915100000001", "Power failure!")
    world.clock.advance(0)
    await wait_for(lambda: bool(events))
    assert events[0].data["sender"] == "+4915199999999"
    assert events[0].data["text"] == "Power failure!"
    assert events[0].data["time"]
    # Not device input: the device's mains sensor is still unknown.
    assert hass.states.get(MAINS).state == "unknown"


async def test_device_alert_is_routed(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """An alert from the device's number updates that device."""
    world.device.mains_lost()
    world.clock.advance(0)
    await wait_for(lambda: hass.states.get(MAINS).state == STATE_OFF)
    event = hass.states.get("event.garage_alerts")
    assert event.attributes["event_type"] == "power_failure"


async def test_modem_unplugged_and_back(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Unplugging makes the modem's entities unavailable; a device's stay, as
    its commands wait for the modem; the modem comes back by itself."""
    socket = "switch.garage"
    operator = "sensor.simcom_sim800_operator"
    assert hass.states.get(socket).state != STATE_UNAVAILABLE
    world.modem.unplug()
    await wait_for(lambda: hass.states.get(operator).state == STATE_UNAVAILABLE)
    assert hass.states.get(socket).state != STATE_UNAVAILABLE
    world.modem.replug()
    await wait_for(lambda: hass.states.get(operator).state != STATE_UNAVAILABLE, 15)
    assert loaded_entry.runtime_data.hub.connected


async def test_calls_from_others_are_left_alone(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A hidden or unknown caller is neither rejected nor reported."""
    hub = loaded_entry.runtime_data.hub
    stranger = Phone(world.network, "+4915199999998")
    with patch.object(hub, "device_for", wraps=hub.device_for) as lookup:
        call = stranger.call("+4915100000001", hide_caller_id=True)
        world.clock.advance(1)
        await wait_for(lambda: lookup.called)
    await hass.async_block_till_done()
    assert lookup.call_args.args == (None,)
    assert call.state == "ringing"
    assert hass.states.get("event.garage_alerts").state == "unknown"
    call.hangup("+4915199999998")
