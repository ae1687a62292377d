"""Settings entities against the emulated iSocket: each sends its command and shows the reply."""

from __future__ import annotations

from collections.abc import Iterator
import json
from pathlib import Path
from typing import Any
from unittest.mock import MagicMock, PropertyMock, patch

from homeassistant.components.number import (
    ATTR_VALUE,
    DOMAIN as NUMBER_DOMAIN,
    SERVICE_SET_VALUE,
)
from homeassistant.components.select import (
    ATTR_OPTION,
    DOMAIN as SELECT_DOMAIN,
    SERVICE_SELECT_OPTION,
)
from homeassistant.const import (
    ATTR_ENTITY_ID,
    STATE_OFF,
    STATE_ON,
    STATE_UNKNOWN,
    EntityCategory,
    Platform,
)
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    mock_restore_cache_with_extra_data,
    snapshot_platform,
)
from pytest_homeassistant_custom_component.syrupy import (
    HomeAssistantSnapshotExtension,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.isocket.button import READ_SETTINGS as READ_SETTINGS_DESCRIPTION
from custom_components.isocket.const import DOMAIN
from custom_components.isocket.device_info import async_track_device_info
from custom_components.isocket.helpers import translate_error
from custom_components.isocket.protocol.commands import set_restart_time
from custom_components.isocket.protocol.errors import InvalidCommandError
from custom_components.isocket.settings import (
    INQUIRIES,
    SETTING_NUMBERS,
    SETTING_SELECTS,
    SETTING_SWITCHES,
    relay_link,
)

from .conftest import DEVICE_NUMBER, MODEM_NUMBER, SimWorld, hub_entry

READ_SETTINGS = "button.garage_read_settings_22_sms"
RISE_SWITCH = "switch.garage_temperature_rise_alert"
RISE_NUMBER = "number.garage_temperature_rise_alert_threshold"
FALL_SWITCH = "switch.garage_temperature_fall_alert"
RELAY_ACTION = "select.garage_socket_on_alarm"
RELAY_SECONDS = "number.garage_socket_on_alarm_duration"

# switch entity, device setting, emulator attribute
SWITCHES = [
    ("switch.garage_power_failure_alert", "POWERALERT", "power_alert"),
    ("switch.garage_switch_off_alert", "SWITCHOFFALERT", "switchoff_alert"),
    ("switch.garage_probe_failure_alert", "TSENSFAILALERT", "tsensfail_alert"),
    ("switch.garage_error_replies", "ERROR", "error"),
    (
        "switch.garage_reply_to_unauthorised_numbers",
        "SMSCONFIRMUNAUTH",
        "smsconfirm_unauth",
    ),
]

# select entity, emulator attribute, {option: device value}
SELECTS = [
    (
        "select.garage_call_action",
        "ring",
        {"noaction": "NOACTION", "switch": "SWITCH", "restart": "RESTART"},
    ),
    (
        "select.garage_call_action_confirmation",
        "ringconfirm",
        {"call": "CALL", "off": "OFF", "sms": "SMS"},
    ),
    ("select.garage_alarm_sensor_type", "sensortype", {"nc": "NC", "no": "NO"}),
    (
        "select.garage_alarm_notification",
        "alert",
        {"smschange": "SMSCHANGE", "call": "CALL", "off": "OFF", "sms": "SMS"},
    ),
    (
        "select.garage_socket_after_power_failure",
        "power_state",
        {"on": "ON", "off": "OFF", "remember": "REMEMBER"},
    ),
]


@pytest.fixture
def all_entities_enabled() -> Iterator[None]:
    """Register the disabled-by-default settings enabled, to drive them."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
        new_callable=PropertyMock,
    ):
        yield


def _sent(world: SimWorld) -> list[str]:
    return [
        sms.text
        for sms in world.network.sent_log
        if sms.recipient == DEVICE_NUMBER and sms.sender == MODEM_NUMBER
    ]


def _state(hass: HomeAssistant, entity_id: str) -> str:
    return hass.states.get(entity_id).state


async def _call(
    hass: HomeAssistant, domain: str, service: str, entity_id: str, **data: Any
) -> None:
    await hass.services.async_call(
        domain, service, {ATTR_ENTITY_ID: entity_id, **data}, blocking=True
    )


async def _select(hass: HomeAssistant, entity_id: str, option: str) -> None:
    await _call(
        hass, SELECT_DOMAIN, SERVICE_SELECT_OPTION, entity_id, **{ATTR_OPTION: option}
    )


async def _number(hass: HomeAssistant, entity_id: str, value: float) -> None:
    await _call(
        hass, NUMBER_DOMAIN, SERVICE_SET_VALUE, entity_id, **{ATTR_VALUE: value}
    )


async def _switch(hass: HomeAssistant, entity_id: str, on: bool) -> None:
    await _call(hass, "switch", "turn_on" if on else "turn_off", entity_id)


def _owner_makes_ring_possible(world: SimWorld) -> None:
    """RING=SWITCH/RESTART need an active security list (spec §3.2)."""
    for text in (
        f"SECNUMBER+{world.owner.number[1:]}",
        f"SECNUMBER+{MODEM_NUMBER[1:]}",
        "SECLIST=ON",
    ):
        world.owner.send(DEVICE_NUMBER, text)
    world.clock.advance(0)


@pytest.mark.usefixtures("all_entities_enabled")
@pytest.mark.parametrize(("entity_id", "name", "attribute"), SWITCHES)
async def test_setting_switches(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    *,
    entity_id: str,
    name: str,
    attribute: str,
) -> None:
    """Each ON/OFF setting: NAME=ON / NAME=OFF, state from the acknowledgement."""
    assert _state(hass, entity_id) == STATE_UNKNOWN
    for on, value, state in ((True, "ON", STATE_ON), (False, "OFF", STATE_OFF)):
        await _switch(hass, entity_id, on)
        assert _sent(world)[-1] == f"{name}={value}"
        assert getattr(world.device.settings, attribute) == value
        assert _state(hass, entity_id) == state


@pytest.mark.usefixtures("all_entities_enabled")
async def test_sms_confirmation_switch(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """SMSCONFIRM=OFF is confirmed; ON is then sent unconfirmed and assumed."""
    entity_id = "switch.garage_sms_confirmations"
    await _switch(hass, entity_id, False)
    assert world.device.settings.smsconfirm == "OFF"
    assert _state(hass, entity_id) == STATE_OFF
    device = next(iter(loaded_entry.runtime_data.devices.values()))
    assert device.client.correlator.confirmations is False
    # RESTARTTIME is not confirmed either now: assumed as set
    await _number(hass, "number.garage_restart_duration", 42)
    assert world.device.settings.restart_time == 42
    assert _state(hass, "number.garage_restart_duration") == "42.0"
    await _switch(hass, entity_id, True)
    assert world.device.settings.smsconfirm == "ON"
    assert _state(hass, entity_id) == STATE_ON


@pytest.mark.usefixtures("all_entities_enabled")
@pytest.mark.parametrize(("entity_id", "attribute", "options"), SELECTS)
async def test_setting_selects(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    *,
    entity_id: str,
    attribute: str,
    options: dict[str, str],
) -> None:
    """Each option sends NAME=VALUE; the acknowledgement sets the state."""
    _owner_makes_ring_possible(world)
    assert _state(hass, entity_id) == STATE_UNKNOWN
    assert set(hass.states.get(entity_id).attributes["options"]) == set(options)
    for option, value in options.items():
        await _select(hass, entity_id, option)
        assert _sent(world)[-1].endswith(f"={value}")
        assert getattr(world.device.settings, attribute) == value
        assert _state(hass, entity_id) == option


async def test_ring_action_needs_security_list(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """RING=SWITCH without SECLIST: the device refuses, HA says why."""
    with pytest.raises(HomeAssistantError) as err:
        await _select(hass, "select.garage_call_action", "switch")
    assert err.value.translation_key == "error_reply"
    assert "SECLIST is not active!" in str(err.value.translation_placeholders)
    # manual §4.2: without the security list RING is (falls back to) NOACTION;
    # the refused SWITCH is never stored (issue 18)
    assert _state(hass, "select.garage_call_action") == "noaction"


async def test_restart_time(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """RESTARTTIME=<s>, 1…600 s."""
    entity_id = "number.garage_restart_duration"
    state = hass.states.get(entity_id)
    assert state.attributes["min"] == 1
    assert state.attributes["max"] == 600
    assert state.attributes["unit_of_measurement"] == "s"
    await _number(hass, entity_id, 30)
    assert _sent(world)[-1] == "RESTARTTIME=30"
    assert world.device.settings.restart_time == 30
    assert _state(hass, entity_id) == "30.0"
    with pytest.raises(ServiceValidationError):
        await _number(hass, entity_id, 601)


async def test_relay_link(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """RELAYTIME as an action select and a duration number (0 = permanently)."""
    with pytest.raises(ServiceValidationError) as err:
        await _number(hass, RELAY_SECONDS, 60)
    assert err.value.translation_key == "relay_action_needed"
    assert _sent(world) == []

    await _select(hass, RELAY_ACTION, "on")
    assert world.device.settings.relaytime == "ON"
    assert _state(hass, RELAY_ACTION) == "on"
    assert _state(hass, RELAY_SECONDS) == "0.0"
    await _number(hass, RELAY_SECONDS, 60)
    assert world.device.settings.relaytime == "ON60"
    assert _state(hass, RELAY_SECONDS) == "60.0"
    await _select(hass, RELAY_ACTION, "off")  # keeps the duration
    assert world.device.settings.relaytime == "OFF60"
    await _select(hass, RELAY_ACTION, "none")
    assert world.device.settings.relaytime == "0"
    assert _state(hass, RELAY_ACTION) == "none"
    assert _state(hass, RELAY_SECONDS) == "60.0"  # the last duration stays
    await _select(hass, RELAY_ACTION, "on")  # ...and comes back with the action
    assert world.device.settings.relaytime == "ON60"
    await _number(hass, RELAY_SECONDS, 0)
    assert world.device.settings.relaytime == "ON"
    assert _sent(world)[-1] == "RELAYTIME=ON"


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("0", ("none", 0)),
        ("ON", ("on", 0)),
        ("OFF120", ("off", 120)),
        ("SOMETHING", None),
        (None, None),
    ],
)
def test_relay_link_text(text: str | None, link: tuple[str, int] | None) -> None:
    """The device's RELAYTIME words."""
    assert relay_link(text) == link


async def test_temperature_alerts(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A threshold number and an on/off switch per alert; off keeps the threshold."""
    with pytest.raises(ServiceValidationError) as err:
        await _switch(hass, FALL_SWITCH, True)
    assert err.value.translation_key == "threshold_needed"

    state = hass.states.get(RISE_NUMBER)
    assert (state.attributes["min"], state.attributes["max"]) == (-55, 120)
    await _number(hass, RISE_NUMBER, 35)
    assert _sent(world)[-1] == "TRISEALERT=35C"
    assert world.device.settings.trise_alert.celsius == 35
    assert _state(hass, RISE_SWITCH) == STATE_ON
    assert _state(hass, RISE_NUMBER) == "35.0"

    await _switch(hass, RISE_SWITCH, False)
    assert _sent(world)[-1] == "TRISEALERT=OFF"
    assert world.device.settings.trise_alert is None
    assert _state(hass, RISE_SWITCH) == STATE_OFF
    assert _state(hass, RISE_NUMBER) == "35.0"

    await _switch(hass, RISE_SWITCH, True)  # the kept threshold again
    assert _sent(world)[-1] == "TRISEALERT=35C"
    await _switch(hass, RISE_SWITCH, True)  # already on: the device's threshold
    assert _sent(world)[-1] == "TRISEALERT=35C"

    world.device.set_temperature(36)
    world.clock.advance(60)
    alert = world.network.sent_log[-1]
    assert alert.text.startswith("TEMPERATURE rise alert!")
    assert alert.recipient == MODEM_NUMBER

    await _number(hass, "number.garage_temperature_fall_alert_threshold", -5)
    assert _sent(world)[-1] == "TFALLALERT=-5C"
    assert _state(hass, FALL_SWITCH) == STATE_ON


async def test_temperature_alert_in_fahrenheit(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Shown in °F, sent in °C, and the kept threshold stays in °C."""
    hass.config.units = US_CUSTOMARY_SYSTEM
    await _number(hass, RISE_NUMBER, 95)
    assert _sent(world)[-1] == "TRISEALERT=35C"
    assert _state(hass, RISE_NUMBER) == "95.0"
    await _switch(hass, RISE_SWITCH, False)
    await _switch(hass, RISE_SWITCH, True)
    assert _sent(world)[-1] == "TRISEALERT=35C"


@pytest.mark.usefixtures("all_entities_enabled")
async def test_read_settings(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    device_registry: dr.DeviceRegistry,
) -> None:
    """One press: every inquiry (22 SMS), every setting known, device info filled."""
    assert hass.states.get(READ_SETTINGS).attributes["friendly_name"] == (
        "Garage Read settings (22 SMS)"
    )
    assert len(INQUIRIES) == 22
    await _call(hass, "button", "press", READ_SETTINGS)
    assert len(_sent(world)) == 22
    assert {"SECLIST?", "CREDITUMS?"} <= set(_sent(world))
    assert loaded_entry.runtime_data.hub.sms_sent_today == 22
    factory = {
        "number.garage_restart_duration": "10.0",
        "select.garage_call_action": "noaction",
        "select.garage_call_action_confirmation": "sms",
        "switch.garage_sms_confirmations": STATE_ON,
        "switch.garage_error_replies": STATE_ON,
        "switch.garage_reply_to_unauthorised_numbers": STATE_OFF,
        "select.garage_alarm_sensor_type": "no",
        "select.garage_alarm_notification": "sms",
        RELAY_ACTION: "none",
        RELAY_SECONDS: STATE_UNKNOWN,
        "switch.garage_power_failure_alert": STATE_ON,
        "select.garage_socket_after_power_failure": "remember",
        "switch.garage_switch_off_alert": STATE_OFF,
        "switch.garage_probe_failure_alert": STATE_OFF,
        RISE_SWITCH: STATE_OFF,
        RISE_NUMBER: STATE_UNKNOWN,
        FALL_SWITCH: STATE_OFF,
        "climate.garage_thermostat": "off",
        "alarm_control_panel.garage_alarm": "disarmed",
    }
    assert {entity_id: _state(hass, entity_id) for entity_id in factory} == factory
    assert hass.states.get("climate.garage_thermostat").attributes["temperature"] == 10

    device = device_registry.async_get_device_by_identifier(
        (DOMAIN, DEVICE_NUMBER), loaded_entry.entry_id
    )
    assert device is not None
    assert device.model == "iSocket Environment Pro"
    assert device.serial_number == "12345678987654321"
    assert device.sw_version == "1.0.0"

    # What the device told about itself survives a reload of the hub.
    assert await hass.config_entries.async_reload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    device = device_registry.async_get(device.id)
    assert device is not None
    assert device.serial_number == "12345678987654321"
    assert device.sw_version == "1.0.0"


async def test_read_settings_partly_answered(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Some inquiries fail: one translated error naming how many."""
    device = next(iter(loaded_entry.runtime_data.devices.values()))
    original = device.async_command

    async def flaky(command: Any, **kwargs: Any) -> Any:
        if command.text in ("HARDWARE", "FIRMWARE"):
            raise HomeAssistantError("lost")
        return await original(command, **kwargs)

    with (
        patch.object(device, "async_command", flaky),
        pytest.raises(HomeAssistantError) as err,
    ):
        await _call(hass, "button", "press", READ_SETTINGS)
    assert err.value.translation_key == "read_settings_incomplete"
    assert err.value.translation_placeholders == {
        "device": "Garage",
        "failed": "2",
        "total": "22",
    }


async def test_read_settings_fails_as_is(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Nothing got through (modem gone), or a bug: that error, unchanged."""
    device = next(iter(loaded_entry.runtime_data.devices.values()))
    original = device.async_command

    async def gone(command: Any, **kwargs: Any) -> Any:
        raise HomeAssistantError("modem gone")

    with (
        patch.object(device, "async_command", gone),
        pytest.raises(HomeAssistantError, match="modem gone"),
    ):
        await _call(hass, "button", "press", READ_SETTINGS)

    async def buggy(command: Any, **kwargs: Any) -> Any:
        if command.text == "ALARM?":
            raise RuntimeError("bug")
        return await original(command, **kwargs)

    with patch.object(device, "async_command", buggy), pytest.raises(RuntimeError):
        await _call(hass, "button", "press", READ_SETTINGS)


def test_invalid_value_is_a_validation_error() -> None:
    """A builder refusing a value becomes a translated ServiceValidationError."""
    with pytest.raises(InvalidCommandError) as refused:
        set_restart_time(601)
    err = translate_error(refused.value)
    assert isinstance(err, ServiceValidationError)
    assert err.translation_key == "invalid_command"
    assert translate_error(ValueError("x")).args == ("x",)  # not ours: unchanged


async def test_settings_restored(hass: HomeAssistant, world: SimWorld) -> None:
    """After a restart the last known values stand in until the device tells."""
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State("select.garage_alarm_notification", "call"),
                {"value": "call", "learned": None},
            ),
            (
                State(RISE_NUMBER, "30"),
                {
                    "native_max_value": 120,
                    "native_min_value": -55,
                    "native_step": 1,
                    "native_value": 30,
                    "native_unit_of_measurement": "°C",
                },
            ),
        ],
    )
    entry = hub_entry(world.path)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    try:
        assert _state(hass, "select.garage_alarm_notification") == "call"
        assert _state(hass, RISE_NUMBER) == "30.0"
    finally:
        await hass.config_entries.async_unload(entry.entry_id)


