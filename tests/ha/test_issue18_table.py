"""Issue 18's table, through the HA stack: each device text as the right column says.

The emulated iSocket sends each text as an SMS over the simulated network; the
modem on a real pty receives it and HA applies it.
"""

from __future__ import annotations

import asyncio
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.isocket.const import DOMAIN

from .conftest import (
    DEVICE_NUMBER,
    SimWorld,
    first_device,
    from_device,
    unknown_message_issues,
    wait_for,
)

ALERTS = "event.garage_alerts"
TEMPERATURE = "sensor.garage_temperature"
MAINS = "binary_sensor.garage_mains_power"
PROBE = "binary_sensor.garage_temperature_probe"
PANEL = "alarm_control_panel.garage_alarm"


_device = first_device
_from_device = from_device
_unknown_issues = unknown_message_issues


def _device_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    return next(
        d.id
        for d in dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
        if (DOMAIN, DEVICE_NUMBER) in d.identifiers
    )


def _event(hass: HomeAssistant) -> tuple[str | None, dict[str, Any]]:
    state = hass.states.get(ALERTS)
    assert state is not None
    return state.attributes.get("event_type"), dict(state.attributes)


async def _powered(
    hass: HomeAssistant, entry: MockConfigEntry, world: SimWorld
) -> None:
    """Mains known on, socket known on: what a wrong power failure would overturn."""
    await _from_device(hass, entry, world, "Power supply restored! Power socket ON.")
    assert hass.states.get(MAINS).state == "on"


@pytest.mark.parametrize("text", ["Power outage is over.", "Stromausfall beendet"])
async def test_an_outage_that_is_over_is_no_power_failure(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld, text: str
) -> None:
    """Row 1: no power-failure event, mains not off, socket not off: unknown."""
    await _powered(hass, loaded_entry, world)
    await _from_device(hass, loaded_entry, world, text)
    assert _event(hass)[0] == "unknown_message"
    assert hass.states.get(MAINS).state == "on"
    assert _device(loaded_entry).data.socket_on is True


