"""Scheduler rules executed on the device clock (spec §3.9)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .test_isocket_support import Bench, open_bench

MINUTE, HOUR, DAY = 60, 3600, 86400


@pytest.fixture
def bench() -> Iterator[Bench]:
    """Monday 08:00:00 UTC; the owner is boss and alert number."""
    for bench in open_bench():
        bench.setup("MAKEMEBOSS")
        yield bench


def test_on_and_off_rules_fire_at_their_minute(bench: Bench) -> None:
    """``08:01,*,ON`` and ``08:03,*,OFF``, every day."""
    bench.setup("SCHEDULER+08:01,*,ON", "SCHEDULER+08:03,*,OFF")
    bench.clock.advance(MINUTE - 1)
    assert not bench.device.socket_on
    bench.clock.advance(1)
    assert bench.device.socket_on
    bench.clock.advance(2 * MINUTE)
    assert not bench.device.socket_on
    bench.clock.advance(DAY - 2 * MINUTE)  # Tuesday 08:01
    assert bench.device.socket_on


def test_weekday_rules(bench: Bench) -> None:
    """Day 2 is Tuesday: nothing on Monday."""
    bench.setup("SCHEDULER+08:05,2,ON")
    bench.clock.advance(HOUR)
    assert not bench.device.socket_on
    bench.clock.advance(DAY - HOUR + 4 * MINUTE)  # Tuesday 08:04
    assert not bench.device.socket_on
    bench.clock.advance(MINUTE)
    assert bench.device.socket_on


def test_alarm_and_status_rules(bench: Bench) -> None:
    """AON arms, AOF disarms, INF sends STATUS to the alert numbers."""
    bench.setup(
        "SCHEDULER+08:01,*,AON", "SCHEDULER+08:02,*,INF", "SCHEDULER+08:03,*,AOF"
    )
    seen = len(bench.owner.inbox)
    bench.clock.advance(MINUTE)
    assert bench.device.alarm_armed
    bench.clock.advance(MINUTE)
    status = bench.texts(bench.owner)[seen:]
    assert status == [
        (
            "Power socket OFF\nSignal: Good (-67dBm)\nTEMP: 25C(77F)\nALARMF: Enabled\n"
            "ALARM status: No act\nTime: 26/11/23,08:02:00"
        )
    ]
    bench.clock.advance(MINUTE)
    assert not bench.device.alarm_armed


def test_rules_follow_the_device_clock(bench: Bench) -> None:
    """DATE= moves the schedule: local time with the GSM time zone."""
    bench.setup("SCHEDULER+11:59,*,ON", "DATE=26/11/23,11:58:30+04")
    bench.clock.advance(29)
    assert not bench.device.socket_on
    bench.clock.advance(1)
    assert bench.device.socket_on


def test_removing_rules(bench: Bench) -> None:
    """SCHEDULER-hh:mm removes that time's rules; SCHEDULER-ALL all of them."""
    bench.setup(
        "SCHEDULER+08:01,*,ON", "SCHEDULER+08:01,3,OFF", "SCHEDULER+09:00,*,INF"
    )
    assert bench.ask("SCHEDULER?") == "08:01,*,ON\n08:01,3,OFF\n09:00,*,INF"
    bench.setup("SCHEDULER-08:01")
    assert bench.ask("SCHEDULER?") == "09:00,*,INF"
    bench.clock.advance(MINUTE)
    assert not bench.device.socket_on
    bench.setup("SCHEDULER-ALL")
    assert bench.ask("SCHEDULER?") == "No scheduler rules"


def test_no_rules_run_without_power(bench: Bench) -> None:
    """The scheduler sleeps through an outage and resumes after it."""
    bench.setup("SCHEDULER+08:01,*,ON", "SCHEDULER+08:03,*,OFF", "ON")
    bench.device.mains_lost()
    bench.clock.advance(2 * MINUTE)  # 08:01 passes in the dark
    bench.device.mains_restored()
    assert bench.device.socket_on  # REMEMBER
    bench.clock.advance(MINUTE)
    assert not bench.device.socket_on
