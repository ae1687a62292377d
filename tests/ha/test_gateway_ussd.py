"""isocket.modem_ussd and the balance sensor, against the simulated network."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from unittest.mock import patch

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.isocket.const import (
    CONF_BALANCE_CODE,
    CONF_BALANCE_INTERVAL,
    DOMAIN,
)
from custom_components.isocket.sms_gateway.balance import FIRST_READ_DELAY
from simulator.network import UssdReply

from .conftest import SimWorld, hub_entry, wait_for


@pytest.fixture(autouse=True)
def no_ussd_interval() -> Iterator[None]:
    """These tests ask many codes in a row; the rate limit has its own test."""
    with patch("custom_components.isocket.sms_gateway.services.USSD_INTERVAL", 0.0):
        yield


async def _ussd(hass: HomeAssistant, **data: object) -> dict[str, object]:
    response = await hass.services.async_call(
        DOMAIN, "modem_ussd", data, blocking=True, return_response=True
    )
    assert response is not None
    return dict(response)


async def test_ussd_answer_decoded(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """GSM 7-bit and UCS-2 answers come back as text, with the amount read."""
    response = await _ussd(hass, code="*100#")
    assert response == {
        "text": "Your credit is 10.00 EUR. Valid until 31.12.2027.",
        "status": "done",
        "amount": 10.0,
    }
    world.network.ussd_replies["*101#"] = UssdReply("Остаток: 5,50 руб.", "ucs2")
    response = await _ussd(hass, code=" *101# ")
    assert response["text"] == "Остаток: 5,50 руб."
    assert response["amount"] == 5.5
    world.network.ussd_replies["*102#"] = UssdReply("Danke")
    assert (await _ussd(hass, code="*102#"))["amount"] is None


@pytest.mark.parametrize("code", ["*100#\r", "*100#\x1a", "abc", "", "*" * 41])
async def test_invalid_code_sends_nothing(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld, code: str
) -> None:
    """Forbidden characters: a translated validation error, the network asked nothing."""
    with pytest.raises(ServiceValidationError) as raised:
        await _ussd(hass, code=code)
    assert raised.value.translation_key == "invalid_ussd_code"
    assert world.network.ussd_log == []


@pytest.mark.parametrize(
    ("reply", "key", "detail"),
    [
        (UssdReply("", status=None), "ussd_timeout", None),
        (UssdReply("", status=4), "ussd_rejected", "+CUSD: 4"),
    ],
)
@pytest.mark.usefixtures("loaded_entry")
async def test_network_errors(
    hass: HomeAssistant,
    world: SimWorld,
    reply: UssdReply,
    key: str,
    detail: str | None,
) -> None:
    """No answer in time, or a code the network does not support: clear errors."""
    world.network.ussd_replies["*100#"] = reply
    with pytest.raises(HomeAssistantError) as raised:
        await _ussd(hass, code="*100#", timeout=1)
    assert raised.value.translation_key == key
    if detail is not None:
        assert raised.value.translation_placeholders == {"detail": detail}


def _balance_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    registry = er.async_get(hass)
    (entity,) = [
        e
        for e in er.async_entries_for_config_entry(registry, entry.entry_id)
        if e.unique_id.endswith("_balance")
    ]
    return entity.entity_id


async def test_balance_sensor_disabled_by_default(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Nothing is asked while the sensor is disabled (each reading is a USSD)."""
    entity = er.async_get(hass).async_get(_balance_id(hass, loaded_entry))
    assert entity is not None
    assert entity.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(days=2))
    await hass.async_block_till_done()
    assert world.network.ussd_log == []


@pytest.fixture
async def balance_entry(
    hass: HomeAssistant, world: SimWorld
) -> AsyncIterator[MockConfigEntry]:
    """A hub whose balance sensor is enabled: code *101#, every 6 hours."""
    hass.config.country = "DE"
    entry = hub_entry(world.path)
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        entry, options={CONF_BALANCE_CODE: "*101#", CONF_BALANCE_INTERVAL: 6}
    )
    er.async_get(hass).async_get_or_create(
        "sensor", DOMAIN, f"{entry.unique_id}_balance", config_entry=entry
    )
    world.network.ussd_replies["*101#"] = "Guthaben: 3,20 EUR"
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    try:
        yield entry
    finally:
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


def _amount(hass: HomeAssistant, entity_id: str) -> float | None:
    state = hass.states.get(entity_id)
    assert state is not None
    return None if state.state == "unknown" else float(state.state)


async def test_balance_sensor_reads_code_at_interval(
    hass: HomeAssistant, world: SimWorld, balance_entry: MockConfigEntry
) -> None:
    """Enabled: the configured code soon after start, then at the interval."""
    # The enabled sensor's coordinator adds no update listener of its own.
    assert len(balance_entry.update_listeners) == 1
    entity_id = _balance_id(hass, balance_entry)
    assert _amount(hass, entity_id) is None
    async_fire_time_changed(
        hass, dt_util.utcnow() + timedelta(seconds=FIRST_READ_DELAY + 1)
    )
    await wait_for(lambda: _amount(hass, entity_id) == 3.2)
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.attributes["text"] == "Guthaben: 3,20 EUR"
    assert state.attributes["error"] is None
    assert [code for _, code in world.network.ussd_log] == ["*101#"]
    # A failed reading keeps the amount and says why.
    world.network.ussd_replies["*101#"] = UssdReply("", status=4)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(hours=6, minutes=2))
    await wait_for(
        lambda: hass.states.get(entity_id).attributes["error"] is not None  # type: ignore[union-attr]
    )
    assert _amount(hass, entity_id) == 3.2
    assert hass.states.get(entity_id).attributes["error"] == "UssdNetworkError"  # type: ignore[union-attr]
    # A new interval applies at once (no reload): hourly from now on.
    hass.config_entries.async_update_entry(
        balance_entry,
        options={CONF_BALANCE_CODE: "*101#", CONF_BALANCE_INTERVAL: 1},
    )
    await hass.async_block_till_done()
    world.network.ussd_replies["*101#"] = "Guthaben: 2,00 EUR"
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(hours=1, minutes=1))
    await wait_for(lambda: _amount(hass, entity_id) == 2.0)


async def test_balance_update_entity_and_offline(
    hass: HomeAssistant, world: SimWorld, balance_entry: MockConfigEntry
) -> None:
    """update_entity reads at once; with the modem offline nothing is asked."""
    assert await async_setup_component(hass, "homeassistant", {})
    entity_id = _balance_id(hass, balance_entry)
    world.network.ussd_replies["*101#"] = "Guthaben: 1,00 EUR"
    await hass.services.async_call(
        "homeassistant", "update_entity", {"entity_id": entity_id}, blocking=True
    )
    assert _amount(hass, entity_id) == 1.0
    asked = len(world.network.ussd_log)
    await balance_entry.runtime_data.hub.modem.close()
    await hass.services.async_call(
        "homeassistant", "update_entity", {"entity_id": entity_id}, blocking=True
    )
    assert len(world.network.ussd_log) == asked
