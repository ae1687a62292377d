"""Raw commands typed by a user: every builder's output parses back (spec §2)."""

from __future__ import annotations

import pytest

from custom_components.isocket.protocol import commands as c
from custom_components.isocket.protocol.commands import render
from custom_components.isocket.protocol.errors import InvalidCommandError
from custom_components.isocket.protocol.raw import ParsedCommand, parse_raw_command

from .command_rows import ROWS, Row

IDS = [row.key for row in ROWS]


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_round_trip_without_password(row: Row) -> None:
    """The builder's text parses to the same command."""
    command = row.build()
    assert parse_raw_command(command.text) == ParsedCommand(command, None)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_round_trip_with_password(row: Row) -> None:
    """The rendered SMS (password + command) parses back, password kept.

    ALERTNUMBER+ with a 12-digit number and a password is 29 characters: fits.
    """
    command = row.build()
    sms = render(command, "12abc")
    assert parse_raw_command(sms) == ParsedCommand(command, "12abc")


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_round_trip_lower_case(row: Row) -> None:
    """Commands are case-insensitive; the canonical form is upper case."""
    command = row.build()
    parsed = parse_raw_command("Xy9#z" + command.text.lower())
    assert parsed.password == "Xy9#z"
    if row.key == "PASSWORD=":
        # The new password is a value whose case matters: kept as typed.
        assert parsed.command == c.set_password("12abc")
        assert parse_raw_command("password=AbCdE").command.text == "PASSWORD=AbCdE"
    else:
        assert parsed.command == command
    assert parse_raw_command(command.text.lower()).command.key == row.key


@pytest.mark.parametrize(
    ("text", "command", "password"),
    [
        # The whole text is tried first: ALARMON, not password ALARM + ON.
        ("ALARMON", c.alarm_on(), None),
        ("alarmoff", c.alarm_off(), None),
        # A password that starts like a command.
        ("ON123STATUS", c.status(), "ON123"),
        ("OFF12on30", c.switch_on_for(30), "OFF12"),
        ("STATUSTATUS", c.status(), "STATU"),
        # Spaces around the command are dropped; leading zeros normalised.
        ("  status ", c.status(), None),
        ("on030", c.switch_on_for(30), None),
        ("TFALLALERT=-0C", c.set_fall_alert(0), None),
        ("restarttime=0600", c.set_restart_time(600), None),
        ("secnumber+012", c.add_security_number("012"), None),
        ("SCHEDULER+23:59,7,aof", c.add_schedule(23, 59, 7, "AOF"), None),
        ("DATE=24/02/29,23:59:59-12", None, None),
        ("SIMCARD#123#", c.ussd("#123#"), None),
        ("relaytime=off65000", c.set_relay_link("OFF", 65000), None),
        ("swItchofftemp=248f", c.set_switch_off_temperature(248, "F"), None),
        ("12abcPASSWORD=NO", c.remove_password(), "12abc"),
    ],
)
def test_parse_examples(
    text: str, command: c.Command | None, password: str | None
) -> None:
    """Worked examples of the ambiguity rule and normalisation."""
    parsed = parse_raw_command(text)
    if command is not None:
        assert parsed.command == command
    else:
        assert parsed.command.text == text
    assert parsed.password == password


def test_error_in_the_command_after_a_password_is_reported() -> None:
    """With a password in front, the command's own error still comes through."""
    with pytest.raises(InvalidCommandError) as caught:
        parse_raw_command("12abcON70000")
    assert caught.value.reason == "value_out_of_range"
    assert caught.value.placeholders["maximum"] == "65000"
    assert caught.value.placeholders["command"] == "ON<n>"


def test_password_with_forbidden_character() -> None:
    """A command after five characters that cannot be a password."""
    with pytest.raises(InvalidCommandError) as caught:
        parse_raw_command("12 abSTATUS")
    assert caught.value.reason == "bad_password_character"
