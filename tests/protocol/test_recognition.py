"""Issue 9 §1: never wrong, visibly unsure — strict shapes, alert families, interpret()."""

from __future__ import annotations

from datetime import datetime

import pytest

from custom_components.isocket.protocol import commands as c
from custom_components.isocket.protocol.alerts import (
    ALERT_FAMILIES,
    alert_kinds,
    classify_alert,
)
from custom_components.isocket.protocol.correlation import Correlator, Outcome
from custom_components.isocket.protocol.interpret import interpret, message_shape
from custom_components.isocket.protocol.replies import parse_message, parse_reply
from custom_components.isocket.protocol.results import (
    AlarmLog,
    AlarmTriggered,
    Category,
    ClockReading,
    ConfigWindowExpired,
    CreditText,
    Hardware,
    PowerFailure,
    PowerRestored,
    ProbeFailure,
    Result,
    ScheduleList,
    SensorActive,
    SensorNormal,
    SettingAck,
    SettingInquiry,
    SocketOnSince,
    SocketState,
    StatusReport,
    SwitchOffReached,
    TemperatureFall,
    TemperatureReading,
    TemperatureRise,
    Unknown,
    UnknownCommandError,
)
from custom_components.isocket.protocol.temperature import Temperature

# --- the table: every row as its "should be" column ---------------------


def test_decimal_temperature_is_not_five_degrees() -> None:
    """`25.5C(77.9F)` is 25.5 °C (main read 5 °C)."""
    result = parse_message("TEMPERATURE: 25.5C(77.9F)")
    assert result == TemperatureReading(
        raw="TEMPERATURE: 25.5C(77.9F)",
        temperature=Temperature(25.5, 77.9),
        text="25.5C(77.9F)",
    )


def test_temperature_alert_with_status_lines_is_an_alert() -> None:
    """A rise alert that quotes `TEMP:` and `Time:` lines is no STATUS report."""
    text = "Temperature is too high!\nTEMP: 36C(97F)\nTime: 20/01/02,03:04:05"
    result = parse_message(text)
    assert isinstance(result, TemperatureRise)
    assert result.temperature == Temperature(36, 97)
    assert result.device_time == datetime(2020, 1, 2, 3, 4, 5)


def test_runtime_over_two_lines_is_the_runtime_reply() -> None:
    """RUNTIME wrapped onto a second line is RUNTIME, never an alarm log."""
    result = parse_message("Power socket is ON from:\n20/1/2,3:4:5")
    assert result == SocketOnSince(
        raw="Power socket is ON from:\n20/1/2,3:4:5",
        since=datetime(2020, 1, 2, 3, 4, 5),
    )


def test_power_is_off_is_a_power_failure_never_a_socket_reply() -> None:
    """`Power is off!` cannot complete a pending OFF: it reports the mains."""
    assert isinstance(parse_reply("Power is off!"), Unknown)
    assert isinstance(parse_message("Power is off!"), PowerFailure)
    correlator = Correlator()
    pending = correlator.expect(c.socket_off(), 0.0)
    seen = interpret("Power is off!", correlator, 1.0)
    assert isinstance(seen.result, PowerFailure)
    assert not seen.solicited
    assert pending.outcome is Outcome.PENDING


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Sensor activated!", AlarmTriggered),
        ("Temperature sensor error!", ProbeFailure),
    ],
)
def test_alarm_and_probe_wordings(text: str, kind: type[Result]) -> None:
    """Alarm and probe-failure wordings that were unknown on main."""
    assert type(parse_message(text)) is kind


# --- strict shapes ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a status line that is not the first line
        "Hello\nPower socket ON\nSignal: Good (-67dBm)\nTime: 25/01/02,10:11:12",
        # a STATUS carrying an alert line
        "Power socket OFF\nPower failure!\nTime: 25/01/02,10:11:12",
        # a setting name with a value no command takes
        "ALERT: Power failure now",
        "RING=SOMETIMES",
        "RESTARTTIME=fast - OK",
        # an acknowledgement followed by an alert
        "RESTARTTIME=5 - OK\nTemperature too high!\nTEMP: 40C",
        # thermostat and alarm replies hold only their own lines
        "THERMOSTAT: Enabled\nGreetings from the device",
        "ALARM function: Enabled\nHave a nice day",
        # a reading that is not a temperature
        "TEMPERATURE: 25 degrees",
        # the model name with an alert
        "iSocket power failure",
        # a list line among timestamps
        "20/01/02,03:04:05\nsomething else",
        "11:59,*,AON\nsomething else",
        "Power socket ON for a while",
        "Power is ON",
    ],
)
def test_partial_shapes_are_no_reply(text: str) -> None:
    """A message that only partly has a reply's shape is not that reply."""
    result = parse_reply(text)
    assert isinstance(result, Unknown), result


def test_status_needs_its_first_line() -> None:
    """A STATUS whose first line is a STATUS line, extra neutral lines kept."""
    text = "Power socket ON\nSignal: Good (-67dBm)\nTEMP: 25C(77F)\nBattery: OK"
    result = parse_message(text)
    assert isinstance(result, StatusReport)
    assert result.extra_lines == ("Battery: OK",)


