"""Diagnostics carry state but no secrets."""

from __future__ import annotations

import json

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.isocket.diagnostics import async_get_config_entry_diagnostics

from .conftest import DEVICE_NUMBER, IMEI, MODEM_NUMBER


async def test_diagnostics_redacted(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """IMEI, numbers and passwords are redacted; state is there."""
    device = next(iter(loaded_entry.runtime_data.devices.values()))
    device.password = "ab123"
    data = await async_get_config_entry_diagnostics(hass, loaded_entry)
    text = json.dumps(data, default=str)
    for secret in (IMEI, DEVICE_NUMBER, MODEM_NUMBER, "ab123"):
        assert secret not in text
    assert data["modem"]["connected"] is True
    assert data["devices"][0]["password_set"] is True
    assert data["devices"][0]["number"].endswith("02")
