"""isocket.send_sms end to end: the app's modem on a pty, phones in the simulated world."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.isocket.const import DOMAIN, SMS_MAX_PARTS
from custom_components.isocket.gsm.errors import (
    GsmError,
    InvalidNumberError,
    ModemNotConnectedError,
    SmsSendError,
    UssdError,
)
from custom_components.isocket.helpers import translate_error
from simulator.phone import Phone

from .conftest import SimWorld, hub_entry

FRIEND = "+4917000000009"
OTHER = "+4917000000008"
# 300+ characters that need UCS-2: three SMS of at most 67 characters.
UNICODE_TEXT = ("Heizung aus, Keller 4 °C ❄️ — bitte nachsehen. Привет! " * 6).strip()


@pytest.fixture
async def friends(world: SimWorld) -> AsyncIterator[tuple[Phone, Phone]]:
    """Two phones that are no devices."""
    phones = (Phone(world.network, FRIEND), Phone(world.network, OTHER))
    yield phones
    for phone in phones:
        world.network.detach(phone)


async def _send(hass: HomeAssistant, **data: object) -> dict[str, object]:
    response = await hass.services.async_call(
        DOMAIN, "send_sms", data, blocking=True, return_response=True
    )
    assert response is not None
    return dict(response)


async def test_unicode_text_reaches_a_phone_whole(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    friends: tuple[Phone, Phone],
) -> None:
    """A 300+ character UCS-2 text goes out in parts and arrives as one message."""
    assert len(UNICODE_TEXT) > 300
    response = await _send(hass, number=FRIEND, message=UNICODE_TEXT)
    (message,) = response["messages"]  # type: ignore[misc]
    assert message["number"] == FRIEND
    assert message["encoding"] == "ucs2"
    assert message["parts"] == len(message["references"]) >= 5
    assert "delivery" not in message
    async with asyncio.timeout(10):
        (received,) = await friends[0].wait_for_sms()
    assert received.text == UNICODE_TEXT
    assert received.sender == world.modem.number
    # The hub's SMS-sent count is the parts that went out.
    assert loaded_entry.runtime_data.hub.sms_sent_today == message["parts"]


async def test_several_numbers_national_and_delivery_report(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    friends: tuple[Phone, Phone],
) -> None:
    """National numbers are read in HA's country; delivery reports come back."""
    response = await _send(
        hass,
        number=["0170 00000009", OTHER],
        message="Garage offen [Tor 2]",
        delivery_report=True,
        wait=10,
    )
    messages = response["messages"]
    assert [m["number"] for m in messages] == [FRIEND, OTHER]  # type: ignore[attr-defined]
    for message in messages:  # type: ignore[attr-defined]
        assert message["encoding"] == "gsm7"
        assert message["parts"] == 1
        assert message["delivery"] == "delivered"
    assert [p.inbox[0].text for p in friends] == ["Garage offen [Tor 2]"] * 2


async def test_delivery_pending_when_no_report_arrives(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Nobody attached to the number: the network holds it, the status stays pending."""
    response = await _send(
        hass, number="+4917000000007", message="Hallo", delivery_report=True, wait=0
    )
    assert response["messages"][0]["delivery"] == "pending"  # type: ignore[index]


@pytest.mark.parametrize(
    ("data", "key", "placeholders"),
    [
        ({"number": "12", "message": "Hallo"}, "invalid_number", {"number": "12"}),
        ({"number": [FRIEND, "nonsense"], "message": "Hallo"}, "invalid_number", None),
        # A mistyped real number is masked: the error may end up in a log.
        (
            {"number": "+49 1700000000099", "message": "Hallo"},
            "invalid_number",
            {"number": "+49 ***********99"},
        ),
        ({"number": FRIEND, "message": "  \n "}, "empty_text", None),
        (
            {"number": FRIEND, "message": "Hallo\x1a"},
            "forbidden_character",
            {"character": "U+001A", "position": "5"},
        ),
        (
            {"number": FRIEND, "message": "x" * (153 * SMS_MAX_PARTS + 1)},
            "too_long",
            {"parts": str(SMS_MAX_PARTS + 1), "max_parts": str(SMS_MAX_PARTS)},
        ),
    ],
)
@pytest.mark.usefixtures("loaded_entry")
async def test_bad_input_sends_nothing(
    hass: HomeAssistant,
    world: SimWorld,
    data: dict[str, object],
    key: str,
    placeholders: dict[str, str] | None,
) -> None:
    """Each bad input is a translated validation error; the network carries nothing."""
    before = len(world.network.sent_log)
    with pytest.raises(ServiceValidationError) as raised:
        await _send(hass, **data)
    assert raised.value.translation_key == key
    if placeholders is not None:
        assert raised.value.translation_placeholders == placeholders
    assert str(raised.value)  # the English text is found
    assert len(world.network.sent_log) == before


async def test_hub_selection(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """An unknown hub id, no hub at all, or several hubs without a choice: clear errors."""
    with pytest.raises(ServiceValidationError) as raised:
        await _send(hass, config_entry_id="nope", number=FRIEND, message="x")
    assert raised.value.translation_key == "hub_not_found"
    # The right id works.
    response = await _send(
        hass, config_entry_id=loaded_entry.entry_id, number=FRIEND, message="x"
    )
    assert response["messages"]
    second = hub_entry("/dev/null")
    second.add_to_hass(hass)
    second.mock_state(hass, ConfigEntryState.LOADED)
    with pytest.raises(ServiceValidationError) as raised:
        await _send(hass, number=FRIEND, message="x")
    assert raised.value.translation_key == "hub_required"
    second.mock_state(hass, ConfigEntryState.NOT_LOADED)
    await hass.config_entries.async_unload(loaded_entry.entry_id)
    with pytest.raises(ServiceValidationError) as raised:
        await _send(hass, number=FRIEND, message="x")
    assert raised.value.translation_key == "no_hub"


async def test_modem_gone_is_a_clear_error(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The modem unplugged: the send fails with the translated error, not a trace."""
    hub = loaded_entry.runtime_data.hub
    await hub.modem.close()
    with pytest.raises(HomeAssistantError) as raised:
        await _send(hass, number=FRIEND, message="Hallo")
    assert raised.value.translation_key == "modem_disconnected"


@pytest.mark.parametrize(
    ("err", "key"),
    [
        (InvalidNumberError("x"), "invalid_number"),
        (ModemNotConnectedError("x"), "modem_disconnected"),
        (SmsSendError(38, retryable=True), "send_failed"),
        (UssdError("x"), "ussd_failed"),
    ],
)
def test_error_table(err: GsmError, key: str) -> None:
    """Library errors the checks above do not reach still get a translation key."""
    translated = translate_error(err)
    assert isinstance(translated, HomeAssistantError)
    assert translated.translation_key == key
