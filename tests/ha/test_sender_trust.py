"""Trust at the GSM boundary, through HA and the simulator on a real pty.

Who can pose as a device (the sender's type of address), and that no SMS is
lost to lines the modem prints unasked or to a read the SIM refuses once.
"""

from __future__ import annotations

import asyncio

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.isocket.const import CONF_ALLOWED_SENDERS, EVENT_SMS_RECEIVED

from .conftest import DEVICE_NUMBER, MODEM_NUMBER, SimWorld, hub_entry, wait_for
from .test_issue_table import ALERTS, MAINS, _device

INCOMING = "event.simcom_sim800_incoming_sms"


async def test_digit_only_alphanumeric_sender_is_no_device(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A rented sender name ``15100000002`` changes nothing; it is an incoming SMS."""
    events = async_capture_events(hass, EVENT_SMS_RECEIVED)
    client = _device(loaded_entry).client
    seen = len(client.messages)
    mains, alerts = hass.states.get(MAINS), hass.states.get(ALERTS)
    assert mains is not None
    assert alerts is not None
    name = DEVICE_NUMBER.removeprefix("+49")  # "15100000002": the device's digits
    world.network.send_sms(
        name, MODEM_NUMBER, "Power is off!", alphanumeric_sender=True
    )
    world.clock.advance(0)
    await wait_for(lambda: bool(events))
    await wait_for(lambda: world.modem.sim.storage.used == 0)
    await hass.async_block_till_done()
    assert [
        (e.data["sender"], e.data["sender_alphanumeric"], e.data["text"])
        for e in events
    ] == [(name, True, "Power is off!")]
    assert len(client.messages) == seen  # the device never saw it
    assert hass.states.get(MAINS).state == mains.state  # type: ignore[union-attr]
    assert hass.states.get(ALERTS).state == alerts.state  # type: ignore[union-attr]
    incoming = hass.states.get(INCOMING)
    assert incoming is not None
    assert incoming.attributes["sender"] == name
    assert incoming.attributes["sender_alphanumeric"] is True
    # The same text from the device's own number does what it says.
    world.device.send_sms(MODEM_NUMBER, "Power is off!")
    world.clock.advance(0)
    await wait_for(lambda: len(client.messages) > seen)
    await hass.async_block_till_done()
    assert hass.states.get(MAINS).state == "off"  # type: ignore[union-attr]
    assert len(events) == 1


async def test_stray_lines_inside_a_listing_lose_nothing(
    hass: HomeAssistant, world: SimWorld
) -> None:
    """A chatty modem at start-up: the stored device alert and stranger SMS arrive."""
    hass.config.country = "DE"
    world.device.send_sms(MODEM_NUMBER, "Power is off!")
    world.network.send_sms("+4917000000005", MODEM_NUMBER, "from a stranger")
    world.clock.advance(0)
    await wait_for(lambda: world.modem.sim.storage.used == 2)
    chatter = world.modem.chatty(seed=11, rate=0.6)
    events = async_capture_events(hass, EVENT_SMS_RECEIVED)
    entry = hub_entry(world.path)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await wait_for(lambda: bool(events))
    await wait_for(lambda: world.modem.sim.storage.used == 0)
    await hass.async_block_till_done()
    assert chatter is not None
    assert chatter.injected > 0
    assert [(e.data["sender"], e.data["text"], e.data["pdu"]) for e in events] == [
        ("+4917000000005", "from a stranger", None)
    ]
    assert hass.states.get(MAINS).state == "off"  # type: ignore[union-attr]
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


async def test_cms_error_on_read_delays_an_alert_by_seconds(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """``+CMS ERROR: 314`` on AT+CMGR: the alert arrives seconds later, not at restart."""
    client = _device(loaded_entry).client
    seen = len(client.messages)
    world.modem.fail_next_reads(314)
    loop = asyncio.get_running_loop()
    started = loop.time()
    world.device.send_sms(MODEM_NUMBER, "Power is off!")
    world.clock.advance(0)
    await wait_for(lambda: len(client.messages) > seen, seconds=15)
    took = loop.time() - started
    await hass.async_block_till_done()
    assert hass.states.get(MAINS).state == "off"  # type: ignore[union-attr]
    assert world.modem.sms.fail_reads == []  # the alert's read was refused
    # Read again 2 s later (READ_RETRY[0]), or sooner by the start-up sweep
    # HA asked for if that ran in between: seconds, never a restart.
    assert took < 10
    await wait_for(lambda: world.modem.sim.storage.used == 0)


async def test_alphanumeric_sender_is_not_an_allowed_number(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The allow-list's number is not matched by a name of its digits; a name is."""
    hass.config_entries.async_update_entry(
        loaded_entry, options={CONF_ALLOWED_SENDERS: ["+4917000000004", "Vodafone"]}
    )
    await hass.async_block_till_done()
    reporter = loaded_entry.runtime_data.incoming
    events = async_capture_events(hass, EVENT_SMS_RECEIVED)
    for sender in ("4917000000004", "+4917000000004"):  # names, not numbers
        world.network.send_sms(
            sender, MODEM_NUMBER, "pose as allowed", alphanumeric_sender=True
        )
    world.clock.advance(0)
    await wait_for(lambda: reporter.ignored == 2)
    assert events == []
    world.network.send_sms("+4917000000004", MODEM_NUMBER, "the real number")
    world.network.send_sms("Vodafone", MODEM_NUMBER, "Ihr Guthaben")
    world.clock.advance(0)
    await wait_for(lambda: len(events) == 2)
    assert sorted(
        (e.data["sender"], e.data["sender_alphanumeric"]) for e in events
    ) == [("+4917000000004", False), ("Vodafone", True)]
    assert reporter.ignored == 2
