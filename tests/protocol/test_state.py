"""DeviceState learns only from parsed results; each field unknown until learned."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.isocket.protocol import results as r
from custom_components.isocket.protocol.replies import parse_message
from custom_components.isocket.protocol.results import CreditText, ScheduleRule
from custom_components.isocket.protocol.state import (
    DeviceState,
    ProbeHealth,
    assess_reading,
)
from custom_components.isocket.protocol.state_updates import Delta
from custom_components.isocket.protocol.temperature import Temperature

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
STATUS = (
    "Power socket ON\nSignal: Good (-67dBm)\nTEMP: 25C(77F)\n"
    "ALARMF: Enabled\nALARM status: No act\nTime: 26/01/01,13:00:00"
)


def feed(state: DeviceState, *texts: str, now: datetime = NOW) -> frozenset[str]:
    """Apply each text's parsed result; the changes of the last one."""
    changed: frozenset[str] = frozenset()
    for text in texts:
        changed = state.apply(parse_message(text), now, solicited=True)
    return changed


def test_everything_unknown_at_first() -> None:
    """A new state knows nothing."""
    state = DeviceState()
    for f in fields(state):
        value = getattr(state, f.name)
        assert value is None or value == {}, f.name
    assert state.thermostat_mode is None
    assert state.confirmations is None
    assert state.password_set is None


def test_status_report() -> None:
    """STATUS teaches socket, signal, temperature, alarm, clock and mains power."""
    state = DeviceState()
    changed = feed(state, STATUS)
    assert changed == {
        "socket_on", "signal_dbm", "signal_word", "alarm_armed", "alarm_activity",
        "sensor_active", "device_time", "device_time_read_at", "temperature",
        "last_reading", "probe", "mains_power", "last_seen",
    }  # fmt: skip
    assert state.socket_on is True
    assert (state.signal_dbm, state.signal_word) == (-67, "Good")
    assert state.temperature == Temperature(25, 77)
    assert state.probe is ProbeHealth.OK
    assert (state.alarm_armed, state.sensor_active) == (True, False)
    assert state.device_time == datetime(2026, 1, 1, 13, 0)
    assert state.mains_power is True
    assert state.last_seen == NOW
    assert feed(state, STATUS) == frozenset()  # nothing new at the same instant


def test_timed_socket_and_runtime() -> None:
    """ON30 sets when it switches back; RUNTIME says since when it is on."""
    state = DeviceState()
    feed(state, "Power ON for 30 seconds")
    assert state.socket_on is True
    assert state.socket_timed_until == NOW + timedelta(seconds=30)
    feed(state, "Power socket is ON from: 26/01/01,11:59:30")
    assert state.socket_on_since == datetime(2026, 1, 1, 11, 59, 30)
    feed(state, "Power socket OFF")
    assert (state.socket_on, state.socket_timed_until, state.socket_on_since) == (
        False,
        None,
        None,
    )
    feed(state, "Power ON for 99999999999 seconds")  # garbage length: no deadline
    assert state.socket_timed_until is None


def test_a_confirmed_switch_on_sets_on_since() -> None:
    """`Power socket ON` after a known off: on since the reply's time.

    From an unknown state, or repeated while on, the start stays unknown or
    as it was: the device may have switched on earlier.
    """
    state = DeviceState()
    feed(state, "Power socket ON")
    assert state.socket_on_since is None  # was it off before? unknown
    feed(state, "Power socket OFF")
    later = NOW + timedelta(minutes=5)
    feed(state, "Power socket ON", now=later)
    assert state.socket_on_since == later
    feed(state, "Power socket ON", now=later + timedelta(minutes=1))
    assert state.socket_on_since == later
    feed(state, "Power socket OFF")
    assert state.socket_on_since is None


def test_as_of_is_the_last_message_that_stated_a_value() -> None:
    """``stated`` moves with every message that says a value, changed or not."""
    state = DeviceState()
    feed(state, STATUS)
    later = NOW + timedelta(hours=1)
    assert "temperature" not in feed(state, STATUS, now=later)
    assert state.learned["temperature"] == NOW  # unchanged since
    assert state.as_of("temperature") == later  # but stated again
    assert state.as_of("socket_on") == later
    assert state.as_of("settings.SMSCONFIRM") is None
    feed(state, "SMSCONFIRM=OFF - OK", now=later)
    assert state.as_of("settings.SMSCONFIRM") == later
    # before a restart only ``learned`` was kept: it stands in
    restored = DeviceState()
    restored.restore_learned("temperature", NOW)
    assert restored.as_of("temperature") == NOW


