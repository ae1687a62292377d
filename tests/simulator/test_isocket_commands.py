"""One row per command of spec §3: what the emulated device answers, byte for byte."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from simulator.isocket import HANDLED_COMMANDS
from simulator.isocket_security import ALERTME_TEXT, BOSS_TEXT
from simulator.network import DEFAULT_USSD_REPLY

from .test_isocket_support import Bench, open_bench

BOSS = ("MAKEMEBOSS",)
# (key, setup commands, command, expected reply)
ROWS: list[tuple[str, tuple[str, ...], str, str]] = [
    # §3.1 main socket
    ("ON", (), "ON", "Power socket ON"),
    ("OFF", ("ON",), "off", "Power socket OFF"),
    ("ON<n>", (), "ON30", "Power ON for 30 seconds"),
    ("OFF<n>", (), "OFF30", "Power OFF for 30 seconds"),
    ("RESTART", (), "RESTART", "Power socket restarted"),
    ("RESTARTTIME=", (), "RESTARTTIME=5", "RESTARTTIME=5 - OK"),
    ("RESTARTTIME?", ("RESTARTTIME=5",), "RESTARTTIME?", "RESTARTTIME=5 seconds"),
    (
        "STATUS",
        ("ON",),
        "STATUS",
        (
            "Power socket ON\nSignal: Good (-67dBm)\nTEMP: 25C(77F)\nALARMF: Disabled\n"
            "ALARM status: No act\nTime: 26/11/23,08:00:00"
        ),
    ),
    ("TEMPERATURE", (), "TEMPERATURE", "TEMPERATURE: 25C(77F)"),
    ("RUNTIME", ("ON",), "RUNTIME", "Power socket is ON from: 26/11/23,08:00:00"),
    # §3.2 control by phone call
    ("RING=SWITCH", BOSS, "RING=SWITCH", "RING=SWITCH - OK"),
    ("RING=RESTART", BOSS, "RING=RESTART", "RING=RESTART - OK"),
    ("RING=NOACTION", (), "RING=NOACTION", "RING=NOACTION - OK"),
    ("RING?", (), "RING?", "RING=(NOACTION),RESTART,SWITCH"),
    # §3.3 security
    ("MAKEMEBOSS", (), "MAKEMEBOSS", BOSS_TEXT),
    ("SECNUMBER+", (), "SECNUMBER+3589123456789", "SECNUMBER+3589123456789 - OK"),
    (
        "SECNUMBER-",
        ("SECNUMBER+3589123456789",),
        "SECNUMBER-3589123456789",
        "SECNUMBER-3589123456789 - OK",
    ),
    ("SECNUMBER-ALL", BOSS, "SECNUMBER-ALL", "SECNUMBER-ALL - OK"),
    (
        "SECNUMBER?",
        ("SECNUMBER+3589123456789", "SECNUMBER+3589000000555"),
        "SECNUMBER?",
        "SECNUMBERs: 3589123456789, 3589000000555",
    ),
    ("SECLIST=ON", ("SECNUMBER+4915100000001",), "SECLIST=ON", "SECLIST=ON - OK"),
    ("SECLIST=OFF", BOSS, "SECLIST=OFF", "SECLIST=OFF - OK"),
    ("SECLIST?", BOSS, "SECLIST?", "SECLIST=OFF,(ON)"),
    ("PASSWORD=", (), "PASSWORD=12abc", "PASSWORD=***** - OK"),
    ("PASSWORD=NO", ("PASSWORD=12abc",), "12abcPASSWORD=NO", "PASSWORD=NO - OK"),
    # §3.4 alert numbers
    ("ALERTME", (), "ALERTME", ALERTME_TEXT),
    ("ALERTNUMBER+", (), "ALERTNUMBER+358912345678", "ALERTNUMBER+358912345678 - OK"),
    (
        "ALERTNUMBER-",
        ("ALERTNUMBER+3589123456789",),
        "ALERTNUMBER-3589123456789",
        "ALERTNUMBER-3589123456789 - OK",
    ),
    ("ALERTNUMBER-ALL", ("ALERTME",), "ALERTNUMBER-ALL", "ALERTNUMBER-ALL - OK"),
    (
        "ALERTNUMBER?",
        ("ALERTNUMBER+3589123456789", "ALERTNUMBER+3589223456789"),
        "ALERTNUMBER?",
        "ALERTNUMBERs: 3589123456789, 3589223456789",
    ),
    # §3.5 confirmations and errors
    ("SMSCONFIRM=ON", (), "SMSCONFIRM=ON", "SMSCONFIRM=ON - OK"),
    ("SMSCONFIRM=OFF", (), "SMSCONFIRM=OFF", "SMSCONFIRM=OFF - OK"),
    ("SMSCONFIRM?", ("SMSCONFIRM=OFF",), "SMSCONFIRM?", "SMSCONFIRM=ON,(OFF)"),
    ("RINGCONFIRM=SMS", (), "RINGCONFIRM=SMS", "RINGCONFIRMTYPE=SMS - OK"),
    ("RINGCONFIRM=CALL", (), "RINGCONFIRM=CALL", "RINGCONFIRMTYPE=CALL - OK"),
    ("RINGCONFIRM=OFF", (), "RINGCONFIRM=OFF", "RINGCONFIRM=OFF - OK"),
    ("RINGCONFIRM?", (), "RINGCONFIRM?", "RINGCONFIRM=(SMS),CALL,OFF"),
    ("ERROR=ON", (), "ERROR=ON", "ERROR=ON - OK"),
    ("ERROR=OFF", (), "ERROR=OFF", "ERROR=OFF - OK"),
    ("ERROR?", (), "ERROR?", "ERROR =(ON),OFF"),
    ("SMSCONFIRMUNAUTH=ON", (), "SMSCONFIRMUNAUTH=ON", "SMSCONFIRMUNAUTH=ON - OK"),
    ("SMSCONFIRMUNAUTH=OFF", (), "SMSCONFIRMUNAUTH=OFF", "SMSCONFIRMUNAUTH=OFF - OK"),
    ("SMSCONFIRMUNAUTH?", (), "SMSCONFIRMUNAUTH?", "SMSCONFIRMUNAUTH=(OFF),ON"),
    # §3.6 thermostat and temperature alerts
    (
        "THERMOSTATON",
        (),
        "THERMOSTATON",
        (
            "THERMOSTATON - OK\nTHERMOSTAT=HEATING\nSwitch-off temperature: 10C(50F)\n"
            "Note! Thermostat is working now!"
        ),
    ),
    (
        "THERMOSTATOFF",
        ("THERMOSTATON",),
        "THERMOSTATOFF",
        "THERMOSTATOFF - OK\nNote! Thermostat was disabled!",
    ),
    (
        "THERMOSTAT=HEATING",
        (),
        "THERMOSTAT=HEATING",
        "THERMOSTAT=HEATING - OK\nSwitch-off temperature: 10C(50F)\nTHERMOSTAT: Disabled",
    ),
    (
        "THERMOSTAT=COOLING",
        ("SWITCHOFFTEMP=22C", "THERMOSTATON"),
        "THERMOSTAT=COOLING",
        "THERMOSTAT=COOLING - OK\nSwitch-off temperature: 22C(72F)\nTHERMOSTAT: Enabled",
    ),
    (
        "THERMOSTAT?",
        ("THERMOSTATON",),
        "THERMOSTAT?",
        "THERMOSTAT: Enabled\nTHERMOSTAT=HEATING\nSwitch-off temperature: 10C(50F)",
    ),
    (
        "SWITCHOFFTEMP=",
        (),
        "SWITCHOFFTEMP=50F",
        "SWITCHOFFTEMP=10C(50F) - OK\nTHERMOSTAT=HEATING\nTHERMOSTAT: Disabled",
    ),
    ("SWITCHOFFALERT=ON", (), "SWITCHOFFALERT=ON", "SWITCHOFFALERT=ON - OK"),
    ("SWITCHOFFALERT=OFF", (), "SWITCHOFFALERT=OFF", "SWITCHOFFALERT=OFF - OK"),
    ("SWITCHOFFALERT?", (), "SWITCHOFFALERT?", "SWITCHOFFALERT=(OFF),ON"),
    ("TSENSFAILALERT=ON", (), "TSENSFAILALERT=ON", "TSENSFAILALERT=ON - OK"),
    ("TSENSFAILALERT=OFF", (), "TSENSFAILALERT=OFF", "TSENSFAILALERT=OFF - OK"),
    (
        "TSENSFAILALERT?",
        ("TSENSFAILALERT=ON",),
        "TSENSFAILALERT?",
        "TSENSFAILALERT =(ON),OFF",
    ),
    ("TRISEALERT=", (), "TRISEALERT=96F", "TRISEALERT=35C(96F) - OK"),
    ("TRISEALERT=OFF", ("TRISEALERT=35C",), "TRISEALERT=OFF", "TRISEALERT=OFF - OK"),
    ("TRISEALERT?", ("TRISEALERT=96F",), "TRISEALERT?", "TRISEALERT=35C(96F)"),
    ("TFALLALERT=", (), "TFALLALERT=60F", "TFALLALERT=15C(60F) - OK"),
    ("TFALLALERT=OFF", (), "TFALLALERT=OFF", "TFALLALERT=OFF - OK"),
    ("TFALLALERT?", ("TFALLALERT=15C",), "TFALLALERT?", "TFALLALERT=15C(60F)"),
    # §3.7 date and time
    ("DATESMS", (), "DATESMS", "DATE 26/11/23, 08:00:00+00 - OK"),
    ("DATE=", (), "DATE=26/11/23,10:00:00+04", "DATE=26/11/23, 10:00:00+04 - OK"),
    ("DATE", ("DATE=26/11/23,07:00:00-04",), "DATE", "DATE 26/11/23, 07:00:00-04"),
    # §3.8 alarm input and links
    ("SENSORTYPE=NO", (), "SENSORTYPE=NO", "SENSORTYPE=NO - OK"),
    ("SENSORTYPE=NC", (), "SENSORTYPE=NC", "SENSORTYPE=NC - OK"),
    ("SENSORTYPE?", (), "SENSORTYPE?", "SENSORTYPE=(NO),NC"),
    ("ALERT=SMS", (), "ALERT=SMS", "ALERT=SMS - OK"),
    ("ALERT=SMSCHANGE", (), "ALERT=SMSCHANGE", "ALERT=SMSCHANGE - OK"),
    ("ALERT=CALL", (), "ALERT=CALL", "ALERT=CALL - OK"),
    ("ALERT=OFF", (), "ALERT=OFF", "ALERT=OFF - OK"),
    ("ALERT?", (), "ALERT?", "ALERT=(SMS),CALL, SMSCHANGE, OFF"),
    ("RELAYTIME=ON<n>", (), "RELAYTIME=ON60", "RELAYTIME=ON60 - OK"),
    ("RELAYTIME=ON", (), "RELAYTIME=ON", "RELAYTIME=ON - OK"),
    ("RELAYTIME=OFF<n>", (), "RELAYTIME=OFF60", "RELAYTIME=OFF60 - OK"),
    ("RELAYTIME=OFF", (), "RELAYTIME=OFF", "RELAYTIME=OFF - OK"),
    ("RELAYTIME=0", ("RELAYTIME=ON",), "RELAYTIME=0", "RELAYTIME=0 - OK"),
    ("RELAYTIME?", (), "RELAYTIME?", "RELAYTIME=0"),
    ("ALARMON", (), "ALARMON", "ALARMON - OK\nALARM function: Enabled"),
    ("ALARMOFF", ("ALARMON",), "ALARMOFF", "ALARMOFF - OK\nALARM function: Disabled"),
    (
        "ALARM?",
        (),
        "ALARM?",
        "ALARM function: Disabled\nSensor(s): Connected\nALARM status: No activity",
    ),
    ("SHOWALARMLOG", (), "SHOWALARMLOG", "ALARM log is empty"),
    # §3.9 scheduler
    ("SCHEDULER+", (), "SCHEDULER+11:59,*,AON", "SCHEDULER+11:59,*,AON - OK"),
    (
        "SCHEDULER-",
        ("SCHEDULER+11:59,*,AON",),
        "SCHEDULER-11:59",
        "SCHEDULER-11:59 - OK",
    ),
    ("SCHEDULER-ALL", (), "SCHEDULER-ALL", "SCHEDULER-ALL - OK"),
    ("SCHEDULER?", ("SCHEDULER+11:59,*,AON",), "SCHEDULER?", "11:59,*,AON"),
    # §3.10 power
    ("POWERALERT=ON", (), "POWERALERT=ON", "POWERALERT=ON - OK"),
    ("POWERALERT=OFF", (), "POWERALERT=OFF", "POWERALERT=OFF - OK"),
    ("POWERALERT?", (), "POWERALERT?", "POWERALERT=(ON),OFF"),
    ("POWERSTATE=REMEMBER", (), "POWERSTATE=REMEMBER", "POWERSTATE=REMEMBER - OK"),
    ("POWERSTATE=ON", (), "POWERSTATE=ON", "POWERSTATE=ON - OK"),
    ("POWERSTATE=OFF", (), "POWERSTATE=OFF", "POWERSTATE=OFF - OK"),
    ("POWERSTATE?", (), "POWERSTATE?", "POWERSTATE=(REMEMBER), ON, OFF"),
    # §3.11 credit and SIM services
    ("CREDITUMS=", (), "CREDITUMS=*100#", "CREDITUMS =*100# - OK"),
    ("CREDITUMS=NO", ("CREDITUMS=*100#",), "CREDITUMS=NO", "CREDITUMS =NO - OK"),
    ("CREDITUMS?", ("CREDITUMS=*100#",), "CREDITUMS?", "CREDITUMS: *100#"),
    ("CREDIT", ("CREDITUMS=*100#",), "CREDIT", DEFAULT_USSD_REPLY),
    ("SIMCARD", (), "SIMCARD*101#", "Tariff: Basic. 120 free minutes left."),
    # §3.12 version information
    ("HARDWARE", (), "HARDWARE", "iSocket Environment Pro"),
    ("SERIALNUM", (), "SERIALNUM", "S/N: 12345678987654321"),
    ("FIRMWARE", (), "FIRMWARE", "v1.0.0 (c) iSocket Systems"),
]


@pytest.fixture
def bench() -> Iterator[Bench]:
    """A fresh device with an operator service for SIMCARD*101#."""
    for bench in open_bench():
        bench.network.ussd_replies["*101#"] = "Tariff: Basic. 120 free minutes left."
        yield bench


def test_every_handled_command_has_a_row() -> None:
    """The table covers exactly the emulator's commands (and so spec §3)."""
    keys = [row[0] for row in ROWS]
    assert len(keys) == len(set(keys))
    assert set(keys) == HANDLED_COMMANDS


@pytest.mark.parametrize(
    ("key", "setup", "command", "reply"), ROWS, ids=[r[0] for r in ROWS]
)
def test_reply(
    bench: Bench, key: str, setup: tuple[str, ...], command: str, reply: str
) -> None:
    """The device answers the command with the spec's text."""
    bench.setup(*setup)
    assert bench.ask(command) == reply


def test_commands_are_case_insensitive(bench: Bench) -> None:
    """§2: any case; values too (``relaytime=on60``)."""
    assert bench.ask("relaytime=on60") == "RELAYTIME=ON60 - OK"
    assert bench.ask("Status").startswith("Power socket OFF\n")
