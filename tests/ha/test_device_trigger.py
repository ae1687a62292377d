"""Device triggers: listed by the automation editor's API, and firing automations.

The SMS come from phones on the simulated network and the alerts from the
simulated iSocket, through the modem's pty and the whole stack.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.automation import DOMAIN as AUTOMATION_DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.isocket.const import CONF_ALLOWED_SENDERS, DOMAIN, EVENT_TYPES
from simulator.phone import Phone

from .conftest import DEVICE_NUMBER, SimWorld, wait_for

STRANGER = "+4917000000005"
FRIEND = "+4917000000006"
FIRED = "isocket_test_fired"


def _devices(hass: HomeAssistant, entry: MockConfigEntry) -> tuple[str, str]:
    """(hub device id, iSocket device id)."""
    registry = dr.async_get(hass)
    hub = device = None
    for item in dr.async_entries_for_config_entry(registry, entry.entry_id):
        if item.config_subentry_id is None:
            hub = item.id
        else:
            device = item.id
    assert hub is not None
    assert device is not None
    return hub, device


async def _list(
    hass: HomeAssistant, ws: WebSocketGenerator, device_id: str
) -> list[dict[str, Any]]:
    client = await ws(hass)
    await client.send_json_auto_id(
        {"type": "device_automation/trigger/list", "device_id": device_id}
    )
    message = await client.receive_json()
    assert message["success"], message
    # Entity platforms add their own (sensor value, switch turned on …).
    return [t for t in message["result"] if t["domain"] == DOMAIN]


async def test_trigger_list(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    loaded_entry: MockConfigEntry,
) -> None:
    """The hub offers SMS and call received; the iSocket one trigger per alert kind."""
    assert await async_setup_component(hass, "device_automation", {})
    hub, device = _devices(hass, loaded_entry)
    hub_triggers = await _list(hass, hass_ws_client, hub)
    assert {t["type"] for t in hub_triggers} == {"sms_received", "call_received"}
    assert all(
        t["domain"] == DOMAIN and t["device_id"] == hub and t["platform"] == "device"
        for t in hub_triggers
    )
    device_triggers = await _list(hass, hass_ws_client, device)
    assert sorted(t["type"] for t in device_triggers) == sorted(EVENT_TYPES)

    client = await hass_ws_client(hass)
    fields: dict[str, set[str]] = {}
    for trigger in hub_triggers:
        await client.send_json_auto_id(
            {"type": "device_automation/trigger/capabilities", "trigger": trigger}
        )
        message = await client.receive_json()
        assert message["success"]
        fields[trigger["type"]] = {f["name"] for f in message["result"]["extra_fields"]}
    assert fields == {"sms_received": {"sender", "text"}, "call_received": {"caller"}}


async def _automations(hass: HomeAssistant, triggers: list[dict[str, Any]]) -> None:
    """One automation per trigger; each fires FIRED with its id and the trigger."""
    assert await async_setup_component(
        hass,
        AUTOMATION_DOMAIN,
        {
            AUTOMATION_DOMAIN: [
                {
                    "id": f"a{index}",
                    "triggers": [trigger],
                    "actions": [
                        {
                            "event": FIRED,
                            "event_data": {
                                "automation": f"a{index}",
                                "type": "{{ trigger.type }}",
                                "sender": "from {{ trigger.sender | default('') }}",
                                "text": "{{ trigger.text | default('') }}",
                                "message": "{{ trigger.message | default('') }}",
                            },
                        }
                    ],
                }
                for index, trigger in enumerate(triggers)
            ]
        },
    )
    await hass.async_block_till_done()


async def test_sms_triggers_with_filters(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Any SMS, SMS from one sender, SMS containing words: each fires when it should."""
    hub, _ = _devices(hass, loaded_entry)
    base = {"platform": "device", "domain": DOMAIN, "device_id": hub}
    await _automations(
        hass,
        [
            {**base, "type": "sms_received"},
            {**base, "type": "sms_received", "sender": "017000000006"},
            {**base, "type": "sms_received", "text": "open the GATE"},
        ],
    )
    fired = async_capture_events(hass, FIRED)
    stranger = Phone(world.network, STRANGER)
    friend = Phone(world.network, FRIEND)
    stranger.send(world.modem.number, "hello")
    await wait_for(lambda: len(fired) == 1)
    friend.send(world.modem.number, "Please open the gate now")
    await wait_for(lambda: len(fired) == 4)
    await hass.async_block_till_done()
    by_text: dict[str, set[str]] = {}
    for event in fired:
        by_text.setdefault(event.data["text"], set()).add(event.data["automation"])
    assert by_text == {"hello": {"a0"}, "Please open the gate now": {"a0", "a1", "a2"}}
    assert {e.data["sender"] for e in fired} == {f"from {STRANGER}", f"from {FRIEND}"}
    assert {e.data["type"] for e in fired} == {"sms_received"}


async def test_sms_trigger_respects_the_allow_list(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """An SMS the allow-list ignores fires no trigger (as it fires no entity)."""
    hass.config_entries.async_update_entry(
        loaded_entry, options={**loaded_entry.options, CONF_ALLOWED_SENDERS: [FRIEND]}
    )
    await hass.async_block_till_done()
    hub, _ = _devices(hass, loaded_entry)
    await _automations(
        hass,
        [
            {
                "platform": "device",
                "domain": DOMAIN,
                "device_id": hub,
                "type": "sms_received",
            }
        ],
    )
    fired = async_capture_events(hass, FIRED)
    Phone(world.network, STRANGER).send(world.modem.number, "spam")
    Phone(world.network, FRIEND).send(world.modem.number, "real")
    await wait_for(lambda: len(fired) == 1)
    await wait_for(lambda: world.modem.sim.storage.used == 0)
    await hass.async_block_till_done()
    assert [e.data["text"] for e in fired] == ["real"]


async def test_alert_triggers(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Each alert kind fires its own automation, only that one."""
    _, device = _devices(hass, loaded_entry)
    kinds = ["power_failure", "power_restored", "sensor_active"]
    await _automations(
        hass,
        [
            {"platform": "device", "domain": DOMAIN, "device_id": device, "type": kind}
            for kind in kinds
        ],
    )
    fired = async_capture_events(hass, FIRED)
    world.device.mains_lost()
    world.clock.advance(0)
    await wait_for(lambda: len(fired) == 1)
    world.device.mains_restored()
    world.clock.advance(0)
    await wait_for(lambda: len(fired) == 2)
    # The owner arms the alarm with SMS on every input change (ALERT=SMSCHANGE).
    world.owner.send(DEVICE_NUMBER, "ALERT=SMSCHANGE")
    world.owner.send(DEVICE_NUMBER, "ALARMON")
    world.clock.advance(1)
    world.device.sensor_active()
    world.clock.advance(1)
    await wait_for(lambda: len(fired) == 3)
    await hass.async_block_till_done()
    assert [e.data["automation"] for e in fired] == ["a0", "a1", "a2"]
    assert [e.data["type"] for e in fired] == kinds


async def test_alert_trigger_survives_a_reload(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The hub reloads (new coordinators): the device's trigger still fires."""
    _, device = _devices(hass, loaded_entry)
    await _automations(
        hass,
        [
            {
                "platform": "device",
                "domain": DOMAIN,
                "device_id": device,
                "type": "power_failure",
            }
        ],
    )
    fired = async_capture_events(hass, FIRED)
    assert await hass.config_entries.async_reload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    world.network.send_sms(DEVICE_NUMBER, world.modem.number, "Power failure!")
    await wait_for(lambda: len(fired) == 1)
    assert fired[0].data["type"] == "power_failure"
