"""Reply parser tolerance: dashes, case, line endings, missing and extra lines, noise."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.isocket.protocol.replies import (
    parse_message,
    reply_kinds_for,
    split_echo,
)
from custom_components.isocket.protocol.results import (
    AlarmInfo,
    AlarmLog,
    AlarmTriggered,
    Category,
    ClockReading,
    ConfigWindowExpired,
    Firmware,
    PowerFailure,
    PowerRestored,
    ProbeFailure,
    Result,
    ScheduleList,
    ScheduleRule,
    SensorActive,
    SensorNormal,
    SerialNumber,
    SettingAck,
    SettingInquiry,
    SocketState,
    StatusReport,
    TemperatureFall,
    TemperatureReading,
    TemperatureRise,
    ThermostatInfo,
    Unknown,
    UnknownCommandError,
)
from custom_components.isocket.protocol.temperature import Temperature

STATUS_LINES = [
    "Power socket ON",
    "Signal: Good (-67dBm)",
    "TEMP: 25C(77F)",
    "ALARMF: Disabled",
    "ALARM status: No act",
    "Time: 25/01/02,10:11:12",
]


@pytest.mark.parametrize(
    "text",
    [
        "RESTARTTIME=5 - OK",
        "RESTARTTIME=5 – OK",
        "RESTARTTIME=5 — OK",
        "RESTARTTIME=5-OK",
        "RESTARTTIME=5 -OK",
        "RESTARTTIME=5–OK",
        "restarttime=5 - ok",
        "  RESTARTTIME = 5  -  OK  ",
        "RESTARTTIME=5 - OK!",
        "\r\nRESTARTTIME=5 - OK\r\n",
    ],
)
def test_ack_dash_space_case_variants(text: str) -> None:
    """Every spelling of the acknowledgement reads the same."""
    assert parse_message(text) == SettingAck(raw=text, name="RESTARTTIME", value="5")


@pytest.mark.parametrize(
    "text",
    ["ERROR =(ON),OFF", "ERROR=(ON),OFF", "error = ( on ) , off", "ERROR=(ON), OFF"],
)
def test_inquiry_spacing_variants(text: str) -> None:
    """Options with the current one in parentheses, however spaced."""
    result = parse_message(text)
    assert isinstance(result, SettingInquiry)
    assert (result.name, result.options, result.current) == (
        "ERROR",
        ("ON", "OFF"),
        "ON",
    )


def test_inquiry_value_with_parentheses_is_not_an_option_list() -> None:
    """`35C(96F)` is one value, not a list whose current item is `96F`."""
    result = parse_message("TFALLALERT=-5C(23F)")
    assert isinstance(result, SettingInquiry)
    assert result.options == ()
    assert result.temperature == Temperature(-5, 23)


@pytest.mark.parametrize("separator", ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"])
def test_status_line_endings(separator: str) -> None:
    """STATUS reads the same with any line ending and blank lines."""
    result = parse_message(separator.join(STATUS_LINES))
    assert isinstance(result, StatusReport)
    assert result.socket_on is True
    assert result.signal_dbm == -67
    assert result.temperature == Temperature(25, 77)
    assert result.device_time == datetime(2025, 1, 2, 10, 11, 12)


def test_status_by_prefix_not_position() -> None:
    """Reordered lines, a missing TEMP line and an unknown extra line."""
    lines = [
        STATUS_LINES[5],
        "Battery: OK",
        STATUS_LINES[1],
        STATUS_LINES[0],
        STATUS_LINES[3],
    ]
    result = parse_message("\n".join(lines))
    assert isinstance(result, StatusReport)
    assert result.temperature is None
    assert result.temperature_text is None
    assert result.alarm_activity is None
    assert result.extra_lines == ("Battery: OK",)
    assert (result.socket_on, result.alarm_armed) == (True, False)


def test_status_without_probe_keeps_the_odd_text() -> None:
    """No probe: the TEMP line has no number; its text is kept, the value is None."""
    lines = [*STATUS_LINES]
    lines[2] = "TEMP: --"
    result = parse_message("\n".join(lines))
    assert isinstance(result, StatusReport)
    assert (result.temperature, result.temperature_text) == (None, "--")


def test_status_activity_and_case() -> None:
    """An activity indication other than `No act` means activity."""
    text = "\n".join(line.upper() for line in STATUS_LINES).replace(
        "NO ACT", "Sensor active"
    )
    result = parse_message(text)
    assert isinstance(result, StatusReport)
    assert result.alarm_active is True
    assert result.signal_word == "GOOD"


def test_lone_status_prefix_is_not_a_status() -> None:
    """`Time: ...` alone is not a status report."""
    assert isinstance(parse_message("Time: 25/01/02,10:11:12"), Unknown)


@pytest.mark.parametrize(
    ("text", "on", "seconds"),
    [
        ("power socket off", False, None),
        ("POWER SOCKET ON.", True, None),
        ("Power ON for 65000 seconds", True, 65000),
        ("Power OFF for 1 second", False, 1),
        ("Power socket is OFF", False, None),
    ],
)
def test_socket_variants(text: str, on: bool, seconds: int | None) -> None:
    """Socket replies in any case, singular/plural seconds."""
    assert parse_message(text) == SocketState(raw=text, on=on, for_seconds=seconds)


def test_temperature_negative_and_without_fahrenheit() -> None:
    """Negative values; a missing Fahrenheit part is tolerated."""
    result = parse_message("TEMPERATURE: -12C(10F)")
    assert isinstance(result, TemperatureReading)
    assert result.temperature == Temperature(-12, 10)
    bare = parse_message("Temperature: 21C")
    assert isinstance(bare, TemperatureReading)
    assert bare.temperature == Temperature(21, None)


def test_unreadable_temperature() -> None:
    """A TEMPERATURE reply without a number has no temperature but keeps the text."""
    result = parse_message("TEMPERATURE: ERROR")
    assert result == TemperatureReading(
        raw="TEMPERATURE: ERROR", temperature=None, text="ERROR"
    )


def test_ack_keeps_unparsed_extra_lines() -> None:
    """Lines after an ack that are no thermostat facts are kept."""
    text = "RELAYTIME=ON - OK\nNote: check ALERT"
    result = parse_message(text)
    assert isinstance(result, SettingAck)
    assert result.extra_lines == ("Note: check ALERT",)
    assert result.thermostat is None


def test_thermostat_reply_with_missing_lines() -> None:
    """THERMOSTATON - OK alone still says the thermostat is enabled."""
    result = parse_message("thermostaton - ok")
    assert result == ThermostatInfo(
        raw="thermostaton - ok", enabled=True, ack="THERMOSTATON"
    )


def test_alarm_reply_variants() -> None:
    """Sensor not connected, activity, ack without the function line."""
    text = "ALARM function: Enabled\nSensor(s): Not connected\nALARM status: Active"
    result = parse_message(text)
    assert isinstance(result, AlarmInfo)
    assert (result.armed, result.sensor_connected, result.active) == (True, False, True)
    assert parse_message("ALARMON - OK") == AlarmInfo(
        raw="ALARMON - OK", armed=True, ack="ALARMON"
    )


def test_alarm_log_formats_header_and_numbering() -> None:
    """A header line, numbered lines and the three time formats of §7.6."""
    text = "Alarm log:\n1. 24/12/31,23:59:59\n2) 25/01/01:00:00:01\n25/01/02:08:30"
    result = parse_message(text)
    assert isinstance(result, AlarmLog)
    assert result.entries == (
        datetime(2024, 12, 31, 23, 59, 59),
        datetime(2025, 1, 1, 0, 0, 1),
        datetime(2025, 1, 2, 8, 30),
    )
    assert result.extra_lines == ("Alarm log:",)


def test_alarm_log_empty_and_impossible_dates() -> None:
    """An empty-log sentence; an impossible date is no log entry."""
    assert parse_message("No alarms in log") == AlarmLog(raw="No alarms in log")
    assert isinstance(parse_message("25/13/40,10:00:00"), Unknown)


def test_schedule_list_and_empty() -> None:
    """Several rules, any case; an empty-scheduler sentence."""
    result = parse_message("11:59,*,aon\r\n7:05,1,OFF\r\n")
    assert isinstance(result, ScheduleList)
    assert result.rules == (
        ScheduleRule("11:59", "*", "AON"),
        ScheduleRule("07:05", "1", "OFF"),
    )
    assert parse_message("No scheduler rules") == ScheduleList(raw="No scheduler rules")


def test_clock_negative_zone_and_without_zone() -> None:
    """GMT zones below UTC (hours, manual §8); a DATE without zone is naive."""
    result = parse_message("DATE 25/06/30, 23:45:00-03")
    assert isinstance(result, ClockReading)
    assert result.time.utcoffset() == -timedelta(hours=3)
    plain = parse_message("DATE 25/06/30, 23:45:00")
    assert isinstance(plain, ClockReading)
    assert plain.time.tzinfo is None
    assert parse_message("DATE 25/06/30,23:45:00+01-OK") == ClockReading(
        raw="DATE 25/06/30,23:45:00+01-OK",
        time=datetime(2025, 6, 30, 23, 45, tzinfo=timezone(timedelta(hours=1))),
        acknowledged=True,
    )


def test_errors_echo_the_command() -> None:
    """The echoed command is kept, password prefix included; en dash tolerated."""
    result = parse_message("12abcSTATUS – No such command exists on the device!")
    assert result == UnknownCommandError(
        raw="12abcSTATUS – No such command exists on the device!", command="12abcSTATUS"
    )
    expired = parse_message("SECLIST=ON-Time for configuration expired (Conf)!")
    assert isinstance(expired, ConfigWindowExpired)
    assert expired.command == "SECLIST=ON"
    assert result.category is Category.ERROR


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ("POWER FAILURE!", PowerFailure),
        ("Power failure! Socket was ON. Time: 25/01/02,10:11:12", PowerFailure),
        ("power supply restored", PowerRestored),
        ("Temperature rise alert! Limit 35C(96F), TEMP: 36C(97F)", TemperatureRise),
        ("temperature sensor FAILURE", ProbeFailure),
        ("Alarm! Motion", AlarmTriggered),
        ("ALARM: sensor(s) triggered", AlarmTriggered),
        ("alarm - sensor ACTIVE", SensorActive),
        ("ALARM - Sensor(s) normal", SensorNormal),
    ],
)
def test_alert_keywords(text: str, cls: type[Result]) -> None:
    """Alerts are recognised by keywords, in any case, with any filler."""
    result = parse_message(text)
    assert type(result) is cls
    assert result.category is Category.ALERT


def test_alert_prefers_the_reported_temperature() -> None:
    """A threshold quoted before `TEMP:` is not the reading."""
    result = parse_message("Temperature rise alert! Limit 35C(96F), TEMP: 36C(97F)")
    assert isinstance(result, TemperatureRise)
    assert result.temperature == Temperature(36, 97)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \r\n  ",
        "Hello",
        "Your balance is 5.00 EUR",
        "BALANCE=5 EUR",
        "12.50 EUR left",
    ],
)
def test_unknown_text(text: str) -> None:
    """Unrecognised text is Unknown with its raw text, never dropped."""
    result = parse_message(text)
    assert result == Unknown(raw=text)
    assert result.category is Category.UNKNOWN


def test_other_identity_forms() -> None:
    """`Firmware: 1.2`, `Serial number: X`."""
    assert parse_message("Firmware: v1.2") == Firmware(
        raw="Firmware: v1.2", version="1.2", text="Firmware: v1.2"
    )
    assert parse_message("Serial number: AB12") == SerialNumber(
        raw="Serial number: AB12", serial="AB12"
    )


def test_split_echo() -> None:
    """Name, operator and value of a command or acknowledgement."""
    assert split_echo("RINGCONFIRMTYPE=SMS") == ("RINGCONFIRM", "=", "SMS")
    assert split_echo("SECNUMBER-ALL") == ("SECNUMBER", "-", "ALL")
    assert split_echo("THERMOSTATON") == ("THERMOSTATON", "", "")
    assert split_echo("*100#") is None


_FRAGMENTS = st.sampled_from(
    [
        "Power socket ON", "Signal: (", "TEMP: 999C(", "Time: 99/99/99,99:99:99",
        "DATE 25/01/02, 10:11:12+99", "DATE 25/02/30, 10:11:12+04 - OK", " - OK",
        "=(", "),", "SECNUMBERs:", "ALARM!", "THERMOSTAT=", "Switch-off temperature:",
        "Sensor(s):", "–", "\r\n", "\n", ",*,", "11:59", "(c)", "S/N:", "v1.", "0F)",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_random_text_never_raises(text: str) -> None:
    """Any text gives a result that keeps the raw text."""
    assert parse_message(text).raw == text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=5)), max_size=12))
def test_reply_like_noise_never_raises(parts: list[str]) -> None:
    """Fragments of real replies glued with noise never make the parser raise."""
    text = "".join(parts)
    assert parse_message(text).raw == text


def test_odd_fields() -> None:
    """Impossible zone, Fahrenheit-only reading, alert without a `TEMP:` label."""
    assert isinstance(parse_message("DATE 25/01/02, 10:11:12+99"), Unknown)
    reading = parse_message("TEMPERATURE: 77F")
    assert isinstance(reading, TemperatureReading)
    assert reading.temperature == Temperature(25, 77)
    fall = parse_message("Temperature fall alert 14C(57F)")
    assert isinstance(fall, TemperatureFall)
    assert fall.temperature == Temperature(14, 57)


def test_reply_kinds_for() -> None:
    """The lookup scripts/spec_coverage.py uses."""
    assert reply_kinds_for("ON") == (SocketState,)
    assert reply_kinds_for("RESTARTTIME?") == (SettingInquiry,)
    assert reply_kinds_for("NO SUCH KEY") == ()


def test_alerts_carry_time_and_socket_state() -> None:
    """A `Time:` stamp and a mentioned socket state are kept (simulator's wording)."""
    restored = parse_message(
        "Power supply restored! Power socket OFF. Time: 26/01/02,10:11:12"
    )
    assert restored == PowerRestored(
        raw="Power supply restored! Power socket OFF. Time: 26/01/02,10:11:12",
        device_time=datetime(2026, 1, 2, 10, 11, 12),
        socket_on=False,
    )
    failure = parse_message("Power failure! Socket was ON")
    assert isinstance(failure, PowerFailure)
    assert (failure.socket_on, failure.device_time) == (True, None)
    alarm = parse_message("ALARM! Sensor(s) activated! Time: 26/01/02,10:11:12")
    assert alarm == AlarmTriggered(
        raw=alarm.raw, device_time=datetime(2026, 1, 2, 10, 11, 12)
    )