def test_unreadable_temperature_text_is_a_reading_without_value() -> None:
    """`TEMPERATURE: N/A` says the probe cannot be read (no number in it)."""
    result = parse_message("TEMPERATURE: N/A")
    assert result == TemperatureReading(
        raw="TEMPERATURE: N/A", temperature=None, text="N/A"
    )


@pytest.mark.parametrize(
    ("text", "model"),
    [
        ("iSocket Environment Pro", "iSocket Environment Pro"),
        ("iSocket 3G.", "iSocket 3G"),
    ],
)
def test_hardware_names(text: str, model: str) -> None:
    """Model names of the iSocket family."""
    assert parse_message(text) == Hardware(raw=text, model=model)


# --- wordings of other manuals -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("RESTARTTIME=5 - Time for configuration is expired (30min)", "RESTARTTIME=5"),
        ("RESTARTTIME=5 - Time for configuration is expired (30min)!", "RESTARTTIME=5"),
        ("RESTARTTIME=5 – Time for configuration expired (Conf)!", "RESTARTTIME=5"),
        ("Time for configuration is expired (Conf)!", ""),
        ("Time for configuration is expired (30min)", ""),
    ],
)
def test_configuration_window_wordings(text: str, command: str) -> None:
    """Manual §6.3 and the GSM 706/707 manual (v1.1.2) word the expiry differently."""
    assert parse_message(text) == ConfigWindowExpired(raw=text, command=command)


def test_older_firmware_unknown_command_reply() -> None:
    """`<command> - Error!` (GSM 706/707) is the unknown-command reply, not an alert."""
    assert parse_message("SOMETHING - Error!") == UnknownCommandError(
        raw="SOMETHING - Error!", command="SOMETHING"
    )
    correlator = Correlator()
    pending = correlator.expect(c.credit(), 0.0)
    seen = interpret("CREDIT - Error!", correlator, 1.0)
    assert seen.pending is pending
    assert pending.outcome is Outcome.FAILED


@pytest.mark.parametrize("dash", ["-", "–", "—", "−", "‐", "‑", "‒"])
def test_every_dash_before_ok(dash: str) -> None:
    """Hyphen, en dash, em dash, minus sign and the other look-alikes."""
    text = f"SECLIST=ON {dash} OK"
    assert parse_message(text) == SettingAck(raw=text, name="SECLIST", value="ON")


# --- field parsing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "celsius"),
    [
        ("TEMPERATURE: -5.5 C", -5.5),
        ("TEMPERATURE: - 5.5C", -5.5),
        ("TEMPERATURE: −12C(10F)", -12),
        ("TEMPERATURE: 25.5C(77.9F)", 25.5),
        ("TEMPERATURE: 25 C ( 77 F )", 25),
        ("TEMPERATURE: 77.9F", 25.5),
        ("TEMPERATURE: +3C", 3),
    ],
)
def test_temperature_decimals_negatives_spaces(text: str, celsius: float) -> None:
    """Every plausible spelling of a reading."""
    result = parse_message(text)
    assert isinstance(result, TemperatureReading)
    assert result.temperature is not None
    assert result.temperature.celsius == celsius


def test_date_over_two_lines() -> None:
    """DATE wrapped after the word DATE."""
    result = parse_message("DATE\n25/01/02, 10:11:12+08")
    assert isinstance(result, ClockReading)
    assert result.time.replace(tzinfo=None) == datetime(2025, 1, 2, 10, 11, 12)


def test_alarm_log_in_both_timestamp_forms() -> None:
    """The manual's `yy/mm/dd:hh:ss` (read as hours:minutes) and `yy/mm/dd,hh:mm:ss`."""
    result = parse_message("20/01/02:03:04\n20/01/02,03:04:05")
    assert isinstance(result, AlarmLog)
    assert result.entries == (
        datetime(2020, 1, 2, 3, 4),
        datetime(2020, 1, 2, 3, 4, 5),
    )


def test_two_schedule_rules_at_one_time_are_both_kept() -> None:
    """§10: the device keeps two rules at the same time."""
    result = parse_message("08:00,*,ON\n08:00,1,AON")
    assert isinstance(result, ScheduleList)
    assert [(rule.time, rule.action) for rule in result.rules] == [
        ("08:00", "ON"),
        ("08:00", "AON"),
    ]


