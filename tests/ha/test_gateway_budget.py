"""The daily SMS budget: the cap, the cap + 1, the day's rollover, restarts, the issue."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest.mock import patch

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.isocket.const import CONF_MAX_SMS_PER_DAY, DOMAIN
from custom_components.isocket.sms_gateway.budget import (
    COUNTS,
    SAVE_DELAY,
    STORES,
    budget_issue_id,
)
from simulator.phone import Phone

from .conftest import DEVICE_NUMBER, OWNER_NUMBER, SimWorld, hub_entry, wait_for
from .test_actions_device import _device_id

FRIEND = "+4917000000009"
TWO_PARTS = "x" * 200  # GSM 7-bit: 2 SMS


async def _send(hass: HomeAssistant, text: str = "Hallo") -> None:
    await hass.services.async_call(
        DOMAIN, "send_sms", {"number": FRIEND, "message": text}, blocking=True
    )


async def _cap(hass: HomeAssistant, entry: MockConfigEntry, cap: int) -> None:
    hass.config_entries.async_update_entry(entry, options={CONF_MAX_SMS_PER_DAY: cap})
    await hass.async_block_till_done()


def _issue(hass: HomeAssistant, entry: MockConfigEntry) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, budget_issue_id(entry.entry_id))


async def test_cap_and_cap_plus_one(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Up to the cap goes out; one more part is refused whole, with an issue."""
    Phone(world.network, FRIEND)
    await _cap(hass, loaded_entry, 3)
    hub = loaded_entry.runtime_data.hub
    await _send(hass)
    await _send(hass)
    assert hub.sms_sent_today == 2
    sent = len(world.network.sent_log)
    # cap + 1: a 2-part message with one part left is refused as a whole.
    with pytest.raises(HomeAssistantError) as raised:
        await _send(hass, TWO_PARTS)
    assert raised.value.translation_key == "budget_exceeded"
    assert raised.value.translation_placeholders == {
        "count": "2",
        "limit": "3",
        "parts": "2",
    }
    assert len(world.network.sent_log) == sent
    issue = _issue(hass, loaded_entry)
    assert issue is not None
    assert issue.translation_placeholders == {
        "hub": loaded_entry.title,
        "count": "2",
        "limit": "3",
    }
    # Exactly the cap still goes out.
    await _send(hass)
    assert hub.sms_sent_today == 3
    assert _issue(hass, loaded_entry) is not None
    # A device command counts against the same budget and is refused too.
    device = next(iter(loaded_entry.runtime_data.devices.values()))
    with pytest.raises(HomeAssistantError) as raised:
        await hass.services.async_call(
            DOMAIN,
            "send_command",
            {"device_id": _device_id(hass, loaded_entry), "command": "STATUS"},
            blocking=True,
        )
    assert raised.value.translation_key == "budget_exceeded"
    assert device.phone == DEVICE_NUMBER
    assert len(world.network.sent_log) == sent + 1
    # Raising the cap clears the issue and lets the next SMS go.
    await _cap(hass, loaded_entry, 10)
    assert _issue(hass, loaded_entry) is None
    await _send(hass)
    assert loaded_entry.runtime_data.hub.sms_sent_today == 4


async def test_rollover_at_midnight(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A new local day starts at zero and clears the issue."""
    Phone(world.network, FRIEND)
    await _cap(hass, loaded_entry, 1)
    await _send(hass)
    with pytest.raises(HomeAssistantError):
        await _send(hass)
    assert _issue(hass, loaded_entry) is not None
    tomorrow = dt_util.start_of_local_day() + timedelta(days=1)
    with patch("homeassistant.util.dt.now", return_value=tomorrow):
        async_fire_time_changed(hass, tomorrow)
        await hass.async_block_till_done()
        assert _issue(hass, loaded_entry) is None
        assert loaded_entry.runtime_data.hub.sms_sent_today == 0
        await _send(hass)
        assert loaded_entry.runtime_data.hub.sms_sent_today == 1


async def test_count_survives_a_restart(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The day's count is stored: a reload does not hand out a fresh budget."""
    Phone(world.network, FRIEND)
    await _send(hass, TWO_PARTS)
    assert await hass.config_entries.async_reload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    await wait_for(lambda: loaded_entry.runtime_data.hub.modem.connected)
    assert loaded_entry.runtime_data.hub.sms_sent_today == 2


async def test_unlimited(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """0 = unlimited: still counted, never refused."""
    Phone(world.network, FRIEND)
    await _cap(hass, loaded_entry, 0)
    for _ in range(3):
        await _send(hass, TWO_PARTS)
    assert loaded_entry.runtime_data.hub.sms_sent_today == 6
    assert loaded_entry.runtime_data.hub.modem.budget.remaining is None  # type: ignore[union-attr]


async def test_removing_the_hub_removes_the_count(
    hass: HomeAssistant, world: SimWorld, hass_storage: dict[str, Any]
) -> None:
    """A deleted hub's stored counts (SMS and calls) and issue go with it."""
    Phone(world.network, FRIEND)
    entry = hub_entry(world.path)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await _cap(hass, entry, 1)
    await _send(hass)
    with pytest.raises(HomeAssistantError):
        await _send(hass)
    assert _issue(hass, entry) is not None
    await hass.services.async_call(
        DOMAIN, "call", {"number": OWNER_NUMBER, "duration": 1}, blocking=True
    )
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=SAVE_DELAY))
    await hass.async_block_till_done()
    keys = {f"{DOMAIN}.{entry.entry_id}.{kind}" for kind in COUNTS}
    assert keys <= set(hass_storage)
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert _issue(hass, entry) is None
    assert STORES not in hass.data or entry.entry_id not in hass.data[STORES]
    assert not keys & set(hass_storage)
