"""Factory settings at setup: the defaults shown at no SMS cost, marked assumed.

The device step's option fills the settings entities and the thermostat with
the manual's §14 values without sending anything; each keeps the ``assumed``
attribute until the device states the value; a restart keeps both the
assumptions and what was learned meanwhile.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from homeassistant.components.climate import (
    ATTR_HVAC_MODE,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_HVAC_MODE,
    HVACMode,
)
from homeassistant.components.number import (
    DOMAIN as NUMBER_DOMAIN,
    SERVICE_SET_VALUE,
)
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_TEMPERATURE,
    CONF_NAME,
    STATE_OFF,
    STATE_ON,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant, State
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    mock_restore_cache_with_extra_data,
)

from custom_components.isocket.const import (
    CONF_ALARM_INPUT,
    CONF_FACTORY_SETTINGS,
    CONF_PHONE,
    DOMAIN,
    SUBENTRY_TYPE_DEVICE,
)
from custom_components.isocket.entity import ATTR_ASSUMED
from custom_components.isocket.protocol.defaults import FACTORY_SETTINGS

from .conftest import DEVICE_NUMBER, MODEM_NUMBER, SimWorld, device_subentry, hub_entry
from .test_config_flow_device import hub as device_flow_hub  # noqa: F401 - fixture
from .test_settings import all_entities_enabled  # noqa: F401 - the fixture

RESTART = "number.garage_restart_duration"
POWER_ALERT = "switch.garage_power_failure_alert"
RISE_ALERT = "switch.garage_temperature_rise_alert"
SWITCH_OFF_ALERT = "switch.garage_switch_off_alert"
POWER_STATE = "select.garage_socket_after_power_failure"
SMS_CONFIRM = "switch.garage_sms_confirmations"
THERMOSTAT = "climate.garage_thermostat"
# what the option shows, entity by entity (manual §14)
FACTORY_STATES = {
    RESTART: "10.0",
    POWER_ALERT: STATE_ON,
    RISE_ALERT: STATE_OFF,
    POWER_STATE: "remember",
    SMS_CONFIRM: STATE_ON,
    THERMOSTAT: HVACMode.OFF,
}


pytestmark = pytest.mark.usefixtures("all_entities_enabled")


@pytest.fixture
def hub(device_flow_hub: MockConfigEntry) -> MockConfigEntry:  # noqa: F811
    """The device flow tests' hub: loaded, without devices."""
    return device_flow_hub


@pytest.fixture(autouse=True)
async def unload_after(hass: HomeAssistant, world: SimWorld) -> AsyncIterator[None]:
    """Unload the hub before the simulated world stops, failed test or not."""
    yield
    for entry in hass.config_entries.async_entries(DOMAIN):
        if entry.state is ConfigEntryState.LOADED:
            await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


def _modem_sent(world: SimWorld) -> list[str]:
    return [sms.text for sms in world.network.sent_log if sms.sender == MODEM_NUMBER]


def _assumed(hass: HomeAssistant, entity_id: str) -> bool:
    return hass.states.get(entity_id).attributes.get(ATTR_ASSUMED) is True


async def _add_device(
    hass: HomeAssistant, hub: MockConfigEntry, *, factory: bool
) -> None:
    """The device step with or without the option, the link check (one STATUS)."""
    result = await hass.config_entries.subentries.async_init(
        (hub.entry_id, SUBENTRY_TYPE_DEVICE), context={"source": SOURCE_USER}
    )
    data = {CONF_NAME: "Garage", CONF_PHONE: "0151 00000002", CONF_ALARM_INPUT: "door"}
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {**data, CONF_FACTORY_SETTINGS: factory}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"next_step_id": "verify"}
    )
    await hass.async_block_till_done()
    result = await hass.config_entries.subentries.async_configure(result["flow_id"])
    assert result["type"] is FlowResultType.CREATE_ENTRY
    expected = {CONF_PHONE: DEVICE_NUMBER, CONF_ALARM_INPUT: "door"}
    assert result["data"] == expected | (
        {CONF_FACTORY_SETTINGS: True} if factory else {}
    )
    await hass.async_block_till_done()


async def _call(hass: HomeAssistant, domain: str, service: str, **data: object) -> None:
    await hass.services.async_call(domain, service, data, blocking=True)
    await hass.async_block_till_done()


async def test_factory_defaults_at_no_sms_cost(
    hass: HomeAssistant, hub: MockConfigEntry, world: SimWorld
) -> None:
    """Every setting entity and the thermostat show §14, assumed; only the check's SMS."""
    await _add_device(hass, hub, factory=True)
    # the flow's link check is the only SMS the modem sent
    assert _modem_sent(world) == ["STATUS"]
    assert hub.runtime_data.hub.sms_sent_today == 1
    for entity_id, state in FACTORY_STATES.items():
        assert hass.states.get(entity_id).state == state, entity_id
        assert _assumed(hass, entity_id), entity_id
    assert hass.states.get(THERMOSTAT).attributes[ATTR_TEMPERATURE] == 10
    # the link check's STATUS reply is the device's word: not assumed
    assert hass.states.get("switch.garage").state == STATE_OFF
    assert ATTR_ASSUMED not in hass.states.get("switch.garage").attributes
    device = next(iter(hub.runtime_data.devices.values()))
    assert device.data.settings == dict(FACTORY_SETTINGS)