def test_setting_ack_sets_the_setting() -> None:
    """SMSCONFIRM=OFF - OK is the confirmed command's effect."""
    state = DeviceState()
    changed = feed(state, "SMSCONFIRM=OFF - OK")
    assert {"settings", "settings.SMSCONFIRM"} <= changed
    assert state.settings == {"SMSCONFIRM": "OFF"}
    assert state.confirmations is False
    feed(
        state, "RINGCONFIRMTYPE=CALL - OK", "RESTARTTIME=5 – OK", "PASSWORD=***** - OK"
    )
    assert state.settings["RINGCONFIRM"] == "CALL"
    assert state.restart_time == 5
    assert state.password_set is True
    feed(state, "PASSWORD=NO - OK")
    assert state.password_set is False


def test_inquiry_sets_value_and_options() -> None:
    """Inquiry replies teach the current value and the allowed ones."""
    state = DeviceState()
    changed = feed(state, "ALERT=(SMS),CALL, SMSCHANGE, OFF")
    assert {"settings.ALERT", "setting_options"} <= changed
    assert state.setting("ALERT") == "SMS"
    assert state.setting_options["ALERT"] == ("SMS", "CALL", "SMSCHANGE", "OFF")
    feed(state, "TRISEALERT=35C(96F)", "TFALLALERT=OFF - OK", "RESTARTTIME=8 seconds")
    assert state.rise_alert == Temperature(35, 96)
    assert state.fall_alert is None
    assert state.setting("TFALLALERT") == "OFF"
    assert state.restart_time == 8


def test_thermostat_replies() -> None:
    """Mode, set point and enabled from THERMOSTAT=, SWITCHOFFTEMP= and THERMOSTATON."""
    state = DeviceState()
    feed(
        state,
        "THERMOSTAT=COOLING - OK\nSwitch-off temperature: 22C(72F)\nTHERMOSTAT: Disabled",
    )
    assert (state.thermostat_mode, state.thermostat_enabled) == ("COOLING", False)
    assert state.switch_off_temperature == Temperature(22, 72)
    feed(state, "SWITCHOFFTEMP=10C(50F) - OK\nTHERMOSTAT=HEATING\nTHERMOSTAT: Disabled")
    assert state.switch_off_temperature == Temperature(10, 50)
    assert state.thermostat_mode == "HEATING"
    feed(state, "THERMOSTATON - OK")
    assert state.thermostat_enabled is True
    feed(state, "THERMOSTATOFF - OK\nNote! Thermostat was disabled!")
    assert state.thermostat_enabled is False


def test_number_lists() -> None:
    """Lists from inquiries, kept up to date by acks; unknown lists stay unknown."""
    state = DeviceState()
    feed(state, "SECNUMBER+111222333 - OK")
    assert state.security_numbers is None
    feed(state, "SECNUMBERs: 3589123456789, 3589000000555", "SECNUMBER+111222333 - OK")
    assert state.security_numbers == ("3589123456789", "3589000000555", "111222333")
    feed(state, "SECNUMBER-3589123456789 - OK")
    assert state.security_numbers == ("3589000000555", "111222333")
    feed(state, "SECLIST=ON - OK", "RING=SWITCH - OK", "SECNUMBER-ALL - OK")
    assert state.security_numbers == ()
    assert (state.setting("SECLIST"), state.setting("RING")) == ("OFF", "NOACTION")
    feed(state, "ALERTNUMBERs: 3589123456789", "ALERTNUMBER-ALL - OK")
    assert state.alert_numbers == ()


def test_seclist_off_resets_ring() -> None:
    """Turning the security list off resets RING to NOACTION (§3.2)."""
    state = DeviceState()
    feed(state, "RING=RESTART - OK", "SECLIST=OFF - OK")
    assert state.setting("RING") == "NOACTION"
    feed(state, "SECLIST is not active!")
    assert state.security_list_active is False


def test_makemeboss_and_alertme_make_lists_unknown() -> None:
    """The sender's number is not in the reply, so the lists become unknown."""
    state = DeviceState()
    feed(state, "SECNUMBERs: 1234567", "ALERTNUMBERs: 1234567")
    feed(
        state,
        "Your phone number has been assigned for all types of alerts and was added to security list which has been activated",
    )
    assert state.security_list_active is True
    assert (state.security_numbers, state.alert_numbers) == (None, None)
    feed(
        state,
        "ALERTNUMBERs: 1234567",
        "Your phone number has been assigned for all types of alerts!",
    )
    assert state.alert_numbers is None


