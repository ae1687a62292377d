"""Diagnostics carry state but no secrets."""

from __future__ import annotations

import json
import re
from typing import Any

from homeassistant.components.diagnostics import REDACTED
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
    get_diagnostics_for_device,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from custom_components.isocket.const import CONF_PASSWORD, DOMAIN
from custom_components.isocket.diagnostics import async_get_config_entry_diagnostics

from .conftest import (
    DEVICE_NUMBER,
    IMEI,
    MODEM_NUMBER,
    OWNER_NUMBER,
    SimWorld,
)

ICCID = "89490200001234567890"  # the simulated SIM's
PASSWORD = "ab123"
NEW_PASSWORD = "nw456"
NUMBERS = (DEVICE_NUMBER, MODEM_NUMBER, OWNER_NUMBER)


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


def _normalise(data: Any, world: SimWorld) -> Any:
    """Drop what changes from run to run: the pty path and device clock texts."""
    text = json.dumps(data, default=str)
    text = text.replace(world.path, "<port>")
    text = re.sub(r"\d\d/\d\d/\d\d,\s?\d\d:\d\d:\d\d([+-]\d\d)?", "<device time>", text)
    return json.loads(text)


# Times differ on every run; everything else must match the snapshot.
VOLATILE = props(
    "time",
    "updated",
    "learned",
    "last_seen",
    "device_time",
    "device_time_read_at",
    "config_window_until",
)


def _assert_no_secrets(data: Any) -> None:
    text = json.dumps(data, default=str)
    for secret in (
        IMEI,
        ICCID,
        PASSWORD,
        NEW_PASSWORD,
        *(n for number in NUMBERS for n in (number, number[1:], number[3:])),
    ):
        assert secret not in text, secret


async def _populate(
    hass: HomeAssistant, entry: MockConfigEntry, world: SimWorld
) -> None:
    """A password, both number lists, a STATUS and a refused password change."""
    world.owner.send(DEVICE_NUMBER, f"PASSWORD={PASSWORD}")
    world.clock.advance(0)
    subentry = next(iter(entry.subentries.values()))
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, CONF_PASSWORD: PASSWORD}
    )
    await hass.async_block_till_done()  # the hub reloads with the password
    registry = dr.async_get(hass)
    device_id = next(
        d.id
        for d in dr.async_entries_for_config_entry(registry, entry.entry_id)
        if (DOMAIN, DEVICE_NUMBER) in d.identifiers
    )

    async def call(service: str, **data: Any) -> None:
        await hass.services.async_call(
            DOMAIN, service, {"device_id": device_id, **data}, blocking=True
        )

    await call("manage_numbers", list="security", operation="add", number=OWNER_NUMBER)
    await call("manage_numbers", list="security", operation="read")
    await call("manage_numbers", list="alert", operation="read")
    await call("refresh")
    # Refused: the device echoes the new password in its error reply. The
    # security list now lifts the window (manual §4.1); the spec's reading
    # lets it close, so that a refusal can be provoked.
    world.device.security_lifts_config_window = False
    world.clock.advance(31 * 60)
    with pytest.raises(HomeAssistantError):
        await call("set_password", password=NEW_PASSWORD)


async def test_hub_diagnostics_snapshot(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    snapshot: SnapshotAssertion,
) -> None:
    """Modem, health, options and devices; no IMEI, ICCID, number or password."""
    await _populate(hass, loaded_entry, world)
    data = await get_diagnostics_for_config_entry(hass, hass_client, loaded_entry)
    _assert_no_secrets(data)
    assert data["modem"]["info"]["imei"] == REDACTED
    assert data["entry"]["data"]["port"] == world.path
    assert _normalise(data, world) == snapshot(exclude=VOLATILE)


async def test_device_diagnostics_snapshot(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    snapshot: SnapshotAssertion,
) -> None:
    """Settings, state and the message log of one device, secrets masked."""
    await _populate(hass, loaded_entry, world)
    registry = dr.async_get(hass)
    device = registry.async_get_device_by_identifier(
        (DOMAIN, DEVICE_NUMBER), loaded_entry.entry_id
    )
    assert device is not None
    data = await get_diagnostics_for_device(hass, hass_client, loaded_entry, device)
    _assert_no_secrets(data)
    texts = [message["text"] for message in data["messages"]]
    assert "PASSWORD=*****" in texts  # the new password never logged
    assert f"PASSWORD={REDACTED} - Time for configuration expired (Conf)!" in texts
    assert any(text.startswith("SECNUMBERs: ") for text in texts)
    assert data["state"]["security_numbers"] == REDACTED
    assert _normalise(data, world) == snapshot(exclude=VOLATILE)


async def test_modem_device_diagnostics_is_the_hub(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_entry: MockConfigEntry,
) -> None:
    """The modem's own device shows the hub diagnostics."""
    registry = dr.async_get(hass)
    modem = registry.async_get_device_by_identifier(
        (DOMAIN, IMEI), loaded_entry.entry_id
    )
    assert modem is not None
    data = await get_diagnostics_for_device(hass, hass_client, loaded_entry, modem)
    assert data["modem"]["connected"] is True
    _assert_no_secrets(data)
