"""Issue 9 §1-§2: the unsolicited rule and the gaps to the German manual, protocol side."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from custom_components.isocket.protocol import commands as c
from custom_components.isocket.protocol.correlation import Correlator, Outcome
from custom_components.isocket.protocol.errors import InvalidCommandError
from custom_components.isocket.protocol.factory import (
    FACTORY_SETTINGS,
    factory_reset_signs,
    missed_alert,
)
from custom_components.isocket.protocol.interpret import interpret
from custom_components.isocket.protocol.password import (
    PasswordChange,
    is_password_change,
    password_change,
    password_check,
    password_check_result,
    signals_wrong_password,
)
from custom_components.isocket.protocol.raw import parse_raw_command
from custom_components.isocket.protocol.replies import parse_message
from custom_components.isocket.protocol.results import (
    InvalidPassword,
    ScheduleRule,
    SettingAck,
    UnknownCommandError,
)
from custom_components.isocket.protocol.state import DeviceState, ProbeHealth
from custom_components.isocket.protocol.temperature import Temperature

from .test_state import NOW, STATUS, feed as told


def overheard(state: DeviceState, text: str, now: datetime = NOW) -> frozenset[str]:
    """Apply a text nobody asked for."""
    return state.apply(parse_message(text), now, solicited=False)


# --- §1: an unsolicited reply never overwrites --------------------------------------


def _known_state() -> DeviceState:
    state = DeviceState()
    told(
        state,
        "Power socket OFF",
        "SECNUMBERs: 3589123456789",
        "ALERTNUMBERs: 3589123456789",
        "RESTARTTIME=5 - OK",
        "08:00,*,ON",
        "20/01/02,03:04:05",
        "THERMOSTAT: Disabled\nTHERMOSTAT=HEATING\nSwitch-off temperature: 10C(50F)",
        "ALARM function: Disabled\nSensor(s): Connected\nALARM status: No activity",
    )
    return state


@pytest.mark.parametrize(
    "text",
    [
        "Power socket ON",
        "Power ON for 30 seconds",
        "Power socket is ON from: 20/01/02,03:04:05",
        "SECNUMBERs:",
        "ALERTNUMBERs: 111, 222",
        "RESTARTTIME=9 - OK",
        "RESTARTTIME=9 seconds",
        "SECNUMBER-ALL - OK",
        "SCHEDULER-ALL - OK",
        "No scheduler rules",
        "ALARM log is empty",
        "THERMOSTAT: Enabled\nTHERMOSTAT=COOLING\nSwitch-off temperature: 22C(72F)",
        "ALARMON - OK\nALARM function: Enabled",
        "SECLIST is not active!",
        "Your phone number has been assigned for all types of alerts!",
        "iSocket Environment Pro",
    ],
)
def test_unsolicited_reply_overwrites_nothing(text: str) -> None:
    """Settings, lists, log, schedule, socket, thermostat and alarm stay as known."""
    state = _known_state()
    before = _stored(state)
    changed = overheard(state, text)
    assert changed <= {"last_seen", "mains_power"}
    assert _stored(state) == before


def _stored(state: DeviceState) -> dict[str, object]:
    """What an unsolicited reply may never overwrite."""
    return {
        "socket": (state.socket_on, state.socket_timed_until, state.socket_on_since),
        "settings": dict(state.settings),
        "lists": (state.security_numbers, state.alert_numbers),
        "log": state.alarm_log,
        "schedule": state.schedule,
        "flags": (state.thermostat_enabled, state.alarm_armed, state.model),
    }


def test_unsolicited_status_teaches_only_readings() -> None:
    """A scheduled STATUS: temperature, signal and clock; not socket or alarm."""
    state = _known_state()
    changed = overheard(state, STATUS)
    assert "socket_on" not in changed
    assert "alarm_armed" not in changed
    assert state.socket_on is False
    assert state.alarm_armed is False
    assert state.temperature == Temperature(25, 77)
    assert (state.signal_dbm, state.device_time_read_at) == (-67, NOW)
    assert state.device_time == datetime(2026, 1, 1, 13, 0)


def test_unsolicited_temperature_reading_is_applied() -> None:
    """A temperature with its unit is a direct, safe reading."""
    state = _known_state()
    assert "temperature" in overheard(state, "TEMPERATURE: 21.5C(70.7F)")
    assert state.temperature == Temperature(21.5, 70.7)
    assert state.probe is ProbeHealth.OK


def test_unsolicited_error_only_closes_the_window() -> None:
    """The expiry reply is the cautious direction; an ack never reopens it."""
    state = DeviceState()
    told(state, "RESTARTTIME=5 - OK")
    overheard(state, "RESTARTTIME=7 - OK", now=NOW + timedelta(minutes=40))
    assert state.config_window_open(NOW + timedelta(minutes=41)) is False
    overheard(state, "Time for configuration is expired (Conf)!", now=NOW)
    assert state.config_window_open(NOW) is False


def test_alerts_apply_although_unsolicited() -> None:
    """Alerts are unsolicited by nature: their facts are learned."""
    state = DeviceState()
    assert overheard(state, "ALARM! Sensor(s) activated!") >= {
        "alarm_armed",
        "alarm_triggered",
    }


# --- §4.1 configuring security lifts the configuration window ------------------------


def test_security_lifts_the_configuration_window() -> None:
    """Manual §4.1 (the spec's §2 says nothing of it and is wrong): no 30-min limit."""
    later = NOW + timedelta(hours=5)
    state = DeviceState()
    told(state, "RESTARTTIME=5 - OK")
    assert state.config_window_open(later) is False
    told(state, "SECLIST=ON - OK")
    assert state.security_configured
    assert state.config_window_open(later) is True


def test_password_also_lifts_the_window_until_the_device_refuses() -> None:
    """The device's own refusal outweighs the manual; a later accepted Conf lifts again."""
    state = DeviceState()
    told(state, "PASSWORD=***** - OK")
    assert state.config_window_open(NOW + timedelta(days=1)) is True
    told(state, "ERROR=ON - Time for configuration expired (Conf)!")
    assert state.config_window_open(NOW) is False
    told(state, "ERROR=ON - OK")
    assert state.config_window_open(NOW + timedelta(days=1)) is True


def test_window_unknown_without_security_or_evidence() -> None:
    """Nothing known: nothing claimed."""
    assert DeviceState().config_window_open(NOW) is None


# --- §5.2 a password change counts only when confirmed --------------------------------


def test_password_change_confirmed_by_the_device() -> None:
    """`PASSWORD=***** - OK` answers the change: confirmed."""
    correlator = Correlator()
    command = c.set_password("12abc")
    assert is_password_change(command)
    assert is_password_change(c.remove_password())
    pending = correlator.expect(command, 0.0)
    assert password_change(pending) is PasswordChange.PENDING
    interpret("PASSWORD=***** - OK", correlator, 1.0)
    assert password_change(pending) is PasswordChange.CONFIRMED


def test_password_change_without_confirmation_is_not_stored() -> None:
    """SMSCONFIRM=OFF: no reply will come, so the old password stays."""
    correlator = Correlator(confirmations=False)
    pending = correlator.expect(c.set_password("12abc"), 0.0)
    assert pending.outcome is Outcome.UNCONFIRMED
    assert password_change(pending) is PasswordChange.UNCONFIRMED


def test_password_change_refused_or_silent() -> None:
    """An error refuses it; silence (ERROR=OFF, expired window, lost SMS) is unconfirmed."""
    correlator = Correlator(timeout=10)
    refused = correlator.expect(c.set_password("12abc"), 0.0)
    interpret(
        "PASSWORD=12abc - Time for configuration expired (Conf)!", correlator, 1.0
    )
    assert password_change(refused) is PasswordChange.REFUSED
    silent = correlator.expect(c.remove_password(), 2.0)
    correlator.expire(20.0)
    assert password_change(silent) is PasswordChange.UNCONFIRMED


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("SECLIST=OFF,(ON)", PasswordChange.CONFIRMED),
        ("Invalid access password!", PasswordChange.REFUSED),
        ("SECLIST? - No such command exists on the device!", PasswordChange.REFUSED),
        (None, PasswordChange.UNCONFIRMED),
    ],
)
def test_password_check_with_the_new_password(
    reply: str | None, expected: PasswordChange
) -> None:
    """An inquiry sent with the new password tells whether the change took."""
    correlator = Correlator(timeout=10)
    pending = correlator.expect(password_check(), 0.0)
    assert password_check_result(pending) is PasswordChange.PENDING
    if reply is None:
        correlator.expire(20.0)
    else:
        interpret(reply, correlator, 1.0)
    assert password_check_result(pending) is expected