def test_scheduler() -> None:
    """Rules from SCHEDULER?, then added, removed and cleared by acks."""
    state = DeviceState()
    feed(state, "11:59,*,AON\n07:00,1,ON", "SCHEDULER+08:00,7,OFF - OK")
    assert state.schedule == (
        ScheduleRule("11:59", "*", "AON"),
        ScheduleRule("07:00", "1", "ON"),
        ScheduleRule("08:00", "7", "OFF"),
    )
    feed(state, "SCHEDULER-11:59 - OK")
    assert [rule.time for rule in state.schedule] == ["07:00", "08:00"]
    feed(state, "SCHEDULER-ALL - OK")
    assert state.schedule == ()


@pytest.mark.parametrize(
    ("reading", "last", "health"),
    [
        (127, None, ProbeHealth.FAILED),
        (127, 120, ProbeHealth.FAILED),
        (85, None, ProbeHealth.FAILED),
        (85, 25, ProbeHealth.FAILED),
        (85, 80, ProbeHealth.OK),
        (0, None, ProbeHealth.SUSPECT),
        (0, 2, ProbeHealth.OK),
        (0, -8, ProbeHealth.OK),
        (0, 25, ProbeHealth.FAILED),
        (1, None, ProbeHealth.OK),
        (84, 20, ProbeHealth.OK),
    ],
)
def test_probe_signatures(reading: int, last: int | None, health: ProbeHealth) -> None:
    """85/127/0 °C judged against the last credible reading."""
    previous = None if last is None else Temperature(last)
    assert assess_reading(Temperature(reading), previous) is health


def test_failed_probe_reading_keeps_temperature_unknown() -> None:
    """A 127 °C reading fails the probe; the next real reading heals it."""
    state = DeviceState()
    feed(state, "TEMPERATURE: 21C(70F)", "TEMPERATURE: 127C(261F)")
    assert state.probe is ProbeHealth.FAILED
    assert state.temperature is None
    assert state.last_reading == Temperature(127, 261)
    feed(
        state, "TEMPERATURE: 85C(185F)"
    )  # compared with nothing credible: still failed
    assert state.probe is ProbeHealth.FAILED
    feed(state, "TEMPERATURE: 22C(72F)")
    assert (state.probe, state.temperature) == (ProbeHealth.OK, Temperature(22, 72))


def test_zero_degrees_suspect_then_confirmed() -> None:
    """0 °C with no history is shown but suspect; after 2 °C it is credible."""
    state = DeviceState()
    feed(state, "TEMPERATURE: 0C(32F)")
    assert (state.probe, state.temperature) == (ProbeHealth.SUSPECT, Temperature(0, 32))
    feed(state, "TEMPERATURE: 2C(36F)", "TEMPERATURE: 0C(32F)")
    assert (state.probe, state.temperature) == (ProbeHealth.OK, Temperature(0, 32))


def test_probe_failure_alert_and_unreadable_temperature() -> None:
    """The TSENSFAIL alert and a reading without a number fail the probe."""
    state = DeviceState()
    feed(state, "TEMPERATURE: 20C(68F)", "Temperature sensor failure!")
    assert (state.probe, state.temperature) == (ProbeHealth.FAILED, None)
    other = DeviceState()
    feed(other, "TEMPERATURE: --")
    assert other.probe is ProbeHealth.FAILED
    status_without_temp = STATUS.replace("TEMP: 25C(77F)\n", "")
    third = DeviceState()
    feed(third, status_without_temp)
    assert third.probe is None


def test_power_failure_and_restore() -> None:
    """The failure alert clears mains power (the socket shows off, §11); any later message proves it back."""
    state = DeviceState()
    assert feed(state, "Power failure!") == {"mains_power", "socket_on", "last_seen"}
    assert state.mains_power is False
    feed(state, "Power supply restored! Power socket OFF. Time: 26/01/01,12:00:00")
    assert (state.mains_power, state.socket_on) == (True, False)
    feed(state, "Power failure!", STATUS)
    assert state.mains_power is True


def test_unknown_and_errors_only_touch_last_seen() -> None:
    """Unknown text proves nothing but that the device spoke."""
    state = DeviceState()
    assert feed(state, "gibberish") == {"last_seen"}
    assert state.mains_power is None
    assert feed(state, "Incorrect value!", now=NOW + timedelta(1)) == {
        "last_seen",
        "mains_power",
    }


def test_alarm_lifecycle() -> None:
    """Armed by ALARMON, triggered by the alert, cleared by disarming."""
    state = DeviceState()
    feed(state, "ALARMON - OK\nALARM function: Enabled")
    assert (state.alarm_armed, state.alarm_triggered) == (True, None)
    feed(state, "ALARM! Sensor(s) activated")
    assert state.alarm_triggered is True
    feed(state, "ALARMOFF - OK\nALARM function: Disabled")
    assert (state.alarm_armed, state.alarm_triggered) == (False, False)
    feed(
        state,
        "ALARM function: Disabled\nSensor(s): Connected\nALARM status: No activity",
    )
    assert (state.sensor_connected, state.sensor_active) == (True, False)


