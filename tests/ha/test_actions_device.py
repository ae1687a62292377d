"""Device actions against the emulated iSocket: happy paths and bad input."""

from __future__ import annotations

from datetime import datetime, timedelta
import json
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
)
from homeassistant.helpers import device_registry as dr
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol
import yaml

from custom_components.isocket.const import CONF_PASSWORD, DOMAIN
from custom_components.isocket.gsm.numbers import from_device_format
from custom_components.isocket.services import ACTIONS

from .conftest import DEVICE_NUMBER, MODEM_NUMBER, OWNER_NUMBER, SimWorld

SUBENTRY_PASSWORD = "ab123"


def _device_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    registry = dr.async_get(hass)
    return next(
        d.id
        for d in dr.async_entries_for_config_entry(registry, entry.entry_id)
        if (DOMAIN, DEVICE_NUMBER) in d.identifiers
    )


async def _call(
    hass: HomeAssistant, entry: MockConfigEntry, service: str, **data: Any
) -> Any:
    supports = hass.services.supports_response(DOMAIN, service)
    return await hass.services.async_call(
        DOMAIN,
        service,
        {"device_id": _device_id(hass, entry), **data},
        blocking=True,
        return_response=supports.value != "none",
    )


async def _owner(world: SimWorld, text: str) -> None:
    """The owner's phone configures the device directly."""
    world.owner.send(DEVICE_NUMBER, text)
    world.clock.advance(0)


def _subentry_data(entry: MockConfigEntry) -> dict[str, Any]:
    return dict(next(iter(entry.subentries.values())).data)


async def test_set_clock(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """DATE= carries HA's local time and zone; the device clock follows."""
    response = await _call(hass, loaded_entry, "set_clock", source="home_assistant")
    assert response["confirmed"] is True
    assert response["command"].startswith("DATE=")
    sent = datetime.fromisoformat(response["time"])
    now = dt_util.now()
    assert sent.utcoffset() == now.utcoffset()
    assert abs(sent - now) < timedelta(seconds=5)
    device_time = world.device.device_time
    assert device_time.utcoffset() == now.utcoffset()
    assert abs(device_time - now) < timedelta(seconds=5)


async def test_get_alarm_log(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """SHOWALARMLOG: empty at first, then one time per alarm, oldest first."""
    assert await _call(hass, loaded_entry, "get_alarm_log") == {"alarms": []}
    await _owner(world, "ALARMON")
    world.device.sensor_active()
    world.clock.advance(0)
    assert len(world.device.alarm_log) == 1
    response = await _call(hass, loaded_entry, "get_alarm_log")
    assert len(response["alarms"]) == 1
    logged = datetime.fromisoformat(response["alarms"][0])
    assert logged.tzinfo is not None
    expected = world.device.alarm_log[0]
    assert logged.replace(tzinfo=None) == expected.replace(tzinfo=None, microsecond=0)


async def test_get_credit(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """CREDIT returns the operator's free text."""
    world.network.ussd_replies["*100#"] = "Your balance is 4.20 EUR"
    await _owner(world, "CREDITUMS=*100#")
    response = await _call(hass, loaded_entry, "get_credit")
    assert response == {"text": "Your balance is 4.20 EUR"}


async def test_get_credit_without_code(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Without CREDITUMS the device answers an error: a translated failure."""
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, loaded_entry, "get_credit")
    assert err.value.translation_key == "error_reply"


async def test_manage_numbers_read_add_remove_clear(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Both lists, every operation; international numbers lose their ``00``/``+``."""
    response = await _call(
        hass, loaded_entry, "manage_numbers", list="alert", operation="read"
    )
    assert response["numbers"] == [MODEM_NUMBER]
    assert response["confirmed"] is True

    # International with the 00 prefix and spaces (local numbers: test_truth.py).
    response = await _call(
        hass,
        loaded_entry,
        "manage_numbers",
        list="security",
        operation="add",
        number="0049 151 00000003",
    )
    assert response["confirmed"] is True
    assert world.device.security_numbers == [OWNER_NUMBER[1:]]
    response = await _call(
        hass, loaded_entry, "manage_numbers", list="security", operation="read"
    )
    assert response["numbers"] == [OWNER_NUMBER]

    await _call(
        hass,
        loaded_entry,
        "manage_numbers",
        list="security",
        operation="remove",
        number=OWNER_NUMBER,
    )
    assert world.device.security_numbers == []

    await _call(
        hass,
        loaded_entry,
        "manage_numbers",
        list="alert",
        operation="add",
        number=OWNER_NUMBER,
    )
    assert world.device.alert_numbers == [MODEM_NUMBER[1:], OWNER_NUMBER[1:]]
    await _call(hass, loaded_entry, "manage_numbers", list="alert", operation="clear")
    assert world.device.alert_numbers == []


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"list": "alert", "operation": "add"}, "number_required"),
        (
            {"list": "alert", "operation": "add", "number": "12345"},
            "invalid_phone_number",
        ),
        (
            {"list": "security", "operation": "remove", "number": MODEM_NUMBER},
            "modem_number_needed",
        ),
    ],
)
async def test_manage_numbers_bad_input(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    world: SimWorld,
    data: dict[str, str],
    key: str,
) -> None:
    """Bad numbers never reach the device."""
    sent = len(world.network.sent_log)
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, loaded_entry, "manage_numbers", **data)
    assert err.value.translation_key == key
    assert len(world.network.sent_log) == sent


