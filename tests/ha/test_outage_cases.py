"""The cases a review of the suite found untested, through HA over the pty.

- two multipart ``send_sms`` at once: with room in the budget for one, exactly
  one goes; with room for both, each one's parts go together (this fails
  without the send lock in gsm/sms_send.py);
- two commands in flight to one device, and to two devices;
- an unplug (or a restart) in the middle of ``AT+CMGS``: the command fails,
  is counted once (across the restart too) and is never sent again;
- a multipart set half-stored on the SIM across a reload;
- a *poison* message whose handling keeps failing: offered three times,
  surfaced once, deleted.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from homeassistant.config_entries import ConfigSubentryData
from homeassistant.const import ATTR_ENTITY_ID, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.isocket.const import (
    CONF_ALARM_INPUT,
    CONF_BAUDRATE,
    CONF_MAX_SMS_PER_DAY,
    CONF_PHONE,
    CONF_PORT,
    DOMAIN,
    EVENT_SMS_RECEIVED,
    SUBENTRY_TYPE_DEVICE,
)
from simulator.isocket import ISocket
from simulator.pdu import split_deliver
from simulator.phone import Phone

from .conftest import (
    DEVICE_NUMBER,
    IMEI,
    MODEM_NUMBER,
    OWNER_NUMBER,
    SimWorld,
    device_subentry,
    first_device,
    wait_for,
)
from .test_services import _device_id

FRIEND = "+4917000000009"
SHED_NUMBER = "+4915100000004"
A_TWO_PARTS = "A" * 200  # GSM 7-bit: 2 SMS
B_TWO_PARTS = "B" * 200
LONG = "Long news from a friend: " + "all is well here, and there. " * 12  # 3 parts


def call(
    hass: HomeAssistant, domain: str, service: str, **data: Any
) -> asyncio.Task[Any]:
    """A blocking service call in a task of its own."""
    return asyncio.get_running_loop().create_task(
        hass.services.async_call(
            domain, service, data, blocking=True, return_response=domain == DOMAIN
        )
    )


def parts_to(world: SimWorld, number: str) -> list[str]:
    """The texts of the parts the modem submitted to ``number``, in order."""
    return [part.text for part in world.modem.sms.sent if part.recipient == number]


# --- two multipart send_sms at once --------------------------------------------


@pytest.mark.parametrize("cap", [2, 0])
async def test_two_multipart_sends_at_once(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld, cap: int
) -> None:
    """Two 2-part send_sms at once, the network taking 0.3 s per part.

    cap 2 (room for one message): exactly one goes, its two parts together;
    the other is refused whole with the translated error.
    cap 0 (unlimited): both go, and each one's parts go together: without
    the send lock the parts of A and B alternate on the line.
    """
    Phone(world.network, FRIEND)
    hass.config_entries.async_update_entry(
        loaded_entry, options={**loaded_entry.options, CONF_MAX_SMS_PER_DAY: cap}
    )
    await hass.async_block_till_done()
    world.network.submit_time = 0.3
    sends = [
        call(hass, DOMAIN, "send_sms", number=FRIEND, message=A_TWO_PARTS),
        call(hass, DOMAIN, "send_sms", number=FRIEND, message=B_TWO_PARTS),
    ]
    results = await asyncio.gather(*sends, return_exceptions=True)
    refused = [r for r in results if isinstance(r, HomeAssistantError)]
    parts = [text[0] for text in parts_to(world, FRIEND)]
    received = [sms.text for sms in world.network.sent_log if sms.recipient == FRIEND]
    if cap:
        assert len(refused) == 1
        assert refused[0].translation_key == "budget_exceeded"
        assert parts in (["A", "A"], ["B", "B"])
        assert received in ([A_TWO_PARTS], [B_TWO_PARTS])
        assert loaded_entry.runtime_data.hub.sms_sent_today == 2
    else:
        assert refused == []
        assert parts in (["A", "A", "B", "B"], ["B", "B", "A", "A"])
        assert sorted(received) == [A_TWO_PARTS, B_TWO_PARTS]
        assert loaded_entry.runtime_data.hub.sms_sent_today == 4


# --- two commands in flight -----------------------------------------------------


async def test_two_commands_in_flight_to_one_device(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A switch command and a temperature query to the same device at once,
    sends taking 0.3 s: both go once, each reply reaches its own command."""
    world.network.submit_time = 0.3
    world.device.set_temperature(21)
    switch = call(hass, "switch", "turn_on", **{ATTR_ENTITY_ID: "switch.garage"})
    query = call(
        hass,
        DOMAIN,
        "send_command",
        device_id=_device_id(hass, loaded_entry),
        command="TEMPERATURE",
    )
    async with asyncio.timeout(20):
        _, response = await asyncio.gather(switch, query)
    assert response["type"] == "TemperatureReading"
    assert response["result"]["temperature"]["celsius"] == 21
    assert sorted(parts_to(world, DEVICE_NUMBER)[-2:]) == ["ON", "TEMPERATURE"]
    assert world.device.socket_on
    assert hass.states.get("switch.garage").state == STATE_ON  # type: ignore[union-attr]
    assert first_device(loaded_entry).unanswered == 0


