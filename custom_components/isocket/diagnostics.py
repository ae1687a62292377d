"""Diagnostics: what the hub and each device know, with secrets redacted."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .const import CONF_PASSWORD, CONF_PHONE, CONF_PIN
from .coordinator import ISocketConfigEntry, mask_number

# PINs, passwords, numbers and the modem's identity never leave unredacted.
TO_REDACT = {
    CONF_PIN,
    CONF_PASSWORD,
    CONF_PHONE,
    "imei",
    "iccid",
    "own_number",
    "security_numbers",
    "alert_numbers",
    "serial_number",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: ISocketConfigEntry
) -> dict[str, Any]:
    """The hub's settings, modem identity and health, and every device's state."""
    hub = entry.runtime_data.hub
    info = hub.info
    return {
        "entry": {
            "data": async_redact_data(dict(entry.data), TO_REDACT),
            "options": dict(entry.options),
        },
        "modem": {
            "connected": hub.connected,
            "info": async_redact_data(asdict(info), TO_REDACT) if info else None,
            "health": asdict(hub.data) if hub.data else None,
            "sms_sent_today": hub.sms_sent_today,
        },
        "devices": [
            {
                "number": mask_number(device.phone),
                "password_set": device.password is not None,
                "available": device.available,
                "unanswered": device.unanswered,
                "pending": [p.command.key for p in device.correlator.pending],
                "learned": {k: v.isoformat() for k, v in device.learned.items()},
                "state": async_redact_data(asdict(device.data), TO_REDACT),
            }
            for device in entry.runtime_data.devices.values()
        ],
    }