async def test_manage_numbers_schema(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Unknown lists or operations fail validation."""
    with pytest.raises(Exception, match="list"):
        await _call(hass, loaded_entry, "manage_numbers", list="x", operation="read")


async def test_set_password_and_next_command(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The new password is set with the old one, stored, and used from then on."""
    runtime = loaded_entry.runtime_data
    await _call(hass, loaded_entry, "set_password", password=SUBENTRY_PASSWORD)
    assert world.device.settings.password == SUBENTRY_PASSWORD
    await hass.async_block_till_done()  # the running device takes the new subentry
    assert loaded_entry.runtime_data is runtime  # no reload
    assert _subentry_data(loaded_entry)[CONF_PASSWORD] == SUBENTRY_PASSWORD
    device = next(iter(loaded_entry.runtime_data.devices.values()))
    assert device.password == SUBENTRY_PASSWORD
    response = await _call(hass, loaded_entry, "refresh")
    assert response["type"] == "StatusReport"
    assert world.network.sent_log[-2].text == f"{SUBENTRY_PASSWORD}STATUS"

    # Changing it again sends the old one first; empty removes it.
    await _call(hass, loaded_entry, "set_password", password="")
    assert world.network.sent_log[-2].text == f"{SUBENTRY_PASSWORD}PASSWORD=NO"
    await hass.async_block_till_done()
    assert world.device.settings.password is None
    assert CONF_PASSWORD not in _subentry_data(loaded_entry)


async def test_set_password_invalid(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Not 5 characters: refused before anything is sent."""
    sent = len(world.network.sent_log)
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, loaded_entry, "set_password", password="abc")
    assert err.value.translation_key == "invalid_device_password"
    assert len(world.network.sent_log) == sent


async def test_set_password_refused_keeps_old_one_and_secret(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """Outside the configuration window: nothing stored, the new one never shown."""
    world.clock.advance(31 * 60)
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, loaded_entry, "set_password", password="zz987")
    assert err.value.translation_key == "password_not_changed"
    assert "zz987" not in str(err.value)
    assert err.value.__cause__ is None
    assert err.value.__suppress_context__
    assert world.device.settings.password is None
    assert CONF_PASSWORD not in _subentry_data(loaded_entry)


async def test_read_and_clear_schedule(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """SCHEDULER? lists the device's rules; SCHEDULER-ALL removes them."""
    assert await _call(hass, loaded_entry, "read_schedule") == {"rules": []}
    await _owner(world, "SCHEDULER+07:30,*,ON")
    await _owner(world, "SCHEDULER+22:00,7,AOF")
    response = await _call(hass, loaded_entry, "read_schedule")
    assert response == {
        "rules": [
            {"time": "07:30", "day": "*", "action": "ON"},
            {"time": "22:00", "day": "7", "action": "AOF"},
        ]
    }
    response = await _call(hass, loaded_entry, "clear_schedule")
    assert response == {"command": "SCHEDULER-ALL", "confirmed": True}
    assert world.device.schedule == []


async def test_schedule_action_selector_values_reach_the_device(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """The selector's lower-case values (translation keys) and the device's own
    spelling both become the device's word; anything else is refused."""
    services = yaml.safe_load(
        (
            Path(__file__).parents[2] / "custom_components/isocket/services.yaml"
        ).read_text(encoding="utf-8")
    )
    field = services["add_schedule_rule"]["fields"]["action"]
    options = field["selector"]["select"]["options"]
    assert options == ["on", "off", "inf", "aon", "aof"]
    await _call(hass, loaded_entry, "add_schedule_rule", time="22:00:00", action="aof")
    await _call(hass, loaded_entry, "add_schedule_rule", time="07:30:00", action="ON")
    assert [rule.action for rule in world.device.schedule] == ["AOF", "ON"]
    with pytest.raises(vol.Invalid):
        await _call(
            hass, loaded_entry, "add_schedule_rule", time="07:30:00", action="dim"
        )


async def test_manage_numbers_too_long_with_password(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, world: SimWorld
) -> None:
    """A 15-digit number behind a password exceeds the device's 30 characters."""
    device = next(iter(loaded_entry.runtime_data.devices.values()))
    device.password = SUBENTRY_PASSWORD
    sent = len(world.network.sent_log)
    with pytest.raises(ServiceValidationError) as err:
        await _call(
            hass,
            loaded_entry,
            "manage_numbers",
            list="alert",
            operation="add",
            number="+436641234567890",
        )
    assert err.value.translation_key == "invalid_command"
    assert len(world.network.sent_log) == sent


def test_listed_number_that_is_no_number_stays_as_is() -> None:
    """Whatever the device lists is returned, in E.164 when it is a number."""
    assert from_device_format("4915100000003") == OWNER_NUMBER
    assert from_device_format("x1") == "x1"


@pytest.mark.parametrize("language", ["strings.json", "translations/de.json"])
def test_action_texts_exist(language: str) -> None:
    """Each action, its fields and its errors are described in each language."""
    folder = Path(__file__).parents[2] / "custom_components/isocket"
    texts = json.loads((folder / language).read_text(encoding="utf-8"))
    fields = yaml.safe_load((folder / "services.yaml").read_text(encoding="utf-8"))
    for action in ACTIONS:
        service = texts["services"][action]
        assert service["name"]
        assert service["description"]
        for field in fields[action]["fields"]:
            assert service["fields"][field]["name"]
    for key in (
        "number_required",
        "invalid_phone_number",
        "modem_number_needed",
        "invalid_device_password",
        "password_not_changed",
    ):
        assert texts["exceptions"][key]["message"]
