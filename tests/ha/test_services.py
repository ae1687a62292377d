"""Actions: send_command, switch_for, refresh (responses and validation errors)."""

from __future__ import annotations

import asyncio

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.isocket.const import DOMAIN
from custom_components.isocket.helpers import isocket_exception_handler

from .conftest import DEVICE_NUMBER, SimWorld, wait_for


def _device_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    registry = dr.async_get(hass)
    return next(
        d.id
        for d in dr.async_entries_for_config_entry(registry, entry.entry_id)
        if (DOMAIN, DEVICE_NUMBER) in d.identifiers
    )


async def _call(hass: HomeAssistant, service: str, **data: object) -> dict:
    return await hass.services.async_call(
        DOMAIN, service, data, blocking=True, return_response=True
    )


async def test_send_command_returns_parsed_reply(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Any manual command; the reply comes back raw and parsed."""
    world.device.set_temperature(19)
    response = await _call(
        hass,
        "send_command",
        device_id=_device_id(hass, loaded_entry),
        command="temperature",
    )
    assert response["command"] == "TEMPERATURE"
    assert response["confirmed"] is True
    assert response["reply"].startswith("TEMPERATURE: 19C")
    assert response["type"] == "TemperatureReading"
    assert response["result"]["temperature"]["celsius"] == 19
    assert float(hass.states.get("sensor.garage_temperature").state) == 19


async def test_send_command_with_typed_password(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A password typed in front of the command is used as given."""
    device_id = _device_id(hass, loaded_entry)
    await _call(hass, "send_command", device_id=device_id, command="PASSWORD=ab123")
    response = await _call(
        hass, "send_command", device_id=device_id, command="ab123STATUS"
    )
    assert response["type"] == "StatusReport"
    assert world.network.sent_log[-2].text == "ab123STATUS"


async def test_send_command_unconfirmed(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """With SMSCONFIRM=OFF a control command gets no reply, and none is awaited."""
    device_id = _device_id(hass, loaded_entry)
    await _call(hass, "send_command", device_id=device_id, command="SMSCONFIRM=OFF")
    response = await _call(hass, "send_command", device_id=device_id, command="ON")
    assert response == {"command": "ON", "confirmed": False, "reply": None}
    assert world.device.socket_on


@pytest.mark.parametrize(
    "command", ["HELLO", "ON\x07", "RESTARTTIME=5555555555555555555555555"]
)
async def test_send_command_rejects_bad_input(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld, command: str
) -> None:
    """Unknown commands, control characters, over-long text: nothing is sent."""
    sent = len(world.network.sent_log)
    with pytest.raises(ServiceValidationError) as err:
        await _call(
            hass,
            "send_command",
            device_id=_device_id(hass, loaded_entry),
            command=command,
        )
    assert err.value.translation_key == "invalid_command"
    assert len(world.network.sent_log) == sent


async def test_send_command_too_long_with_password(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """The device's own password counts against the 30 characters."""
    device = next(iter(loaded_entry.runtime_data.devices.values()))
    device.password = "ab123"
    with pytest.raises(ServiceValidationError):
        await _call(
            hass,
            "send_command",
            device_id=_device_id(hass, loaded_entry),
            command="ALERTNUMBER+491511234567890",
        )


async def test_unknown_device(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """A device id that is no loaded iSocket is a validation error."""
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "refresh", device_id="nope")
    assert err.value.translation_key == "device_not_found"


async def test_switch_for(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """ONn / OFFn: the socket is on for a while."""
    response = await _call(
        hass,
        "switch_for",
        device_id=_device_id(hass, loaded_entry),
        state="on",
        seconds=30,
    )
    assert response["command"] == "ON30"
    assert world.device.socket_on
    assert hass.states.get("switch.garage").state == "on"
    response = await _call(
        hass,
        "switch_for",
        device_id=_device_id(hass, loaded_entry),
        state="off",
        seconds=5,
    )
    assert response["command"] == "OFF5"


async def test_refresh(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """STATUS now, answered with the report."""
    response = await _call(hass, "refresh", device_id=_device_id(hass, loaded_entry))
    assert response["type"] == "StatusReport"
    assert response["result"]["signal_dbm"] == -67


async def test_action_while_modem_unplugged(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Modem gone: the action waits for it (the outbox) and returns the reply
    after the re-plug; a call to the device is never queued and fails at once
    with the translated error."""
    hub = loaded_entry.runtime_data.hub
    world.modem.unplug()
    await wait_for(lambda: not hub.connected)
    device = next(iter(loaded_entry.runtime_data.devices.values()))
    with pytest.raises(HomeAssistantError) as err:
        await isocket_exception_handler(device.async_dial)()
    assert err.value.translation_key == "modem_disconnected"
    refresh = asyncio.get_running_loop().create_task(
        _call(hass, "refresh", device_id=_device_id(hass, loaded_entry))
    )
    await wait_for(lambda: hub.outbox.queued == 1)
    assert not refresh.done()
    world.modem.replug()
    async with asyncio.timeout(20):
        response = await refresh
    assert response["type"] == "StatusReport"
    assert hub.outbox.queued == 0
