"""Commands that outlive a short outage, through the HA stack over the pty.

The modem is unplugged (or loses the network); HA's clock is moved on with
``async_fire_time_changed`` (no real waiting): a switch command given during
a 30-second unplug is delivered after the re-plug; one given during a
20-minute unplug fails at its 10-minute expiry with a translated error and
the ``isocket_sms_not_sent`` event, and is never sent later.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from homeassistant.const import ATTR_ENTITY_ID, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.isocket.const import (
    CONF_COMMAND_EXPIRY,
    CONF_MAX_SMS_PER_DAY,
    CONF_SMS_EXPIRY,
    DOMAIN,
    EVENT_SMS_NOT_SENT,
)
from custom_components.isocket.gsm.errors import NotSentError
from simulator.phone import Phone

from .conftest import DEVICE_NUMBER, SimWorld, first_device, wait_for
from .test_services import _device_id as device_registry_id

SOCKET = "switch.garage"
QUEUED = "sensor.simcom_sim800_queued_sms"
OPERATOR = "sensor.simcom_sim800_operator"
FRIEND = "+4917000000009"


def to_device(world: SimWorld) -> list[str]:
    """Texts the modem sent to the iSocket."""
    return [
        sms.text for sms in world.network.sent_log if sms.recipient == DEVICE_NUMBER
    ]


async def settle() -> None:
    """Let what the moved clock started run (``async_block_till_done`` would
    wait for the service call that waits for the modem)."""
    await asyncio.sleep(0.2)


def queued(hass: HomeAssistant) -> str:
    state = hass.states.get(QUEUED)
    assert state is not None
    return state.state


async def unplugged(
    hass: HomeAssistant, entry: MockConfigEntry, world: SimWorld
) -> None:
    world.modem.unplug()
    await wait_for(lambda: not entry.runtime_data.hub.connected)
    await hass.async_block_till_done()


def call(
    hass: HomeAssistant, domain: str, service: str, **data: Any
) -> asyncio.Task[Any]:
    """A blocking service call running in a task of its own."""
    return asyncio.get_running_loop().create_task(
        hass.services.async_call(
            domain, service, data, blocking=True, return_response=domain == DOMAIN
        )
    )


def turn_on(hass: HomeAssistant) -> asyncio.Task[Any]:
    return call(hass, "switch", "turn_on", **{ATTR_ENTITY_ID: SOCKET})


async def set_options(
    hass: HomeAssistant, entry: MockConfigEntry, **options: Any
) -> None:
    hass.config_entries.async_update_entry(entry, options={**entry.options, **options})
    await hass.async_block_till_done()


async def test_switch_during_a_short_unplug_goes_after_the_replug(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Unplugged for 30 s: the switch stays available, the command waits
    (Queued SMS 1), goes once after the re-plug, the device switches and
    confirms, the call returns."""
    before = to_device(world)
    assert queued(hass) == "0"
    await unplugged(hass, loaded_entry, world)
    assert hass.states.get(OPERATOR).state == STATE_UNAVAILABLE  # type: ignore[union-attr]
    assert hass.states.get(SOCKET).state != STATE_UNAVAILABLE  # type: ignore[union-attr]
    task = turn_on(hass)
    await wait_for(lambda: queued(hass) == "1")
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=30))
    await settle()
    assert not task.done()
    assert to_device(world) == before
    world.modem.replug()
    async with asyncio.timeout(20):
        await task
    assert to_device(world)[len(before) :] == ["ON"]  # once
    assert world.device.socket_on
    assert hass.states.get(SOCKET).state == STATE_ON  # type: ignore[union-attr]
    assert queued(hass) == "0"


async def test_switch_during_a_long_unplug_fails_at_expiry(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Unplugged for 20 minutes: at 10 minutes the call fails with the
    translated error and the event names the command; after the re-plug
    nothing is sent."""
    events = async_capture_events(hass, EVENT_SMS_NOT_SENT)
    before = to_device(world)
    await unplugged(hass, loaded_entry, world)
    task = turn_on(hass)
    await wait_for(lambda: queued(hass) == "1")
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=9))
    await settle()
    assert not task.done()
    assert events == []
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=10, seconds=1))
    with pytest.raises(HomeAssistantError) as raised:
        async with asyncio.timeout(10):
            await task
    assert raised.value.translation_key == "sms_expired"
    assert raised.value.translation_placeholders == {"minutes": "10"}
    assert len(events) == 1
    data = events[0].data
    assert data["device"] == "Garage"
    assert data["text"] == "ON"
    assert data["number"] == DEVICE_NUMBER
    assert data["expiry_minutes"] == 10
    assert data["reason"] == "expired"
    assert queued(hass) == "0"
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=20))
    world.modem.replug()
    await wait_for(lambda: loaded_entry.runtime_data.hub.connected, 15)
    await settle()
    await asyncio.sleep(0.2)
    assert to_device(world) == before  # never sent later
    assert not world.device.socket_on


async def test_the_event_shows_no_password(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A device with a password: the event names the command without it."""
    first_device(loaded_entry).password = "12345"
    events = async_capture_events(hass, EVENT_SMS_NOT_SENT)
    await unplugged(hass, loaded_entry, world)
    task = turn_on(hass)
    await wait_for(lambda: queued(hass) == "1")
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=11))
    with pytest.raises(HomeAssistantError):
        async with asyncio.timeout(10):
            await task
    assert events[0].data["text"] == "ON"
    assert "12345" not in str(events[0].data)