@pytest.mark.parametrize("password", ["ab#12", "12 ab", "ab-cd", "äbcde"])
def test_new_password_letters_and_digits_only(password: str) -> None:
    """§5.2: builder and raw parser reject anything but letters and digits."""
    with pytest.raises(InvalidCommandError) as err:
        c.set_password(password)
    assert err.value.reason == "bad_password_character"
    with pytest.raises(InvalidCommandError) as err:
        parse_raw_command(f"PASSWORD={password}")
    assert err.value.reason in {"bad_password_character", "not_gsm_character"}


def test_existing_password_with_punctuation_still_renders() -> None:
    """A password set by an older version keeps working as a prefix."""
    assert c.render(c.status(), "ab#12") == "ab#12STATUS"
    assert parse_raw_command("ab#12PASSWORD=12abc").password == "ab#12"


# --- §6.3/§12 only "Invalid access password" is wrong-password evidence -------------


def test_no_such_command_is_not_a_wrong_password() -> None:
    """CREDIT on firmware without it gets `No such command`: no wrong-password repair."""
    unknown = parse_message("CREDIT - No such command exists on the device!")
    assert isinstance(unknown, UnknownCommandError)
    assert not signals_wrong_password(unknown)
    invalid = parse_message("Invalid access password!")
    assert isinstance(invalid, InvalidPassword)
    assert signals_wrong_password(invalid)
    assert not signals_wrong_password(parse_message("Power socket ON"))


