"""The forward_incoming_sms blueprint: isocket_sms_received → a mobile-app notification."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest.mock import AsyncMock, patch

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, template
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.test_blueprints import _stop_automations, _use_blueprint  # noqa: F401

NAME = "forward_incoming_sms"
EVENT = "isocket_sms_received"


@pytest.fixture
def phone(hass: HomeAssistant, device_registry: dr.DeviceRegistry) -> str:
    """A phone with the companion app (a mobile_app device); its device id."""
    entry = MockConfigEntry(domain="mobile_app", data={})
    entry.add_to_hass(hass)
    device = device_registry.async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={("mobile_app", "pixel")}
    )
    return device.id


@pytest.fixture
def notified() -> Iterator[AsyncMock]:
    """The mobile app's notify device action, as called by the automation."""
    with patch(
        "homeassistant.components.mobile_app.device_action.async_call_action_from_config"
    ) as action:
        yield action


async def _use(hass: HomeAssistant, inputs: dict[str, Any]) -> None:
    await _use_blueprint(hass, NAME, inputs)


def _rendered(action: AsyncMock) -> list[dict[str, Any]]:
    """Title and message of each notification, as the app receives them."""
    out = []
    for call in action.mock_calls:
        _hass, config, variables, _context = call.args
        rendered = template.render_complex(config, variables)
        out.append({key: rendered[key] for key in ("device_id", "title", "message")})
    return out


async def test_forwards_sender_and_text(
    hass: HomeAssistant, phone: str, notified: AsyncMock
) -> None:
    """Each SMS becomes one notification with its sender and whole text."""
    await _use(hass, {"notify_device": phone})
    text = "Ihr Paket kommt heute.\nZweite Zeile ✓"
    hass.bus.async_fire(
        EVENT,
        {"sender": "+4917012345678", "text": text, "time": "2026-12-07T10:00:00+00:00"},
    )
    await hass.async_block_till_done()
    assert _rendered(notified) == [
        {"device_id": phone, "title": "SMS from +4917012345678", "message": text}
    ]


async def test_ignored_sender_and_undecodable(
    hass: HomeAssistant, phone: str, notified: AsyncMock
) -> None:
    """Ignored senders are skipped; an unreadable message is still reported."""
    await _use(
        hass,
        {
            "notify_device": phone,
            "title": "Neue SMS von",
            "ignored_senders": ["Vodafone"],
        },
    )
    hass.bus.async_fire(EVENT, {"sender": "Vodafone", "text": "Werbung"})
    hass.bus.async_fire(
        EVENT, {"sender": None, "text": None, "pdu": "07FF", "error": "PDU truncated"}
    )
    await hass.async_block_till_done()
    assert _rendered(notified) == [
        {
            "device_id": phone,
            "title": "Neue SMS von an unknown sender",
            "message": "An SMS arrived that could not be read: PDU truncated",
        }
    ]
