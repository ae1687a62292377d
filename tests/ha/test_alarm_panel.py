"""The alarm panel against the emulated iSocket's alarm logic."""

from __future__ import annotations

from homeassistant.components.alarm_control_panel import (
    DOMAIN as ALARM_DOMAIN,
    SERVICE_ALARM_ARM_AWAY,
    SERVICE_ALARM_DISARM,
)
from homeassistant.components.alarm_control_panel.const import (
    AlarmControlPanelEntityFeature,
    AlarmControlPanelState,
)
from homeassistant.const import (
    ATTR_CODE_FORMAT,
    ATTR_ENTITY_ID,
    ATTR_SUPPORTED_FEATURES,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant, State
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    mock_restore_cache_with_extra_data,
)

from .conftest import DEVICE_NUMBER, MODEM_NUMBER, SimWorld, hub_entry, wait_for

PANEL = "alarm_control_panel.garage_alarm"


async def _panel(hass: HomeAssistant, service: str) -> None:
    await hass.services.async_call(
        ALARM_DOMAIN, service, {ATTR_ENTITY_ID: PANEL}, blocking=True
    )


def _state(hass: HomeAssistant) -> str:
    return hass.states.get(PANEL).state


def _sent(world: SimWorld) -> list[str]:
    return [
        sms.text
        for sms in world.network.sent_log
        if sms.recipient == DEVICE_NUMBER and sms.sender == MODEM_NUMBER
    ]


async def test_arm_trigger_disarm(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Arm away, the sensor trips (alarm SMS): triggered until disarmed."""
    state = hass.states.get(PANEL)
    assert state.state == STATE_UNKNOWN
    assert state.attributes[ATTR_SUPPORTED_FEATURES] == (
        AlarmControlPanelEntityFeature.ARM_AWAY
    )
    assert state.attributes[ATTR_CODE_FORMAT] is None
    assert state.attributes["code_arm_required"] is False

    await _panel(hass, SERVICE_ALARM_ARM_AWAY)
    assert _sent(world) == ["ALARMON"]
    assert world.device.alarm_armed
    assert _state(hass) == AlarmControlPanelState.ARMED_AWAY

    world.device.sensor_active()
    world.clock.advance(1)
    await wait_for(lambda: _state(hass) == AlarmControlPanelState.TRIGGERED)
    # the input returning to normal does not end the alarm: disarming does
    world.device.sensor_normal()
    world.clock.advance(61)
    assert _state(hass) == AlarmControlPanelState.TRIGGERED

    await _panel(hass, SERVICE_ALARM_DISARM)
    assert _sent(world)[-1] == "ALARMOFF"
    assert not world.device.alarm_armed
    assert _state(hass) == AlarmControlPanelState.DISARMED


async def test_sensor_change_alerts_trigger(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """ALERT=SMSCHANGE: 'sensor active' while armed is a trigger too."""
    world.owner.send(DEVICE_NUMBER, "ALERT=SMSCHANGE")
    await _panel(hass, SERVICE_ALARM_ARM_AWAY)
    world.device.sensor_active()
    world.clock.advance(1)
    await wait_for(lambda: _state(hass) == AlarmControlPanelState.TRIGGERED)
    # arming again after the device was disarmed at its button starts afresh
    world.device.press_button()
    assert not world.device.alarm_armed
    await _panel(hass, SERVICE_ALARM_ARM_AWAY)
    assert _state(hass) == AlarmControlPanelState.ARMED_AWAY


async def test_alarm_call_triggers(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """ALERT=CALL: the device's call (no SMS) is the trigger."""
    world.owner.send(DEVICE_NUMBER, "ALERT=CALL")
    world.owner.send(DEVICE_NUMBER, "ALARMON")
    world.clock.advance(0)
    world.device.sensor_active()
    world.clock.advance(1)
    await wait_for(lambda: _state(hass) == AlarmControlPanelState.TRIGGERED)
    assert _sent(world) == []
    await _panel(hass, SERVICE_ALARM_DISARM)
    assert _state(hass) == AlarmControlPanelState.DISARMED


async def test_status_reports_disarmed(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """STATUS tells the alarm function's state without any command."""
    await hass.services.async_call(
        "button",
        "press",
        {ATTR_ENTITY_ID: "button.garage_refresh_status"},
        blocking=True,
    )
    assert _state(hass) == AlarmControlPanelState.DISARMED


async def test_without_confirmations(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """SMSCONFIRM=OFF: no reply comes, so the request is taken as done."""
    world.owner.send(DEVICE_NUMBER, "SMSCONFIRM=OFF")
    device = next(iter(loaded_entry.runtime_data.devices.values()))
    device.client.correlator.confirmations = False
    await _panel(hass, SERVICE_ALARM_ARM_AWAY)
    assert world.device.alarm_armed
    assert _state(hass) == AlarmControlPanelState.ARMED_AWAY
    await _panel(hass, SERVICE_ALARM_DISARM)
    assert not world.device.alarm_armed
    assert _state(hass) == AlarmControlPanelState.DISARMED


async def test_restored_after_restart(hass: HomeAssistant, world: SimWorld) -> None:
    """The last known state stands in until the device tells."""
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State(PANEL, AlarmControlPanelState.ARMED_AWAY),
                {"value": "armed_away", "learned": None},
            )
        ],
    )
    entry = hub_entry(world.path)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    try:
        assert _state(hass) == AlarmControlPanelState.ARMED_AWAY
    finally:
        await hass.config_entries.async_unload(entry.entry_id)
