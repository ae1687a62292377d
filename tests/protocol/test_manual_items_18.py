"""Issue 18's manual items, each against the section of the German manual it follows.

Where the English spec disagrees with the German manual (../shared/seed/), the
manual wins; each such place says so.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from custom_components.isocket.protocol import commands as c
from custom_components.isocket.protocol.correlation import Correlator, Outcome
from custom_components.isocket.protocol.errors import InvalidCommandError
from custom_components.isocket.protocol.interpret import interpret
from custom_components.isocket.protocol.raw import parse_raw_command
from custom_components.isocket.protocol.replies import parse_message
from custom_components.isocket.protocol.results import (
    AlarmLog,
    ClockReading,
    SeclistNotActive,
    SettingAck,
    Unknown,
)
from custom_components.isocket.protocol.state import DeviceState
from simulator.isocket_time import date_text, parse_date
from tests.simulator.test_isocket_support import open_bench

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
DOCS = Path(__file__).resolve().parents[2] / "docs"

# --- §8: DATE's zz is the GMT zone (hours), not quarter hours ------------------------------


def test_date_reply_zone_is_in_hours() -> None:
    """Manual §8 "zz steht für die GMT-Zeitzone": `+02` is GMT+2.

    The spec (§3.7) says quarter hours as in AT+CCLK; the manual wins.
    """
    result = parse_message("DATE 26/12/07, 10:11:12+02")
    assert isinstance(result, ClockReading)
    assert result.time.utcoffset() == timedelta(hours=2)
    negative = parse_message("DATE 26/12/07, 10:11:12-05")
    assert isinstance(negative, ClockReading)
    assert negative.time.utcoffset() == timedelta(hours=-5)


def test_date_reply_with_an_impossible_zone_is_unknown() -> None:
    """A GMT zone beyond +14 does not exist: not a clock reading."""
    assert isinstance(parse_message("DATE 26/12/07, 10:11:12+20"), Unknown)


def test_date_command_sends_the_zone_in_hours() -> None:
    """DATE= carries whole hours; a zone that is no whole hour cannot be sent."""
    when = datetime(2026, 12, 7, 10, 11, 12, tzinfo=timezone(timedelta(hours=1)))
    assert c.set_clock(when).text == "DATE=26/12/07,10:11:12+01"
    india = when.replace(tzinfo=timezone(timedelta(hours=5, minutes=30)))
    with pytest.raises(InvalidCommandError):
        c.set_clock(india)
    with pytest.raises(InvalidCommandError):
        parse_raw_command("DATE=26/12/07,10:11:12+20")


def test_emulator_reads_and_prints_the_zone_in_hours() -> None:
    """The emulated device follows the manual too."""
    moment = parse_date("26/12/07,10:11:12+02")
    assert moment.utcoffset() == timedelta(hours=2)
    assert date_text(moment) == "26/12/07, 10:11:12+02"


# --- §4.2: RING=SWITCH refused when SECLIST is not active -----------------------------------


def test_ring_switch_refused_is_not_stored() -> None:
    """Manual §4.2: the reply column holds `RING=SWITCH – OK` and `SECLIST is not active!`.

    With the second line the device refused RING=SWITCH: RING stays NOACTION
    (without the security list RING falls back to it) and SECLIST is off.
    """
    correlator = Correlator()
    pending = correlator.expect(c.set_ring_action("SWITCH"), 0.0)
    seen = interpret("RING=SWITCH - OK\nSECLIST is not active!", correlator, 1.0)
    assert isinstance(seen.result, SeclistNotActive)
    assert pending.outcome is Outcome.FAILED  # refused: nothing to assume
    state = DeviceState()
    state.apply(parse_message("RING=NOACTION - OK"), NOW, solicited=True)
    state.apply(seen.result, NOW, solicited=True)
    assert state.setting("RING") == "NOACTION"
    assert state.setting("SECLIST") == "OFF"


def test_ring_switch_accepted_is_stored() -> None:
    """The plain acknowledgement still stores RING=SWITCH."""
    state = DeviceState()
    state.apply(parse_message("RING=SWITCH – OK"), NOW, solicited=True)
    assert state.setting("RING") == "SWITCH"


# --- §5.3: alert numbers in international form only ----------------------------------------


@pytest.mark.parametrize("number", ["0151 1234 5678", "015112345678"])
def test_local_alert_numbers_are_refused(number: str) -> None:
    """Manual §5.3: "FÜGEN SIE DIE TELEFONNUMMER NICHT IM LOKALEN FORMAT HINZU"."""
    with pytest.raises(InvalidCommandError):
        c.add_alert_number(number)
    with pytest.raises(InvalidCommandError):
        parse_raw_command("ALERTNUMBER+015112345678")


@pytest.mark.parametrize(
    ("number", "text"),
    [
        ("+49 151 1234 5678", "ALERTNUMBER+4915112345678"),
        ("0049 151 1234 5678", "ALERTNUMBER+4915112345678"),
        ("4915112345678", "ALERTNUMBER+4915112345678"),
    ],
)
def test_international_alert_numbers_are_sent(number: str, text: str) -> None:
    """International form, with `+` or `00` or bare: sent without a prefix."""
    assert c.add_alert_number(number).text == text


def test_a_local_alert_number_can_still_be_removed() -> None:
    """A local number already on the list can be taken off it."""
    assert c.remove_alert_number("015112345678").text == "ALERTNUMBER-015112345678"
    # the security list takes local numbers (manual §5.1: add both forms)
    assert c.add_security_number("015112345678").text == "SECNUMBER+015112345678"


# --- §5.1/§7: an acknowledgement wrapped over two lines is joined ---------------------------


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("SECNUMBER-\n3589123456789 – OK", "SECNUMBER", "3589123456789"),  # manual §5.1
        ("TRISEALERT=35C(96F) –\nOK", "TRISEALERT", "35C(96F)"),  # manual §7
        ("RESTARTTIME=5 -\nOK", "RESTARTTIME", "5"),
    ],
)
def test_wrapped_acknowledgement_is_joined(text: str, name: str, value: str) -> None:
    """As the manual prints them, over two lines."""
    result = parse_message(text)
    assert isinstance(result, SettingAck)
    assert (result.name, result.value) == (name, value)


def test_wrapped_acknowledgement_completes_its_command() -> None:
    """The joined acknowledgement answers the command it echoes."""
    correlator = Correlator()
    pending = correlator.expect(c.remove_security_number("3589123456789"), 0.0)
    seen = interpret("SECNUMBER-\n3589123456789 – OK", correlator, 1.0)
    assert seen.pending is pending


# --- §7: the emulator prints 35C(96F), as the manual -----------------------------------------


@pytest.mark.parametrize(
    ("command", "reply"),
    [
        ("TRISEALERT=35C", "TRISEALERT=35C(96F) - OK"),  # manual §7 table
        ("TFALLALERT=15C", "TFALLALERT=15C(60F) - OK"),  # manual §7 table
        ("SWITCHOFFTEMP=22C", "SWITCHOFFTEMP=22C(72F) - OK"),  # manual §7 COOLING
    ],
)
def test_emulator_prints_thresholds_as_the_manual(command: str, reply: str) -> None:
    """Manual §7 prints `TRISEALERT=35C(96F)` for 35 °C (95 °F exactly)."""
    for bench in open_bench():
        bench.setup("MAKEMEBOSS")
        assert bench.send(command)[0].splitlines()[0] == reply
        parsed = parse_message(reply)  # the first line: the acknowledgement
        assert isinstance(parsed, SettingAck)
        assert parsed.temperature is not None
        assert parsed.temperature.fahrenheit % 2 == 0  # the even °F the manual shows


# --- §9.5: the alarm log as the manual prints it, and as the docs quote it -----------------


def test_docs_quote_the_alarm_log_as_the_manual_prints_it() -> None:
    """Manual §9.5 prints SHOWALARMLOG's answer as `yy/mm/dd:hh:ss`.

    docs/messages.md quotes that form with its section (it misquoted it as
    `yy/mm/dd:hh:mm`), and the parser reads a line of it, the two fields after
    the date as hours and minutes.
    """
    docs = " ".join((DOCS / "messages.md").read_text(encoding="utf-8").split())
    assert "as the manual prints them (§9.5, SHOWALARMLOG), `yy/mm/dd:hh:ss`" in docs
    assert "`yy/mm/dd:hh:mm`" not in docs
    result = parse_message("26/03/04:05:06")
    assert isinstance(result, AlarmLog)
    assert result.entries == (datetime(2026, 3, 4, 5, 6),)
