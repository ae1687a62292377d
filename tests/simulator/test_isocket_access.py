"""Who may command the device, and what it says when it will not (spec §2, §3.3, §3.5)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from simulator.isocket_security import BOSS_TEXT

from .test_isocket_support import FRIEND, STRANGER, Bench, open_bench

WINDOW = 30 * 60


@pytest.fixture
def bench() -> Iterator[Bench]:
    """A fresh device."""
    yield from open_bench()


# -- error replies --------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "RESTARTTIME=0",
        "RESTARTTIME=601",
        "RESTARTTIME=five",
        "ON0",
        "OFF65001",
        "SWITCHOFFTEMP=121C",
        "SWITCHOFFTEMP=-56C",
        "SWITCHOFFTEMP=51F",
        "SWITCHOFFTEMP=250F",
        "SWITCHOFFTEMP=10",
        "TRISEALERT=1.5C",
        "SECNUMBER+1234567890123456",
        "SECNUMBER+",
        "ALERTNUMBER++4915100000001",
        "PASSWORD=1234",
        "PASSWORD=123456",
        "SCHEDULER+8:00,*,ON",
        "SCHEDULER+08:00,8,ON",
        "SCHEDULER+24:00,*,ON",
        "SCHEDULER+08:00,*,TOGGLE",
        "SCHEDULER-8:00",
        "DATE=26/13/01,10:00:00+00",
        "DATE=26/11/23 10:00:00",
        "CREDITUMS=100",
        "SIMCARD",
        "ALERT=EMAIL",
        "RELAYTIME=ON65001",
        "RELAYTIME=ON0",
        "THERMOSTAT=WARM",
        "SMSCONFIRM=YES",
    ],
)
def test_incorrect_value(bench: Bench, command: str) -> None:
    """A known command with a bad value: ``Incorrect value!`` and nothing changes."""
    before = bench.device.settings.__repr__()
    assert bench.ask(command) == "Incorrect value!"
    assert bench.device.settings.__repr__() == before


def test_unknown_command_echoes_the_text(bench: Bench) -> None:
    """§2.1: the command as sent, then the fixed text."""
    assert bench.ask("Statuss") == "Statuss - No such command exists on the device!"
    assert bench.ask("ON 30") == "ON 30 - No such command exists on the device!"


def test_execute_errors(bench: Bench) -> None:
    """CREDIT without a code; an 11th number; a 9th scheduler rule."""
    assert bench.ask("CREDIT") == "Execute error!"
    for n in range(10):
        bench.setup(f"SECNUMBER+49151000001{n:02d}")
    assert bench.ask("SECNUMBER+4915100000199") == "Execute error!"
    assert len(bench.device.security_numbers) == 10
    for hour in range(8):
        bench.setup(f"SCHEDULER+{hour:02d}:00,*,ON")
    assert bench.ask("SCHEDULER+09:00,*,OFF") == "Execute error!"
    assert len(bench.device.schedule) == 8


def test_error_off_silences_every_error(bench: Bench) -> None:
    """ERROR=OFF: no reply for unknown, bad value, execute error, password, window."""
    bench.setup("ERROR=OFF", "SMSCONFIRMUNAUTH=ON", "MAKEMEBOSS")
    for command in ("FOO", "RESTARTTIME=0", "CREDIT"):
        assert bench.send(command) == []
    assert bench.send("HELLO", bench.stranger) == []  # no "Access deny!" either
    bench.setup("PASSWORD=12abc")
    assert bench.send("STATUS") == []
    assert bench.ask("12abcSTATUS").startswith("Power socket")
    for spec_bench in open_bench(security_lifts_config_window=False):
        spec_bench.setup("ERROR=OFF")
        spec_bench.clock.advance(WINDOW)
        assert spec_bench.send("RESTARTTIME=5") == []  # the window, silently
        assert spec_bench.device.settings.restart_time == 10


def test_sms_longer_than_30_characters_is_dropped(bench: Bench) -> None:
    """§2: silently, password included; 30 characters still count."""
    bench.setup("PASSWORD=12abc")
    assert bench.send("12abcSCHEDULER+08:00,*,AON     ") == []  # 31 characters
    assert bench.device.schedule == []
    assert bench.send("12abcSCHEDULER+08:00,*,AON") == ["SCHEDULER+08:00,*,AON - OK"]
    assert bench.send("12abc" + "X" * 25) == [
        "X" * 25 + " - No such command exists on the device!"
    ]


# -- password -------------------------------------------------------------------


def test_password_change_and_removal(bench: Bench) -> None:
    """§3.3: prefix without separator; case-sensitive password, any-case command."""
    assert bench.ask("PASSWORD=12abc") == "PASSWORD=***** - OK"
    assert bench.ask("STATUS") == "Invalid access password!"  # §7.1: our choice
    assert bench.ask("12ABCSTATUS") == "Invalid access password!"
    assert bench.ask("99abcSTATUS") == "Invalid access password!"
    assert bench.ask("12abcstatus").startswith("Power socket OFF")
    assert bench.ask("12abcON") == "Power socket ON"
    # change: the old password must be prefixed; the new one keeps its case
    assert bench.ask("PASSWORD=Xy9zQ") == "Invalid access password!"
    assert bench.ask("12abcPASSWORD=Xy9zQ") == "PASSWORD=***** - OK"
    assert bench.device.settings.password == "Xy9zQ"
    assert bench.ask("12abcSTATUS") == "Invalid access password!"
    assert bench.ask("Xy9zQOFF") == "Power socket OFF"
    # removal
    assert bench.ask("Xy9zQpassword=no") == "PASSWORD=NO - OK"
    assert bench.device.settings.password is None
    assert bench.ask("ON") == "Power socket ON"


def test_password_change_is_silent_without_confirmations(bench: Bench) -> None:
    """§5.2 with SMSCONFIRM=OFF: the change is applied, and nothing says so."""
    bench.setup("PASSWORD=12abc", "12abcSMSCONFIRM=OFF")
    assert bench.send("12abcPASSWORD=Xy9zQ") == []
    assert bench.device.settings.password == "Xy9zQ"


def test_password_change_refused_silently_with_error_off(bench: Bench) -> None:
    """§5.2 with ERROR=OFF: a wrong old password or a bad new one, no word, no change."""
    bench.setup("PASSWORD=12abc", "12abcERROR=OFF")
    assert bench.send("PASSWORD=Xy9zQ") == []  # the old password is missing
    assert bench.send("12abcPASSWORD=Xy9") == []  # five characters or nothing
    assert bench.device.settings.password == "12abc"


def test_first_password_after_the_window_is_refused() -> None:
    """§5.2 with the window expired (no security yet): refused, or silent with ERROR=OFF."""
    for bench in open_bench():
        bench.clock.advance(WINDOW)
        assert bench.ask("PASSWORD=12abc") == (
            "PASSWORD=12abc - Time for configuration expired (Conf)!"
        )
        bench.device.settings.error = "OFF"
        assert bench.send("PASSWORD=12abc") == []
        assert bench.device.settings.password is None


# -- security list ----------------------------------------------------------------


def test_makemeboss_onboarding(bench: Bench) -> None:
    """§3.3: the first sender becomes boss; others are then unauthorised."""
    assert bench.ask("MAKEMEBOSS") == BOSS_TEXT
    device = bench.device
    assert device.settings.seclist == "ON"
    assert device.security_numbers == ["4915100000001"]
    assert device.alert_numbers == ["4915100000001"]
    assert bench.send("MAKEMEBOSS", bench.stranger) == []
    assert device.security_numbers == ["4915100000001"]
    # further numbers through SECNUMBER+; they may then ALERTME
    assert bench.ask("SECNUMBER+4915100000002") == "SECNUMBER+4915100000002 - OK"
    assert bench.ask("ALERTME", bench.friend).startswith("Your phone number has been")
    assert device.alert_numbers == ["4915100000001", "4915100000002"]


def test_unauthorised_senders_get_silence_or_access_deny(bench: Bench) -> None:
    """§2.1: silence by default, ``Access deny!`` with SMSCONFIRMUNAUTH=ON; no effect."""
    bench.setup("MAKEMEBOSS")
    assert bench.send("ON", bench.stranger) == []
    assert not bench.device.socket_on
    bench.setup("SMSCONFIRMUNAUTH=ON")
    assert bench.send("ON", bench.stranger) == ["Access deny!"]
    assert bench.send("STATUS", bench.stranger) == ["Access deny!"]
    assert not bench.device.socket_on


def test_numbers_are_compared_exactly(bench: Bench) -> None:
    """Manual §5.1 (wins over spec §6): a national presentation needs its own entry.

    The manual tells users to list the local form as well when the operator
    presents numbers locally, so the device compares them exactly; 015100000002
    does not match 4915100000002.
    """
    bench.setup("MAKEMEBOSS", "SECNUMBER+4915100000002")
    national = bench.phone("015100000002")
    bench.network.detach(bench.friend)  # the same line, presented nationally
    assert bench.send("ON", national) == []
    assert not bench.device.socket_on
    bench.setup("SECNUMBER+015100000002")
    assert bench.ask("ON", national) == "Power socket ON"


def test_without_seclist_anyone_may_command(bench: Bench) -> None:
    """Adding numbers without SECLIST=ON gives no protection (§3.3)."""
    bench.setup(f"SECNUMBER+{FRIEND[1:]}")
    assert bench.ask("ON", bench.stranger) == "Power socket ON"


def test_secnumber_all_turns_the_list_and_ring_actions_off(bench: Bench) -> None:
    """SECNUMBER-ALL sets SECLIST=OFF, which resets RING to NOACTION (§3.2)."""
    bench.setup("MAKEMEBOSS", "RING=SWITCH")
    assert bench.device.settings.ring == "SWITCH"
    assert bench.ask("SECNUMBER-ALL") == "SECNUMBER-ALL - OK"
    assert (bench.device.settings.seclist, bench.device.settings.ring) == (
        "OFF",
        "NOACTION",
    )
    assert bench.ask("ON", bench.stranger) == "Power socket ON"


def test_seclist_off_resets_ring(bench: Bench) -> None:
    """RING needs the list; turning it off drops the action, refusals change nothing."""
    assert bench.ask("RING=RESTART") == "SECLIST is not active!"
    assert bench.device.settings.ring == "NOACTION"
    bench.setup("MAKEMEBOSS", "RING=RESTART", "SECLIST=OFF")
    assert bench.device.settings.ring == "NOACTION"


def test_stranger_number_cannot_be_stored_as_boss(bench: Bench) -> None:
    """An alphanumeric sender has no number to list: ``Execute error!``."""
    sender = bench.phone("Promo")
    assert bench.ask("MAKEMEBOSS", sender) == "Execute error!"
    assert bench.device.settings.seclist == "OFF"


# -- SMSCONFIRM --------------------------------------------------------------------

ALWAYS = [
    "STATUS",
    "TEMPERATURE",
    "RUNTIME",
    "SHOWALARMLOG",
    "CREDIT",
    "HARDWARE",
    "SERIALNUM",
    "FIRMWARE",
    "DATE",
    "RING?",
    "ALERT?",
    "SCHEDULER?",
    "SECNUMBER?",
    "THERMOSTAT?",
]


def test_smsconfirm_off_keeps_the_exceptions(bench: Bench) -> None:
    """§2: only the listed commands and every Inf still answer; errors still come."""
    bench.setup("CREDITUMS=*100#")
    assert bench.ask("SMSCONFIRM=OFF") == "SMSCONFIRM=OFF - OK"
    for command in ALWAYS:
        assert len(bench.send(command)) == 1, command
    for command in ("ON", "OFF30", "RESTARTTIME=5", "ALARMON", "SCHEDULER+08:00,*,ON"):
        assert bench.send(command) == [], command
    assert bench.device.settings.restart_time == 5  # applied all the same
    assert bench.ask("FOO") == "FOO - No such command exists on the device!"
    assert bench.ask("SMSCONFIRM=ON") == "SMSCONFIRM=ON - OK"
    assert bench.ask("ON") == "Power socket ON"


# -- the 30-minute configuration window ------------------------------------------------


def test_configuration_window_expiry_and_reopening(bench: Bench) -> None:
    """§2: 30 min after power-on or the last accepted Conf; a power cycle reopens it."""
    bench.clock.advance(WINDOW - 1)
    assert bench.ask("RESTARTTIME=5") == "RESTARTTIME=5 - OK"  # and restarts the window
    bench.clock.advance(WINDOW - 1)
    assert bench.device.config_window_open
    assert (
        bench.ask("RESTARTTIME=0") == "Incorrect value!"
    )  # not accepted: no extension
    bench.clock.advance(1)
    assert not bench.device.config_window_open
    assert (
        bench.ask("restarttime=7")
        == "restarttime=7 - Time for configuration expired (Conf)!"
    )
    assert bench.device.settings.restart_time == 5
    assert bench.ask("ON") == "Power socket ON"  # Ctrl and Inf are always accepted
    assert bench.ask("RESTARTTIME?") == "RESTARTTIME=5 seconds"
    bench.device.mains_lost()
    bench.device.mains_restored()
    assert bench.device.config_window_open
    assert bench.ask("RESTARTTIME=7") == "RESTARTTIME=7 - OK"


@pytest.mark.parametrize("security", ["MAKEMEBOSS", "PASSWORD=12abc"])
def test_security_lifts_the_window(bench: Bench, security: str) -> None:
    """Manual §4.1 (wins over spec §2): configured security lifts the 30-minute limit."""
    bench.clock.advance(WINDOW)
    assert bench.ask("RESTARTTIME=5").endswith("Time for configuration expired (Conf)!")
    bench.device.hold_button()
    bench.setup(security)
    bench.clock.advance(2 * WINDOW)
    prefix = "12abc" if security.startswith("PASSWORD") else ""
    assert bench.ask(f"{prefix}RESTARTTIME=5") == "RESTARTTIME=5 - OK"


def test_spec_reading_of_the_window_is_an_option() -> None:
    """``security_lifts_config_window=False``: the spec's §2, the window closes anyway."""
    for bench in open_bench(security_lifts_config_window=False):
        bench.setup("MAKEMEBOSS")
        bench.clock.advance(WINDOW)
        assert bench.ask("RESTARTTIME=5").endswith(
            "Time for configuration expired (Conf)!"
        )


def test_unauthorised_sender_never_reaches_the_window(bench: Bench) -> None:
    """Authorisation comes first: a stranger learns nothing about the window."""
    bench.setup("MAKEMEBOSS", "SMSCONFIRMUNAUTH=ON")
    bench.clock.advance(WINDOW)
    assert bench.send("RESTARTTIME=5", bench.stranger) == ["Access deny!"]
    assert STRANGER[1:] not in bench.device.security_numbers