# --- §11 the socket during a power failure and after -------------------------------


@pytest.mark.parametrize(
    ("power_state", "before", "after"),
    [
        ("REMEMBER", "Power socket ON", True),
        ("REMEMBER", "Power socket OFF", False),
        ("ON", "Power socket OFF", True),
        ("OFF", "Power socket ON", False),
        (None, "Power socket ON", None),
    ],
)
def test_powerstate_applies_on_restoration(
    power_state: str | None, before: str, after: bool | None
) -> None:
    """Off during the failure; on restoration POWERSTATE decides, unknown if unknown."""
    state = DeviceState()
    if power_state is not None:
        told(state, f"POWERSTATE={power_state} - OK")
    told(state, before)
    overheard(state, "Power failure!")
    assert (state.mains_power, state.socket_on) == (False, False)
    overheard(state, "Power supply restored!")
    assert (state.mains_power, state.socket_on) == (True, after)


def test_restoration_naming_the_socket_wins_and_repeated_failure_keeps_memory() -> None:
    """The alert's own word beats POWERSTATE; a second failure alert changes nothing."""
    state = DeviceState()
    told(state, "POWERSTATE=REMEMBER - OK", "Power socket ON")
    overheard(state, "Power failure!")
    overheard(state, "Mains power lost")
    assert state.socket_on_before_failure is True
    overheard(state, "Power restored! Power socket OFF")
    assert state.socket_on is False
    assert state.socket_on_before_failure is None


# --- §5.1 local-format numbers --------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "text"),
    [
        ("+1 212 555 5555", "SECNUMBER+12125555555"),
        ("(212) 555-5555", "SECNUMBER+2125555555"),
        ("555.5555", "SECNUMBER+5555555"),
        ("0151 1234 5678", "SECNUMBER+015112345678"),
    ],
)
def test_numbers_in_local_and_international_form(number: str, text: str) -> None:
    """The manual asks for both forms; the builder takes what people write.

    Alert numbers only in international form (§5.3): a trunk prefix is refused.
    """
    assert c.add_security_number(number).text == text
    if text.startswith("SECNUMBER+0"):
        with pytest.raises(InvalidCommandError):
            c.add_alert_number(number)
    else:
        assert c.add_alert_number(number).text == text.replace("SEC", "ALERT")
    assert parse_raw_command(text).command.text == text


def test_number_with_letters_is_rejected() -> None:
    """Only digits reach the device."""
    with pytest.raises(InvalidCommandError) as err:
        c.add_security_number("0151-CALLME")
    assert err.value.reason == "malformed_value"


# --- §10 scheduler -------------------------------------------------------------------


def test_scheduler_keeps_two_rules_at_one_time() -> None:
    """Adding at an occupied time keeps both; removing hh:mm removes every rule then."""
    state = DeviceState()
    told(state, "No scheduler rules")
    told(state, "SCHEDULER+08:00,*,ON - OK", "SCHEDULER+08:00,1,AON - OK")
    told(state, "SCHEDULER+08:00,*,ON - OK")  # the same rule only once
    assert state.schedule == (
        ScheduleRule("08:00", "*", "ON"),
        ScheduleRule("08:00", "1", "AON"),
    )
    told(state, "SCHEDULER-08:00 - OK")
    assert state.schedule == ()
    # an acknowledgement without a whole rule teaches nothing
    ack = SettingAck(raw="", name="SCHEDULER", operator="+", value="08:00")
    state.apply(ack, NOW, solicited=True)
    assert state.schedule == ()


def test_single_rule_builders_validate() -> None:
    """SCHEDULER+ and SCHEDULER-hh:mm exist as builders with validation."""
    assert c.add_schedule(8, 0, None, "ON").text == "SCHEDULER+08:00,*,ON"
    assert c.remove_schedule(20, 30).text == "SCHEDULER-20:30"
    with pytest.raises(InvalidCommandError):
        c.remove_schedule(24, 0)
    with pytest.raises(InvalidCommandError):
        c.add_schedule(8, 0, 8, "ON")


# --- new actions' replies parse to typed results ----------------------------------------