def test_sensor_change_alerts() -> None:
    """SMSCHANGE alerts flip the sensor; an armed alarm counts as triggered."""
    state = DeviceState()
    feed(state, "ALARM - sensor active")
    assert (state.sensor_active, state.alarm_triggered) == (True, None)
    feed(state, "ALARMON - OK", "ALARM - sensor active")
    assert state.alarm_triggered is True
    feed(state, "ALARM - sensor normal")
    assert state.sensor_active is False


def test_temperature_alerts_and_switch_off() -> None:
    """Alerts carry readings; the switch-off alert means the socket is off."""
    state = DeviceState()
    feed(state, "Power socket ON", "TEMPERATURE rise alert! TEMP: 36C(97F)")
    assert state.temperature == Temperature(36, 97)
    feed(state, "Switch-off temperature reached! TEMP: 10C(50F)")
    assert (state.socket_on, state.temperature) == (False, Temperature(10, 50))


def test_identity_clock_log_and_credit() -> None:
    """Model, serial, firmware, clock, alarm log, credit text."""
    state = DeviceState()
    feed(state, "iSocket Environment Pro", "S/N: 123", "v1.0.0 (c) iSocket Systems")
    assert (state.model, state.serial_number, state.firmware) == (
        "iSocket Environment Pro",
        "123",
        "1.0.0",
    )
    feed(state, "DATE 26/01/01, 13:00:00+01")  # manual §8: the GMT zone, hours
    assert state.device_time is not None
    assert state.device_time.utcoffset() == timedelta(hours=1)
    assert state.device_time_read_at == NOW
    feed(state, "25/12/24,18:00:00")
    assert state.alarm_log == (datetime(2025, 12, 24, 18),)
    state.apply(
        CreditText(raw="Balance 5 EUR", text="Balance 5 EUR"), NOW, solicited=True
    )
    assert (state.credit, state.credit_at) == ("Balance 5 EUR", NOW)


def test_restart_is_recorded() -> None:
    """RESTART leaves the socket as it is (it returns) and records the time."""
    state = DeviceState()
    feed(state, "Power socket ON", "Power socket restarted")
    assert (state.socket_on, state.restarted_at) == (True, NOW)


def test_handlers_cannot_set_unknown_fields() -> None:
    """A misspelt field name in a handler fails loudly instead of being lost."""
    delta = Delta(DeviceState())
    with pytest.raises(AttributeError):
        delta.set("socket_onn", True)


def _result_classes() -> list[type[r.Result]]:
    return [
        cls for cls in vars(r).values()
        if isinstance(cls, type) and issubclass(cls, r.Result) and cls.__module__ == r.__name__
    ]  # fmt: skip


_RESULTS = st.one_of(
    *(st.from_type(cls) for cls in _result_classes()),
    st.text().map(parse_message),
    st.sampled_from(
        [STATUS, "SECNUMBER-ALL - OK", "SCHEDULER+11:00,*,ON - OK", "SCHEDULER-x - OK"]
    ).map(parse_message),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_RESULTS, max_size=15))
def test_random_result_sequences_never_raise(results: list[r.Result]) -> None:
    """Any sequence of results, even with absurd field values, is absorbed."""
    state = DeviceState()
    for step, result in enumerate(results):
        now = NOW + timedelta(seconds=step)
        state.apply(result, now, solicited=True)
        assert state.last_seen == now


def test_configuration_window() -> None:
    """Accepted Conf commands and power-on open it for 30 min; the expiry reply closes it."""
    state = DeviceState()
    assert state.config_window_open(NOW) is None
    feed(state, "SCHEDULER+08:00,*,ON - OK", "THERMOSTATON - OK")  # Ctrl commands
    assert state.config_window_until is None
    feed(state, "RESTARTTIME=5 - OK")
    assert state.config_window_open(NOW + timedelta(minutes=29)) is True
    assert state.config_window_open(NOW + timedelta(minutes=30)) is False
    feed(state, "SECLIST=ON - Time for configuration expired (Conf)!")
    assert state.config_window_open(NOW) is False
    feed(state, "Power supply restored!", now=NOW + timedelta(hours=1))
    assert state.config_window_until == NOW + timedelta(hours=1, minutes=30)
    feed(state, "DATE 26/01/01, 13:00:00+04")  # reading the clock is no Conf command
    assert state.config_window_until == NOW + timedelta(hours=1, minutes=30)
