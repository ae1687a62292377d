"""The blueprints under blueprints/automation/isocket load in HA and do their job."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
import shutil
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.blueprint import models
from homeassistant.components.blueprint.schemas import BLUEPRINT_SCHEMA
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util, yaml as yaml_util
import pytest
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)

BLUEPRINTS = Path(__file__).parent.parent / "blueprints" / "automation" / "isocket"


@pytest.mark.parametrize(
    "path", sorted(BLUEPRINTS.glob("*.yaml")), ids=lambda p: p.stem
)
def test_blueprint_is_valid(path: Path) -> None:
    """Every blueprint parses and passes HA's blueprint schema."""
    blueprint = models.Blueprint(
        yaml_util.load_yaml(path), expected_domain="automation", schema=BLUEPRINT_SCHEMA
    )
    assert blueprint.domain == "automation"
    assert blueprint.inputs


def test_all_blueprints_exist() -> None:
    """The issues ask for these blueprints (11: forwarding SMS, 19: ring a phone)."""
    assert {p.stem for p in BLUEPRINTS.glob("*.yaml")} == {
        "scheduled_socket",
        "scheduled_alarm",
        "periodic_status",
        "notify_power_failure",
        "forward_incoming_sms",
        "ring_my_phone",
    }


def _install(target: Path, name: str) -> None:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(BLUEPRINTS / f"{name}.yaml", target / f"{name}.yaml")


async def _use_blueprint(
    hass: HomeAssistant, name: str, inputs: dict[str, Any]
) -> None:
    target = Path(hass.config.path("blueprints/automation/isocket"))
    await hass.async_add_executor_job(_install, target, name)
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "use_blueprint": {"path": f"isocket/{name}.yaml", "input": inputs}
            }
        },
    )
    await hass.async_block_till_done()


@pytest.fixture(autouse=True)
async def _stop_automations(hass: HomeAssistant) -> Any:
    """Detach the automations' time triggers so no timer outlives a test."""
    yield
    if hass.services.has_service("automation", "turn_off"):
        await hass.services.async_call(
            "automation", "turn_off", {"entity_id": "all"}, blocking=True
        )


