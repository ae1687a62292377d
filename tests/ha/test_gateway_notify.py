"""Recipients: the subentry flow and one notify entity each (notify.send_message)."""

from __future__ import annotations

import asyncio

from homeassistant.components.notify import NotifyEntityFeature
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.const import ATTR_SUPPORTED_FEATURES, CONF_NAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.isocket.const import CONF_PHONE, SUBENTRY_TYPE_RECIPIENT
from custom_components.isocket.notify import sms_text
from simulator.phone import Phone

from .conftest import DEVICE_NUMBER, SimWorld, device_subentry, hub_entry, wait_for

ALICE = "+4917000000011"


def recipient_subentry(number: str = ALICE, name: str = "Alice") -> ConfigSubentryData:
    """Subentry data of one recipient."""
    return ConfigSubentryData(
        data={CONF_PHONE: number},
        subentry_type=SUBENTRY_TYPE_RECIPIENT,
        title=name,
        unique_id=number,
    )


def gateway_entry(path: str, *subentries: ConfigSubentryData) -> MockConfigEntry:
    """A hub entry on the simulated modem with these subentries."""
    base = hub_entry(path, with_device=False)
    return MockConfigEntry(
        domain=base.domain,
        title=base.title,
        unique_id=base.unique_id,
        data=dict(base.data),
        subentries_data=list(subentries),
    )


async def _start_flow(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_TYPE_RECIPIENT), context={"source": "user"}
    )
    assert result["type"] is FlowResultType.FORM
    return str(result["flow_id"])


async def test_add_recipient_and_notify(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A national number is stored in E.164; notify.send_message reaches the phone."""
    alice = Phone(world.network, ALICE)
    flow_id = await _start_flow(hass, loaded_entry)
    result = await hass.config_entries.subentries.async_configure(
        flow_id, {CONF_NAME: "Alice", CONF_PHONE: "0170 00000011"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    (subentry,) = [
        s
        for s in loaded_entry.subentries.values()
        if s.subentry_type == SUBENTRY_TYPE_RECIPIENT
    ]
    assert subentry.data == {CONF_PHONE: ALICE}
    await hass.async_block_till_done()
    await wait_for(lambda: hass.states.get("notify.alice") is not None)
    entity = er.async_get(hass).async_get("notify.alice")
    assert entity is not None
    # The title field the README promises: HA offers it only with the feature.
    alice_state = hass.states.get("notify.alice")
    assert alice_state is not None
    features = alice_state.attributes[ATTR_SUPPORTED_FEATURES]
    assert features & NotifyEntityFeature.TITLE
    assert entity.config_subentry_id == subentry.subentry_id
    await hass.services.async_call(
        "notify",
        "send_message",
        {"entity_id": "notify.alice", "title": "Garage", "message": "Tor offen"},
        blocking=True,
    )
    async with asyncio.timeout(10):
        (sms,) = await alice.wait_for_sms()
    assert sms.text == "Garage\nTor offen"
    state = hass.states.get("notify.alice")
    assert state is not None
    assert state.state != "unknown"  # the time of the last message
    # A second recipient joins while the hub runs; Alice's entity stays the one.
    flow_id = await _start_flow(hass, loaded_entry)
    await hass.config_entries.subentries.async_configure(
        flow_id, {CONF_NAME: "Bob", CONF_PHONE: "+4917000000012"}
    )
    await hass.async_block_till_done()
    await wait_for(lambda: hass.states.get("notify.bob") is not None)
    assert len(hass.states.async_entity_ids("notify")) == 2


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("123", "invalid_phone"),
        (DEVICE_NUMBER, "device_number"),
        ("+49 170 00000011", "already_configured"),
    ],
)
async def test_recipient_flow_errors(
    hass: HomeAssistant, world: SimWorld, number: str, error: str
) -> None:
    """Invalid numbers, iSocket numbers and duplicates are refused with a reason."""
    entry = gateway_entry(world.path, device_subentry(), recipient_subentry())
    entry.add_to_hass(hass)
    hass.config.country = "DE"
    flow_id = await _start_flow(hass, entry)
    result = await hass.config_entries.subentries.async_configure(
        flow_id, {CONF_NAME: "Bob", CONF_PHONE: number}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_PHONE: error}


async def test_reconfigure_recipient(hass: HomeAssistant, world: SimWorld) -> None:
    """Name and number can change; the number is checked again."""
    entry = gateway_entry(world.path, recipient_subentry())
    entry.add_to_hass(hass)
    hass.config.country = "DE"
    (subentry_id,) = entry.subentries
    result = await entry.start_subentry_reconfigure_flow(hass, subentry_id)
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_NAME: "Alice", CONF_PHONE: "nope"}
    )
    assert result["errors"] == {CONF_PHONE: "invalid_phone"}
    # Its own number is no duplicate.
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_NAME: "Alice M.", CONF_PHONE: "+4917000000012"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    subentry = entry.subentries[subentry_id]
    assert (subentry.title, subentry.data) == (
        "Alice M.",
        {CONF_PHONE: "+4917000000012"},
    )


async def test_notify_bad_text_sends_nothing(
    hass: HomeAssistant, world: SimWorld
) -> None:
    """The notify entity refuses what send_sms refuses, with the same error."""
    entry = gateway_entry(world.path, recipient_subentry())
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    before = len(world.network.sent_log)
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            "notify",
            "send_message",
            {"entity_id": "notify.alice", "message": "stop\x1b[0m"},
            blocking=True,
        )
    assert raised.value.translation_key == "forbidden_character"
    assert len(world.network.sent_log) == before
    await hass.config_entries.async_unload(entry.entry_id)


def test_sms_text() -> None:
    """A title is its own first line; without one the message is sent as it is."""
    assert sms_text("body", None) == "body"
    assert sms_text("body", "") == "body"
    assert sms_text("body", "Title") == "Title\nbody"
