"""Malformed and hostile raw commands: each rejected with its specific reason."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.isocket.protocol.charset import is_control
from custom_components.isocket.protocol.commands import COMMANDS, render
from custom_components.isocket.protocol.errors import InvalidCommandError
from custom_components.isocket.protocol.raw import parse_raw_command

CORPUS: list[tuple[str, str]] = [
    # framing
    ("", "empty"),
    ("    ", "empty"),
    ("S" * 31, "too_long"),
    ("12abcALERTNUMBER+12345678901234", "too_long"),
    ("SCHEDULER+08:00,*,ON" + " " * 3 + "X" * 8, "too_long"),
    # the modem's SMS entry must never end early
    ("STATUS\r", "control_character"),
    ("STATUS\nAT+CMGD=1,4", "control_character"),
    ("ON\x1aATD+4915112345678;", "control_character"),
    ("ON\x1b", "control_character"),
    ("\x00ON", "control_character"),
    ("ON\x7f", "control_character"),
    ("ON\x85", "control_character"),
    ("ON\tOFF", "control_character"),
    # not GSM 7-bit (default alphabet)
    ("STATUS 😀", "not_gsm_character"),
    ("СТАТУС", "not_gsm_character"),  # Cyrillic look-alikes
    ("ОN", "not_gsm_character"),  # Cyrillic O
    ("状态", "not_gsm_character"),
    ("STATUS{}", "not_gsm_character"),
    ("ON~", "not_gsm_character"),
    ("12ab€STATUS", "not_gsm_character"),
    ("ON`", "not_gsm_character"),
    ("ON\u00a0", "not_gsm_character"),
    # unknown words
    ("HELLO", "unknown_command"),
    ("STAT", "unknown_command"),
    ("STATUS?", "unknown_command"),
    ("ONE", "unknown_command"),
    ("SIMCARDS", "unknown_command"),
    ("AT+CMGS=1", "unknown_command"),
    ("STA TUS", "unknown_command"),
    ("12abcHELLO", "unknown_command"),
    ("ÆØÅ", "unknown_command"),
    # password of the wrong length in front of a valid command
    ("1234STATUS", "bad_password_length"),
    ("123456STATUS", "bad_password_length"),
    ("STATUSstatus", "bad_password_length"),
    ("12ä bSTATUS", "bad_password_character"),
    ("PASSWORD=1234", "bad_password_length"),
    ("PASSWORD=123456", "bad_password_length"),
    ("PASSWORD=12 ab", "bad_password_character"),
    ("PASSWORD=12äbc", "bad_password_character"),
    # out of range
    ("ON0", "value_out_of_range"),
    ("ON65001", "value_out_of_range"),
    ("OFF-5", "value_out_of_range"),
    ("ON99999999999999999999", "value_out_of_range"),
    ("RESTARTTIME=0", "value_out_of_range"),
    ("RESTARTTIME=601", "value_out_of_range"),
    ("RELAYTIME=ON65001", "value_out_of_range"),
    ("RELAYTIME=OFF0", "value_out_of_range"),
    ("SWITCHOFFTEMP=121C", "value_out_of_range"),
    ("SWITCHOFFTEMP=-56C", "value_out_of_range"),
    ("TRISEALERT=250F", "value_out_of_range"),
    ("TFALLALERT=-68F", "value_out_of_range"),
    ("SECNUMBER+1234567890123456", "value_out_of_range"),
    ("SCHEDULER+24:00,*,ON", "value_out_of_range"),
    ("SCHEDULER+23:60,*,ON", "value_out_of_range"),
    ("SCHEDULER+08:00,0,ON", "value_out_of_range"),
    ("SCHEDULER+08:00,8,ON", "value_out_of_range"),
    ("SCHEDULER-25:00", "value_out_of_range"),
    ("DATE=26/13/01,10:00:00+04", "value_out_of_range"),
    ("DATE=26/02/29,10:00:00+04", "value_out_of_range"),
    ("DATE=26/01/01,24:00:00+04", "value_out_of_range"),
    ("DATE=26/01/01,10:00:00+57", "value_out_of_range"),
    ("DATE=26/01/01,10:00:00-49", "value_out_of_range"),
    # odd Fahrenheit
    ("SWITCHOFFTEMP=51F", "odd_fahrenheit"),
    ("TRISEALERT=-1F", "odd_fahrenheit"),
    # malformed values
    ("ON1.5", "malformed_value"),
    ("ON+5", "malformed_value"),
    ("ON=5", "malformed_value"),
    ("ON 5", "malformed_value"),
    ("RESTARTTIME=", "malformed_value"),
    ("RESTARTTIME=ten", "malformed_value"),
    ("RESTARTTIME=1e3", "malformed_value"),
    ("SWITCHOFFTEMP=10", "malformed_value"),
    ("SWITCHOFFTEMP=10.5C", "malformed_value"),
    ("SWITCHOFFTEMP=10K", "malformed_value"),
    ("SWITCHOFFTEMP=+10C", "malformed_value"),
    ("SWITCHOFFTEMP=C", "malformed_value"),
    ("TRISEALERT=ON", "malformed_value"),
    ("SECNUMBER+", "malformed_value"),
    ("SECNUMBER++4915112345678", "malformed_value"),
    ("SECNUMBER+49 151 1234", "malformed_value"),
    ("SECNUMBER+49-151-1234", "malformed_value"),
    ("ALERTNUMBER-abc", "malformed_value"),
    ("SCHEDULER+8:00,*,ON", "malformed_value"),
    ("SCHEDULER+08:00,*,TOGGLE", "malformed_value"),
    ("SCHEDULER+08:00,MON,ON", "malformed_value"),
    ("SCHEDULER+08:00", "malformed_value"),
    ("SCHEDULER+08.00,*,ON", "malformed_value"),
    ("SCHEDULER-8", "malformed_value"),
    ("SCHEDULER-08:0", "malformed_value"),
    ("DATE=26/1/1,10:00:00+04", "malformed_value"),
    ("DATE=26/01/01 10:00:00+04", "malformed_value"),
    ("DATE=26/01/01,10:00:00", "malformed_value"),
    ("DATE=now", "malformed_value"),
    ("CREDITUMS=100", "malformed_value"),
    ("CREDITUMS=*100", "malformed_value"),
    ("CREDITUMS=*ABC#", "malformed_value"),
    ("SIMCARD*#", "malformed_value"),
    ("SIMCARD*100", "malformed_value"),
    ("RING=SOMETIMES", "malformed_value"),
    ("RING=", "malformed_value"),
    ("SECLIST=MAYBE", "malformed_value"),
    ("RELAYTIME=ONX", "malformed_value"),
    ("RELAYTIME=5", "malformed_value"),
    ("ALERT=EMAIL", "malformed_value"),
    ("POWERSTATE=LAST", "malformed_value"),
    ("THERMOSTAT=AUTO", "malformed_value"),
]


@pytest.mark.parametrize(("text", "reason"), CORPUS, ids=[repr(t) for t, _ in CORPUS])
def test_corpus_rejected_with_reason(text: str, reason: str) -> None:
    """Each hostile or malformed text fails with its own reason and a message."""
    with pytest.raises(InvalidCommandError) as caught:
        parse_raw_command(text)
    assert caught.value.reason == reason, caught.value.message
    assert caught.value.message


@pytest.mark.parametrize("code", [*range(0x20), 0x7F])
def test_every_control_character_is_rejected(code: int) -> None:
    """Every C0 control and DEL, anywhere in the text."""
    for text in (f"{chr(code)}STATUS", f"STA{chr(code)}TUS", f"STATUS{chr(code)}"):
        with pytest.raises(InvalidCommandError) as caught:
            parse_raw_command(text)
        assert caught.value.reason == "control_character"
        assert caught.value.placeholders["character"] == f"U+{code:04X}"


def test_messages_say_what_is_wrong() -> None:
    """Messages name the value, the allowed range and the accepted forms."""
    cases = {
        "RESTARTTIME=601": ["601", "1 s to 600 s", "RESTARTTIME?"],
        "RING=SOMETIMES": ["SOMETIMES", "RING=SWITCH", "RING=NOACTION"],
        "ON\x1a": ["U+001A", "position 3"],
        "STATUS😀": ["position 7"],
        "1234STATUS": ["'1234'", "4 characters"],
        "S" * 31: ["31 characters", "30"],
    }
    for text, fragments in cases.items():
        with pytest.raises(InvalidCommandError) as caught:
            parse_raw_command(text)
        for fragment in fragments:
            assert fragment in caught.value.message, (text, caught.value.message)
    with pytest.raises(InvalidCommandError) as caught:
        parse_raw_command("SCHEDULER+08:00,9,ON")
    assert caught.value.placeholders.items() >= {"minimum": "1", "maximum": "7"}.items()


# --- properties --------------------------------------------------------------------

_STEMS = sorted({spec.stem for spec in COMMANDS.values()})
_COMMANDISH = st.builds(
    lambda prefix, stem, suffix: prefix + stem + suffix,
    st.sampled_from(["", "12abc", "aB3!z", "1234", "x"]),
    st.sampled_from(_STEMS),
    st.text(alphabet="0123456789-+*#:,/CFNOX?= ", max_size=12),
)


def _check_accepted(text: str) -> None:
    try:
        parsed = parse_raw_command(text)
    except InvalidCommandError:
        return  # the only exception allowed
    sms = render(parsed.command, parsed.password)
    assert len(sms) <= 30
    assert not any(is_control(char) for char in sms)
    assert parsed.command.key in COMMANDS
    # The canonical form is stable: parsing it again gives the same command.
    assert parse_raw_command(sms) == parsed


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=40))
def test_random_text_raises_only_invalid_command(text: str) -> None:
    """Anything at all: a ParsedCommand or InvalidCommandError, nothing else."""
    _check_accepted(text)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_COMMANDISH)
def test_command_like_text_raises_only_invalid_command(text: str) -> None:
    """Near-commands exercise the argument grammars; accepted ones render safely."""
    _check_accepted(text)