async def _at(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: str) -> None:
    freezer.move_to(
        dt_util.as_utc(
            datetime.fromisoformat(when).replace(tzinfo=dt_util.get_default_time_zone())
        )
    )
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def test_scheduled_socket(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """On and off at the chosen times, only on the chosen weekdays."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    await _at(hass, freezer, "2026-11-23 06:00:00")  # a Monday
    on = async_mock_service(hass, "switch", "turn_on")
    off = async_mock_service(hass, "switch", "turn_off")
    await _use_blueprint(
        hass,
        "scheduled_socket",
        {
            "socket": "switch.cottage_socket",
            "on_time": "07:00:00",
            "off_time": "08:30:00",
            "weekdays": ["mon"],
        },
    )
    await _at(hass, freezer, "2026-11-23 07:00:00")
    assert [c.data["entity_id"][0] for c in on] == ["switch.cottage_socket"]
    await _at(hass, freezer, "2026-11-23 08:30:00")
    assert [c.data["entity_id"][0] for c in off] == ["switch.cottage_socket"]
    await _at(hass, freezer, "2026-11-24 07:00:00")  # Tuesday: not chosen
    assert len(on) == 1


async def test_scheduled_alarm(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Arm and disarm at the chosen times."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    await _at(hass, freezer, "2026-11-23 20:00:00")
    arm = async_mock_service(hass, "alarm_control_panel", "alarm_arm_away")
    disarm = async_mock_service(hass, "alarm_control_panel", "alarm_disarm")
    await _use_blueprint(
        hass,
        "scheduled_alarm",
        {
            "alarm": "alarm_control_panel.cottage_alarm",
            "arm_time": "22:00:00",
            "disarm_time": "06:30:00",
        },
    )
    await _at(hass, freezer, "2026-11-23 22:00:00")
    assert len(arm) == 1
    assert not disarm
    await _at(hass, freezer, "2026-11-24 06:30:00")
    assert len(disarm) == 1
    assert disarm[0].data["entity_id"] == ["alarm_control_panel.cottage_alarm"]


async def test_periodic_status(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Presses the refresh button, then runs the follow-up actions."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    await _at(hass, freezer, "2026-11-23 11:00:00")
    press = async_mock_service(hass, "button", "press")
    notes: list[ServiceCall] = async_mock_service(hass, "notify", "owner")
    await _use_blueprint(
        hass,
        "periodic_status",
        {
            "refresh_button": "button.cottage_refresh_status",
            "report_time": "11:59:00",
            "after_refresh": [
                {"action": "notify.owner", "data": {"message": "status requested"}}
            ],
        },
    )
    await _at(hass, freezer, "2026-11-23 11:59:00")
    assert [c.data["entity_id"][0] for c in press] == ["button.cottage_refresh_status"]
    assert [c.data["message"] for c in notes] == ["status requested"]


async def test_notify_power_failure(hass: HomeAssistant) -> None:
    """Failure and restoration each run their own actions."""
    failure: list[ServiceCall] = async_mock_service(hass, "notify", "failure")
    restore: list[ServiceCall] = async_mock_service(hass, "notify", "restore")
    hass.states.async_set("binary_sensor.cottage_mains_power", "on")
    await _use_blueprint(
        hass,
        "notify_power_failure",
        {
            "mains_power": "binary_sensor.cottage_mains_power",
            "on_failure": [
                {"action": "notify.failure", "data": {"message": "power lost"}}
            ],
            "on_restore": [
                {"action": "notify.restore", "data": {"message": "power back"}}
            ],
        },
    )
    hass.states.async_set("binary_sensor.cottage_mains_power", "off")
    await hass.async_block_till_done()
    assert [c.data["message"] for c in failure] == ["power lost"]
    assert not restore
    hass.states.async_set("binary_sensor.cottage_mains_power", "on")
    await hass.async_block_till_done()
    assert [c.data["message"] for c in restore] == ["power back"]
    assert len(failure) == 1


async def test_ring_my_phone_on_a_sensor(hass: HomeAssistant) -> None:
    """A leak sensor turning on sends the SMS, then rings; turning off does nothing."""
    sms: list[ServiceCall] = async_mock_service(hass, "isocket", "send_sms")
    calls: list[ServiceCall] = async_mock_service(hass, "isocket", "call")
    hass.states.async_set("binary_sensor.cellar_leak", "off")
    await _use_blueprint(
        hass,
        "ring_my_phone",
        {
            "watched": "binary_sensor.cellar_leak",
            "number": "+4917012345678",
            "ring_seconds": 45,
            "message": "Water in the cellar",
        },
    )
    hass.states.async_set("binary_sensor.cellar_leak", "on")
    await hass.async_block_till_done()
    assert [(c.data["number"], c.data["message"]) for c in sms] == [
        ("+4917012345678", "Water in the cellar")
    ]
    assert [(c.data["number"], c.data["duration"]) for c in calls] == [
        ("+4917012345678", 45)
    ]
    hass.states.async_set("binary_sensor.cellar_leak", "off")
    await hass.async_block_till_done()
    hass.states.async_set("binary_sensor.cellar_leak", "unavailable")
    await hass.async_block_till_done()
    hass.states.async_set("binary_sensor.cellar_leak", "on")  # back, still on
    await hass.async_block_till_done()
    assert len(calls) == 1


async def test_ring_my_phone_on_chosen_alerts(hass: HomeAssistant) -> None:
    """An event entity rings only for the chosen kinds; no SMS when none is set."""
    sms: list[ServiceCall] = async_mock_service(hass, "isocket", "send_sms")
    calls: list[ServiceCall] = async_mock_service(hass, "isocket", "call")
    alerts = "event.cottage_alerts"
    hass.states.async_set(alerts, "unknown", {"event_type": None})
    await _use_blueprint(
        hass,
        "ring_my_phone",
        {
            "watched": alerts,
            "event_types": ["power_failure", "temperature_fall"],
            "number": "017012345678",
        },
    )
    hass.states.async_set(
        alerts, "2026-12-07T05:00:00+00:00", {"event_type": "power_restored"}
    )
    await hass.async_block_till_done()
    assert not calls
    hass.states.async_set(
        alerts, "2026-12-07T05:01:00+00:00", {"event_type": "power_failure"}
    )
    await hass.async_block_till_done()
    assert [(c.data["number"], c.data["duration"]) for c in calls] == [
        ("017012345678", 30)
    ]
    assert not sms
