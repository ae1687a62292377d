"""Power failure and restoration, non-volatile settings, factory reset (spec §3.10, §5)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from simulator.isocket_settings import Settings
from simulator.network import CallState

from .test_isocket_support import DEVICE, Bench, open_bench

HOUR = 3600


@pytest.fixture
def bench() -> Iterator[Bench]:
    """The owner is boss (and so the alert number)."""
    for bench in open_bench():
        bench.setup("MAKEMEBOSS")
        yield bench


def test_power_failure_and_remembered_state(bench: Bench) -> None:
    """POWERSTATE=REMEMBER: alert, off the network, back as before, alert again."""
    device = bench.device
    bench.setup("ON")
    seen = len(bench.owner.inbox)
    device.mains_lost()
    bench.clock.advance(0)
    assert bench.texts(bench.owner)[seen:] == ["Power failure! Time: 26/11/23,08:00:00"]
    assert not device.powered
    assert not device.socket_on
    # an SMS during the outage waits in the network; a call does not get through
    assert bench.send("STATUS") == []
    call = bench.owner.call(DEVICE)
    bench.clock.advance(0)
    assert (call.state, call.reason) == (CallState.UNANSWERED, "unreachable")
    bench.clock.advance(HOUR)
    device.mains_restored()
    bench.clock.advance(0)
    assert device.socket_on
    texts = bench.texts(bench.owner)[seen + 1 :]
    assert texts[0] == "Power supply restored! Power socket ON. Time: 26/11/23,09:00:00"
    assert texts[1].startswith("Power socket ON\nSignal:")  # the stored STATUS


@pytest.mark.parametrize(
    ("power_state", "before", "after"),
    [
        ("REMEMBER", False, False),
        ("ON", False, True),
        ("OFF", True, False),
    ],
)
def test_powerstate(bench: Bench, power_state: str, before: bool, after: bool) -> None:
    """POWERSTATE ON/OFF: always on/off after power returns, whatever it was."""
    bench.setup(f"POWERSTATE={power_state}", "ON" if before else "OFF")
    bench.device.mains_lost()
    bench.device.mains_restored()
    assert bench.device.socket_on is after


def test_poweralert_off_is_silent(bench: Bench) -> None:
    """POWERALERT=OFF: neither failure nor restoration is reported."""
    bench.setup("POWERALERT=OFF")
    seen = len(bench.owner.inbox)
    bench.device.mains_lost()
    bench.device.mains_restored()
    bench.clock.advance(0)
    assert bench.texts(bench.owner)[seen:] == []


def test_timed_switching_does_not_survive_an_outage(bench: Bench) -> None:
    """ON30 cut by an outage: REMEMBER restores "on", and nothing switches it back."""
    bench.setup("ON30")
    bench.device.mains_lost()
    bench.device.mains_restored()
    bench.clock.advance(60)
    assert bench.device.socket_on


def test_settings_survive_power_loss(bench: Bench) -> None:
    """§2: Conf settings, lists, scheduler and arming are non-volatile."""
    bench.setup(
        "RESTARTTIME=42",
        "SWITCHOFFTEMP=18C",
        "SECNUMBER+4915100000002",
        "SCHEDULER+20:30,*,OFF",
        "ALARMON",
        "PASSWORD=12abc",
    )
    before = repr(bench.device.settings)
    bench.device.mains_lost()
    bench.clock.advance(2 * HOUR)
    bench.device.mains_restored()
    bench.clock.advance(0)  # the restoration alert
    assert repr(bench.device.settings) == before
    assert bench.device.alarm_armed
    assert bench.ask("12abcRESTARTTIME?") == "RESTARTTIME=42 seconds"


def test_clock_survives_a_short_outage_only(bench: Bench) -> None:
    """§1: the clock holds for a few hours (we say 6), then follows the network again."""
    bench.setup("DATE=26/11/23,10:00:00+04")
    bench.device.mains_lost()
    bench.clock.advance(HOUR)
    bench.device.mains_restored()
    bench.clock.advance(0)
    assert bench.ask("DATE") == "DATE 26/11/23, 11:00:00+04"
    bench.device.mains_lost()
    bench.clock.advance(7 * HOUR)
    bench.device.mains_restored()
    bench.clock.advance(0)
    assert bench.ask("DATE") == "DATE 26/11/23, 16:00:00+00"


def test_stimuli_are_ignored_without_power(bench: Bench) -> None:
    """Off means off: button and repeated mains_lost do nothing."""
    bench.device.mains_lost()
    bench.device.mains_lost()
    bench.device.press_button()
    bench.device.hold_button()
    assert bench.device.settings.seclist == "ON"
    bench.device.mains_restored()
    bench.device.mains_restored()
    assert bench.device.powered
    assert not bench.device.socket_on


def test_factory_reset(bench: Bench) -> None:
    """Holding the button: every setting, list and rule back to §5; socket off."""
    bench.setup(
        "ON",
        "PASSWORD=12abc",
        "12abcALERT=CALL",
        "12abcSCHEDULER+08:00,*,ON",
        "12abcALARMON",
        "12abcTHERMOSTATON",
    )
    bench.device.sensor_active()
    bench.device.sensor_normal()
    bench.clock.advance(45 * 60)
    assert bench.device.config_window_open  # lifted by the password (manual §4.1)
    bench.device.hold_button()
    device = bench.device
    assert device.settings == Settings()
    assert not device.socket_on
    assert not device.alarm_armed
    assert device.alarm_log == []
    assert device.schedule == []
    assert device.config_window_open
    assert bench.ask("RESTARTTIME=5", bench.stranger) == "RESTARTTIME=5 - OK"


def test_factory_reset_stops_alerts_silently(bench: Bench) -> None:
    """§14: the number lists are empty after a reset, so alerts go nowhere."""
    bench.setup("MAKEMEBOSS", "TRISEALERT=30C")
    bench.device.hold_button()
    seen = len(bench.network.sent_log)
    bench.device.set_temperature(35)
    bench.clock.advance(61)
    bench.device.mains_lost()
    bench.device.mains_restored()
    assert len(bench.network.sent_log) == seen
    assert bench.device.alert_numbers == bench.device.security_numbers == []
    bench.clock.advance(31 * 60)  # no security any more: the window closes again
    assert not bench.device.config_window_open
