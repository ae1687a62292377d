"""Diagnostics for the hub (modem) and each iSocket device, secrets redacted.

Secrets never leave: the PIN and passwords by key, phone numbers, IMEI and
ICCID by key and, wherever text could hold them (message texts, operator
replies), by masking every run of seven or more digits down to its last two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
import re
from typing import Any, Final

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.device_registry import DeviceEntry

from .const import CONF_ALARM_INPUT, CONF_PASSWORD, CONF_PHONE, CONF_PIN, DOMAIN
from .coordinator import HubCoordinator
from .device import DeviceCoordinator
from .gsm.redact import mask_numbers
from .helpers import as_json
from .runtime import ISocketConfigEntry

TO_REDACT: Final = frozenset(
    {
        CONF_PIN,
        CONF_PASSWORD,
        CONF_PHONE,
        "imei",
        "iccid",
        "own_number",
        "security_numbers",
        "alert_numbers",
        "serial_number",
        "PASSWORD",
    }
)
# PASSWORD=<new> as the device may echo it in an error reply.
_NEW_PASSWORD: Final = re.compile(r"(PASSWORD\s*=\s*)(?!NO\b|\*{5})\S+", re.IGNORECASE)


def _scrub(value: Any, password: str | None = None) -> Any:
    """Mask numbers (and the device password) in every string, recursively."""
    if isinstance(value, str):
        if password:
            value = value.replace(password, REDACTED)
        value = _NEW_PASSWORD.sub(rf"\1{REDACTED}", value)
        return mask_numbers(value)
    if isinstance(value, Mapping):
        return {key: _scrub(item, password) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item, password) for item in value]
    return value


def _hub(hub: HubCoordinator) -> dict[str, Any]:
    modem = hub.modem
    return {
        "connected": hub.connected,
        "last_error": type(modem.last_error).__name__ if modem.last_error else None,
        "info": asdict(modem.info) if modem.info else None,
        "health": as_json(modem.health),
        "sms_sent_today": hub.sms_sent_today,
    }


def _issues(hass: HomeAssistant, subentry_id: str) -> list[str]:
    """The open repair issues of one device, by kind."""
    return sorted(
        issue.translation_key or issue.issue_id
        for issue in ir.async_get(hass).issues.values()
        if issue.domain == DOMAIN
        and issue.data
        and issue.data.get("subentry_id") == subentry_id
    )


def _device_summary(device: DeviceCoordinator) -> dict[str, Any]:
    return {
        "title": device.name,
        "number": mask_numbers(device.phone),
        "password_set": device.password is not None,
        "alarm_input": device.subentry.data.get(CONF_ALARM_INPUT),
        "available": device.available,
        "unanswered": device.unanswered,
        "pending": [p.command.key for p in device.client.correlator.pending],
        "issues": _issues(device.hass, device.subentry.subentry_id),
    }


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: ISocketConfigEntry
) -> dict[str, Any]:
    """The hub: entry settings, modem identity and health, its devices."""
    runtime = entry.runtime_data
    data = {
        "entry": {
            "title": entry.title,
            "data": dict(entry.data),
            "options": dict(entry.options),
        },
        "modem": _hub(runtime.hub),
        "devices": [_device_summary(device) for device in runtime.devices.values()],
    }
    return _scrub(async_redact_data(data, TO_REDACT))  # type: ignore[no-any-return]


def _device_details(device: DeviceCoordinator) -> dict[str, Any]:
    return {
        **_device_summary(device),
        "state": {
            name: value
            for name, value in as_json(device.data).items()
            if name not in {"learned", "stated"}
        },
        "learned": as_json(device.data.learned),
        "messages": [
            {
                "time": message.time.isoformat(),
                "direction": message.direction,
                "text": message.text,
            }
            for message in device.client.messages
        ],
    }


async def async_get_device_diagnostics(
    hass: HomeAssistant, entry: ISocketConfigEntry, device: DeviceEntry
) -> dict[str, Any]:
    """One iSocket: settings, state, recent messages (or the hub for the modem)."""
    for coordinator in entry.runtime_data.devices.values():
        if (DOMAIN, coordinator.phone) in device.identifiers:
            data = _device_details(coordinator)
            redacted = async_redact_data(data, TO_REDACT)
            return _scrub(redacted, coordinator.password)  # type: ignore[no-any-return]
    return await async_get_config_entry_diagnostics(hass, entry)
