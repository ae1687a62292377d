"""Factory defaults assumed at setup (manual §14): the rules of DeviceState.

The owner says the device is new or just reset; the state then shows the
factory values, marked in ``assumed`` until the device states them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
import re

from custom_components.isocket.protocol import commands
from custom_components.isocket.protocol.client import ISocketClient
from custom_components.isocket.protocol.defaults import FACTORY_FIELDS, FACTORY_SETTINGS
from custom_components.isocket.protocol.factory import (
    FACTORY_SETTINGS as REEXPORTED,
)
from custom_components.isocket.protocol.results import (
    SettingAck,
    SettingInquiry,
    StatusReport,
    ThermostatInfo,
)
from custom_components.isocket.protocol.state import DeviceState

from .test_client import PHONE, Device, Timers

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=5)
SPEC = Path(__file__).parents[2] / "docs" / "spec" / "isocket-environment-pro.md"

# The German manual's §14 list as printed, misspellings included: the manual
# wins over the spec, and its "RESTARTIME" and "CRDITUMS" are the RESTARTTIME
# and CREDITUMS commands of its own tables.
MANUAL_14 = """RESTARTIME=10 RING=NOACTION SECLIST=OFF PASSWORD=NO SMSCONFIRM=ON
RINGCONFIRM=SMS ERROR=ON SMSCONFIRMUNAUTH=OFF RELAYTIME=0 SENSORTYPE=NO ALERT=SMS
CRDITUMS=NO THERMOSTAT=HEATING SWITCHOFFTEMP=10C(50F) SWITCHOFFALERT=OFF
TRISEALERT=OFF TFALLALERT=OFF TSENSFAILALERT=OFF POWERALERT=ON POWERSTATE=REMEMBER"""
MANUAL_TYPOS = {"RESTARTIME": "RESTARTTIME", "CRDITUMS": "CREDITUMS"}


def _pairs(text: str) -> dict[str, str]:
    return dict(re.findall(r"([A-Z]+)=([A-Z0-9()]+)", text))


def test_table_is_the_manuals_list() -> None:
    """Every value of the manual's §14, under the command's real name."""
    manual = {MANUAL_TYPOS.get(k, k): v for k, v in _pairs(MANUAL_14).items()}
    assert dict(FACTORY_SETTINGS) == manual
    assert REEXPORTED is FACTORY_SETTINGS
    # "Die Thermostatfunktion ist deaktiviert"
    assert FACTORY_FIELDS == {"thermostat_enabled": False}


def test_table_agrees_with_the_spec() -> None:
    """The spec's §5 says the same (no correction needed there)."""
    text = SPEC.read_text(encoding="utf-8")
    section = text.split("## 5. Factory defaults")[1].split("## 6.")[0]
    assert _pairs(section) == dict(FACTORY_SETTINGS)


def test_assumes_everything_unknown() -> None:
    """All settings and the thermostat, marked assumed, not learned, nothing else."""
    state = DeviceState()
    changed = state.assume_factory_defaults(NOW)
    assert state.settings == dict(FACTORY_SETTINGS)
    assert state.thermostat_enabled is False
    assert state.thermostat_mode == "HEATING"
    assert state.switch_off_temperature is not None
    assert state.switch_off_temperature.celsius == 10
    names = {f"settings.{n}" for n in FACTORY_SETTINGS} | {"thermostat_enabled"}
    assert state.assumed == dict.fromkeys(names, NOW)
    assert changed == names | {"settings"}
    # not the device's word: nothing learned, not seen, socket and alarm unknown
    assert state.learned == {}
    assert state.last_seen is None
    assert state.mains_power is None
    assert state.socket_on is None
    assert state.alarm_armed is None