async def test_replies_clear_the_mark(
    hass: HomeAssistant, hub: MockConfigEntry, world: SimWorld
) -> None:
    """An ack that changes a value or confirms it: the value shown, no longer assumed."""
    await _add_device(hass, hub, factory=True)
    await _call(hass, NUMBER_DOMAIN, SERVICE_SET_VALUE, entity_id=RESTART, value=20)
    assert hass.states.get(RESTART).state == "20.0"
    assert not _assumed(hass, RESTART)
    # the same value as assumed, now from the device
    await _call(hass, "switch", "turn_on", **{ATTR_ENTITY_ID: POWER_ALERT})
    assert hass.states.get(POWER_ALERT).state == STATE_ON
    assert ATTR_ASSUMED not in hass.states.get(POWER_ALERT).attributes
    # THERMOSTATON is answered with the mode and set point: all stated
    await _call(
        hass,
        CLIMATE_DOMAIN,
        SERVICE_SET_HVAC_MODE,
        **{ATTR_ENTITY_ID: THERMOSTAT, ATTR_HVAC_MODE: HVACMode.HEAT},
    )
    assert _modem_sent(world)[-1] == "THERMOSTATON"
    assert hass.states.get(THERMOSTAT).state == HVACMode.HEAT
    assert not _assumed(hass, THERMOSTAT)
    # the untouched ones keep the mark
    assert _assumed(hass, POWER_STATE)


async def test_without_the_option_unknown(
    hass: HomeAssistant, hub: MockConfigEntry, world: SimWorld
) -> None:
    """Off (the default): the settings stay unknown, nothing is marked."""
    await _add_device(hass, hub, factory=False)
    for entity_id in FACTORY_STATES:
        assert hass.states.get(entity_id).state == STATE_UNKNOWN, entity_id
        assert not _assumed(hass, entity_id)
    assert _modem_sent(world) == ["STATUS"]


async def test_restart_keeps_assumed_and_learned(
    hass: HomeAssistant, hub: MockConfigEntry, world: SimWorld
) -> None:
    """After a reload: still assumed where the device said nothing, learned stays."""
    await _add_device(hass, hub, factory=True)
    await _call(hass, NUMBER_DOMAIN, SERVICE_SET_VALUE, entity_id=RESTART, value=20)
    await _call(hass, "switch", "turn_on", **{ATTR_ENTITY_ID: SWITCH_OFF_ALERT})
    await _call(
        hass,
        CLIMATE_DOMAIN,
        SERVICE_SET_HVAC_MODE,
        **{ATTR_ENTITY_ID: THERMOSTAT, ATTR_HVAC_MODE: HVACMode.HEAT},
    )
    sent = len(_modem_sent(world))
    assert await hass.config_entries.async_reload(hub.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(RESTART).state == "20.0"
    assert not _assumed(hass, RESTART)
    assert hass.states.get(SWITCH_OFF_ALERT).state == STATE_ON
    assert not _assumed(hass, SWITCH_OFF_ALERT)
    assert hass.states.get(THERMOSTAT).state == HVACMode.HEAT
    assert not _assumed(hass, THERMOSTAT)
    assert hass.states.get(POWER_STATE).state == "remember"
    assert _assumed(hass, POWER_STATE)
    assert hass.states.get(SMS_CONFIRM).state == STATE_ON
    assert _assumed(hass, SMS_CONFIRM)
    assert len(_modem_sent(world)) == sent  # the restart sent nothing


async def test_restored_from_an_earlier_run(
    hass: HomeAssistant, world: SimWorld
) -> None:
    """HA restarts: stored learned values outrank the assumption, assumed ones stay."""
    mock_restore_cache_with_extra_data(
        hass,
        [
            (State(POWER_STATE, "on"), {"value": "on", "learned": None}),
            (
                State(SMS_CONFIRM, "on"),
                {"value": True, "learned": None, "assumed": True},
            ),
            (
                State(RESTART, "30"),
                {
                    "native_max_value": 600,
                    "native_min_value": 1,
                    "native_step": 1,
                    "native_value": 30,
                    "native_unit_of_measurement": "s",
                },
            ),
            (State(THERMOSTAT, HVACMode.COOL), {"assumed": ["settings.SWITCHOFFTEMP"]}),
        ],
    )
    hass.config.country = "DE"
    template = hub_entry(world.path, with_device=False)
    entry = MockConfigEntry(
        domain=template.domain,
        unique_id=template.unique_id,
        data=template.data,
        subentries_data=[device_subentry(**{CONF_FACTORY_SETTINGS: True})],
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(POWER_STATE).state == "on"
    assert not _assumed(hass, POWER_STATE)
    assert hass.states.get(SMS_CONFIRM).state == STATE_ON
    assert _assumed(hass, SMS_CONFIRM)
    assert hass.states.get(RESTART).state == "30.0"
    assert not _assumed(hass, RESTART)
    # mode learned (cool), the set point still assumed
    climate = hass.states.get(THERMOSTAT)
    assert climate.state == HVACMode.COOL
    assert climate.attributes[ATTR_TEMPERATURE] == 10
    device = next(iter(entry.runtime_data.devices.values()))
    assert "thermostat_enabled" not in device.data.assumed
    assert "settings.SWITCHOFFTEMP" in device.data.assumed
    assert _assumed(hass, POWER_ALERT)


async def test_reconfigure_keeps_the_choice(hass: HomeAssistant) -> None:
    """The reconfigure form lacks the option; the device keeps it."""
    entry = MockConfigEntry(
        domain="isocket",
        unique_id="x",
        data={},
        subentries_data=[device_subentry(**{CONF_FACTORY_SETTINGS: True})],
    )
    entry.add_to_hass(hass)
    subentry_id = next(iter(entry.subentries))
    result = await entry.start_subentry_reconfigure_flow(hass, subentry_id)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_NAME: "Shed", CONF_ALARM_INPUT: "smoke"}
    )
    assert result["reason"] == "reconfigure_successful"
    assert entry.subentries[subentry_id].data[CONF_FACTORY_SETTINGS] is True
