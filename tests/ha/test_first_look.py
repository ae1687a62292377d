"""The first look, through the real stack over a pty: the hub's name, freshness, reasons.

- The hub is named by what it is (model and masked own number); entity ids
  of new installs follow, those of existing installs stay.
- The socket is ``assumed_state`` only while the device can switch it by
  itself, and says why; every device value carries ``as_of``.
- "Socket on since" is set by a confirmed switch-on.
- The call buttons say why they cannot be pressed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from unittest.mock import patch

from homeassistant.components.button import SERVICE_PRESS
from homeassistant.components.climate import (
    ATTR_HVAC_MODE,
    SERVICE_SET_HVAC_MODE,
    HVACMode,
)
from homeassistant.components.switch import SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import (
    ATTR_ASSUMED_STATE,
    ATTR_ENTITY_ID,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.isocket.const import (
    CONF_BAUDRATE,
    CONF_MAX_SMS_PER_DAY,
    CONF_PORT,
    DEFAULT_MAX_SMS_PER_DAY,
    DOMAIN,
)

from .conftest import DEVICE_NUMBER, IMEI, MODEM_NUMBER, SimWorld, hub_entry

SOCKET = "switch.garage"
ON_SINCE = "sensor.garage_socket_on_since"
TEMPERATURE = "sensor.garage_temperature"
THERMOSTAT = "climate.garage_thermostat"
PHONE = "sensor.garage_phone_number"
RESTART_BY_CALL = "button.garage_restart_by_call"
TOGGLE_BY_CALL = "button.garage_toggle_socket_by_call"


async def _service(hass: HomeAssistant, domain: str, service: str, **data: Any) -> None:
    await hass.services.async_call(domain, service, data, blocking=True)


async def _isocket(hass: HomeAssistant, service: str, **data: Any) -> None:
    entry_id = hass.config_entries.async_entries(DOMAIN)[0].entry_id
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, DEVICE_NUMBER), entry_id
    )
    assert device is not None
    await _service(hass, DOMAIN, service, device_id=device.id, **data)


async def _owner_sets_call_action(
    hass: HomeAssistant, world: SimWorld, ring: str
) -> None:
    """The owner's phone sets RING; HA learns it by asking RING? (one SMS).

    RING needs the security list on (manual §4.2), with the modem on it.
    """
    for text in (
        f"SECNUMBER+{world.owner.number[1:]}",
        f"SECNUMBER+{MODEM_NUMBER[1:]}",
        "SECLIST=ON",
        f"RING={ring}",
    ):
        world.owner.send(DEVICE_NUMBER, text)
        world.clock.advance(0)
    await _isocket(hass, "send_command", command="RING?")


def _attributes(hass: HomeAssistant, entity_id: str) -> dict[str, Any]:
    state = hass.states.get(entity_id)
    assert state is not None
    return dict(state.attributes)


# --- the hub's name ---------------------------------------------------------------


async def test_new_hub_is_named_by_what_it_is(
    hass: HomeAssistant, world: SimWorld
) -> None:
    """The simulated SIM800L reports SIMCOM_Ltd / SIMCOM_SIM800L and its number.

    The entry, the device, and so the entity ids of a new install read
    "GSM modem SIM800L (+49 1510 …)": the model in plain words, the SIM's
    own number with only its country and network code.
    """
    hass.config.country = "DE"
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PORT: world.path, CONF_BAUDRATE: "115200"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    entry = result["result"]
    try:
        _check_new_hub(hass, entry)
    finally:
        assert await hass.config_entries.async_unload(entry.entry_id)


def _check_new_hub(hass: HomeAssistant, entry: Any) -> None:
    assert entry.title == "GSM modem SIM800L (+49 1510 …)"
    hub = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, IMEI), entry.entry_id
    )
    assert hub is not None
    assert hub.name == "GSM modem SIM800L (+49 1510 …)"
    assert (hub.manufacturer, hub.model, hub.model_id) == (
        "SIMCom",
        "SIM800L",
        "SIMCOM_SIM800L",
    )
    ids = {
        e.unique_id: e.entity_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    }
    assert ids[f"{IMEI}_signal"] == "sensor.gsm_modem_sim800l_49_1510_signal_strength"
    assert ids[f"{IMEI}_operator"] == "sensor.gsm_modem_sim800l_49_1510_operator"
    # the full number is nowhere in the names
    assert not any(MODEM_NUMBER[3:] in entity_id for entity_id in ids.values())


async def test_existing_hub_keeps_its_entity_ids(
    hass: HomeAssistant, world: SimWorld
) -> None:
    """An install from before keeps its title, its device name and its entity ids.

    Nothing is migrated: only new entries get the new name. A rename by the
    user (entry title or device name) changes no entity id either.
    """
    registry = er.async_get(hass)
    entry = hub_entry(world.path)  # titled "SIMCOM SIM800" by an older version
    entry.add_to_hass(hass)
    old = registry.async_get_or_create(
        "sensor",
        DOMAIN,
        f"{IMEI}_signal",
        config_entry=entry,
        suggested_object_id="simcom_ltd_simcom_sim800l_signal_strength",
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    try:
        _check_old_hub(hass, entry, old.entity_id)
    finally:
        assert await hass.config_entries.async_unload(entry.entry_id)


def _check_old_hub(hass: HomeAssistant, entry: MockConfigEntry, old: str) -> None:
    registry = er.async_get(hass)
    assert entry.title == "SIMCOM SIM800"
    assert registry.async_get(old) is not None
    assert hass.states.get(old) is not None
    assert hass.states.get("sensor.simcom_sim800_operator") is not None

    hass.config_entries.async_update_entry(entry, title="Cellar modem")
    hub = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, IMEI), entry.entry_id
    )
    assert hub is not None
    dr.async_get(hass).async_update_device(hub.id, name_by_user="Cellar modem")
    assert registry.async_get("sensor.simcom_sim800_operator") is not None
    assert registry.async_get(old) is not None


async def test_hub_without_own_number(hass: HomeAssistant, world: SimWorld) -> None:
    """A SIM that does not report its number: the model alone."""
    world.modem.sim.number = None
    with patch("custom_components.isocket.async_setup_entry", return_value=True):
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": SOURCE_USER}
        )
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_PORT: world.path, CONF_BAUDRATE: "115200"}
        )
    assert result["title"] == "GSM modem SIM800L"


# --- freshness ----------------------------------------------------------------------


async def test_socket_is_assumed_while_the_device_can_switch_it(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Thermostat on or a call action that switches: ``assumed_state`` and why."""
    await _isocket(hass, "refresh")
    attributes = _attributes(hass, SOCKET)
    assert ATTR_ASSUMED_STATE not in attributes
    assert "switches_by_itself" not in attributes

    await _service(
        hass,
        "climate",
        SERVICE_SET_HVAC_MODE,
        **{ATTR_ENTITY_ID: THERMOSTAT, ATTR_HVAC_MODE: HVACMode.HEAT},
    )
    assert world.device.settings.thermostat_enabled
    attributes = _attributes(hass, SOCKET)
    assert attributes[ATTR_ASSUMED_STATE] is True
    assert attributes["switches_by_itself"] == ["thermostat"]

    await _owner_sets_call_action(hass, world, "SWITCH")
    assert _attributes(hass, SOCKET)["switches_by_itself"] == [
        "thermostat",
        "call_action",
    ]

    await _service(
        hass,
        "climate",
        SERVICE_SET_HVAC_MODE,
        **{ATTR_ENTITY_ID: THERMOSTAT, ATTR_HVAC_MODE: HVACMode.OFF},
    )
    await _owner_sets_call_action(hass, world, "NOACTION")
    attributes = _attributes(hass, SOCKET)
    assert ATTR_ASSUMED_STATE not in attributes
    assert "switches_by_itself" not in attributes