def test_never_overwrites_what_is_known() -> None:
    """Learned values stay, unmarked; a second call changes nothing."""
    state = DeviceState()
    state.apply(SettingAck(raw="", name="RESTARTTIME", value="20"), NOW, solicited=True)
    state.apply(ThermostatInfo(raw="", enabled=True), NOW, solicited=True)
    state.assume_factory_defaults(NOW)
    assert state.restart_time == 20
    assert state.thermostat_enabled is True
    assert "settings.RESTARTTIME" not in state.assumed
    assert "thermostat_enabled" not in state.assumed
    assert state.assumed["settings.RING"] == NOW
    assert state.assume_factory_defaults(LATER) == frozenset()
    assert state.assumed["settings.RING"] == NOW


def test_a_reply_that_confirms_clears_the_mark() -> None:
    """Same value stated by the device: no longer assumed, learned now."""
    state = DeviceState()
    state.assume_factory_defaults(NOW)
    inquiry = SettingInquiry(raw="", name="POWERALERT", current="ON")
    changed = state.apply(inquiry, LATER, solicited=True)
    assert state.setting("POWERALERT") == "ON"
    assert "settings.POWERALERT" not in state.assumed
    assert state.learned["settings.POWERALERT"] == LATER
    assert {"settings.POWERALERT", "assumed"} <= changed
    assert "settings.RING" in state.assumed  # the others stay assumed


def test_a_reply_that_changes_clears_the_mark() -> None:
    """Another value stated by the device replaces the assumption."""
    state = DeviceState()
    state.assume_factory_defaults(NOW)
    state.apply(
        ThermostatInfo(raw="", enabled=True, mode="COOLING"), LATER, solicited=True
    )
    assert state.thermostat_enabled is True
    assert state.thermostat_mode == "COOLING"
    assert "thermostat_enabled" not in state.assumed
    assert "settings.THERMOSTAT" not in state.assumed
    assert "settings.SWITCHOFFTEMP" in state.assumed


def test_an_unsolicited_reply_does_not_confirm() -> None:
    """A STATUS nobody asked for teaches readings only: assumptions stay."""
    state = DeviceState()
    state.assume_factory_defaults(NOW)
    before = dict(state.assumed)
    changed = state.apply(StatusReport(raw="", signal_dbm=-70), LATER, solicited=False)
    assert state.assumed == before
    assert "assumed" not in changed


def test_an_unconfirmed_command_stays_assumed() -> None:
    """SMSCONFIRM=OFF: the command's effect is shown, but the device said nothing."""
    state = DeviceState()
    state.assume_factory_defaults(NOW)
    state.assume(commands.set_restart_time(30), LATER)
    assert state.restart_time == 30
    assert "settings.RESTARTTIME" in state.assumed


def test_a_restored_learned_value_outranks_the_assumption() -> None:
    """After a restart the entities' restore drops what was learned before it."""
    state = DeviceState()
    state.assume_factory_defaults(LATER)
    state.restore_learned("settings.RING", NOW)
    assert state.setting("RING") is None
    assert state.learned["settings.RING"] == NOW
    state.drop_assumption("thermostat_enabled")
    assert state.thermostat_enabled is None
    assert "thermostat_enabled" not in state.assumed
    # not assumed: nothing happens
    state.drop_assumption("thermostat_enabled")
    state.drop_assumption("settings.NOSUCH")
    assert state.setting("SECLIST") == "OFF"
    assert "settings.SECLIST" in state.assumed


def test_client_assumes_on_request() -> None:
    """The session starts with the assumption only when asked, sending nothing."""
    timers, device = Timers(), Device()
    kwargs = {
        "name": "Garage",
        "transport": device,
        "listener": device,
        "clock": timers.clock,
        "scheduler": timers.schedule,
    }
    plain = ISocketClient(PHONE, **kwargs)  # type: ignore[arg-type]
    assert plain.state.settings == {}
    assert plain.state.assumed == {}
    factory = ISocketClient(PHONE, factory_settings=True, **kwargs)  # type: ignore[arg-type]
    assert factory.state.settings == dict(FACTORY_SETTINGS)
    assert set(factory.state.assumed.values()) == {timers.clock()}
    assert device.sent == []
