"""Incoming SMS from strangers: the event entity, the bus event, the allow-list."""

from __future__ import annotations

from datetime import datetime

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.isocket.const import CONF_ALLOWED_SENDERS, EVENT_SMS_RECEIVED
from simulator.phone import Phone

from .conftest import DEVICE_NUMBER, SimWorld, wait_for
from .test_undecodable_sms import GARBAGE

STRANGER = "+4917000000005"


def _entity_id(hass: HomeAssistant, entry: MockConfigEntry, key: str) -> str:
    """The entity id of a hub entity by its unique id's key."""
    registry = er.async_get(hass)
    (entity_id,) = [
        e.entity_id
        for e in er.async_entries_for_config_entry(registry, entry.entry_id)
        if e.unique_id.endswith(f"_{key}")
    ]
    return entity_id


async def test_stranger_sms_on_event_entity_and_bus(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The hub's Incoming SMS entity shows sender, text and time; the bus event fires too."""
    entity_id = _entity_id(hass, loaded_entry, "incoming_sms")
    assert hass.states.get(entity_id).state == "unknown"  # type: ignore[union-attr]
    events = async_capture_events(hass, EVENT_SMS_RECEIVED)
    stranger = Phone(world.network, STRANGER)
    stranger.send(world.modem.number, "Grüße aus Köln — 你好")
    await wait_for(lambda: bool(events))
    await hass.async_block_till_done()
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.attributes["event_type"] == "received"
    assert state.attributes["sender"] == STRANGER
    assert state.attributes["text"] == "Grüße aus Köln — 你好"
    assert datetime.fromisoformat(state.attributes["time"]).tzinfo is not None
    assert "pdu" not in state.attributes
    assert events[0].data["sender"] == STRANGER
    assert events[0].data["text"] == "Grüße aus Köln — 你好"


async def test_device_sms_is_not_incoming(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A configured iSocket's SMS goes to its device, never to the gateway."""
    events = async_capture_events(hass, EVENT_SMS_RECEIVED)
    world.network.send_sms(DEVICE_NUMBER, world.modem.number, "Power failure!")
    Phone(world.network, STRANGER).send(world.modem.number, "after the device")
    await wait_for(lambda: bool(events))
    await wait_for(lambda: world.modem.sim.storage.used == 0)
    await hass.async_block_till_done()
    assert [e.data["sender"] for e in events] == [STRANGER]


async def test_undecodable_on_event_entity(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """An unreadable message is an 'undecodable' event with the raw PDU."""
    entity_id = _entity_id(hass, loaded_entry, "incoming_sms")
    world.modem.deliver_raw_pdu(GARBAGE)
    await wait_for(
        lambda: hass.states.get(entity_id).state != "unknown"  # type: ignore[union-attr]
    )
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.attributes["event_type"] == "undecodable"
    assert state.attributes["pdu"] == GARBAGE
    assert "sender" not in state.attributes


async def test_allow_list_ignores_others_and_counts_them(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Only allowed senders are reported; the rest are counted, logged, deleted."""
    hass.config_entries.async_update_entry(
        loaded_entry, options={CONF_ALLOWED_SENDERS: ["0170 00000004", "Vodafone"]}
    )
    await hass.async_block_till_done()
    entity_id = _entity_id(hass, loaded_entry, "incoming_sms")
    ignored_id = _entity_id(hass, loaded_entry, "ignored_sms")
    assert hass.states.get(ignored_id).state == "0"  # type: ignore[union-attr]
    events = async_capture_events(hass, EVENT_SMS_RECEIVED)
    Phone(world.network, STRANGER).send(world.modem.number, "spam")
    await wait_for(
        lambda: hass.states.get(ignored_id).state == "1"  # type: ignore[union-attr]
    )
    await wait_for(lambda: world.modem.sim.storage.used == 0)
    assert events == []
    assert hass.states.get(entity_id).state == "unknown"  # type: ignore[union-attr]
    Phone(world.network, "+4917000000004").send(world.modem.number, "hello")
    Phone(world.network, "Vodafone").send(world.modem.number, "Ihr Guthaben")
    await wait_for(lambda: len(events) == 2)
    assert sorted(e.data["sender"] for e in events) == ["+4917000000004", "Vodafone"]
    assert hass.states.get(ignored_id).state == "1"  # type: ignore[union-attr]