@pytest.fixture
async def shed(world: SimWorld) -> AsyncIterator[ISocket]:
    """A second iSocket that knows the modem as its alert number."""
    device = ISocket(world.network, world.clock, SHED_NUMBER)
    world.owner.send(SHED_NUMBER, f"ALERTNUMBER+{MODEM_NUMBER[1:]}")
    world.clock.advance(1)
    try:
        yield device
    finally:
        device.close()


async def test_two_commands_in_flight_to_two_devices(
    hass: HomeAssistant, world: SimWorld, shed: ISocket
) -> None:
    """Both sockets switched at once: each device gets its own command once,
    and each switch follows its own device's reply."""
    hass.config.country = "DE"
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="SIMCOM SIM800",
        unique_id=IMEI,
        data={CONF_PORT: world.path, CONF_BAUDRATE: 115200},
        subentries_data=[
            device_subentry(),
            ConfigSubentryData(
                data={CONF_PHONE: SHED_NUMBER, CONF_ALARM_INPUT: "door"},
                subentry_type=SUBENTRY_TYPE_DEVICE,
                title="Shed",
                unique_id=SHED_NUMBER,
            ),
        ],
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    world.network.submit_time = 0.3
    try:
        tasks = [
            call(hass, "switch", "turn_on", **{ATTR_ENTITY_ID: "switch.garage"}),
            call(hass, "switch", "turn_off", **{ATTR_ENTITY_ID: "switch.shed"}),
        ]
        async with asyncio.timeout(20):
            await asyncio.gather(*tasks)
        assert parts_to(world, DEVICE_NUMBER)[-1:] == ["ON"]
        assert parts_to(world, SHED_NUMBER)[-1:] == ["OFF"]
        assert world.device.socket_on
        assert not shed.socket_on
        assert hass.states.get("switch.garage").state == "on"  # type: ignore[union-attr]
        assert hass.states.get("switch.shed").state == "off"  # type: ignore[union-attr]
    finally:
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


# --- an unplug in the middle of AT+CMGS ---------------------------------------


