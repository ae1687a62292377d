"""Device subentry flow: add (with the SMS link check), errors, reconfigure."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState, ConfigSubentry
from homeassistant.const import CONF_NAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.isocket.config_flow import classify_reply
from custom_components.isocket.const import (
    CONF_ALARM_INPUT,
    CONF_PASSWORD,
    CONF_PHONE,
    SUBENTRY_TYPE_DEVICE,
    SUBENTRY_TYPE_RECIPIENT,
)

from .conftest import DEVICE_NUMBER, MODEM_NUMBER, SimWorld, hub_entry


@pytest.fixture
async def hub(hass: HomeAssistant, world: SimWorld) -> MockConfigEntry:
    """A loaded hub without devices, on the simulated modem."""
    hass.config.country = "DE"
    entry = hub_entry(world.path, with_device=False)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def _sms_sent(entry: MockConfigEntry, count: int = 1) -> None:
    """Wait until the modem has handed the SMS to the network."""
    async with asyncio.timeout(10):
        while entry.runtime_data.hub.sms_sent_today < count:  # noqa: ASYNC110 - set by the modem's reply on the pty
            await asyncio.sleep(0.01)


async def _start(hass: HomeAssistant, entry: MockConfigEntry) -> dict:
    return await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_TYPE_DEVICE), context={"source": SOURCE_USER}
    )


async def _fill(hass: HomeAssistant, flow_id: str, **values: str) -> dict:
    data = {
        CONF_NAME: "Garage",
        CONF_PHONE: "0151 00000002",
        CONF_ALARM_INPUT: "door",
        **values,
    }
    return await hass.config_entries.subentries.async_configure(flow_id, data)


async def test_add_device_verified(
    hass: HomeAssistant, hub: MockConfigEntry, world: SimWorld
) -> None:
    """National number read in HA's country; STATUS round trip proves the link."""
    result = await _start(hass, hub)
    assert result["type"] is FlowResultType.FORM
    result = await _fill(hass, result["flow_id"])
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "authorise"
    placeholders = result["description_placeholders"]
    assert placeholders["secnumber"] == f"SECNUMBER+{MODEM_NUMBER[1:]}"
    assert placeholders["alertnumber"] == f"ALERTNUMBER+{MODEM_NUMBER[1:]}"

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"next_step_id": "verify"}
    )
    assert result["type"] is FlowResultType.SHOW_PROGRESS
    await hass.async_block_till_done()
    result = await hass.config_entries.subentries.async_configure(result["flow_id"])
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {CONF_PHONE: DEVICE_NUMBER, CONF_ALARM_INPUT: "door"}
    assert result["unique_id"] == DEVICE_NUMBER
    # The check cost exactly one SMS each way.
    assert [sms.text for sms in world.network.sent_log][-2:][0] == "STATUS"
    await hass.async_block_till_done()
    assert hub.state is ConfigEntryState.LOADED
    assert len(hub.runtime_data.devices) == 1
    # The check's STATUS reply fills the new device's entities: no second SMS.
    assert hass.states.get("switch.garage").state == "off"
    assert hass.states.get("sensor.garage_temperature").state == "21.0"
    assert hub.runtime_data.hub.sms_sent_today == 1
    assert await hass.config_entries.async_unload(hub.entry_id)


async def test_add_device_without_check(
    hass: HomeAssistant, hub: MockConfigEntry
) -> None:
    """A password is stored; the check can be skipped."""
    result = await _start(hass, hub)
    result = await _fill(
        hass,
        result["flow_id"],
        **{CONF_PHONE: "+4915100000005", CONF_PASSWORD: "12abc"},
    )
    assert result["description_placeholders"]["alertme"] == "12abcALERTME"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"next_step_id": "finish"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_PASSWORD] == "12abc"
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(hub.entry_id)


async def test_input_errors(hass: HomeAssistant, hub: MockConfigEntry) -> None:
    """Bad number, bad password, and a device that exists already."""
    hass.config_entries.async_add_subentry(
        hub,
        ConfigSubentry(
            data={CONF_PHONE: "+4915100000006", CONF_ALARM_INPUT: "generic"},
            subentry_type=SUBENTRY_TYPE_DEVICE,
            title="Old",
            unique_id="+4915100000006",
        ),
    )
    await hass.async_block_till_done()
    result = await _start(hass, hub)
    result = await _fill(
        hass, result["flow_id"], **{CONF_PHONE: "12", CONF_PASSWORD: "abc"}
    )
    assert result["errors"] == {
        CONF_PHONE: "invalid_phone",
        CONF_PASSWORD: "invalid_password",
    }
    result = await _fill(hass, result["flow_id"], **{CONF_PHONE: "not a number"})
    assert result["errors"] == {CONF_PHONE: "invalid_phone"}
    result = await _fill(hass, result["flow_id"], **{CONF_PHONE: "+49 151 00000006"})
    assert result["errors"] == {CONF_PHONE: "already_configured"}
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(hub.entry_id)


async def test_a_recipients_number_is_no_device(
    hass: HomeAssistant, hub: MockConfigEntry
) -> None:
    """The one number rule both ways: a recipient's number cannot become a device
    (its SMS would be taken for replies), as a device's cannot become a recipient
    (tests/ha/test_gateway_notify.py)."""
    hass.config_entries.async_add_subentry(
        hub,
        ConfigSubentry(
            data={CONF_PHONE: "+4917000000011"},
            subentry_type=SUBENTRY_TYPE_RECIPIENT,
            title="Alice",
            unique_id="+4917000000011",
        ),
    )
    await hass.async_block_till_done()
    result = await _start(hass, hub)
    result = await _fill(hass, result["flow_id"], **{CONF_PHONE: "0170 00000011"})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_PHONE: "recipient_number"}
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(hub.entry_id)


