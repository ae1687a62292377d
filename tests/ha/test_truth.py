"""Issue 9, HA side: what the device says is trusted only as far as it is sure.

Every test runs the emulated iSocket over a real pty: unknown messages,
password changes only when confirmed, RING buttons, power failure, number
formats, the clock source, single scheduler rules, new actions and the
factory-reset signs.
"""

from __future__ import annotations

from datetime import timedelta
import json
from pathlib import Path
from typing import Any

from homeassistant.components.button import SERVICE_PRESS
from homeassistant.components.switch import SERVICE_TURN_ON
from homeassistant.const import (
    ATTR_ENTITY_ID,
    EVENT_HOMEASSISTANT_FINAL_WRITE,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_device,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.isocket.const import CONF_PASSWORD, DOMAIN
from custom_components.isocket.issues import UNKNOWN_MESSAGE
from custom_components.isocket.protocol.interpret import message_shape
from custom_components.isocket.settings import INQUIRIES, SETTING_SWITCHES
from custom_components.isocket.unknown_messages import STORAGE_KEY

from .conftest import DEVICE_NUMBER, MODEM_NUMBER, SimWorld, hub_entry, wait_for

SOCKET = "switch.garage"
ALERTS = "event.garage_alerts"
RESTART_BY_CALL = "button.garage_restart_by_call"
TOGGLE_BY_CALL = "button.garage_toggle_socket_by_call"
STRANGE = "Battery level 57% - charging"


def _device(entry: MockConfigEntry) -> Any:
    return next(iter(entry.runtime_data.devices.values()))


def _registry_device(hass: HomeAssistant) -> dr.DeviceEntry:
    registry = dr.async_get(hass)
    entry_id = hass.config_entries.async_entries(DOMAIN)[0].entry_id
    return next(
        device
        for device in dr.async_entries_for_config_entry(registry, entry_id)
        if (DOMAIN, DEVICE_NUMBER) in device.identifiers
    )


def _device_id(hass: HomeAssistant) -> str:
    return _registry_device(hass).id


async def _call(hass: HomeAssistant, service: str, **data: Any) -> Any:
    supports = hass.services.supports_response(DOMAIN, service)
    return await hass.services.async_call(
        DOMAIN,
        service,
        {"device_id": _device_id(hass), **data},
        blocking=True,
        return_response=supports.value != "none",
    )


async def _owner(world: SimWorld, text: str) -> None:
    world.owner.send(DEVICE_NUMBER, text)
    world.clock.advance(0)


def _sent(world: SimWorld) -> list[str]:
    """What the modem sent to the device."""
    return [sms.text for sms in world.network.sent_log if sms.sender == MODEM_NUMBER]


def _issues(hass: HomeAssistant, kind: str) -> list[ir.IssueEntry]:
    return [
        issue
        for issue in ir.async_get(hass).issues.values()
        if issue.domain == DOMAIN and issue.translation_key == kind
    ]


def _device_issue(
    hass: HomeAssistant, kind: str, entry: MockConfigEntry
) -> ir.IssueEntry | None:
    subentry_id = next(iter(entry.subentries))
    return ir.async_get(hass).async_get_issue(DOMAIN, f"{kind}_{subentry_id}")


async def _from_device(hass: HomeAssistant, world: SimWorld, text: str) -> None:
    world.device.send_sms(MODEM_NUMBER, text)
    world.clock.advance(0)
    count = len(_device(hass.config_entries.async_entries(DOMAIN)[0]).client.messages)
    await wait_for(
        lambda: (
            len(_device(hass.config_entries.async_entries(DOMAIN)[0]).client.messages)
            > count
        )
    )
    await hass.async_block_till_done()


# --- 1. unknown messages ----------------------------------------------------------


async def test_unknown_message_event_log_and_one_issue_per_shape(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    hass_storage: dict[str, Any],
) -> None:
    """Surfaced everywhere, one issue per shape (numbers masked), state untouched."""
    await _call(hass, "refresh")
    device = _device(loaded_entry)
    before = (device.data.socket_on, dict(device.data.settings))

    await _from_device(hass, world, STRANGE)
    assert hass.states.get(ALERTS).attributes["event_type"] == "unknown_message"
    assert device.client.messages[-1].text == STRANGE
    issues = _issues(hass, UNKNOWN_MESSAGE)
    assert len(issues) == 1
    placeholders = issues[0].translation_placeholders
    assert placeholders["shape"] == "Battery level #% - charging"
    assert placeholders["report_url"].endswith("/issues/new")
    assert issues[0].severity is ir.IssueSeverity.WARNING
    assert (device.data.socket_on, dict(device.data.settings)) == before
    diagnostics = await get_diagnostics_for_device(
        hass, hass_client, loaded_entry, _registry_device(hass)
    )
    assert diagnostics["messages"][-1]["text"] == STRANGE

    # The same shape with other numbers: no second issue; a new shape: one more.
    await _from_device(hass, world, "Battery level 12% - charging")
    assert len(_issues(hass, UNKNOWN_MESSAGE)) == 1
    await _from_device(hass, world, "Something else entirely")
    assert len(_issues(hass, UNKNOWN_MESSAGE)) == 2

    # The shapes are stored for the next start.
    hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)
    await hass.async_block_till_done()
    assert "Battery level #% - charging" in hass_storage[STORAGE_KEY]["data"]


