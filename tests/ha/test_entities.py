"""Entities against the emulated iSocket: switch, sensors, binary sensors, buttons, events."""

from __future__ import annotations

from datetime import timedelta

from homeassistant.components.button import SERVICE_PRESS
from homeassistant.components.switch import SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.const import (
    ATTR_ENTITY_ID,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.isocket.const import CONF_PASSWORD

from .conftest import DEVICE_NUMBER, SimWorld, wait_for

SOCKET = "switch.garage"
TEMPERATURE = "sensor.garage_temperature"
SIGNAL = "sensor.garage_signal_strength"
LAST_CONTACT = "sensor.garage_last_contact"
ON_SINCE = "sensor.garage_socket_on_since"
MAINS = "binary_sensor.garage_mains_power"
ALARM = "binary_sensor.garage_alarm_input"
PROBE = "binary_sensor.garage_temperature_probe"
REFRESH = "button.garage_refresh_status"
RESTART = "button.garage_restart"
RESTART_BY_CALL = "button.garage_restart_by_call"
ALERTS = "event.garage_alerts"


async def _press(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        "button", SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def _owner(world: SimWorld, text: str) -> None:
    """The owner's phone configures the device (spec: the normal way)."""
    world.owner.send(DEVICE_NUMBER, text)
    world.clock.advance(0)


async def test_socket_switch(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """ON/OFF by SMS, confirmed by the device's reply.

    Not an assumed state: nothing known lets the device switch by itself
    (tests/ha/test_first_look.py has the cases that do).
    """
    state = hass.states.get(SOCKET)
    assert state.state == STATE_UNKNOWN
    assert "assumed_state" not in state.attributes
    await hass.services.async_call(
        "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: SOCKET}, blocking=True
    )
    assert hass.states.get(SOCKET).state == STATE_ON
    assert world.device.socket_on
    await hass.services.async_call(
        "switch", SERVICE_TURN_OFF, {ATTR_ENTITY_ID: SOCKET}, blocking=True
    )
    assert hass.states.get(SOCKET).state == STATE_OFF
    assert not world.device.socket_on
    assert hass.states.get("sensor.simcom_sim800_sms_sent_today").state == "2"


async def test_socket_switch_reverts_on_error_reply(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A password the device does not know: `No such command`, state reverted."""
    device = next(iter(loaded_entry.runtime_data.devices.values()))
    device.password = "zz999"
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: SOCKET}, blocking=True
        )
    assert err.value.translation_key == "unknown_command"
    assert hass.states.get(SOCKET).state == STATE_UNKNOWN
    assert not world.device.socket_on


async def test_silent_device_becomes_unavailable(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Three unanswered commands: unavailable until the device is heard again."""
    world.network.detach(world.device)
    for attempt in range(3):
        task = hass.async_create_task(
            hass.services.async_call(
                "button", SERVICE_PRESS, {ATTR_ENTITY_ID: REFRESH}, blocking=True
            )
        )
        hub = loaded_entry.runtime_data.hub
        await wait_for(lambda n=attempt, hub=hub: hub.sms_sent_today == n + 1)
        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=181))
        with pytest.raises(HomeAssistantError) as err:
            await task
        assert err.value.translation_key == "no_reply"
    await hass.async_block_till_done()
    assert hass.states.get(SOCKET).state == STATE_UNAVAILABLE
    world.network.attach(world.device)
    world.device.mains_lost()
    world.clock.advance(0)
    await wait_for(lambda: hass.states.get(SOCKET).state != STATE_UNAVAILABLE)
    assert hass.states.get(MAINS).state == STATE_OFF


async def test_switch_reverts_without_reply(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """No reply within the timeout: the requested state is taken back."""
    world.network.detach(world.device)
    task = hass.async_create_task(
        hass.services.async_call(
            "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: SOCKET}, blocking=True
        )
    )
    hub = loaded_entry.runtime_data.hub
    await wait_for(lambda: hub.sms_sent_today == 1)
    assert hass.states.get(SOCKET).state == STATE_ON  # shown at once
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=181))
    with pytest.raises(HomeAssistantError):
        await task
    assert hass.states.get(SOCKET).state == STATE_UNKNOWN
    world.network.attach(world.device)


async def test_refresh_fills_sensors(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """One STATUS fills temperature, signal, mains power, probe and last contact."""
    world.device.set_temperature(23)
    await _press(hass, REFRESH)
    assert float(hass.states.get(TEMPERATURE).state) == 23
    assert hass.states.get(SIGNAL).state == "-67"
    assert hass.states.get(MAINS).state == STATE_ON
    assert hass.states.get(PROBE).state == STATE_OFF
    assert hass.states.get(LAST_CONTACT).state != STATE_UNKNOWN
    assert hass.states.get(ALARM).state == STATE_OFF

    world.device.unplug_probe()
    world.clock.advance(61)
    await _press(hass, REFRESH)
    assert hass.states.get(PROBE).state == STATE_ON


async def test_socket_on_since_from_runtime(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """RUNTIME tells since when the socket is on."""
    await hass.services.async_call(
        "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: SOCKET}, blocking=True
    )
    device_id = _device_id(hass, loaded_entry)
    await hass.services.async_call(
        "isocket",
        "send_command",
        {"device_id": device_id, "command": "RUNTIME"},
        blocking=True,
        return_response=True,
    )
    assert hass.states.get(ON_SINCE).state not in (STATE_UNKNOWN, STATE_UNAVAILABLE)


async def test_alarm_input_and_events(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """SMSCHANGE alerts drive the alarm input; each alert is an event."""
    assert hass.states.get(ALARM).attributes["device_class"] == "door"
    await _owner(world, "ALERT=SMSCHANGE")
    await _owner(world, "ALARMON")
    world.device.sensor_active()
    world.clock.advance(1)
    await wait_for(lambda: hass.states.get(ALARM).state == STATE_ON)
    assert hass.states.get(ALERTS).attributes["event_type"] == "sensor_active"
    world.device.sensor_normal()
    world.clock.advance(61)
    await wait_for(lambda: hass.states.get(ALARM).state == STATE_OFF)
    assert hass.states.get(ALERTS).attributes["event_type"] == "sensor_normal"


async def test_alarm_sms_holds_input_for_a_minute(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """ALERT=SMS only says 'triggered': the input reads active for 60 s."""
    await _owner(world, "ALARMON")
    world.device.sensor_active()
    world.clock.advance(1)
    await wait_for(lambda: hass.states.get(ALARM).state == STATE_ON)
    assert hass.states.get(ALERTS).attributes["event_type"] == "alarm"
    world.device.sensor_normal()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=61))
    await hass.async_block_till_done()
    assert hass.states.get(ALARM).state == STATE_OFF


async def test_alarm_call_is_rejected_and_reported(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """ALERT=CALL: the modem never answers, rejects at once, fires alarm_call."""
    await _owner(world, "ALERT=CALL")
    await _owner(world, "ALARMON")
    world.device.sensor_active()
    world.clock.advance(1)
    await wait_for(
        lambda: hass.states.get(ALERTS).attributes.get("event_type") == "alarm_call"
    )
    await wait_for(lambda: world.network.call_log[-1].state != "ringing")
    assert world.network.call_log[-1].state in ("rejected", "unanswered", "ended")
    assert world.network.call_log[-1].state != "answered"


async def test_unknown_message_event(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Text the parser does not know is passed on with its raw text."""
    world.device.send_sms("+4915100000001", "Something new from the firmware")
    world.clock.advance(0)
    await wait_for(
        lambda: (
            hass.states.get(ALERTS).attributes.get("event_type") == "unknown_message"
        )
    )
    assert (
        hass.states.get(ALERTS).attributes["message"]
        == "Something new from the firmware"
    )


async def test_restart_buttons(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """RESTART by SMS; restart by call only once RING is known to act on calls."""
    await _press(hass, RESTART)
    assert world.network.sent_log[-1].text == "Power socket restarted"
    assert hass.states.get(RESTART_BY_CALL).state == STATE_UNAVAILABLE

    modem = "4915100000001"
    for text in (
        f"SECNUMBER+{world.owner.number[1:]}",
        f"SECNUMBER+{modem}",
        "SECLIST=ON",
        "RING=RESTART",
        "RINGCONFIRM=CALL",
    ):
        await _owner(world, text)
    device_id = _device_id(hass, loaded_entry)
    response = await hass.services.async_call(
        "isocket",
        "send_command",
        {"device_id": device_id, "command": "RING?"},
        blocking=True,
        return_response=True,
    )
    assert response["result"]["current"] == "RESTART"
    assert hass.states.get(RESTART_BY_CALL).state != STATE_UNAVAILABLE
    sms_before = len(world.network.sent_log)
    await _press(hass, RESTART_BY_CALL)
    assert world.network.call_log[0].caller == "+4915100000001"
    # RINGCONFIRM=CALL: the device calls back; a confirmation, no alarm call.
    device = next(iter(loaded_entry.runtime_data.devices.values()))
    world.clock.advance(12)
    await wait_for(lambda: device.client.call_confirmed_at is not None)
    assert hass.states.get(ALERTS).attributes.get("event_type") != "alarm_call"
    assert len(world.network.sent_log) == sms_before  # free


def _device_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    from homeassistant.helpers import device_registry as dr

    registry = dr.async_get(hass)
    return next(
        d.id
        for d in dr.async_entries_for_config_entry(registry, entry.entry_id)
        if ("isocket", DEVICE_NUMBER) in d.identifiers
    )


async def test_hub_sensors(hass: HomeAssistant, loaded_entry: MockConfigEntry) -> None:
    """Modem signal, operator and registration come from AT (no SMS)."""
    assert hass.states.get("sensor.simcom_sim800_operator").state == "Telekom.de"
    assert hass.states.get("sensor.simcom_sim800_registration").state == "home"
    assert hass.states.get("sensor.simcom_sim800_signal_strength").state not in (
        STATE_UNKNOWN,
        STATE_UNAVAILABLE,
    )
    assert hass.states.get("sensor.simcom_sim800_sms_sent_today").state == "0"
    assert CONF_PASSWORD  # constants importable


async def test_alert_stored_while_ha_was_down_reaches_the_entity(
    hass: HomeAssistant, world: SimWorld
) -> None:
    """A power-failure SMS waiting in the modem's storage is read at setup."""
    from .conftest import hub_entry

    world.device.mains_lost()  # the device reports, HA is not running yet
    world.clock.advance(0)
    await wait_for(lambda: world.modem.sim.storage.used == 1)
    hass.config.country = "DE"
    entry = hub_entry(world.path)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await wait_for(lambda: hass.states.get(MAINS).state == STATE_OFF)
    await wait_for(lambda: world.modem.sim.storage.used == 0)  # accepted, deleted
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
