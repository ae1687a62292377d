"""Repair issues against the emulated iSocket: raised, cleared, and fixed by their flows."""

from __future__ import annotations

from datetime import timedelta
import json
from pathlib import Path
from typing import Any
from unittest.mock import patch

from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.isocket.const import CONF_PASSWORD, DOMAIN
from custom_components.isocket.gsm.errors import PinRejectedError, SimLockedError
from custom_components.isocket.issues import BLUEPRINTS_URL, DEVICE_ISSUES
from custom_components.isocket.protocol.notices import refused_command
from simulator.sim_card import SimState

from .conftest import DEVICE_NUMBER, FakeModem, SimWorld, hub_entry, wait_for


def _device(entry: MockConfigEntry) -> Any:
    return next(iter(entry.runtime_data.devices.values()))


def _issue(
    hass: HomeAssistant, kind: str, entry: MockConfigEntry
) -> ir.IssueEntry | None:
    subentry_id = next(iter(entry.subentries))
    return ir.async_get(hass).async_get_issue(DOMAIN, f"{kind}_{subentry_id}")


def _subentry_data(entry: MockConfigEntry) -> dict[str, Any]:
    return dict(next(iter(entry.subentries.values())).data)


def _device_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    registry = dr.async_get(hass)
    return next(
        d.id
        for d in dr.async_entries_for_config_entry(registry, entry.entry_id)
        if (DOMAIN, DEVICE_NUMBER) in d.identifiers
    )


async def _action(
    hass: HomeAssistant, entry: MockConfigEntry, service: str, **data: Any
) -> Any:
    return await hass.services.async_call(
        DOMAIN,
        service,
        {"device_id": _device_id(hass, entry), **data},
        blocking=True,
        return_response=service in ("refresh", "read_schedule"),
    )


async def _owner(world: SimWorld, text: str) -> None:
    world.owner.send(DEVICE_NUMBER, text)
    world.clock.advance(0)