@pytest.mark.parametrize(
    ("command", "reply", "check"),
    [
        (c.alert_me(), "Your phone number has been assigned for all types of alerts!", "AlertMeAck"),
        (c.runtime(), "Power socket is ON from: 20/01/02,03:04:05", "SocketOnSince"),
        (c.runtime(), "Power socket OFF", "SocketState"),
        (c.temperature(), "TEMPERATURE: 25C(77F)", "TemperatureReading"),
        (c.query_clock(), "DATE 20/01/02, 03:04:05+08", "ClockReading"),
        (c.query_credit_code(), "CREDITUMS: *100#", "SettingInquiry"),
        (c.set_credit_code("*100#"), "CREDITUMS =*100# - OK", "SettingAck"),
        (c.set_credit_code(None), "CREDITUMS =NO - OK", "SettingAck"),
        (c.query_security_list(), "SECLIST=OFF,(ON)", "SettingInquiry"),
    ],
)  # fmt: skip
def test_action_replies_are_typed(command: c.Command, reply: str, check: str) -> None:
    """Each command the HA wave exposes as an action completes with a typed result."""
    correlator = Correlator()
    pending = correlator.expect(command, 0.0)
    seen = interpret(reply, correlator, 1.0)
    assert seen.pending is pending
    assert pending.outcome is Outcome.REPLIED
    assert type(seen.result).__name__ == check


# --- §14 factory reset ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("known", "reply", "sign"),
    [
        ("SECNUMBERs: 3589123456789", "SECNUMBERs:", True),
        ("ALERTNUMBERs: 3589123456789", "ALERTNUMBERs:", True),
        ("ALERTNUMBERs:", "ALERTNUMBERs:", False),
        ("SECLIST=ON - OK", "SECLIST=(OFF),ON", True),
        ("RING=SWITCH - OK", "RING=(NOACTION),RESTART,SWITCH", True),
        ("SECLIST=OFF - OK", "SECLIST=(OFF),ON", False),
        (None, "SECLIST=(OFF),ON", False),
        ("SECLIST=ON - OK", "ERROR=(ON),OFF", False),
        ("SECLIST=ON - OK", "Power socket OFF", False),
    ],
)
def test_factory_reset_signs(known: str | None, reply: str, sign: bool) -> None:
    """Empty lists or a telltale setting back at its default where we knew better."""
    state = DeviceState()
    if known is not None:
        told(state, known)
    assert factory_reset_signs(state, parse_message(reply)) is sign


def test_factory_settings_match_the_manual() -> None:
    """Manual §14: every setting has a factory value."""
    assert FACTORY_SETTINGS["SECLIST"] == "OFF"
    assert FACTORY_SETTINGS["POWERSTATE"] == "REMEMBER"
    assert len(FACTORY_SETTINGS) == 20


def test_solicited_status_disarmed_clears_a_triggered_alarm() -> None:
    """A STATUS we asked for teaches the alarm state an alert had set."""
    state = DeviceState()
    overheard(state, "ALARM! Sensor(s) activated!")
    told(state, STATUS.replace("ALARMF: Enabled", "ALARMF: Disabled"))
    assert (state.alarm_armed, state.alarm_triggered) == (False, False)


@pytest.mark.parametrize(
    ("texts", "reading", "missed"),
    [
        (("TRISEALERT=30C(86F) - OK", "TEMPERATURE: 25C"), "TEMPERATURE: 31C", "TemperatureRise"),
        (("TRISEALERT=30C(86F) - OK", "TEMPERATURE: 25C"), "TEMPERATURE: 30C", None),
        (("TFALLALERT=5C(41F) - OK", "TEMPERATURE: 6C"), "TEMPERATURE: 4.5C", "TemperatureFall"),
        (("TFALLALERT=5C(41F) - OK", "TEMPERATURE: 6C"), STATUS, None),
        (("TRISEALERT=30C(86F) - OK",), "TEMPERATURE: 31C", None),
        (("TEMPERATURE: 25C",), "TEMPERATURE: 31C", None),
        (("TRISEALERT=30C(86F) - OK", "TEMPERATURE: 25C"), "TEMPERATURE: N/A", None),
        (("TRISEALERT=30C(86F) - OK", "TEMPERATURE: 25C"), "Power socket ON", None),
    ],
)  # fmt: skip
def test_missed_alert_after_a_crossing(
    texts: tuple[str, ...], reading: str, missed: str | None
) -> None:
    """A reading across a threshold without the alert: alerts do not reach us."""
    state = DeviceState()
    told(state, *texts)
    kind = missed_alert(state, parse_message(reading))
    assert (kind.__name__ if kind else None) == missed
    # after the alert itself came, the same reading is no hint
    if missed is not None:
        words = {"TemperatureRise": "too high", "TemperatureFall": "too low"}[missed]
        overheard(state, f"Temperature {words}! TEMP: {reading.split(': ')[1]}")
        assert missed_alert(state, parse_message(reading)) is None