async def test_unplug_in_the_middle_of_cmgs(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The modem is unplugged after the PDU was typed, before the network's
    confirmation: the command fails with the translated error (it may have
    gone, so it does not wait to be sent again), it is counted once, and
    after the re-plug it is not sent again."""
    hub = loaded_entry.runtime_data.hub
    world.network.submit_time = 1.0
    before = len(parts_to(world, DEVICE_NUMBER))
    switch = call(hass, "switch", "turn_on", **{ATTR_ENTITY_ID: "switch.garage"})
    await wait_for(lambda: len(parts_to(world, DEVICE_NUMBER)) == before + 1)
    world.modem.unplug()
    with pytest.raises(HomeAssistantError) as raised:
        async with asyncio.timeout(10):
            await switch
    assert raised.value.translation_key == "modem_disconnected"
    assert hub.sms_sent_today == 1
    assert hub.outbox.queued == 0
    world.modem.replug()
    await wait_for(lambda: hub.connected, 15)
    await asyncio.sleep(0.5)
    assert parts_to(world, DEVICE_NUMBER)[before:] == ["ON"]  # once
    assert hub.sms_sent_today == 1


async def test_restart_in_the_middle_of_cmgs(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Home Assistant restarts (the hub unloads and is set up again) while a
    command's PDU is with the network: the call fails, the SMS counts once in
    the day's count carried across the restart, and it is not sent again."""
    world.network.submit_time = 1.0
    before = len(parts_to(world, DEVICE_NUMBER))
    switch = call(hass, "switch", "turn_on", **{ATTR_ENTITY_ID: "switch.garage"})
    await wait_for(lambda: len(parts_to(world, DEVICE_NUMBER)) == before + 1)
    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    with pytest.raises(HomeAssistantError):
        async with asyncio.timeout(10):
            await switch
    assert await hass.config_entries.async_setup(loaded_entry.entry_id)
    await hass.async_block_till_done()
    hub = loaded_entry.runtime_data.hub
    assert hub.sms_sent_today == 1
    await asyncio.sleep(0.5)
    assert parts_to(world, DEVICE_NUMBER)[before:] == ["ON"]  # once


# --- a multipart set half-stored across a reload ------------------------------


async def test_multipart_half_stored_across_a_reload(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Two of three parts arrive and stay on the SIM; the hub is reloaded (a
    new modem session, nothing in memory); the last part arrives: the whole
    message is reported once, not partial, and the SIM is empty again."""
    events = async_capture_events(hass, EVENT_SMS_RECEIVED)
    parts = split_deliver(FRIEND, LONG, datetime.now(UTC), reference=42)
    assert len(parts) == 3
    world.modem.deliver_raw_pdu(parts[0])
    world.modem.deliver_raw_pdu(parts[1])
    await wait_for(lambda: world.modem.sim.storage.used == 2)
    await asyncio.sleep(0.3)
    assert events == []
    assert await hass.config_entries.async_reload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    await asyncio.sleep(0.3)
    assert events == []
    assert world.modem.sim.storage.used == 2  # kept across the reload
    world.modem.deliver_raw_pdu(parts[2])
    await wait_for(lambda: len(events) == 1)
    assert events[0].data["text"] == LONG
    assert events[0].data["sender"] == FRIEND
    await wait_for(lambda: world.modem.sim.storage.used == 0)
    await asyncio.sleep(0.3)
    assert len(events) == 1


# --- a poison message -----------------------------------------------------------


async def test_poison_message_is_offered_three_times_then_surfaced(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The device's handler keeps raising on one message: it is offered at
    three sweeps, then surfaced once as an isocket_sms_received event with
    its sender, text and what failed, and deleted from the SIM; it is never
    offered again and reception goes on."""
    hub = loaded_entry.runtime_data.hub
    device = first_device(loaded_entry)
    events = async_capture_events(hass, EVENT_SMS_RECEIVED)
    offered: list[str] = []
    handle = device.handle_sms

    def broken(sms: Any) -> None:
        offered.append(sms.text)
        if sms.text == "poison":
            raise RuntimeError("handler bug")
        handle(sms)

    device.handle_sms = broken
    world.device.send_sms(MODEM_NUMBER, "poison")
    world.clock.advance(world.network.latency)
    await wait_for(lambda: offered == ["poison"])
    for offers in (2, 3):
        assert world.modem.sim.storage.used == 1
        hub.modem.request_sweep()
        await wait_for(lambda n=offers: len(offered) == n)
    await wait_for(lambda: world.modem.sim.storage.used == 0)
    await wait_for(lambda: len(events) == 1)
    data = events[0].data
    assert data["error"] == "handling failed 3 times: RuntimeError"
    assert (data["sender"], data["text"]) == (DEVICE_NUMBER, "poison")
    hub.modem.request_sweep()
    world.owner.send(MODEM_NUMBER, "still listening")
    world.clock.advance(world.network.latency)
    await wait_for(lambda: len(events) == 2)
    assert events[1].data["sender"] == OWNER_NUMBER
    assert offered == ["poison"] * 3
