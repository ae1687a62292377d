"""The command table, the builders and ``render`` (spec §2, §3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta, timezone
import importlib.util
from pathlib import Path
import types
from typing import Any

import pytest

from custom_components.isocket.protocol import commands as c
from custom_components.isocket.protocol.arguments import ScheduleRule
from custom_components.isocket.protocol.commands import (
    BUILDERS,
    COMMANDS,
    Command,
    CommandKind,
    render,
)
from custom_components.isocket.protocol.errors import InvalidCommandError
from custom_components.isocket.protocol.temperature import (
    Temperature,
    celsius_to_fahrenheit,
    fahrenheit_to_celsius,
)

from .command_rows import REPLY_EVEN_WITHOUT_CONFIRM, ROWS, Row

REPO = Path(__file__).resolve().parents[2]
# The repository's own copy of the spec (tests/test_vendored_spec.py keeps it
# equal to ../shared/spec where that exists), so a GitHub runner has it too.
SPEC = REPO / "docs" / "spec" / "isocket-environment-pro.md"


def _load_coverage_script() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(
        "spec_coverage", REPO / "scripts" / "spec_coverage.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("row", ROWS, ids=[row.key for row in ROWS])
def test_builder_output(row: Row) -> None:
    """Each builder makes the row's command: key, text, kind, reply rule."""
    command = row.build()
    assert command.key == row.key
    assert command.text == row.text
    assert command.kind == CommandKind(row.kind)
    expected_replies = row.kind == "inf" or row.key in REPLY_EVEN_WITHOUT_CONFIRM
    assert command.always_replies is expected_replies
    assert COMMANDS[row.key].kind == command.kind
    assert BUILDERS[row.key] is not None


def test_rows_cover_every_command_once() -> None:
    """One row per table entry, one builder per key."""
    keys = [row.key for row in ROWS]
    assert len(keys) == len(set(keys))
    assert set(keys) == set(COMMANDS) == set(BUILDERS)


def test_table_matches_spec_section_3() -> None:
    """COMMANDS holds exactly the commands of the spec's §3 tables."""
    script = _load_coverage_script()
    keys = script.spec_command_keys(
        SPEC.read_text(encoding="utf-8"), script._resolver(COMMANDS)
    )
    assert sorted(keys) == sorted(COMMANDS)


def test_spec_parser_reports_unknown_commands() -> None:
    """A spec command the table lacks comes back unresolved (and `=X` continues a name)."""
    script = _load_coverage_script()
    text = (
        "## 3. Commands\n| command | type |\n|---|---|\n"
        "| `ON` | Ctrl |\n| `SECLIST=ON` / `=OFF` | Conf |\n| `FOO=<x>` | Conf |\n"
        "## 4. Alerts\n| `BAR` | x |\n"
    )
    keys = script.spec_command_keys(text, script._resolver(COMMANDS))
    assert keys == ["ON", "SECLIST=ON", "SECLIST=OFF", "FOO=<x>"]


def test_coverage_cells() -> None:
    """Parser and emulator cells follow what the modules export."""
    script = _load_coverage_script()
    replies = types.SimpleNamespace(REPLY_PARSERS={"ON": object()})
    rows = script._row_status(
        ["ON", "OFF"], ["ON"], script._parser_check(replies), {"OFF"}
    )
    assert rows == [("ON", True, True, False), ("OFF", False, False, True)]

    def kinds_for(key: str) -> tuple[str, ...]:
        if key == "BAD":
            raise KeyError(key)
        return ("socket",) if key == "ON" else ()

    check = script._parser_check(types.SimpleNamespace(reply_kinds_for=kinds_for))
    assert (check("ON"), check("OFF"), check("BAD")) == (True, False, False)
    assert script._parser_check(None)("ON") is False


# --- values carried by commands ----------------------------------------------------


def test_values_are_typed() -> None:
    """The argument travels with the command, normalised."""
    assert c.switch_on_for(30).value == 30
    assert c.add_security_number("+4915112345678").value == "4915112345678"
    assert c.set_switch_off_temperature(50, "F").value == Temperature(10, 50)
    assert c.set_rise_alert(35).value == Temperature(35)
    assert c.add_schedule(9, 0, 1, "AON").value == ScheduleRule(9, 0, 1, "AON")
    assert c.remove_schedule(8, 5).value == time(8, 5)
    clock = c.set_clock(datetime(2026, 1, 2, 3, 4, 5, 678, tzinfo=UTC_MINUS_5))
    assert clock.value == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC_MINUS_5)
    assert clock.text == "DATE=26/01/02,03:04:05-05"  # manual §8: GMT zone, hours
    assert c.set_clock(datetime(2030, 1, 1, tzinfo=UTC)).text.endswith("+00")
    assert c.socket_on().value is None