async def _start_fix(hass: HomeAssistant, issue: ir.IssueEntry) -> Any:
    assert issue.is_fixable
    assert await async_setup_component(hass, "repairs", {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    return await manager.async_init(DOMAIN, context={"issue_id": issue.issue_id})


async def _fix_step(hass: HomeAssistant, flow_id: str, data: Any = None) -> Any:
    manager = repairs_flow_manager(hass)
    assert manager is not None
    return await manager.async_configure(flow_id, data)


# --- wrong password -----------------------------------------------------------


async def test_wrong_password_issue_and_fix(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """`Invalid access password!` raises the issue; the fix stores the password."""
    await _owner(world, "PASSWORD=zz111")
    with pytest.raises(HomeAssistantError):
        await _action(hass, loaded_entry, "refresh")
    issue = _issue(hass, "wrong_password", loaded_entry)
    assert issue is not None
    assert issue.translation_placeholders == {"device": "Garage"}

    result = await _start_fix(hass, issue)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "password"
    result = await _fix_step(hass, result["flow_id"], {CONF_PASSWORD: "abc"})
    assert result["errors"] == {CONF_PASSWORD: "invalid_password"}
    result = await _fix_step(hass, result["flow_id"], {CONF_PASSWORD: "zz111"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()  # the hub reloads with the password

    assert _subentry_data(loaded_entry)[CONF_PASSWORD] == "zz111"
    assert _issue(hass, "wrong_password", loaded_entry) is None
    response = await _action(hass, loaded_entry, "refresh")
    assert response["type"] == "StatusReport"
    assert world.network.sent_log[-2].text == "zz111STATUS"


async def test_no_such_command_is_no_password_issue(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """`No such command exists` (§6.3/§12: old firmware too) raises no password issue."""
    _device(loaded_entry).password = "qq222"
    with pytest.raises(HomeAssistantError) as caught:
        await _action(hass, loaded_entry, "refresh")
    assert caught.value.translation_key == "unknown_command"
    assert _issue(hass, "wrong_password", loaded_entry) is None


async def test_good_reply_clears_password_issue(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Fixed elsewhere (owner removed the password): the next reply clears it."""
    await _owner(world, "PASSWORD=zz111")
    with pytest.raises(HomeAssistantError):
        await _action(hass, loaded_entry, "refresh")
    assert _issue(hass, "wrong_password", loaded_entry) is not None
    await _owner(world, "zz111PASSWORD=NO")
    await _action(hass, loaded_entry, "refresh")
    assert _issue(hass, "wrong_password", loaded_entry) is None


async def test_password_fix_for_removed_device_aborts(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """An issue whose device is gone cannot be fixed."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        "wrong_password_gone",
        data={"entry_id": loaded_entry.entry_id, "subentry_id": "gone"},
        is_fixable=True,
        severity=ir.IssueSeverity.ERROR,
        translation_key="wrong_password",
        translation_placeholders={"device": "Old"},
    )
    issue = ir.async_get(hass).async_get_issue(DOMAIN, "wrong_password_gone")
    assert issue is not None
    result = await _start_fix(hass, issue)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "device_removed"


# --- configuration window -------------------------------------------------------


async def test_config_window_issue(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A refused Conf command names the command; a power cycle clears the issue."""
    world.clock.advance(31 * 60)
    with pytest.raises(HomeAssistantError):
        await _action(hass, loaded_entry, "set_clock")
    issue = _issue(hass, "config_window_expired", loaded_entry)
    assert issue is not None
    assert not issue.is_fixable
    assert issue.translation_key == "config_window_expired"  # no security set
    assert issue.translation_placeholders["command"] == "DATESMS"

    # The refused PASSWORD= echo never shows the new password.
    with pytest.raises(HomeAssistantError):
        await _action(hass, loaded_entry, "set_password", password="nw333")
    issue = _issue(hass, "config_window_expired", loaded_entry)
    assert issue.translation_placeholders["command"] == "PASSWORD=*****"

    world.device.mains_lost()
    world.device.mains_restored()
    world.clock.advance(0)
    await wait_for(lambda: _issue(hass, "config_window_expired", loaded_entry) is None)


async def test_accepted_conf_command_clears_window_issue(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The window reopened (device power-cycled unseen): the next Conf ack clears it."""
    world.clock.advance(31 * 60)
    with pytest.raises(HomeAssistantError):
        await _action(hass, loaded_entry, "set_clock")
    assert _issue(hass, "config_window_expired", loaded_entry) is not None
    world.device.mains_lost()
    world.device.mains_restored()
    world.clock.advance(0)
    await hass.async_block_till_done()
    world.network.sent_log.clear()
    await _action(hass, loaded_entry, "set_clock")
    assert _issue(hass, "config_window_expired", loaded_entry) is None


# --- no reply -----------------------------------------------------------------------


async def test_no_reply_issue_resolves_when_heard_from(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Three unanswered commands raise it; any SMS from the device clears it."""
    world.network.detach(world.device)
    hub = loaded_entry.runtime_data.hub
    for attempt in range(3):
        task = hass.async_create_task(_action(hass, loaded_entry, "refresh"))
        await wait_for(lambda n=attempt: hub.sms_sent_today == n + 1)
        if attempt < 2:
            assert _issue(hass, "no_reply", loaded_entry) is None
        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=181))
        with pytest.raises(HomeAssistantError):
            await task
    issue = _issue(hass, "no_reply", loaded_entry)
    assert issue is not None
    assert issue.translation_placeholders["count"] == "3"
    assert issue.translation_placeholders["modem"] == "4915100000001"

    world.network.attach(world.device)
    world.device.mains_lost()
    world.clock.advance(0)
    await wait_for(lambda: _issue(hass, "no_reply", loaded_entry) is None)


# --- scheduler rules ------------------------------------------------------------------


async def test_scheduler_issue_and_fix_clears_rules(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Rules read from the device raise the issue; its fix sends SCHEDULER-ALL."""
    await _owner(world, "SCHEDULER+07:30,*,ON")
    await _owner(world, "SCHEDULER+22:00,7,INF")
    await _action(hass, loaded_entry, "read_schedule")
    issue = _issue(hass, "scheduler_rules", loaded_entry)
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.WARNING
    assert issue.learn_more_url == BLUEPRINTS_URL
    placeholders = issue.translation_placeholders
    assert placeholders["rules"] == (
        "- 07:30, day *: socket on\n- 22:00, day 7: status SMS"
    )
    for blueprint in ("scheduled_socket", "scheduled_alarm", "periodic_status"):
        assert f"{blueprint}.yaml" in placeholders["blueprints"]

    result = await _start_fix(hass, issue)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "confirm"
    assert result["description_placeholders"]["rules"] == placeholders["rules"]
    result = await _fix_step(hass, result["flow_id"], {})
    assert result["type"] is FlowResultType.SHOW_PROGRESS
    await hass.async_block_till_done()
    result = await _fix_step(hass, result["flow_id"])
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert world.device.schedule == []
    assert world.network.sent_log[-2].text == "SCHEDULER-ALL"
    assert _issue(hass, "scheduler_rules", loaded_entry) is None


async def test_scheduler_fix_failure_and_empty_schedule(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """No confirmation: the form says so; rules gone elsewhere clear the issue."""
    await _owner(world, "SCHEDULER+07:30,*,ON")
    await _action(hass, loaded_entry, "read_schedule")
    issue = _issue(hass, "scheduler_rules", loaded_entry)
    assert issue is not None

    world.network.detach(world.device)
    result = await _start_fix(hass, issue)
    hub = loaded_entry.runtime_data.hub
    sent = hub.sms_sent_today
    result = await _fix_step(hass, result["flow_id"], {})
    assert result["type"] is FlowResultType.SHOW_PROGRESS
    await wait_for(lambda: hub.sms_sent_today == sent + 1)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=181))
    await hass.async_block_till_done()
    result = await _fix_step(hass, result["flow_id"])
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "clear_failed"}
    assert _issue(hass, "scheduler_rules", loaded_entry) is not None

    # The owner clears the rules; reading them again clears the issue.
    world.network.attach(world.device)
    world.clock.advance(0)
    await _owner(world, "SCHEDULER-ALL")
    await _action(hass, loaded_entry, "read_schedule")
    assert _issue(hass, "scheduler_rules", loaded_entry) is None


async def test_scheduler_fix_needs_loaded_hub(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The hub unloaded meanwhile: the flow aborts instead of sending."""
    await _owner(world, "SCHEDULER+07:30,*,ON")
    await _action(hass, loaded_entry, "read_schedule")
    issue = _issue(hass, "scheduler_rules", loaded_entry)
    result = await _start_fix(hass, issue)
    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    result = await _fix_step(hass, result["flow_id"], {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "hub_not_loaded"


# --- SIM --------------------------------------------------------------------------------


async def test_sim_issue_at_setup_cleared_by_working_setup(
    hass: HomeAssistant, world: SimWorld
) -> None:
    """A rejected PIN: issue next to the reauth flow; gone once the modem connects."""
    hass.config.country = "DE"
    entry = hub_entry(world.path)
    entry.add_to_hass(hass)
    FakeModem.error = PinRejectedError(2)
    try:
        with patch("custom_components.isocket.Modem", FakeModem):
            assert not await hass.config_entries.async_setup(entry.entry_id)
    finally:
        FakeModem.error = None
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"sim_{entry.entry_id}")
    assert issue is not None
    assert issue.translation_key == "pin_rejected"
    assert not issue.is_fixable
    flows = hass.config_entries.flow.async_progress()
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"sim_{entry.entry_id}") is None
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_sim_locked_while_running(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The modem comes back with a blocked SIM: issue and reauth, no retry."""
    hub = loaded_entry.runtime_data.hub
    world.modem.unplug()
    world.modem.sim.force_state(SimState.PUK)
    world.modem.replug()
    await wait_for(lambda: isinstance(hub.modem.last_error, SimLockedError), 15)
    await hub.async_refresh()
    await hass.async_block_till_done()
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"sim_{loaded_entry.entry_id}")
    assert issue is not None
    assert issue.translation_key == "sim_locked"
    flows = hass.config_entries.flow.async_progress()
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


# --- housekeeping -------------------------------------------------------------------------


async def test_issues_of_removed_devices_are_dropped(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """A reload forgets issues of subentries that no longer exist."""
    for subentry_id in ("gone", next(iter(loaded_entry.subentries))):
        ir.async_create_issue(
            hass,
            DOMAIN,
            f"no_reply_{subentry_id}",
            data={"entry_id": loaded_entry.entry_id, "subentry_id": subentry_id},
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key="no_reply",
        )
    assert await hass.config_entries.async_reload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    registry = ir.async_get(hass)
    assert registry.async_get_issue(DOMAIN, "no_reply_gone") is None
    assert _issue(hass, "no_reply", loaded_entry) is not None


async def test_modem_offline_for_other_reasons_raises_no_sim_issue(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """An unplugged modem is no SIM problem: no issue, no reauthentication."""
    hub = loaded_entry.runtime_data.hub
    world.modem.unplug()
    await wait_for(lambda: not hub.connected)
    await hub.async_refresh()  # not yet tried again: no error known
    await wait_for(lambda: hub.modem.last_error is not None, 15)
    await hub.async_refresh()
    issue_id = f"sim_{loaded_entry.entry_id}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    assert not hass.config_entries.flow.async_progress()
    world.modem.replug()
    await wait_for(lambda: hub.connected, 15)


def test_refused_command_loses_password_prefix() -> None:
    """A device that echoes the password with the command: only the command shows."""
    assert refused_command("ab123DATE=26/01/02,10:00:00+04", "ab123") == (
        "DATE=26/01/02,10:00:00+04"
    )
    assert refused_command("ab123PASSWORD=nw456", "ab123") == "PASSWORD=*****"
    assert refused_command("PASSWORD=NO", "ab123") == "PASSWORD=NO"
    assert refused_command("", "ab123") == "?"


@pytest.mark.parametrize("language", ["strings.json", "translations/de.json"])
def test_issue_texts_exist(language: str) -> None:
    """Every issue kind has a title and a description or fix flow, in each language."""
    path = Path(__file__).parents[2] / "custom_components/isocket" / language
    texts = json.loads(path.read_text(encoding="utf-8"))["issues"]
    for kind in (*DEVICE_ISSUES, "pin_rejected", "pin_required", "sim_locked"):
        assert texts[kind]["title"]
        assert texts[kind].get("description") or texts[kind]["fix_flow"]["step"]
    assert texts["wrong_password"]["fix_flow"]["step"]["password"]["data"]
    assert texts["scheduler_rules"]["fix_flow"]["progress"]["clearing_schedule"]
    for placeholder in ("{rules}", "{blueprints}"):
        step = texts["scheduler_rules"]["fix_flow"]["step"]["confirm"]
        assert placeholder in step["description"]


async def test_removing_the_hub_drops_its_issues(
    hass: HomeAssistant, world: SimWorld
) -> None:
    """Nothing is left to fix once the hub is gone."""
    hass.config.country = "DE"
    entry = hub_entry(world.path)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    for issue_id in ("sim_x", "no_reply_y"):
        ir.async_create_issue(
            hass,
            DOMAIN,
            issue_id,
            data={"entry_id": entry.entry_id},
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key="no_reply",
        )
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    registry = ir.async_get(hass)
    assert registry.async_get_issue(DOMAIN, "sim_x") is None
    assert registry.async_get_issue(DOMAIN, "no_reply_y") is None