async def test_command_waits_for_the_network_to_come_back(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Registration lost (the port stays open): the command waits and goes
    when the modem registers again (+CREG), not at the next health read."""
    hub = loaded_entry.runtime_data.hub
    before = to_device(world)
    world.modem.set_registration(0)
    await wait_for(lambda: not hub.modem.ready_to_send)
    assert hub.connected
    task = turn_on(hass)
    await wait_for(lambda: queued(hass) == "1")
    await asyncio.sleep(0.2)
    assert to_device(world) == before
    assert not any(cmd.startswith("AT+CMGS") for cmd in world.modem.command_log[-5:])
    world.modem.set_registration(1)
    async with asyncio.timeout(20):
        await task
    assert to_device(world)[len(before) :] == ["ON"]
    assert queued(hass) == "0"


async def test_waiting_sms_go_in_the_order_given(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A switch command, a gateway SMS and a refresh given while the modem
    is away go in the order given, each once."""
    Phone(world.network, FRIEND)
    await unplugged(hass, loaded_entry, world)
    first = len(world.network.sent_log)
    device_id = device_registry_id(hass, loaded_entry)
    tasks = [
        turn_on(hass),
        call(hass, DOMAIN, "send_sms", number=FRIEND, message="in between"),
        call(hass, DOMAIN, "refresh", device_id=device_id),
    ]
    await wait_for(lambda: queued(hass) == "3")
    world.modem.replug()
    async with asyncio.timeout(30):
        await asyncio.gather(*tasks)
    sent = [sms.text for sms in world.network.sent_log[first:]]
    assert [text for text in sent if text in ("ON", "in between", "STATUS")] == [
        "ON",
        "in between",
        "STATUS",
    ]
    assert world.device.socket_on


async def test_gateway_sms_waits_with_its_budget_reservation(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """send_sms while unplugged, with room for exactly its two parts: the
    parts are reserved at the call and drawn on when it goes after the
    re-plug (it is not refused by its own reservation), counted once; a
    device command meanwhile finds the budget spent."""
    Phone(world.network, FRIEND)
    await set_options(hass, loaded_entry, **{CONF_MAX_SMS_PER_DAY: 2})
    hub = loaded_entry.runtime_data.hub
    await unplugged(hass, loaded_entry, world)
    send = call(hass, DOMAIN, "send_sms", number=FRIEND, message="x" * 200)
    await wait_for(lambda: queued(hass) == "1")
    with pytest.raises(HomeAssistantError) as raised:
        await hass.services.async_call(
            "switch", "turn_on", {ATTR_ENTITY_ID: SOCKET}, blocking=True
        )
    assert raised.value.translation_key == "budget_exceeded"
    world.modem.replug()
    async with asyncio.timeout(20):
        response = await send
    assert response is not None
    assert hub.sms_sent_today == 2
    assert [sms.text for sms in world.network.sent_log if sms.recipient == FRIEND] == [
        "x" * 200
    ]


async def test_gateway_sms_expires_after_its_own_option(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A gateway SMS waits the gateway's expiry (here 30 min), not the
    devices' 10 minutes; then the event names it without a device."""
    await set_options(hass, loaded_entry, **{CONF_SMS_EXPIRY: 30})
    events = async_capture_events(hass, EVENT_SMS_NOT_SENT)
    await unplugged(hass, loaded_entry, world)
    send = call(hass, DOMAIN, "send_sms", number=FRIEND, message="Hallo")
    await wait_for(lambda: queued(hass) == "1")
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=11))
    await settle()
    assert not send.done()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=31))
    with pytest.raises(HomeAssistantError) as raised:
        async with asyncio.timeout(10):
            await send
    assert raised.value.translation_placeholders == {"minutes": "30"}
    assert events[0].data["device"] is None
    assert events[0].data["text"] == "Hallo"
    assert hass.services.has_service(DOMAIN, "send_sms")


async def test_without_a_wait_devices_go_unavailable_with_the_modem(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Command wait 0: nothing waits, so the devices are unavailable while
    the modem is away, and a command fails at once."""
    await set_options(hass, loaded_entry, **{CONF_COMMAND_EXPIRY: 0})
    await unplugged(hass, loaded_entry, world)
    await wait_for(lambda: hass.states.get(SOCKET).state == STATE_UNAVAILABLE)  # type: ignore[union-attr]
    device = first_device(loaded_entry)
    with pytest.raises(NotSentError):
        await device.async_refresh_status()
    assert queued(hass) == "0"
    world.modem.replug()
    await wait_for(lambda: hass.states.get(SOCKET).state != STATE_UNAVAILABLE, 15)  # type: ignore[union-attr]


async def test_given_up_or_unloaded_while_waiting(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A caller that gives up takes its SMS out of the queue; an unload fails
    what still waits (translated), and nothing is sent later."""
    hub = loaded_entry.runtime_data.hub
    events = async_capture_events(hass, EVENT_SMS_NOT_SENT)
    before = to_device(world)
    await unplugged(hass, loaded_entry, world)
    abandoned = turn_on(hass)
    await wait_for(lambda: hub.outbox.queued == 1)
    abandoned.cancel()
    await wait_for(lambda: hub.outbox.queued == 0)
    waiting = turn_on(hass)
    await wait_for(lambda: hub.outbox.queued == 1)
    await hass.config_entries.async_unload(loaded_entry.entry_id)
    with pytest.raises(HomeAssistantError) as raised:
        async with asyncio.timeout(10):
            await waiting
    assert raised.value.translation_key == "modem_disconnected"
    assert [(e.data["text"], e.data["reason"]) for e in events] == [("ON", "unloaded")]
    world.modem.replug()
    await asyncio.sleep(0.2)
    assert to_device(world) == before
