"""PINs, passwords, phone numbers and IMEIs never reach our logs unredacted."""

from __future__ import annotations

from datetime import timedelta
import logging

from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.isocket.const import CONF_PASSWORD, CONF_PIN
from custom_components.isocket.helpers import isocket_exception_handler
from simulator.modem import SimModem

from .conftest import DEVICE_NUMBER, SimWorld, device_subentry, hub_entry, wait_for

PIN = "4711"
PASSWORD = "pw9x7"
IMEI = "358240051111110"
NUMBER = "+4915100000042"


async def test_no_secrets_in_logs(
    hass: HomeAssistant, world: SimWorld, caplog: pytest.LogCaptureFixture
) -> None:
    """Setup with a PIN, commands with a password, errors and timeouts: all redacted."""
    caplog.set_level(logging.DEBUG, logger="custom_components.isocket")
    modem = SimModem(world.network, world.clock, NUMBER, pin=PIN, imei=IMEI)
    path = await modem.start()
    try:
        entry = hub_entry(path, with_device=False)
        entry.add_to_hass(hass)
        hass.config_entries.async_update_entry(
            entry, unique_id=IMEI, data={**entry.data, CONF_PIN: PIN}
        )
        hass.config_entries.async_add_subentry(
            entry,
            ConfigSubentry(
                **device_subentry(DEVICE_NUMBER, **{CONF_PASSWORD: PASSWORD})
            ),
        )
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        device = next(iter(entry.runtime_data.devices.values()))
        refresh = isocket_exception_handler(device.async_refresh_status)
        # The emulated device has no password: it answers with an error.
        with pytest.raises(HomeAssistantError):
            await refresh()
        world.network.detach(world.device)
        task = hass.async_create_task(refresh())
        await wait_for(lambda: entry.runtime_data.hub.sms_sent_today == 2)
        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=181))
        with pytest.raises(HomeAssistantError):
            await task
        world.network.attach(world.device)
        assert await hass.config_entries.async_unload(entry.entry_id)
    finally:
        await modem.stop()
    ours = "\n".join(
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("custom_components.isocket")
    )
    assert ours  # the stack did log something
    for secret in (PIN, PASSWORD, IMEI, NUMBER, NUMBER[1:], DEVICE_NUMBER[1:]):
        assert secret not in ours, secret
