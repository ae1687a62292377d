"""Coordinator edge cases: periodic STATUS, failures, restore, SMS counter."""

from __future__ import annotations

from datetime import timedelta
from unittest.mock import patch

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    mock_restore_cache_with_extra_data,
)

from custom_components.isocket.const import CONF_STATUS_INTERVAL, DOMAIN
from custom_components.isocket.gsm.concat import IncomingSms
from custom_components.isocket.gsm.errors import GsmError
from custom_components.isocket.helpers import isocket_exception_handler
from custom_components.isocket.protocol.commands import status

from .conftest import DEVICE_NUMBER, SimWorld, hub_entry, wait_for


def _device(entry: MockConfigEntry):
    return next(iter(entry.runtime_data.devices.values()))


async def test_periodic_status_option(hass: HomeAssistant, world: SimWorld) -> None:
    """With the option set, STATUS goes out every N hours (off by default)."""
    entry = hub_entry(world.path)
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, options={CONF_STATUS_INTERVAL: 1})
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(hours=1, seconds=1))
    await wait_for(lambda: _device(entry).data.signal_dbm == -67)
    assert any(sms.text == "STATUS" for sms in world.network.sent_log)
    # A periodic STATUS that fails is only logged.
    with patch.object(
        type(_device(entry)),
        "async_refresh_status",
        side_effect=HomeAssistantError("x"),
    ):
        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(hours=2, seconds=2))
        await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_send_failure_is_translated(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The network refuses the SMS: a translated error, no missed reply counted."""
    world.modem.fail_next_send(500, times=20)
    device = _device(loaded_entry)
    with pytest.raises(HomeAssistantError) as err:
        await isocket_exception_handler(device.async_command)(status())
    assert err.value.translation_key == "send_failed"
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=181))
    await hass.async_block_till_done()
    assert device.unanswered == 0


async def test_caller_waits_less_than_correlator(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """send_command's timeout ends the wait; the command stays outstanding."""
    world.network.detach(world.device)
    device = _device(loaded_entry)
    task = hass.async_create_task(
        isocket_exception_handler(device.async_command)(status(), wait=5)
    )
    await wait_for(lambda: loaded_entry.runtime_data.hub.sms_sent_today == 1)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=6))
    with pytest.raises(HomeAssistantError) as err:
        await task
    assert err.value.translation_key == "no_reply"
    assert len(device.client.correlator.pending) == 1
    world.network.attach(world.device)


async def test_unload_cancels_waiting_command(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Unloading ends every wait (no task left behind)."""
    world.network.detach(world.device)
    device = _device(loaded_entry)
    task = hass.async_create_task(
        isocket_exception_handler(device.async_command)(status())
    )
    await wait_for(lambda: loaded_entry.runtime_data.hub.sms_sent_today == 1)
    await hass.config_entries.async_unload(loaded_entry.entry_id)
    with pytest.raises(HomeAssistantError) as err:
        await task
    assert err.value.translation_key == "no_reply"
    world.network.attach(world.device)


async def test_dial_failure(hass: HomeAssistant, loaded_entry: MockConfigEntry) -> None:
    """A failed call is a translated error."""
    device = _device(loaded_entry)
    with (
        patch.object(device.hub.modem, "dial", side_effect=GsmError("busy")),
        pytest.raises(HomeAssistantError) as err,
    ):
        await isocket_exception_handler(device.async_dial)()
    assert err.value.translation_key == "send_failed"


async def test_modem_gone_makes_hub_sensors_unavailable(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The modem disconnects: its sensors are unavailable at once, back with it."""
    hub = loaded_entry.runtime_data.hub
    operator = "sensor.simcom_sim800_operator"
    world.modem.unplug()
    await wait_for(lambda: hass.states.get(operator).state == STATE_UNAVAILABLE)
    await hub.async_refresh()  # the scheduled look: still gone, still unavailable
    assert hass.states.get(operator).state == STATE_UNAVAILABLE
    world.modem.replug()
    await wait_for(lambda: hass.states.get(operator).state == "Telekom.de", 15)


async def test_repeated_alarms_and_call_reject_failure(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """A second alarm restarts the 60-s hold; a failing reject is only logged."""
    device = _device(loaded_entry)
    now = dt_util.utcnow()
    for _ in range(2):
        device.handle_sms(
            IncomingSms(DEVICE_NUMBER, "ALARM! Sensor(s) activated!", now)
        )
    assert device.client.alarm_hold is True
    hub = loaded_entry.runtime_data.hub
    with patch.object(hub.modem, "reject_call", side_effect=GsmError("x")):
        await hub._async_reject()


async def test_restore_after_restart(hass: HomeAssistant, world: SimWorld) -> None:
    """Last known values (and when learned) come back; the SMS count does not.

    Today's count is the budget's (its Store, tests/ha/test_gateway_budget.py);
    the sensor's last state is not a second copy of it.
    """
    learned = "2026-01-01T10:00:00+00:00"
    since = "2026-01-01T09:00:00+00:00"
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State("switch.garage", "on"),
                {"value": True, "learned": learned},
            ),
            (
                State("sensor.garage_temperature", "18.0"),
                {"value": 18.0, "learned": learned},
            ),
            (
                State("sensor.garage_socket_on_since", since),
                {"value": since, "learned": learned},
            ),
            (
                State("binary_sensor.garage_mains_power", "on"),
                {"value": None, "learned": None},
            ),
            (
                State("sensor.simcom_sim800_sms_sent_today", "4"),
                {"native_value": 4, "native_unit_of_measurement": None},
            ),
        ],
    )
    entry = hub_entry(world.path)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get("switch.garage").state == "on"
    assert hass.states.get("sensor.garage_temperature").state == "18.0"
    assert hass.states.get("sensor.garage_socket_on_since").state == since
    assert hass.states.get("sensor.simcom_sim800_sms_sent_today").state == "0"
    assert _device(entry).data.learned["temperature"].isoformat() == learned
    registry = dr.async_get(hass)
    assert dr.async_entries_for_config_entry(registry, entry.entry_id)
    assert DOMAIN
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_restore_ignores_garbled_count(
    hass: HomeAssistant, world: SimWorld
) -> None:
    """A stored SMS count that is no number is not restored."""
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State("sensor.simcom_sim800_sms_sent_today", "x"),
                {"native_value": "x", "native_unit_of_measurement": None},
            )
        ],
    )
    entry = hub_entry(world.path, with_device=False)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.runtime_data.hub.sms_sent_today == 0
    assert await hass.config_entries.async_unload(entry.entry_id)