async def test_socket_on_since_from_a_confirmed_switch_on(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """OFF, then ON confirmed by the device: on since that reply; as of it too."""
    await _isocket(hass, "refresh")
    assert hass.states.get(SOCKET).state == "off"
    assert hass.states.get(ON_SINCE).state == STATE_UNKNOWN
    before = dt_util.utcnow()
    await _service(hass, "switch", SERVICE_TURN_ON, **{ATTR_ENTITY_ID: SOCKET})
    assert world.device.socket_on
    since = dt_util.parse_datetime(hass.states.get(ON_SINCE).state)
    assert since is not None
    # the sensor's state is in whole seconds
    assert before.replace(microsecond=0) <= since <= dt_util.utcnow()
    as_of = _attributes(hass, SOCKET)["as_of"]
    assert isinstance(as_of, datetime)
    assert before <= as_of <= dt_util.utcnow()

    await _service(hass, "switch", SERVICE_TURN_OFF, **{ATTR_ENTITY_ID: SOCKET})
    assert hass.states.get(ON_SINCE).state == STATE_UNKNOWN


async def test_device_values_carry_as_of(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Each STATUS reply moves ``as_of``, even when the value did not change."""
    assert "as_of" not in _attributes(hass, TEMPERATURE)  # nothing known yet
    await _isocket(hass, "refresh")
    first = _attributes(hass, TEMPERATURE)["as_of"]
    value = hass.states.get(TEMPERATURE).state
    await _isocket(hass, "refresh")
    assert hass.states.get(TEMPERATURE).state == value
    second = _attributes(hass, TEMPERATURE)["as_of"]
    assert second > first
    assert _attributes(hass, "binary_sensor.garage_mains_power")["as_of"] == second
    assert _attributes(hass, THERMOSTAT).get("as_of") is None  # its mode is unknown


async def test_as_of_is_not_recorded(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """``as_of`` changes with every reply: the recorder leaves it out (no row churn)."""
    await _isocket(hass, "refresh")
    for entity_id in (TEMPERATURE, SOCKET, THERMOSTAT):
        state = hass.states.get(entity_id)
        assert state.state_info is not None
        assert "as_of" in state.state_info["unrecorded_attributes"], entity_id


async def test_phone_number_on_the_device_page(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """A diagnostic sensor shows the iSocket's number: two iSockets tell apart."""
    state = hass.states.get(PHONE)
    assert state is not None
    assert state.state == DEVICE_NUMBER
    entry = er.async_get(hass).async_get(PHONE)
    assert entry is not None
    assert entry.entity_category is er.EntityCategory.DIAGNOSTIC


# --- reasons --------------------------------------------------------------------------


async def test_call_buttons_say_why_they_are_unavailable(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Greyed out with the device's call action as the reason; pressable once it fits."""
    for button in (RESTART_BY_CALL, TOGGLE_BY_CALL):
        state = hass.states.get(button)
        assert state.state == STATE_UNAVAILABLE
        assert state.attributes["unavailable_reason"] == "call_action_unknown"

    await _owner_sets_call_action(hass, world, "RESTART")
    restart = hass.states.get(RESTART_BY_CALL)
    assert restart.state != STATE_UNAVAILABLE
    assert "unavailable_reason" not in restart.attributes
    toggle = hass.states.get(TOGGLE_BY_CALL)
    assert toggle.state == STATE_UNAVAILABLE
    assert toggle.attributes["unavailable_reason"] == "call_action_restart"
    await _service(hass, "button", SERVICE_PRESS, **{ATTR_ENTITY_ID: RESTART_BY_CALL})

    await _owner_sets_call_action(hass, world, "NOACTION")
    restart = hass.states.get(RESTART_BY_CALL)
    assert restart.state == STATE_UNAVAILABLE
    assert restart.attributes["unavailable_reason"] == "call_action_noaction"


async def test_sms_sent_today_shows_the_days_cap(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """The hub option *Maximum SMS per day* and what is left, beside the count."""
    sms_sent = "sensor.simcom_sim800_sms_sent_today"
    await _isocket(hass, "refresh")
    state = hass.states.get(sms_sent)
    assert state.state == "1"
    assert state.attributes["daily_limit"] == DEFAULT_MAX_SMS_PER_DAY
    assert state.attributes["remaining_today"] == DEFAULT_MAX_SMS_PER_DAY - 1

    hass.config_entries.async_update_entry(
        loaded_entry, options={**loaded_entry.options, CONF_MAX_SMS_PER_DAY: 0}
    )
    await hass.async_block_till_done()
    await _isocket(hass, "refresh")
    state = hass.states.get(sms_sent)
    assert state.state == "2"
    assert state.attributes["daily_limit"] == "unlimited"
    assert "remaining_today" not in state.attributes