UTC_MINUS_5 = timezone(timedelta(hours=-5))


def test_password_is_redacted() -> None:
    """Logs and messages show ``PASSWORD=*****``, never the new password."""
    command = c.set_password("12abc")
    assert command.redacted == "PASSWORD=*****"
    assert "12abc" not in repr(command)
    assert c.switch_on_for(30).redacted == "ON30"
    assert repr(c.switch_on_for(30)) == "Command('ON<n>', 'ON30', ctrl, value=30)"


def test_integral_floats_are_whole_numbers() -> None:
    """A UI number field gives 10.0: that is 10; 10.5 is not a whole number."""
    assert c.set_switch_off_temperature(10.0).text == "SWITCHOFFTEMP=10C"  # type: ignore[arg-type]
    assert c.switch_on_for(30.0).value == 30  # type: ignore[arg-type]
    rule = c.add_schedule(8.0, 0.0, 1.0, "ON")  # type: ignore[arg-type]
    assert rule.text == "SCHEDULER+08:00,1,ON"


def test_fahrenheit_conversion_matches_the_manual() -> None:
    """Spec §7.8: 96F is 35C and 60F is 15C on the device; limits convert exactly."""
    assert fahrenheit_to_celsius(96) == 35
    assert fahrenheit_to_celsius(60) == 15
    assert fahrenheit_to_celsius(-67) == -55
    assert fahrenheit_to_celsius(248) == 120
    assert fahrenheit_to_celsius(30) == -1
    assert celsius_to_fahrenheit(35) == 95
    assert celsius_to_fahrenheit(-55) == -67
    assert celsius_to_fahrenheit(-1) == 30
    assert celsius_to_fahrenheit(1) == 34  # 33.8 °F rounds up
    assert Temperature.from_fahrenheit(50) == Temperature(10, 50)


# --- builder validation ----------------------------------------------------------

