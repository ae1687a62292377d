"""Every reply string quoted in the spec (§2, §3, §4) parses to the right result.

One row per quoted string: the command whose reply it is (``None`` for the
alerts of §4), the text, and the complete expected result (``raw`` is filled
in from the text). Placeholders such as `y/m/d,h:m:s` are written with values.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from custom_components.isocket.protocol.commands import COMMANDS
from custom_components.isocket.protocol.replies import REPLY_KINDS, parse_message
from custom_components.isocket.protocol.results import (
    AccessDenied,
    AlarmInfo,
    AlarmLog,
    AlarmTriggered,
    AlertMeAck,
    Category,
    ClockReading,
    ConfigWindowExpired,
    ExecuteError,
    Firmware,
    Hardware,
    IncorrectValue,
    InvalidPassword,
    MakeMeBossAck,
    NumberList,
    PowerFailure,
    PowerRestored,
    ProbeFailure,
    Restarted,
    Result,
    ScheduleList,
    ScheduleRule,
    SeclistNotActive,
    SensorActive,
    SensorNormal,
    SerialNumber,
    SettingAck,
    SettingInquiry,
    SocketOnSince,
    SocketState,
    StatusReport,
    SwitchOffReached,
    TemperatureFall,
    TemperatureReading,
    TemperatureRise,
    ThermostatInfo,
    UnknownCommandError,
)
from custom_components.isocket.protocol.temperature import Temperature

T = Temperature
UTC2 = timezone(timedelta(hours=2))

STATUS = (
    "Power socket ON\nSignal: Good (-67dBm)\nTEMP: 25C(77F)\n"
    "ALARMF: Disabled\nALARM status: No act\nTime: 25/01/02,10:11:12"
)
THERMOSTAT_ON = (
    "THERMOSTATON - OK\nTHERMOSTAT=HEATING\nSwitch-off temperature: 10C(50F)\n"
    "Note! Thermostat is working now!"
)
HEATING = (
    "THERMOSTAT=HEATING - OK\nSwitch-off temperature: 10C(50F)\nTHERMOSTAT: Disabled"
)
COOLING = (
    "THERMOSTAT=COOLING - OK\nSwitch-off temperature: 22C(72F)\nTHERMOSTAT: Enabled"
)
SWITCHOFFTEMP = "SWITCHOFFTEMP=10C(50F) - OK\nTHERMOSTAT=HEATING\nTHERMOSTAT: Disabled"
THERMOSTAT_Q = (
    "THERMOSTAT: Enabled\nTHERMOSTAT=HEATING\nSwitch-off temperature: 10C(50F)"
)
ALARM_Q = "ALARM function: Disabled\nSensor(s): Connected\nALARM status: No activity"
BOSS = (
    "Your phone number has been assigned for all types of alerts and was added "
    "to security list which has been activated"
)
LOG = "25/01/02,10:11:12\n25/01/03:10:11:12\n25/01/04:10:11"


def ack(
    name: str, value: str | None, operator: str = "=", **extra: Any
) -> tuple[type[Result], dict[str, Any]]:
    """Expected `NAME<op>VALUE - OK`."""
    return SettingAck, {"name": name, "operator": operator, "value": value, **extra}


def inq(
    name: str, options: tuple[str, ...], current: str | None, **extra: Any
) -> tuple[type[Result], dict[str, Any]]:
    """Expected inquiry reply."""
    return SettingInquiry, {
        "name": name,
        "options": options,
        "current": current,
        **extra,
    }


def of(cls: type[Result], **fields: Any) -> tuple[type[Result], dict[str, Any]]:
    """Expected result of any other type."""
    return cls, fields


ROWS: list[tuple[str | None, str, tuple[type[Result], dict[str, Any]]]] = [
    # §2.1 error replies
    ("OFN", "OFN - No such command exists on the device!", of(UnknownCommandError, command="OFN")),
    ("STATUS", "Invalid access password!", of(InvalidPassword)),
    ("RESTARTTIME=", "Incorrect value!", of(IncorrectValue)),
    ("RESTARTTIME=", "RESTARTTIME=5 - Time for configuration expired (Conf)!", of(ConfigWindowExpired, command="RESTARTTIME=5")),
    ("RESTARTTIME=", "RESTARTTIME=5 - Time for configuration is expired (Conf)!", of(ConfigWindowExpired, command="RESTARTTIME=5")),
    ("STATUS", "Execute error!", of(ExecuteError)),
    ("STATUS", "Access deny!", of(AccessDenied)),
    # §3.1 main socket
    ("ON", "Power socket ON", of(SocketState, on=True)),
    ("OFF", "Power socket OFF", of(SocketState, on=False)),
    ("ON<n>", "Power ON for 30 seconds", of(SocketState, on=True, for_seconds=30)),
    ("OFF<n>", "Power OFF for 30 seconds", of(SocketState, on=False, for_seconds=30)),
    ("RESTART", "Power socket restarted", of(Restarted)),
    ("RESTARTTIME=", "RESTARTTIME=5 - OK", ack("RESTARTTIME", "5")),
    ("RESTARTTIME=", "RESTARTTIME=5 – OK", ack("RESTARTTIME", "5")),
    ("RESTARTTIME?", "RESTARTTIME=5 seconds", inq("RESTARTTIME", (), "5")),
    ("STATUS", STATUS, of(StatusReport, socket_on=True, signal_word="Good", signal_dbm=-67, temperature=T(25, 77), alarm_armed=False, alarm_activity="No act", alarm_active=False, device_time=datetime(2025, 1, 2, 10, 11, 12))),
    ("TEMPERATURE", "TEMPERATURE: 25C(77F)", of(TemperatureReading, temperature=T(25, 77), text="25C(77F)")),
    ("RUNTIME", "Power socket is ON from: 25/01/02,10:11:12", of(SocketOnSince, since=datetime(2025, 1, 2, 10, 11, 12))),
    # §3.2 control by phone call
    ("RING=SWITCH", "RING=SWITCH - OK", ack("RING", "SWITCH")),
    ("RING=SWITCH", "SECLIST is not active!", of(SeclistNotActive)),
    ("RING=RESTART", "RING=RESTART - OK", ack("RING", "RESTART")),
    ("RING=NOACTION", "RING=NOACTION - OK", ack("RING", "NOACTION")),
    ("RING?", "RING=(NOACTION),RESTART,SWITCH", inq("RING", ("NOACTION", "RESTART", "SWITCH"), "NOACTION")),
    # §3.3 security
    ("MAKEMEBOSS", BOSS, of(MakeMeBossAck)),
    ("SECNUMBER+", "SECNUMBER+3589123456789 - OK", ack("SECNUMBER", "3589123456789", "+")),
    ("SECNUMBER-", "SECNUMBER-3589123456789 - OK", ack("SECNUMBER", "3589123456789", "-")),
    ("SECNUMBER-ALL", "SECNUMBER-ALL - OK", ack("SECNUMBER", "ALL", "-")),
    ("SECNUMBER?", "SECNUMBERs: 3589123456789, 3589000000555", of(NumberList, kind="security", numbers=("3589123456789", "3589000000555"))),
    ("SECLIST=ON", "SECLIST=ON - OK", ack("SECLIST", "ON")),
    ("SECLIST?", "SECLIST=OFF,(ON)", inq("SECLIST", ("OFF", "ON"), "ON")),
    ("PASSWORD=", "PASSWORD=***** - OK", ack("PASSWORD", "*****")),
    ("PASSWORD=NO", "PASSWORD=NO - OK", ack("PASSWORD", "NO")),
    # §3.4 alert numbers
    ("ALERTME", "Your phone number has been assigned for all types of alerts!", of(AlertMeAck)),
    ("ALERTNUMBER+", "ALERTNUMBER+358912345678 - OK", ack("ALERTNUMBER", "358912345678", "+")),
    ("ALERTNUMBER-", "ALERTNUMBER-3589123456789 - OK", ack("ALERTNUMBER", "3589123456789", "-")),
    ("ALERTNUMBER-ALL", "ALERTNUMBER-ALL - OK", ack("ALERTNUMBER", "ALL", "-")),
    ("ALERTNUMBER?", "ALERTNUMBERs: 3589123456789, 3589223456789", of(NumberList, kind="alert", numbers=("3589123456789", "3589223456789"))),
    # §3.5 confirmations and errors
    ("SMSCONFIRM=ON", "SMSCONFIRM=ON - OK", ack("SMSCONFIRM", "ON")),
    ("SMSCONFIRM?", "SMSCONFIRM=ON,(OFF)", inq("SMSCONFIRM", ("ON", "OFF"), "OFF")),
    ("RINGCONFIRM=SMS", "RINGCONFIRMTYPE=SMS - OK", ack("RINGCONFIRM", "SMS")),
    ("RINGCONFIRM=CALL", "RINGCONFIRMTYPE=CALL - OK", ack("RINGCONFIRM", "CALL")),
    ("RINGCONFIRM=OFF", "RINGCONFIRM=OFF - OK", ack("RINGCONFIRM", "OFF")),
    ("RINGCONFIRM?", "RINGCONFIRM=(SMS),CALL,OFF", inq("RINGCONFIRM", ("SMS", "CALL", "OFF"), "SMS")),
    ("ERROR=ON", "ERROR=ON - OK", ack("ERROR", "ON")),
    ("ERROR?", "ERROR =(ON),OFF", inq("ERROR", ("ON", "OFF"), "ON")),
    ("SMSCONFIRMUNAUTH=ON", "SMSCONFIRMUNAUTH=ON - OK", ack("SMSCONFIRMUNAUTH", "ON")),
    ("SMSCONFIRMUNAUTH?", "SMSCONFIRMUNAUTH=(OFF),ON", inq("SMSCONFIRMUNAUTH", ("OFF", "ON"), "OFF")),
    # §3.6 thermostat and temperature alerts
    ("THERMOSTATON", THERMOSTAT_ON, of(ThermostatInfo, enabled=True, mode="HEATING", switch_off_temperature=T(10, 50), ack="THERMOSTATON")),
    ("THERMOSTATOFF", "THERMOSTATOFF - OK\nNote! Thermostat was disabled!", of(ThermostatInfo, enabled=False, ack="THERMOSTATOFF")),
    ("THERMOSTAT=HEATING", HEATING, of(ThermostatInfo, enabled=False, mode="HEATING", switch_off_temperature=T(10, 50), ack="THERMOSTAT=HEATING")),
    ("THERMOSTAT=COOLING", COOLING, of(ThermostatInfo, enabled=True, mode="COOLING", switch_off_temperature=T(22, 72), ack="THERMOSTAT=COOLING")),
    ("SWITCHOFFTEMP=", SWITCHOFFTEMP, ack("SWITCHOFFTEMP", "10C(50F)", temperature=T(10, 50), thermostat=ThermostatInfo(raw=SWITCHOFFTEMP, enabled=False, mode="HEATING"))),
    ("THERMOSTAT?", THERMOSTAT_Q, of(ThermostatInfo, enabled=True, mode="HEATING", switch_off_temperature=T(10, 50))),
    ("SWITCHOFFALERT=ON", "SWITCHOFFALERT=ON - OK", ack("SWITCHOFFALERT", "ON")),
    ("SWITCHOFFALERT?", "SWITCHOFFALERT=(OFF),ON", inq("SWITCHOFFALERT", ("OFF", "ON"), "OFF")),
    ("TSENSFAILALERT=ON", "TSENSFAILALERT=ON - OK", ack("TSENSFAILALERT", "ON")),
    ("TSENSFAILALERT?", "TSENSFAILALERT =(ON),OFF", inq("TSENSFAILALERT", ("ON", "OFF"), "ON")),
    ("TRISEALERT=", "TRISEALERT=35C(96F) - OK", ack("TRISEALERT", "35C(96F)", temperature=T(35, 96))),
    ("TRISEALERT=OFF", "TRISEALERT=OFF - OK", ack("TRISEALERT", "OFF")),
    ("TRISEALERT?", "TRISEALERT=35C(96F)", inq("TRISEALERT", (), "35C(96F)", temperature=T(35, 96))),
    ("TFALLALERT=", "TFALLALERT=15C(60F) - OK", ack("TFALLALERT", "15C(60F)", temperature=T(15, 60))),
    ("TFALLALERT=OFF", "TFALLALERT=OFF - OK", ack("TFALLALERT", "OFF")),
    ("TFALLALERT?", "TFALLALERT=15C(60F)", inq("TFALLALERT", (), "15C(60F)", temperature=T(15, 60))),
    # §3.7 date and time (zz = +02: the GMT zone in hours, manual §8)
    ("DATESMS", "DATE 25/01/02, 10:11:12+02 - OK", of(ClockReading, time=datetime(2025, 1, 2, 10, 11, 12, tzinfo=UTC2), acknowledged=True)),
    ("DATE=", "DATE=25/01/02, 10:11:12+02 - OK", of(ClockReading, time=datetime(2025, 1, 2, 10, 11, 12, tzinfo=UTC2), acknowledged=True)),
    ("DATE", "DATE 25/01/02, 10:11:12+02", of(ClockReading, time=datetime(2025, 1, 2, 10, 11, 12, tzinfo=UTC2))),
    # §3.8 alarm input, notifications and links
    ("SENSORTYPE=NO", "SENSORTYPE=NO - OK", ack("SENSORTYPE", "NO")),
    ("SENSORTYPE?", "SENSORTYPE=(NO),NC", inq("SENSORTYPE", ("NO", "NC"), "NO")),
    ("ALERT=SMS", "ALERT=SMS - OK", ack("ALERT", "SMS")),
    ("ALERT=SMSCHANGE", "ALERT=SMSCHANGE - OK", ack("ALERT", "SMSCHANGE")),
    ("ALERT=CALL", "ALERT=CALL - OK", ack("ALERT", "CALL")),
    ("ALERT=OFF", "ALERT=OFF - OK", ack("ALERT", "OFF")),
    ("ALERT?", "ALERT=(SMS),CALL, SMSCHANGE, OFF", inq("ALERT", ("SMS", "CALL", "SMSCHANGE", "OFF"), "SMS")),
    ("RELAYTIME=ON<n>", "RELAYTIME=ON60 - OK", ack("RELAYTIME", "ON60")),
    ("RELAYTIME=ON", "RELAYTIME=ON - OK", ack("RELAYTIME", "ON")),
    ("RELAYTIME=OFF<n>", "RELAYTIME=OFF60 - OK", ack("RELAYTIME", "OFF60")),
    ("RELAYTIME=OFF", "RELAYTIME=OFF - OK", ack("RELAYTIME", "OFF")),
    ("RELAYTIME=0", "RELAYTIME=0 - OK", ack("RELAYTIME", "0")),
    ("RELAYTIME?", "RELAYTIME=0", inq("RELAYTIME", (), "0")),
    ("ALARMON", "ALARMON - OK\nALARM function: Enabled", of(AlarmInfo, armed=True, ack="ALARMON")),
    ("ALARMOFF", "ALARMOFF - OK\nALARM function: Disabled", of(AlarmInfo, armed=False, ack="ALARMOFF")),
    ("ALARM?", ALARM_Q, of(AlarmInfo, armed=False, sensor_connected=True, activity="No activity", active=False)),
    ("SHOWALARMLOG", LOG, of(AlarmLog, entries=(datetime(2025, 1, 2, 10, 11, 12), datetime(2025, 1, 3, 10, 11, 12), datetime(2025, 1, 4, 10, 11)))),
    # §3.9 scheduler
    ("SCHEDULER+", "SCHEDULER+11:59,*,ON - OK", ack("SCHEDULER", "11:59,*,ON", "+")),
    ("SCHEDULER-", "SCHEDULER-11:59 - OK", ack("SCHEDULER", "11:59", "-")),
    ("SCHEDULER-ALL", "SCHEDULER-ALL - OK", ack("SCHEDULER", "ALL", "-")),
    ("SCHEDULER?", "11:59,*,AON", of(ScheduleList, rules=(ScheduleRule("11:59", "*", "AON"),))),
    # §3.10 power
    ("POWERALERT=ON", "POWERALERT=ON - OK", ack("POWERALERT", "ON")),
    ("POWERALERT?", "POWERALERT=(ON),OFF", inq("POWERALERT", ("ON", "OFF"), "ON")),
    ("POWERSTATE=REMEMBER", "POWERSTATE=REMEMBER - OK", ack("POWERSTATE", "REMEMBER")),
    ("POWERSTATE=ON", "POWERSTATE=ON - OK", ack("POWERSTATE", "ON")),
    ("POWERSTATE?", "POWERSTATE=(REMEMBER), ON, OFF", inq("POWERSTATE", ("REMEMBER", "ON", "OFF"), "REMEMBER")),
    # §3.11 credit
    ("CREDITUMS=", "CREDITUMS =*100# - OK", ack("CREDITUMS", "*100#")),
    ("CREDITUMS=NO", "CREDITUMS =NO - OK", ack("CREDITUMS", "NO")),
    ("CREDITUMS?", "CREDITUMS: *100#", inq("CREDITUMS", (), "*100#")),
    # §3.12 version information
    ("HARDWARE", "iSocket Environment Pro", of(Hardware, model="iSocket Environment Pro")),
    ("SERIALNUM", "S/N: 12345678987654321", of(SerialNumber, serial="12345678987654321")),
    ("FIRMWARE", "v1.0.0 (c) iSocket Systems", of(Firmware, version="1.0.0", text="v1.0.0 (c) iSocket Systems")),
    # §4 alerts (modelled texts)
    (None, "Power failure! ...", of(PowerFailure)),
    (None, "Power supply restored! ...", of(PowerRestored)),
    (None, "TEMPERATURE rise alert! TEMP: 36C(97F)", of(TemperatureRise, temperature=T(36, 97))),
    (None, "TEMPERATURE fall alert! TEMP: 14C(57F)", of(TemperatureFall, temperature=T(14, 57))),
    (None, "Switch-off temperature reached! TEMP: 10C(50F)", of(SwitchOffReached, temperature=T(10, 50))),
    (None, "Temperature sensor failure!", of(ProbeFailure)),
    (None, "ALARM! Sensor(s) activated", of(AlarmTriggered)),
    (None, "ALARM! Sensor active", of(SensorActive)),
    (None, "ALARM! Sensor normal", of(SensorNormal)),
    (None, STATUS, of(StatusReport, socket_on=True, signal_word="Good", signal_dbm=-67, temperature=T(25, 77), alarm_armed=False, alarm_activity="No act", alarm_active=False, device_time=datetime(2025, 1, 2, 10, 11, 12))),
]  # fmt: skip


@pytest.mark.parametrize(
    ("key", "text", "expected"), ROWS, ids=[r[1][:40] for r in ROWS]
)
def test_quoted_reply_parses(
    key: str | None, text: str, expected: tuple[type[Result], dict[str, Any]]
) -> None:
    """The whole result equals the expected one, raw text included."""
    cls, fields = expected
    assert parse_message(text) == cls(raw=text, **fields)


@pytest.mark.parametrize(
    ("key", "text", "expected"), [r for r in ROWS if r[0] in COMMANDS]
)
def test_reply_type_is_declared_for_its_command(
    key: str, text: str, expected: tuple[type[Result], dict[str, Any]]
) -> None:
    """REPLY_KINDS (read by scripts/spec_coverage.py) lists what the reply parses to."""
    result = parse_message(text)
    assert isinstance(result, REPLY_KINDS[key]) or result.category is Category.ERROR


def test_every_command_has_reply_kinds() -> None:
    """Each key of COMMANDS maps to at least one result type."""
    assert set(REPLY_KINDS) == set(COMMANDS)
    assert all(REPLY_KINDS[key] for key in COMMANDS)


def test_alert_rows_are_alerts() -> None:
    """The §4 rows (no command) are categorised as alerts, except the scheduled STATUS."""
    categories = {
        type(parse_message(text)).__name__: parse_message(text).category
        for key, text, _ in ROWS
        if key is None
    }
    assert categories.pop("StatusReport") is Category.REPLY
    assert set(categories.values()) == {Category.ALERT}