# --- alert families ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Power failure!", PowerFailure),
        ("Mains power lost", PowerFailure),
        ("Power outage detected", PowerFailure),
        ("Electricity cut", PowerFailure),
        ("Stromausfall!", PowerFailure),
        ("Power supply restored!", PowerRestored),
        ("Power is back", PowerRestored),
        ("Mains power returned after outage", PowerRestored),
        ("Stromversorgung wiederhergestellt", PowerRestored),
        ("TEMPERATURE rise alert! TEMP: 36C(97F)", TemperatureRise),
        ("Temperature above 30C", TemperatureRise),
        ("Temperatur zu hoch: 40C", TemperatureRise),
        ("Temperaturanstieg! 31C", TemperatureRise),
        ("TEMPERATURE fall alert! TEMP: 14C(57F)", TemperatureFall),
        ("Temperature is too low!", TemperatureFall),
        ("Temperature dropped below 5C", TemperatureFall),
        ("Temperaturabfall! 2C", TemperatureFall),
        ("Switch-off temperature reached! TEMP: 10C(50F)", SwitchOffReached),
        ("Temperature sensor failure!", ProbeFailure),
        ("Probe disconnected", ProbeFailure),
        ("Temperaturfühler Fehler", ProbeFailure),
        ("ALARM! Sensor(s) activated!", AlarmTriggered),
        ("Motion detected!", AlarmTriggered),
        ("Alarm triggered", AlarmTriggered),
        ("Alarm ausgelöst!", AlarmTriggered),
        ("ALARM!", AlarmTriggered),
        ("ALARM! Input changed: sensor active", SensorActive),
        ("ALARM! Input changed: sensor normal", SensorNormal),
        ("Sensor back to normal", SensorNormal),
    ],
)
def test_alert_families(text: str, kind: type[Result]) -> None:
    """Keyword families recognise wordings in English and German."""
    assert type(classify_alert(text)) is kind


@pytest.mark.parametrize(
    "text",
    [
        "Power failure! Temperature too high!",  # two unrelated alerts
        "Hello from your iSocket",
        "Your balance is 5.00 EUR",
        "Alarm function disabled",
        "Sensor deactivated",
        "Temperature 25C",
    ],
)
def test_unclear_text_is_no_alert(text: str) -> None:
    """No family, or two that do not explain each other: unknown, visibly."""
    assert classify_alert(text) is None
    assert isinstance(parse_message(text), Unknown)


def test_power_socket_is_not_the_mains() -> None:
    """`Power socket OFF` inside a text is the outlet; restoration names it."""
    result = classify_alert("Power restored, power socket OFF")
    assert result == PowerRestored(
        raw="Power restored, power socket OFF", socket_on=False
    )
    assert PowerFailure not in alert_kinds("power socket is off now")


def test_every_family_names_an_alert() -> None:
    """The family table is data about alerts only."""
    assert all(family.kind.category is Category.ALERT for family in ALERT_FAMILIES)


# --- interpret() -------------------------------------------------------------------------


def test_interpret_reply_to_a_pending_command_is_solicited() -> None:
    """A reply that completes a command is solicited."""
    correlator = Correlator()
    pending = correlator.expect(c.socket_on(), 0.0)
    seen = interpret("Power socket ON", correlator, 1.0)
    assert seen.pending is pending
    assert seen.solicited
    assert seen.result == SocketState(raw="Power socket ON", on=True)


def test_interpret_reply_nobody_waits_for_is_unsolicited() -> None:
    """The same reply without a pending command stays a reply, unsolicited."""
    seen = interpret("Power socket ON", Correlator(), 1.0)
    assert isinstance(seen.result, SocketState)
    assert not seen.solicited


def test_interpret_alert_while_a_command_is_pending() -> None:
    """An alert never completes a command and is still recognised."""
    correlator = Correlator()
    pending = correlator.expect(c.status(), 0.0)
    seen = interpret("Temperature is too high! TEMP: 40C", correlator, 1.0)
    assert isinstance(seen.result, TemperatureRise)
    assert pending.outcome is Outcome.PENDING


def test_interpret_free_text_answers_credit_before_the_families() -> None:
    """A pending CREDIT takes free text (the operator's words) as its reply."""
    correlator = Correlator()
    correlator.expect(c.credit(), 0.0)
    seen = interpret("Balance: 5.00 EUR, valid until 2027", correlator, 1.0)
    assert isinstance(seen.result, CreditText)
    assert seen.solicited


def test_interpret_unknown() -> None:
    """What fits nothing stays unknown and unsolicited."""
    seen = interpret("Greetings", Correlator(), 1.0)
    assert seen == type(seen)(Unknown(raw="Greetings"))
    assert not seen.solicited


def test_interpret_inquiry_answers_seclist_query() -> None:
    """SECLIST? is answered by its typed inquiry reply."""
    correlator = Correlator()
    correlator.expect(c.query_security_list(), 0.0)
    seen = interpret("SECLIST=OFF,(ON)", correlator, 1.0)
    assert seen.result == SettingInquiry(
        raw="SECLIST=OFF,(ON)", name="SECLIST", options=("OFF", "ON"), current="ON"
    )
    assert seen.solicited


def test_message_shape_masks_numbers_stably() -> None:
    """Same shape for different numbers, spacing and dashes; no digit survives."""
    one = message_shape("Temperatur: 36C\r\nTime: 20/01/02,03:04:05")
    two = message_shape("Temperatur:  5C\nTime: 21/11/12,13:14:15")
    assert one == two == "Temperatur: #C\nTime: #/#/#,#:#:#"
    assert message_shape("Call +4915112345678 – now") == "Call +# - now"
    assert message_shape("Power failure!") != message_shape("Power restored!")