INVALID: list[tuple[str, Callable[[], Command], str]] = [
    ("ON zero", lambda: c.switch_on_for(0), "value_out_of_range"),
    ("ON over", lambda: c.switch_on_for(65001), "value_out_of_range"),
    ("OFF bool", lambda: c.switch_off_for(True), "malformed_value"),
    ("OFF float", lambda: c.switch_off_for(1.5), "malformed_value"),  # type: ignore[arg-type]
    ("RESTARTTIME over", lambda: c.set_restart_time(601), "value_out_of_range"),
    ("RESTARTTIME zero", lambda: c.set_restart_time(0), "value_out_of_range"),
    ("RELAYTIME over", lambda: c.set_relay_link("ON", 65001), "value_out_of_range"),
    ("RELAYTIME bad action", lambda: c.set_relay_link("UP"), "malformed_value"),  # type: ignore[arg-type]
    ("temp hot", lambda: c.set_switch_off_temperature(121), "value_out_of_range"),
    ("temp cold", lambda: c.set_switch_off_temperature(-56), "value_out_of_range"),
    ("temp hot F", lambda: c.set_rise_alert(250, "F"), "value_out_of_range"),
    ("temp cold F", lambda: c.set_fall_alert(-68, "F"), "value_out_of_range"),
    ("temp odd F", lambda: c.set_rise_alert(51, "F"), "odd_fahrenheit"),
    ("temp unit", lambda: c.set_rise_alert(10, "K"), "malformed_value"),  # type: ignore[arg-type]
    ("temp float", lambda: c.set_fall_alert(10.5), "malformed_value"),  # type: ignore[arg-type]
    ("number letters", lambda: c.add_security_number("49abc"), "malformed_value"),
    # spaces and dashes are dropped (§5.1, test_manual_gaps); a plus inside is not
    ("number inner plus", lambda: c.add_alert_number("49+151"), "malformed_value"),
    ("number empty", lambda: c.remove_alert_number("+"), "malformed_value"),
    ("number 16", lambda: c.add_security_number("1" * 16), "value_out_of_range"),
    ("password short", lambda: c.set_password("1234"), "bad_password_length"),
    ("password long", lambda: c.set_password("123456"), "bad_password_length"),
    ("password space", lambda: c.set_password("12 ab"), "bad_password_character"),
    ("password umlaut", lambda: c.set_password("12äbc"), "bad_password_character"),
    ("password brace", lambda: c.set_password("12{bc"), "bad_password_character"),
    ("schedule hour", lambda: c.add_schedule(24, 0, None, "ON"), "value_out_of_range"),
    ("schedule minute", lambda: c.add_schedule(8, 60, 1, "ON"), "value_out_of_range"),
    ("schedule day 0", lambda: c.add_schedule(8, 0, 0, "ON"), "value_out_of_range"),
    ("schedule day 8", lambda: c.add_schedule(8, 0, 8, "OFF"), "value_out_of_range"),
    ("schedule action", lambda: c.add_schedule(8, 0, 1, "X"), "malformed_value"),  # type: ignore[arg-type]
    ("unschedule hour", lambda: c.remove_schedule(-1, 0), "value_out_of_range"),
    ("ussd digits", lambda: c.ussd("100"), "malformed_value"),
    ("ussd open", lambda: c.set_credit_code("*100"), "malformed_value"),
    ("ussd empty", lambda: c.ussd("*#"), "malformed_value"),
    ("ussd letters", lambda: c.ussd("*10A#"), "malformed_value"),
    ("clock naive", lambda: c.set_clock(datetime(2026, 1, 1)), "malformed_value"),
    (
        "clock odd zone",
        lambda: c.set_clock(
            datetime(2026, 1, 1, tzinfo=timezone(timedelta(minutes=7)))
        ),
        "malformed_value",
    ),
    (
        "clock far zone",
        lambda: c.set_clock(
            datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=-13)))
        ),
        "value_out_of_range",
    ),
    (
        "clock year",
        lambda: c.set_clock(datetime(2100, 1, 1, tzinfo=UTC)),
        "value_out_of_range",
    ),
    ("ring option", lambda: c.set_ring_action("SOMETIMES"), "malformed_value"),  # type: ignore[arg-type]
    ("alert option", lambda: c.set_alert_mode("EMAIL"), "malformed_value"),  # type: ignore[arg-type]
    ("mode option", lambda: c.set_thermostat_mode("OFF"), "malformed_value"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(
    ("build", "reason"),
    [(build, reason) for _, build, reason in INVALID],
    ids=[name for name, _, _ in INVALID],
)
def test_builders_reject_invalid_arguments(
    build: Callable[[], Command], reason: str
) -> None:
    """Every argument is validated; the reason is specific."""
    with pytest.raises(InvalidCommandError) as caught:
        build()
    assert caught.value.reason == reason
    assert caught.value.message


def test_out_of_range_message_names_the_range() -> None:
    """The allowed range is in the message and the placeholders."""
    with pytest.raises(InvalidCommandError) as caught:
        c.set_restart_time(601)
    assert caught.value.placeholders == {
        "value": "601",
        "minimum": "1",
        "maximum": "600",
        "unit": " s",
    }
    assert "1 s to 600 s" in str(caught.value)
    assert "value_out_of_range" in repr(caught.value)


# --- render --------------------------------------------------------------------


def test_render_prefixes_the_password_without_separator() -> None:
    """Spec §2: ``12abcSTATUS``; the password keeps its case."""
    assert render(c.status(), "12abc") == "12abcSTATUS"
    assert render(c.status(), "AbC!9") == "AbC!9STATUS"
    assert render(c.status(), None) == "STATUS"


def test_render_allows_exactly_30_characters() -> None:
    """DATE= with a password is exactly 30 characters: still sent."""
    clock = c.set_clock(datetime(2026, 1, 1, tzinfo=UTC))
    assert len(render(clock, "12abc")) == 30


def test_render_rejects_over_30_characters() -> None:
    """A 15-digit ALERTNUMBER+ with password would be dropped by the device."""
    command = c.add_alert_number("123456789012345")
    assert len(render(command, None)) == 27
    with pytest.raises(InvalidCommandError) as caught:
        render(command, "12abc")
    assert caught.value.reason == "too_long"
    assert caught.value.placeholders == {"length": "32", "maximum": "30"}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("STATUS\r\nAT+CMGD=1", "control_character"),
        ("ON\x1a", "control_character"),
        ("ON\x1b", "control_character"),
        ("ON\x7f", "control_character"),
        ("ONÿ", "not_gsm_character"),
        ("ON€", "not_gsm_character"),
    ],
)
def test_render_rechecks_hand_made_commands(text: str, reason: str) -> None:
    """A Command made by hand still cannot smuggle control characters."""
    command = Command("ON", text, CommandKind.CTRL, always_replies=False)
    with pytest.raises(InvalidCommandError) as caught:
        render(command, None)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("1234", "bad_password_length"),
        ("12\nab", "bad_password_character"),
        ("", "bad_password_length"),
    ],
)
def test_render_checks_the_password(password: str, reason: str) -> None:
    """The prefix is exactly 5 allowed characters."""
    with pytest.raises(InvalidCommandError) as caught:
        render(c.status(), password)
    assert caught.value.reason == reason


def test_builder_registry_rejects_bad_keys() -> None:
    """A builder registered for an unknown or already-built key is a bug."""
    builds: Any = c._builds
    with pytest.raises(RuntimeError):
        builds("NOPE")(c.status)
    with pytest.raises(RuntimeError):
        builds("STATUS")(c.status)