async def test_known_shape_raises_no_issue_after_restart(
    hass: HomeAssistant, world: SimWorld, hass_storage: dict[str, Any]
) -> None:
    """A shape reported in an earlier run is not raised again."""
    hass_storage[STORAGE_KEY] = {
        "version": 1,
        "key": STORAGE_KEY,
        "data": [message_shape(STRANGE)],
    }
    hass.config.country = "DE"
    entry = hub_entry(world.path)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await _from_device(hass, world, STRANGE)
    assert hass.states.get(ALERTS).attributes["event_type"] == "unknown_message"
    assert _issues(hass, UNKNOWN_MESSAGE) == []
    await hass.config_entries.async_unload(entry.entry_id)


# --- 3. configuration window text ------------------------------------------------


async def test_config_window_issue_without_power_cycle_advice_when_secured(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Security configured (§4.1): the issue says power-cycling does not help."""
    world.device.security_lifts_config_window = False  # a device that refuses anyway
    await _owner(world, "PASSWORD=ab123")
    _device(loaded_entry).password = "ab123"
    world.clock.advance(31 * 60)
    with pytest.raises(HomeAssistantError):
        await _call(hass, "set_clock")
    issue = _device_issue(hass, "config_window_expired", loaded_entry)
    assert issue is not None
    assert issue.translation_key == "config_window_expired_secured"


@pytest.mark.parametrize("language", ["strings.json", "translations/de.json"])
def test_config_window_texts(language: str) -> None:
    """Power-cycle advice only without security, with its alert and battery caveat."""
    path = Path(__file__).parents[2] / "custom_components/isocket" / language
    issues = json.loads(path.read_text(encoding="utf-8"))["issues"]
    plain = issues["config_window_expired"]["description"]
    secured = issues["config_window_expired_secured"]["description"]
    assert "§4.1" in plain
    assert "§4.1" in secured
    words = {
        "strings.json": ("power-failure alert", "battery", "Unplug"),
        "translations/de.json": ("Stromausfallmeldung", "Akku", "Ausstecken"),
    }[language]
    assert words[0] in plain
    assert words[1] in plain
    assert words[2] not in secured
    for kind in ("factory_reset", "missed_alert"):
        assert issues[kind]["title"]
        assert issues[kind]["description"]
    # unknown messages are taught through a fix flow (issue 18)
    steps = issues["unknown_message"]["fix_flow"]["step"]
    assert "{text}" in steps["meaning"]["description"]
    assert "{text}" in steps["reading"]["description"]


# --- 4. password changes -----------------------------------------------------------


async def test_password_without_confirmation_is_checked_before_storing(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """SMSCONFIRM=OFF: an inquiry with the new password proves it took."""
    await _owner(world, "SMSCONFIRM=OFF")
    await _call(hass, "send_command", command="SMSCONFIRM?")
    await _call(hass, "set_password", password="nw333")
    assert _sent(world)[-2:] == ["PASSWORD=nw333", "nw333SECLIST?"]
    await hass.async_block_till_done()
    assert (
        dict(next(iter(loaded_entry.subentries.values())).data)[CONF_PASSWORD]
        == "nw333"
    )


async def test_silently_refused_password_keeps_the_old_one(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Window expired, SMSCONFIRM=OFF and ERROR=OFF: silence; the check fails."""
    await _owner(world, "SMSCONFIRM=OFF")
    await _owner(world, "ERROR=OFF")
    await _call(hass, "send_command", command="SMSCONFIRM?")
    world.clock.advance(31 * 60)
    task = hass.async_create_task(_call(hass, "set_password", password="nw333"))
    await wait_for(lambda: _sent(world)[-1] == "nw333SECLIST?")
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=181))
    with pytest.raises(HomeAssistantError) as caught:
        await task
    assert caught.value.translation_key == "password_unconfirmed"
    assert "nw333" not in str(caught.value)
    assert world.device.settings.password is None
    assert CONF_PASSWORD not in next(iter(loaded_entry.subentries.values())).data