async def test_settings_are_configuration(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Every settings entity is a configuration entity; rarely used ones start disabled."""
    entries = er.async_entries_for_config_entry(entity_registry, loaded_entry.entry_id)
    config = {
        e.entity_id for e in entries if e.entity_category is EntityCategory.CONFIG
    }
    assert config == {
        *(entity_id for entity_id, _, _ in SWITCHES),
        "switch.garage_sms_confirmations",
        "switch.garage_security_list",
        RISE_SWITCH,
        FALL_SWITCH,
        *(entity_id for entity_id, _, _ in SELECTS),
        RELAY_ACTION,
        "number.garage_restart_duration",
        RELAY_SECONDS,
        RISE_NUMBER,
        "number.garage_temperature_fall_alert_threshold",
        READ_SETTINGS,
    }
    disabled = {e.entity_id for e in entries if e.disabled_by is not None}
    assert disabled == {
        "select.garage_call_action_confirmation",
        "switch.garage_switch_off_alert",
        "switch.garage_probe_failure_alert",
        "switch.garage_security_list",
        "switch.garage_sms_confirmations",
        "switch.garage_error_replies",
        "switch.garage_reply_to_unauthorised_numbers",
        "sensor.simcom_sim800_balance",  # the gateway's: each reading is a USSD
    }


@pytest.mark.usefixtures("all_entities_enabled")
@pytest.mark.parametrize(
    "platform",
    [Platform.ALARM_CONTROL_PANEL, Platform.CLIMATE, Platform.NUMBER, Platform.SELECT],
)
async def test_snapshots(
    hass: HomeAssistant,
    world: SimWorld,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    """Names, unique ids, classes and categories of the new platforms stay as designed."""
    entry = hub_entry(world.path)
    entry.add_to_hass(hass)
    with patch("custom_components.isocket.PLATFORMS", [platform]):
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
    try:
        await snapshot_platform(
            hass,
            entity_registry,
            snapshot.use_extension(HomeAssistantSnapshotExtension),
            entry.entry_id,
        )
    finally:
        assert await hass.config_entries.async_unload(entry.entry_id)


async def test_device_info_without_device(hass: HomeAssistant) -> None:
    """A device not (yet) in the registry: nothing to update, no error."""
    listeners: list[Any] = []
    device = MagicMock(phone="+4900000", model="iSocket Environment Pro")
    device.async_add_listener = listeners.append
    async_track_device_info(hass, device)
    listeners[0]()
    assert len(dr.async_get(hass).devices) == 0


@pytest.mark.parametrize("language", ["strings.json", "translations/de.json"])
def test_texts_exist(language: str) -> None:
    """Every new entity, option and error is named in each language; icons exist."""
    folder = Path(__file__).parents[2] / "custom_components/isocket"
    texts = json.loads((folder / language).read_text(encoding="utf-8"))
    icons = json.loads((folder / "icons.json").read_text(encoding="utf-8"))
    rows: list[tuple[str, Any]] = [
        *(("switch", desc) for desc in SETTING_SWITCHES),
        *(("select", desc) for desc in SETTING_SELECTS),
        *(("number", desc) for desc in SETTING_NUMBERS),
        ("button", READ_SETTINGS_DESCRIPTION),
    ]
    for platform, desc in rows:
        entity = texts["entity"][platform][desc.translation_key]
        assert entity["name"]
        assert icons["entity"][platform][desc.translation_key]["default"]
        for option in getattr(desc, "options", None) or ():
            assert entity["state"][option]
    assert "{count}" in texts["entity"]["button"]["read_settings"]["name"]
    assert texts["entity"]["climate"]["thermostat"]["state"]["heat"]
    assert texts["entity"]["climate"]["thermostat"]["state"]["cool"]
    assert texts["entity"]["alarm_control_panel"]["alarm"]["name"]
    for key in ("relay_action_needed", "threshold_needed", "read_settings_incomplete"):
        assert texts["exceptions"][key]["message"]