async def test_not_too_high_anymore_is_no_rise_alert(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Row 2: `Temperature is not too high anymore: 21C`: no rise alert."""
    await _from_device(
        hass, loaded_entry, world, "Temperature is not too high anymore: 21C"
    )
    assert _event(hass)[0] == "unknown_message"
    assert hass.states.get(TEMPERATURE).state in {"unknown", "21.0"}


async def test_alarm_function_not_activated_is_no_alarm(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Row 3: `Alarm function not activated`: unknown, the panel neither armed nor triggered."""
    panel_before = hass.states.get(PANEL).state
    await _from_device(hass, loaded_entry, world, "Alarm function not activated")
    assert _event(hass)[0] == "unknown_message"
    assert hass.states.get(PANEL).state == panel_before != "triggered"
    assert _device(loaded_entry).data.alarm_triggered is not True


async def test_decimal_comma_in_a_status(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Row 4: `TEMP: 25,5C(77,9F)` inside a STATUS is 25.5 °C, probe OK."""
    await _from_device(
        hass,
        loaded_entry,
        world,
        "Power socket ON\nSignal: Good (-67dBm)\nTEMP: 25,5C(77,9F)\n"
        "ALARMF: Disabled\nALARM status: No act\nTime: 26/12/07,10:11:12",
    )
    assert float(hass.states.get(TEMPERATURE).state) == 25.5
    assert hass.states.get(PROBE).state == "off"


async def test_the_reading_not_the_threshold(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Row 5: `... limit 30C, now 36C` is 36 °C, recognised by keywords."""
    await _from_device(
        hass, loaded_entry, world, "Temperature too high! limit 30C, now 36C"
    )
    event_type, attributes = _event(hass)
    assert event_type == "temperature_rise"
    assert attributes["recognised_by"] == "keywords"
    assert float(hass.states.get(TEMPERATURE).state) == 36.0


@pytest.mark.parametrize(
    ("action", "data"),
    [("get_credit", {}), ("send_command", {"command": "SIMCARD*100#"})],
    ids=["CREDIT", "SIMCARD"],
)
async def test_power_failure_while_credit_is_awaited(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    action: str,
    data: dict[str, str],
) -> None:
    """Row 6: `Power failure!` while CREDIT or SIMCARD waits is a power failure.

    The awaited operator's text still answers the command afterwards.
    """
    world.network.ussd_replies["*100#"] = "Your balance is 4.20 EUR"
    world.owner.send(world.device.number, "CREDITUMS=*100#")
    world.clock.advance(0)
    await _powered(hass, loaded_entry, world)
    world.network.latency = 30.0  # the operator's text is on its way a while
    device = _device(loaded_entry)
    task = asyncio.create_task(
        hass.services.async_call(
            DOMAIN,
            action,
            {"device_id": _device_id(hass, loaded_entry), **data},
            blocking=True,
            return_response=True,
        )
    )
    await wait_for(lambda: bool(device.client.correlator.pending))
    await _from_device(hass, loaded_entry, world, "Power failure!")
    event_type, attributes = _event(hass)
    assert event_type == "power_failure"
    assert attributes["recognised_by"] == "exact"
    assert hass.states.get(MAINS).state == "off"
    assert not task.done()
    world.clock.advance(60)
    response = await asyncio.wait_for(task, 10)
    assert "Your balance is 4.20 EUR" in str(response)


async def test_an_unsolicited_reply_shape_fires_an_event(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Row 7: `Power socket OFF` + `TEMP: 10C(50F)`, nothing asked: an event, no setting."""
    await _powered(hass, loaded_entry, world)
    await _from_device(hass, loaded_entry, world, "Power socket OFF\nTEMP: 10C(50F)")
    event_type, attributes = _event(hass)
    assert event_type == "unsolicited_reply"
    assert attributes["message"] == "Power socket OFF\nTEMP: 10C(50F)"
    assert _device(loaded_entry).data.socket_on is True  # unasked: not overwritten


@pytest.mark.parametrize("text", ["ALARM status: Sensor activated", "iSocket started"])
async def test_reply_like_texts_are_unknown_with_a_repair(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld, text: str
) -> None:
    """Row 8: an event and a repair for a new shape, not dropped silently."""
    before = _unknown_issues(hass)
    await _from_device(hass, loaded_entry, world, text)
    event_type, attributes = _event(hass)
    assert event_type == "unknown_message"
    assert attributes["message"] == text
    assert _unknown_issues(hass) == before + 1


async def test_sensors_disconnected_is_no_probe_failure(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Row 9: `Sensor(s) disconnected!` is the alarm input (manual), not the probe."""
    await _from_device(hass, loaded_entry, world, "TEMPERATURE: 20C(68F)")
    await _from_device(hass, loaded_entry, world, "Sensor(s) disconnected!")
    assert _event(hass)[0] == "unknown_message"
    assert hass.states.get(PROBE).state == "off"
    assert float(hass.states.get(TEMPERATURE).state) == 20.0


@pytest.mark.parametrize(
    "text", ["No mains power!", "Mains power lost! Running on battery."]
)
async def test_plain_power_wordings(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld, text: str
) -> None:
    """The issue's plain wordings reach the mains entity, recognised by keywords."""
    await _powered(hass, loaded_entry, world)
    await _from_device(hass, loaded_entry, world, text)
    event_type, attributes = _event(hass)
    assert event_type == "power_failure"
    assert attributes["recognised_by"] == "keywords"
    assert hass.states.get(MAINS).state == "off"


async def test_intrusion_alarm(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """`Intrusion alarm!` is an alarm: the event and the alarm input."""
    await _from_device(hass, loaded_entry, world, "Intrusion alarm!")
    assert _event(hass)[0] == "alarm"
    assert hass.states.get("binary_sensor.garage_alarm_input").state == "on"


async def test_a_fault_value_warns_on_the_entities(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Manual §7: 85 °C after 20 °C is a probe fault: no temperature, a warning attribute."""
    await _from_device(hass, loaded_entry, world, "TEMPERATURE: 20C(68F)")
    await _from_device(hass, loaded_entry, world, "TEMPERATURE: 85C(185F)")
    temperature = hass.states.get(TEMPERATURE)
    assert temperature.attributes["probe_warning"] == "fault_value"
    assert temperature.attributes["last_reading"] == 85.0
    assert hass.states.get(PROBE).state == "on"
    assert hass.states.get(PROBE).attributes["probe_warning"] == "fault_value"
    await _from_device(hass, loaded_entry, world, "TEMPERATURE: 150C(302F)")
    assert hass.states.get(TEMPERATURE).attributes["probe_warning"] == "out_of_range"
    await _from_device(hass, loaded_entry, world, "TEMPERATURE: 21C(70F)")
    assert float(hass.states.get(TEMPERATURE).state) == 21.0
    assert "probe_warning" not in hass.states.get(TEMPERATURE).attributes


async def test_a_local_alert_number_is_refused(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Manual §5.3: alert numbers in international form only; nothing is sent."""
    sent = len(world.network.sent_log)
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "manage_numbers",
            {
                "device_id": _device_id(hass, loaded_entry),
                "list": "alert",
                "operation": "add",
                "number": "0151 1234 5678",
            },
            blocking=True,
            return_response=True,
        )
    assert err.value.translation_key == "alert_number_international"
    assert len(world.network.sent_log) == sent


async def test_no_such_command_names_the_missing_password(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Manual §6.3: a command without the device's password is "No such command".

    The error the owner reads says so (and no longer that it is no password
    problem); nothing changes and the device's socket stays off.
    """
    _device(loaded_entry).password = "zz999"  # a password the device does not have
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            "switch", "turn_on", {"entity_id": "switch.garage"}, blocking=True
        )
    assert err.value.translation_key == "unknown_command"
    message = str(err.value)
    assert "No such command exists" in message
    assert "§6.3" in message
    assert "password" in message
    assert "not a password problem" not in message
    assert not world.device.socket_on
