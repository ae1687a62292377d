"""One row per command of spec §3: how to build it, its text and its kind.

Shared by the command, raw-parser and coverage tests, so "one row per command"
is written once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from custom_components.isocket.protocol import commands as c
from custom_components.isocket.protocol.commands import Command

CONF, INF, CTRL = "conf", "inf", "ctrl"


@dataclass(frozen=True)
class Row:
    """A builder call and what it must produce."""

    key: str
    build: Callable[[], Command]
    text: str
    kind: str


_CET = timezone(timedelta(hours=1))

ROWS: list[Row] = [
    # §3.1 main socket
    Row("ON", c.socket_on, "ON", CTRL),
    Row("OFF", c.socket_off, "OFF", CTRL),
    Row("ON<n>", lambda: c.switch_on_for(30), "ON30", CTRL),
    Row("OFF<n>", lambda: c.switch_off_for(65000), "OFF65000", CTRL),
    Row("RESTART", c.restart, "RESTART", CTRL),
    Row("RESTARTTIME=", lambda: c.set_restart_time(5), "RESTARTTIME=5", CONF),
    Row("RESTARTTIME?", c.query_restart_time, "RESTARTTIME?", INF),
    Row("STATUS", c.status, "STATUS", CTRL),
    Row("TEMPERATURE", c.temperature, "TEMPERATURE", CTRL),
    Row("RUNTIME", c.runtime, "RUNTIME", CTRL),
    # §3.2 control by phone call
    Row("RING=SWITCH", lambda: c.set_ring_action("SWITCH"), "RING=SWITCH", CONF),
    Row("RING=RESTART", lambda: c.set_ring_action("RESTART"), "RING=RESTART", CONF),
    Row("RING=NOACTION", lambda: c.set_ring_action("NOACTION"), "RING=NOACTION", CONF),
    Row("RING?", c.query_ring_action, "RING?", INF),
    # §3.3 security
    Row("MAKEMEBOSS", c.make_me_boss, "MAKEMEBOSS", CONF),
    Row(
        "SECNUMBER+",
        lambda: c.add_security_number("+3589123456789"),
        "SECNUMBER+3589123456789",
        CONF,
    ),
    Row(
        "SECNUMBER-",
        lambda: c.remove_security_number("3589123456789"),
        "SECNUMBER-3589123456789",
        CONF,
    ),
    Row("SECNUMBER-ALL", c.clear_security_numbers, "SECNUMBER-ALL", CONF),
    Row("SECNUMBER?", c.query_security_numbers, "SECNUMBER?", INF),
    Row("SECLIST=ON", lambda: c.set_security_list(True), "SECLIST=ON", CONF),
    Row("SECLIST=OFF", lambda: c.set_security_list(False), "SECLIST=OFF", CONF),
    Row("SECLIST?", c.query_security_list, "SECLIST?", INF),
    Row("PASSWORD=", lambda: c.set_password("12abc"), "PASSWORD=12abc", CONF),
    Row("PASSWORD=NO", c.remove_password, "PASSWORD=NO", CONF),
    # §3.4 alert numbers
    Row("ALERTME", c.alert_me, "ALERTME", CONF),
    Row(
        "ALERTNUMBER+",
        lambda: c.add_alert_number("358912345678"),
        "ALERTNUMBER+358912345678",
        CONF,
    ),
    Row(
        "ALERTNUMBER-",
        lambda: c.remove_alert_number("+3589123456789"),
        "ALERTNUMBER-3589123456789",
        CONF,
    ),
    Row("ALERTNUMBER-ALL", c.clear_alert_numbers, "ALERTNUMBER-ALL", CONF),
    Row("ALERTNUMBER?", c.query_alert_numbers, "ALERTNUMBER?", INF),
    # §3.5 confirmations and errors
    Row("SMSCONFIRM=ON", lambda: c.set_sms_confirm(True), "SMSCONFIRM=ON", CONF),
    Row("SMSCONFIRM=OFF", lambda: c.set_sms_confirm(False), "SMSCONFIRM=OFF", CONF),
    Row("SMSCONFIRM?", c.query_sms_confirm, "SMSCONFIRM?", INF),
    Row("RINGCONFIRM=SMS", lambda: c.set_ring_confirm("SMS"), "RINGCONFIRM=SMS", CONF),
    Row(
        "RINGCONFIRM=CALL", lambda: c.set_ring_confirm("CALL"), "RINGCONFIRM=CALL", CONF
    ),
    Row("RINGCONFIRM=OFF", lambda: c.set_ring_confirm("OFF"), "RINGCONFIRM=OFF", CONF),
    Row("RINGCONFIRM?", c.query_ring_confirm, "RINGCONFIRM?", INF),
    Row("ERROR=ON", lambda: c.set_error_replies(True), "ERROR=ON", CONF),
    Row("ERROR=OFF", lambda: c.set_error_replies(False), "ERROR=OFF", CONF),
    Row("ERROR?", c.query_error_replies, "ERROR?", INF),
    Row(
        "SMSCONFIRMUNAUTH=ON",
        lambda: c.set_reply_unauthorised(True),
        "SMSCONFIRMUNAUTH=ON",
        CONF,
    ),
    Row(
        "SMSCONFIRMUNAUTH=OFF",
        lambda: c.set_reply_unauthorised(False),
        "SMSCONFIRMUNAUTH=OFF",
        CONF,
    ),
    Row("SMSCONFIRMUNAUTH?", c.query_reply_unauthorised, "SMSCONFIRMUNAUTH?", INF),
    # §3.6 thermostat and temperature alerts
    Row("THERMOSTATON", c.thermostat_on, "THERMOSTATON", CTRL),
    Row("THERMOSTATOFF", c.thermostat_off, "THERMOSTATOFF", CTRL),
    Row(
        "THERMOSTAT=HEATING",
        lambda: c.set_thermostat_mode("HEATING"),
        "THERMOSTAT=HEATING",
        CONF,
    ),
    Row(
        "THERMOSTAT=COOLING",
        lambda: c.set_thermostat_mode("COOLING"),
        "THERMOSTAT=COOLING",
        CONF,
    ),
    Row("THERMOSTAT?", c.query_thermostat, "THERMOSTAT?", INF),
    Row(
        "SWITCHOFFTEMP=",
        lambda: c.set_switch_off_temperature(10),
        "SWITCHOFFTEMP=10C",
        CONF,
    ),
    Row(
        "SWITCHOFFALERT=ON",
        lambda: c.set_switch_off_alert(True),
        "SWITCHOFFALERT=ON",
        CONF,
    ),
    Row(
        "SWITCHOFFALERT=OFF",
        lambda: c.set_switch_off_alert(False),
        "SWITCHOFFALERT=OFF",
        CONF,
    ),
    Row("SWITCHOFFALERT?", c.query_switch_off_alert, "SWITCHOFFALERT?", INF),
    Row(
        "TSENSFAILALERT=ON",
        lambda: c.set_sensor_failure_alert(True),
        "TSENSFAILALERT=ON",
        CONF,
    ),
    Row(
        "TSENSFAILALERT=OFF",
        lambda: c.set_sensor_failure_alert(False),
        "TSENSFAILALERT=OFF",
        CONF,
    ),
    Row("TSENSFAILALERT?", c.query_sensor_failure_alert, "TSENSFAILALERT?", INF),
    Row("TRISEALERT=", lambda: c.set_rise_alert(96, "F"), "TRISEALERT=96F", CONF),
    Row("TRISEALERT=OFF", lambda: c.set_rise_alert(None), "TRISEALERT=OFF", CONF),
    Row("TRISEALERT?", c.query_rise_alert, "TRISEALERT?", INF),
    Row("TFALLALERT=", lambda: c.set_fall_alert(-55), "TFALLALERT=-55C", CONF),
    Row("TFALLALERT=OFF", lambda: c.set_fall_alert(None), "TFALLALERT=OFF", CONF),
    Row("TFALLALERT?", c.query_fall_alert, "TFALLALERT?", INF),
    # §3.7 date and time
    Row("DATESMS", c.set_clock_from_sms, "DATESMS", CONF),
    Row(
        "DATE=",
        lambda: c.set_clock(datetime(2026, 3, 7, 9, 5, 1, 999, tzinfo=_CET)),
        "DATE=26/03/07,09:05:01+01",  # manual §8: the GMT zone in hours
        CONF,
    ),
    Row("DATE", c.query_clock, "DATE", CTRL),
    # §3.8 alarm input and links
    Row("SENSORTYPE=NO", lambda: c.set_sensor_type("NO"), "SENSORTYPE=NO", CONF),
    Row("SENSORTYPE=NC", lambda: c.set_sensor_type("NC"), "SENSORTYPE=NC", CONF),
    Row("SENSORTYPE?", c.query_sensor_type, "SENSORTYPE?", INF),
    Row("ALERT=SMS", lambda: c.set_alert_mode("SMS"), "ALERT=SMS", CONF),
    Row(
        "ALERT=SMSCHANGE",
        lambda: c.set_alert_mode("SMSCHANGE"),
        "ALERT=SMSCHANGE",
        CONF,
    ),
    Row("ALERT=CALL", lambda: c.set_alert_mode("CALL"), "ALERT=CALL", CONF),
    Row("ALERT=OFF", lambda: c.set_alert_mode("OFF"), "ALERT=OFF", CONF),
    Row("ALERT?", c.query_alert_mode, "ALERT?", INF),
    Row("RELAYTIME=ON<n>", lambda: c.set_relay_link("ON", 60), "RELAYTIME=ON60", CONF),
    Row("RELAYTIME=ON", lambda: c.set_relay_link("ON"), "RELAYTIME=ON", CONF),
    Row("RELAYTIME=OFF<n>", lambda: c.set_relay_link("OFF", 1), "RELAYTIME=OFF1", CONF),
    Row("RELAYTIME=OFF", lambda: c.set_relay_link("OFF"), "RELAYTIME=OFF", CONF),
    Row("RELAYTIME=0", lambda: c.set_relay_link(None), "RELAYTIME=0", CONF),
    Row("RELAYTIME?", c.query_relay_link, "RELAYTIME?", INF),
    Row("ALARMON", c.alarm_on, "ALARMON", CTRL),
    Row("ALARMOFF", c.alarm_off, "ALARMOFF", CTRL),
    Row("ALARM?", c.query_alarm, "ALARM?", INF),
    Row("SHOWALARMLOG", c.show_alarm_log, "SHOWALARMLOG", CTRL),
    # §3.9 scheduler
    Row(
        "SCHEDULER+",
        lambda: c.add_schedule(8, 0, None, "ON"),
        "SCHEDULER+08:00,*,ON",
        CTRL,
    ),
    Row("SCHEDULER-", lambda: c.remove_schedule(20, 30), "SCHEDULER-20:30", CTRL),
    Row("SCHEDULER-ALL", c.clear_schedules, "SCHEDULER-ALL", CTRL),
    Row("SCHEDULER?", c.query_schedules, "SCHEDULER?", INF),
    # §3.10 power
    Row("POWERALERT=ON", lambda: c.set_power_alert(True), "POWERALERT=ON", CONF),
    Row("POWERALERT=OFF", lambda: c.set_power_alert(False), "POWERALERT=OFF", CONF),
    Row("POWERALERT?", c.query_power_alert, "POWERALERT?", INF),
    Row(
        "POWERSTATE=REMEMBER",
        lambda: c.set_power_state("REMEMBER"),
        "POWERSTATE=REMEMBER",
        CONF,
    ),
    Row("POWERSTATE=ON", lambda: c.set_power_state("ON"), "POWERSTATE=ON", CONF),
    Row("POWERSTATE=OFF", lambda: c.set_power_state("OFF"), "POWERSTATE=OFF", CONF),
    Row("POWERSTATE?", c.query_power_state, "POWERSTATE?", INF),
    # §3.11 credit and SIM services
    Row("CREDITUMS=", lambda: c.set_credit_code("*100#"), "CREDITUMS=*100#", CONF),
    Row("CREDITUMS=NO", lambda: c.set_credit_code(None), "CREDITUMS=NO", CONF),
    Row("CREDITUMS?", c.query_credit_code, "CREDITUMS?", INF),
    Row("CREDIT", c.credit, "CREDIT", CTRL),
    Row("SIMCARD", lambda: c.ussd("*#100*1#"), "SIMCARD*#100*1#", CONF),
    # §3.12 version information
    Row("HARDWARE", c.hardware, "HARDWARE", CTRL),
    Row("SERIALNUM", c.serial_number, "SERIALNUM", CTRL),
    Row("FIRMWARE", c.firmware, "FIRMWARE", CTRL),
]

#: Spec §2: these reply even with SMSCONFIRM=OFF, as does every Inf command.
REPLY_EVEN_WITHOUT_CONFIRM = {
    "STATUS",
    "TEMPERATURE",
    "RUNTIME",
    "SHOWALARMLOG",
    "CREDIT",
    "HARDWARE",
    "SERIALNUM",
    "FIRMWARE",
    "DATE",
}