async def test_verify_no_reply_then_add_anyway(
    hass: HomeAssistant, hub: MockConfigEntry
) -> None:
    """A number nobody answers: the check times out; the device can still be added."""
    result = await _start(hass, hub)
    result = await _fill(hass, result["flow_id"], **{CONF_PHONE: "+4915100000077"})
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"next_step_id": "verify"}
    )
    assert result["type"] is FlowResultType.SHOW_PROGRESS
    # Still waiting: the same progress step is shown again.
    result = await hass.config_entries.subentries.async_configure(result["flow_id"])
    assert result["type"] is FlowResultType.SHOW_PROGRESS
    await _sms_sent(hub)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=181))
    await hass.async_block_till_done()
    result = await hass.config_entries.subentries.async_configure(result["flow_id"])
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "verify_failed"
    assert result["description_placeholders"]["reason"] == "no_reply"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"next_step_id": "finish"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(hub.entry_id)


async def test_verify_wrong_password(hass: HomeAssistant, hub: MockConfigEntry) -> None:
    """A password the device does not have: `No such command exists`, told as such.

    Not "wrong password": older firmware gives the same answer to a command it
    lacks (manual §6.3/§12), so only `Invalid access password!` is that proof.
    """
    result = await _start(hass, hub)
    result = await _fill(hass, result["flow_id"], **{CONF_PASSWORD: "zz999"})
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"next_step_id": "verify"}
    )
    await hass.async_block_till_done()
    result = await hass.config_entries.subentries.async_configure(result["flow_id"])
    assert result["step_id"] == "verify_failed"
    assert result["description_placeholders"]["reason"] == "unknown_command"
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(hub.entry_id)


async def test_verify_send_failed(
    hass: HomeAssistant, hub: MockConfigEntry, world: SimWorld
) -> None:
    """The modem cannot send: said so, nothing waits forever."""
    world.modem.fail_next_send(500, times=10)
    result = await _start(hass, hub)
    result = await _fill(hass, result["flow_id"])
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"next_step_id": "verify"}
    )
    await hass.async_block_till_done()
    result = await hass.config_entries.subentries.async_configure(result["flow_id"])
    assert result["step_id"] == "verify_failed"
    assert result["description_placeholders"]["reason"] == "send_failed"
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(hub.entry_id)


async def test_verify_hub_not_loaded(hass: HomeAssistant) -> None:
    """Without a running modem the check cannot run; the modem number is unknown."""
    entry = hub_entry("/dev/does-not-exist", with_device=False)
    entry.add_to_hass(hass)
    result = await _start(hass, entry)
    result = await _fill(hass, result["flow_id"], **{CONF_PHONE: "+4915100000002"})
    assert result["description_placeholders"]["modem"] == "?"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"next_step_id": "verify"}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["description_placeholders"]["reason"] == "hub_not_loaded"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Power socket ON", ""),
        ("Invalid access password!", "wrong_password"),
        ("STATUS - No such command exists on the device!", "unknown_command"),
        ("Execute error!", "error_reply"),
    ],
)
def testclassify_reply(text: str, reason: str) -> None:
    """Any reply proves the link, unless it is an error."""
    assert classify_reply(text) == reason


async def test_reconfigure_device(hass: HomeAssistant) -> None:
    """Name, password and alarm input can change; the number cannot."""
    entry = hub_entry("/dev/does-not-exist")
    entry.add_to_hass(hass)
    subentry_id = next(iter(entry.subentries))
    result = await entry.start_subentry_reconfigure_flow(hass, subentry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["description_placeholders"]["device"] == DEVICE_NUMBER
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {CONF_NAME: "Shed", CONF_PASSWORD: "bad", CONF_ALARM_INPUT: "smoke"},
    )
    assert result["errors"] == {CONF_PASSWORD: "invalid_password"}
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {CONF_NAME: "Shed", CONF_PASSWORD: "ab12c", CONF_ALARM_INPUT: "smoke"},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    subentry = entry.subentries[subentry_id]
    assert subentry.title == "Shed"
    assert dict(subentry.data) == {
        CONF_PHONE: DEVICE_NUMBER,
        CONF_ALARM_INPUT: "smoke",
        CONF_PASSWORD: "ab12c",
    }
    result = await entry.start_subentry_reconfigure_flow(hass, subentry_id)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_NAME: "Shed", CONF_ALARM_INPUT: "smoke"}
    )
    assert CONF_PASSWORD not in entry.subentries[subentry_id].data


async def test_verify_ends_when_hub_unloads(
    hass: HomeAssistant, hub: MockConfigEntry
) -> None:
    """Unloading the hub ends a running check instead of leaving it waiting."""
    result = await _start(hass, hub)
    result = await _fill(hass, result["flow_id"], **{CONF_PHONE: "+4915100000078"})
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"next_step_id": "verify"}
    )
    await _sms_sent(hub)
    assert await hass.config_entries.async_unload(hub.entry_id)
    await hass.async_block_till_done()
    result = await hass.config_entries.subentries.async_configure(result["flow_id"])
    assert result["step_id"] == "verify_failed"
    assert result["description_placeholders"]["reason"] == "hub_not_loaded"
