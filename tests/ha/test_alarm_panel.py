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
from homeassistant.components.select import (
    ATTR_OPTION,
    DOMAIN as SELECT_DOMAIN,
    SERVICE_SELECT_OPTION,
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
ALERTS = "event.garage_alerts"


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
    """ALERT=CALL, armed and set through HA: the device's call (no SMS) is the trigger."""
    await _select_alert(hass, "call")
    await _panel(hass, SERVICE_ALARM_ARM_AWAY)
    sent = len(_sent(world))
    world.device.sensor_active()
    world.clock.advance(1)
    await wait_for(lambda: _state(hass) == AlarmControlPanelState.TRIGGERED)
    assert len(_sent(world)) == sent  # HA knew: the call alone, free
    await _panel(hass, SERVICE_ALARM_DISARM)
    assert _state(hass) == AlarmControlPanelState.DISARMED


async def test_alarm_call_behind_ha_s_back_is_checked(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Armed with ALERT=CALL from the owner's phone: HA cannot tell, STATUS decides.

    The call is reported at once; its STATUS (one SMS) says armed with an
    active input, and the panel shows the alarm.
    """
    world.owner.send(DEVICE_NUMBER, "ALERT=CALL")
    world.owner.send(DEVICE_NUMBER, "ALARMON")
    world.clock.advance(0)
    world.device.sensor_active()
    world.clock.advance(1)
    await wait_for(lambda: _state(hass) == AlarmControlPanelState.TRIGGERED)
    assert _sent(world) == ["STATUS"]
    assert hass.states.get(ALERTS).attributes["event_type"] == "alarm_call"


async def test_spoofed_call_while_disarmed(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A caller showing the device's number while HA knows it disarmed: no alarm.

    Reported as ``unexpected_call`` (reason ``disarmed``), rejected, no SMS.
    """
    await _select_alert(hass, "call")
    await _panel(hass, SERVICE_ALARM_ARM_AWAY)
    await _panel(hass, SERVICE_ALARM_DISARM)
    sent = len(world.network.sent_log)
    call = world.network.call(DEVICE_NUMBER, MODEM_NUMBER)  # not the device
    await wait_for(lambda: call.state != "ringing")
    await wait_for(
        lambda: (
            hass.states.get(ALERTS).attributes.get("event_type") == "unexpected_call"
        )
    )
    assert hass.states.get(ALERTS).attributes["reason"] == "disarmed"
    assert call.state == "rejected"
    assert _state(hass) == AlarmControlPanelState.DISARMED
    assert len(world.network.sent_log) == sent


async def test_spoofed_call_while_state_unknown(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """HA does not know the alarm state: STATUS says disarmed, so no alarm."""
    call = world.network.call(DEVICE_NUMBER, MODEM_NUMBER)
    await wait_for(lambda: _sent(world) == ["STATUS"])
    assert hass.states.get(ALERTS).attributes["reason"] == "checking"
    await wait_for(lambda: _state(hass) == AlarmControlPanelState.DISARMED)
    assert call.state == "rejected"
    assert _sent(world) == ["STATUS"]  # one SMS (and the reply on the device's SIM)


async def _select_alert(hass: HomeAssistant, option: str) -> None:
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: "select.garage_alarm_notification", ATTR_OPTION: option},
        blocking=True,
    )


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
