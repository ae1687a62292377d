"""Nothing received is silently dropped: unreadable SMS become bus events too."""

from __future__ import annotations

from datetime import datetime

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.isocket.const import EVENT_SMS_RECEIVED

from .conftest import SimWorld, wait_for

# SMS-DELIVER whose TP-UDL claims 161 septets: no codec can read it.
GARBAGE = "0791947102000000040B919451214365F7000062111232509049A1" + "00" * 141
# SMS-DELIVER "hi" from +49151234567 whose only defect is month 13 in TP-SCTS.
BAD_TIMESTAMP = "0791947102000000040B919451214365F7000062311232509049" + "02E834"


async def test_undecodable_sms_fires_event_and_is_deleted(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Sender and text unknown (None); the raw PDU and the reason are in the event."""
    events = async_capture_events(hass, EVENT_SMS_RECEIVED)
    world.modem.deliver_raw_pdu(GARBAGE)
    await wait_for(lambda: bool(events))
    data = events[0].data
    assert (data["sender"], data["text"]) == (None, None)
    assert data["pdu"] == GARBAGE
    assert "160" in data["error"]
    assert datetime.fromisoformat(data["time"]).tzinfo is not None
    # Reported, so the storage is freed for the next message.
    await wait_for(lambda: world.modem.sim.storage.used == 0)


async def test_bad_timestamp_is_an_ordinary_message(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A readable message with a broken timestamp keeps sender and text."""
    events = async_capture_events(hass, EVENT_SMS_RECEIVED)
    world.modem.deliver_raw_pdu(BAD_TIMESTAMP)
    await wait_for(lambda: bool(events))
    data = events[0].data
    assert (data["sender"], data["text"]) == ("+49151234567", "hi")
    assert (data["pdu"], data["error"]) == (None, None)
    assert datetime.fromisoformat(data["time"]).year >= 2026