async def test_refused_password_keeps_the_old_one(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Window expired with SMSCONFIRM=OFF but ERROR=ON: the refusal is told."""
    await _owner(world, "SMSCONFIRM=OFF")
    await _call(hass, "send_command", command="SMSCONFIRM?")
    world.clock.advance(31 * 60)
    with pytest.raises(HomeAssistantError) as caught:
        await _call(hass, "set_password", password="nw333")
    assert caught.value.translation_key == "password_not_changed"
    assert CONF_PASSWORD not in next(iter(loaded_entry.subentries.values())).data


async def test_unconfirmed_password_removal_keeps_the_old_one(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """PASSWORD=NO without a reply cannot be checked: the old one is kept."""
    await _owner(world, "SMSCONFIRM=OFF")
    await _call(hass, "send_command", command="SMSCONFIRM?")
    with pytest.raises(HomeAssistantError) as caught:
        await _call(hass, "set_password", password="")
    assert caught.value.translation_key == "password_unconfirmed"


async def test_new_password_letters_and_digits_only(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """§5.2: punctuation is refused before anything is sent."""
    sent = len(world.network.sent_log)
    with pytest.raises(ServiceValidationError) as caught:
        await _call(hass, "set_password", password="ab-12")
    assert caught.value.translation_key == "invalid_device_password"
    assert len(world.network.sent_log) == sent


# --- 5. RING buttons -------------------------------------------------------------


async def test_toggle_by_call_with_ring_switch(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """RING=SWITCH: only the toggle button; the call's SMS sets the socket."""
    await _call(hass, "refresh")
    assert hass.states.get(SOCKET).state == STATE_OFF
    # RING needs the security list on (manual §4.2), with the modem on it.
    for text in (
        f"SECNUMBER+{world.owner.number[1:]}",
        f"SECNUMBER+{MODEM_NUMBER[1:]}",
        "SECLIST=ON",
        "RING=SWITCH",
    ):
        await _owner(world, text)
    await _call(hass, "send_command", command="RING?")
    assert hass.states.get(RESTART_BY_CALL).state == STATE_UNAVAILABLE
    assert hass.states.get(TOGGLE_BY_CALL).state != STATE_UNAVAILABLE
    await hass.services.async_call(
        "button", SERVICE_PRESS, {ATTR_ENTITY_ID: TOGGLE_BY_CALL}, blocking=True
    )
    world.clock.advance(5)
    await wait_for(lambda: hass.states.get(SOCKET).state == STATE_ON)
    assert world.device.socket_on

    await _owner(world, "RING=RESTART")
    await _call(hass, "send_command", command="RING?")
    assert hass.states.get(RESTART_BY_CALL).state != STATE_UNAVAILABLE
    assert hass.states.get(TOGGLE_BY_CALL).state == STATE_UNAVAILABLE


# --- 6. power failure and POWERSTATE -----------------------------------------------


@pytest.mark.parametrize(
    ("power_state", "expected"),
    [("REMEMBER", STATE_ON), ("ON", STATE_ON), ("OFF", STATE_OFF)],
)
async def test_socket_off_in_power_failure_and_power_state_on_return(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    power_state: str,
    expected: str,
) -> None:
    """§11: off while the mains is gone; POWERSTATE decides on restoration."""
    await _owner(world, f"POWERSTATE={power_state}")
    await hass.services.async_call(
        "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: SOCKET}, blocking=True
    )
    assert hass.states.get(SOCKET).state == STATE_ON
    world.device.mains_lost()
    world.clock.advance(0)
    await wait_for(lambda: hass.states.get(SOCKET).state == STATE_OFF)
    world.clock.advance(60)
    world.device.mains_restored()
    world.clock.advance(0)
    await wait_for(
        lambda: hass.states.get(ALERTS).attributes.get("event_type") == "power_restored"
    )
    assert hass.states.get(SOCKET).state == expected


# --- 7. number formats -------------------------------------------------------------


async def test_manage_numbers_keeps_local_numbers_local(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """§5.1: a local number goes as written, an international one as digits."""
    await _call(
        hass, "manage_numbers", list="security", operation="add", number="555 55 55"
    )
    assert _sent(world)[-1] == "SECNUMBER+5555555"
    assert "5555555" in world.device.security_numbers
    await _call(
        hass,
        "manage_numbers",
        list="security",
        operation="add",
        number="0049 151 00000003",
    )
    assert _sent(world)[-1] == "SECNUMBER+4915100000003"
    with pytest.raises(ServiceValidationError) as caught:
        await _call(
            hass, "manage_numbers", list="security", operation="add", number="55x5"
        )
    assert caught.value.translation_key == "invalid_phone_number"


# --- 8. clock ----------------------------------------------------------------------


async def test_set_clock_uses_the_network_time_by_default(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """§8: DATESMS unless Home Assistant's time is asked for (DATE=, unverified)."""
    response = await _call(hass, "set_clock")
    assert response == {"command": "DATESMS", "confirmed": True, "source": "network"}
    response = await _call(hass, "set_clock", source="home_assistant")
    assert response["command"].startswith("DATE=")
    assert response["source"] == "home_assistant"


# --- 9. scheduler rules ------------------------------------------------------------


async def test_add_and_remove_single_rules(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """§10: two rules at the same time are both kept; SCHEDULER-hh:mm removes."""
    await _call(hass, "add_schedule_rule", time="07:30:00", action="ON")
    await _call(hass, "add_schedule_rule", time="07:30:00", day="7", action="INF")
    assert _sent(world)[-2:] == ["SCHEDULER+07:30,*,ON", "SCHEDULER+07:30,7,INF"]
    response = await _call(hass, "read_schedule")
    assert response["rules"] == [
        {"time": "07:30", "day": "*", "action": "ON"},
        {"time": "07:30", "day": "7", "action": "INF"},
    ]
    response = await _call(hass, "remove_schedule_rule", time="07:30:00")
    assert response == {"command": "SCHEDULER-07:30", "confirmed": True}
    assert world.device.schedule == []


# --- 10. SECLIST, readings, CREDITUMS ----------------------------------------------


async def test_readings_and_device_actions(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """RUNTIME, TEMPERATURE, DATE?, ALERTME and CREDITUMS answer with the reply."""
    response = await _call(hass, "get_temperature")
    assert response["type"] == "TemperatureReading"
    assert response["result"]["temperature"]["celsius"] == 21.0
    response = await _call(hass, "get_clock")
    assert response["type"] == "ClockReading"
    response = await _call(hass, "get_runtime")
    assert response["command"] == "RUNTIME"
    assert response["confirmed"] is True
    response = await _call(hass, "alert_me")
    assert response["type"] == "AlertMeAck"
    response = await _call(hass, "set_credit_code", code="*100#")
    assert response["command"] == "CREDITUMS=*100#"
    assert response["confirmed"] is True
    response = await _call(hass, "set_credit_code")
    assert response["command"] == "CREDITUMS=NO"


def test_security_list_switch_and_inquiries() -> None:
    """SECLIST is a configuration switch; SECLIST? and CREDITUMS? are read too."""
    row = next(row for row in SETTING_SWITCHES if row.setting == "SECLIST")
    assert row.command_fn(None, True).text == "SECLIST=ON"  # type: ignore[arg-type]
    assert row.entity_registry_enabled_default is False
    asked = {make().text for make in INQUIRIES}
    assert {"SECLIST?", "CREDITUMS?"} <= asked


# --- 11. factory reset ---------------------------------------------------------------


async def test_factory_reset_seen_in_an_empty_number_list(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """§14: the alert list read back empty where it held the modem."""
    await _call(hass, "manage_numbers", list="alert", operation="read")
    assert _device_issue(hass, "factory_reset", loaded_entry) is None
    world.device.hold_button()
    world.clock.advance(0)
    await _call(hass, "manage_numbers", list="alert", operation="read")
    issue = _device_issue(hass, "factory_reset", loaded_entry)
    assert issue is not None
    assert issue.translation_placeholders["modem"] == MODEM_NUMBER[1:]

    # The list read back with the modem on it again clears it.
    await _owner(world, f"ALERTNUMBER+{MODEM_NUMBER[1:]}")
    await _call(hass, "manage_numbers", list="alert", operation="read")
    assert _device_issue(hass, "factory_reset", loaded_entry) is None
    world.device.hold_button()
    world.clock.advance(0)
    await _call(hass, "manage_numbers", list="alert", operation="read")
    assert _device_issue(hass, "factory_reset", loaded_entry) is not None

    # Re-authorised: the next alert clears it.
    await _owner(world, f"ALERTNUMBER+{MODEM_NUMBER[1:]}")
    world.device.mains_lost()
    world.clock.advance(0)
    await wait_for(lambda: _device_issue(hass, "factory_reset", loaded_entry) is None)


async def test_missed_alert_after_a_reading_crossed_the_threshold(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A STATUS above TRISEALERT with no rise alert: alerts no longer arrive."""
    await _owner(world, "TRISEALERT=30C")
    await _call(hass, "send_command", command="TRISEALERT?")
    await _call(hass, "refresh")
    world.device.settings.alert_numbers.clear()  # the modem lost its place
    world.device.set_temperature(35)
    world.clock.advance(120)
    await _call(hass, "refresh")
    issue = _device_issue(hass, "missed_alert", loaded_entry)
    assert issue is not None
    assert issue.translation_placeholders["alert"] == "temperature_rise"
