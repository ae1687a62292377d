"""SimClock: real-time running, jumps with advance(), ordered timers."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from simulator.clock import SimClock

START = datetime(2026, 1, 1, tzinfo=UTC)


def test_frozen_clock_moves_only_on_advance() -> None:
    """speed=0: now() stands still until advance()."""
    clock = SimClock(0, start=START)
    assert clock.now() == 0
    clock.advance(90)
    assert clock.now() == pytest.approx(90)
    assert clock.utcnow() == START + timedelta(seconds=90)
    clock.close()


def test_advance_fires_due_timers_in_order_at_their_time() -> None:
    """Each callback sees its own due time; later timers wait."""
    clock = SimClock(0)
    fired: list[tuple[str, float]] = []
    clock.call_later(5, lambda: fired.append(("b", clock.now())))
    clock.call_later(2, lambda: fired.append(("a", clock.now())))
    clock.call_later(5, lambda: fired.append(("c", clock.now())))
    clock.call_later(11, lambda: fired.append(("late", clock.now())))
    clock.advance(10)
    assert fired == [("a", 2), ("b", 5), ("c", 5)]
    assert clock.pending() == 1
    clock.advance(1)
    assert fired[-1] == ("late", 11)
    assert clock.pending() == 0
    clock.close()


def test_timers_scheduled_inside_the_window_fire_too() -> None:
    """A 20 s ring scheduled by a callback at t=5 fires within advance(30)."""
    clock = SimClock(0)
    fired: list[float] = []
    clock.call_later(5, lambda: clock.call_later(20, lambda: fired.append(clock.now())))
    clock.advance(30)
    assert fired == [25]
    assert clock.now() == 30


def test_cancel_and_close() -> None:
    """Cancelled timers never run; close() forgets all and refuses new ones."""
    clock = SimClock(0)
    fired: list[int] = []
    handle = clock.call_later(1, lambda: fired.append(1))
    handle.cancel()
    handle.cancel()
    clock.call_later(2, lambda: fired.append(2))
    clock.advance(1.5)
    assert fired == []
    clock.close()
    clock.advance(5)
    assert fired == []
    with pytest.raises(RuntimeError):
        clock.call_later(1, lambda: None)


def test_bad_arguments() -> None:
    """No negative speed, no time travel backwards."""
    with pytest.raises(ValueError):
        SimClock(-1)
    clock = SimClock(0)
    with pytest.raises(ValueError):
        clock.advance(-1)


def test_callback_errors_propagate_from_advance() -> None:
    """A simulator bug surfaces in the test that advanced the clock."""
    clock = SimClock(0)

    def boom() -> None:
        raise ZeroDivisionError

    clock.call_later(1, boom)
    with pytest.raises(ZeroDivisionError):
        clock.advance(2)


async def test_runs_with_the_loop_at_speed() -> None:
    """speed=100: a 5 s simulated timer fires after ~50 ms of real time."""
    clock = SimClock(100)
    fired = asyncio.Event()
    clock.call_later(5, fired.set)
    loop = asyncio.get_running_loop()
    began = loop.time()
    await asyncio.wait_for(fired.wait(), 2)
    assert 0.03 < loop.time() - began < 1.0
    assert clock.now() >= 5
    clock.close()


async def test_frozen_clock_still_runs_due_timers_on_the_loop() -> None:
    """speed=0: call_later(0) runs soon; a 1 s timer waits for advance()."""
    clock = SimClock(0)
    fired: list[str] = []
    clock.call_later(0, lambda: fired.append("now"))
    clock.call_later(1, lambda: fired.append("later"))
    await asyncio.sleep(0.01)
    assert fired == ["now"]
    clock.advance(1)
    assert fired == ["now", "later"]
    clock.close()


async def test_sleep_is_cut_short_by_advance() -> None:
    """clock.sleep(3600) returns once a test advances an hour."""
    clock = SimClock(0)
    task = asyncio.create_task(clock.sleep(3600))
    await asyncio.sleep(0)
    assert not task.done()
    clock.advance(3600)
    await asyncio.wait_for(task, 1)
    clock.close()


async def test_loop_callback_errors_are_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """On the loop, one failing timer does not stop the others."""
    clock = SimClock(0)
    fired: list[int] = []

    def boom() -> None:
        raise ZeroDivisionError

    clock.call_later(0, boom)
    clock.call_later(0, lambda: fired.append(1))
    await asyncio.sleep(0.01)
    assert fired == [1]
    assert "simulated timer callback failed" in caplog.text
    clock.close()


@pytest.fixture
def early_clock() -> tuple[SimClock, asyncio.Event]:
    """A fast clock with a timer scheduled in a sync fixture, before any loop ran."""
    clock = SimClock(100)
    fired = asyncio.Event()
    clock.call_later(0.5, fired.set)
    return clock, fired


async def test_wake_arms_timers_scheduled_before_the_loop(
    early_clock: tuple[SimClock, asyncio.Event],
) -> None:
    """Timers set up before the loop ran fire once wake() is called in the loop."""
    clock, fired = early_clock
    await asyncio.sleep(0.05)
    assert not fired.is_set()
    clock.wake()
    await asyncio.wait_for(fired.wait(), 1)
    clock.close()
