"""The SMS budget at its boundary: the cap, the cap + 1, the day rollover."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from custom_components.isocket.gsm.budget import BudgetState, SmsBudget
from custom_components.isocket.gsm.errors import SmsBudgetExceededError

MONDAY = date(2026, 12, 7)


class Calendar:
    """A local day the test turns over."""

    def __init__(self) -> None:
        self.day = MONDAY

    def __call__(self) -> date:
        return self.day


def test_cap_and_cap_plus_one() -> None:
    """The cap-th part goes; the one after it is refused with the numbers."""
    budget = SmsBudget(3, today=Calendar())
    for _ in range(3):
        budget.check()
        budget.record()
    assert (budget.count, budget.remaining) == (3, 0)
    with pytest.raises(SmsBudgetExceededError) as info:
        budget.check()
    assert (info.value.count, info.value.limit, info.value.parts) == (3, 3, 1)
    assert info.value.reason == "budget_exceeded"
    assert budget.count == 3  # a refusal costs nothing


def test_multipart_message_refused_as_a_whole() -> None:
    """Two parts left and a three-part message: refused, not half sent."""
    budget = SmsBudget(5, today=Calendar(), state=BudgetState(MONDAY, 3))
    with pytest.raises(SmsBudgetExceededError) as info:
        budget.check(3)
    assert (info.value.count, info.value.parts) == (3, 3)
    budget.check(2)  # exactly up to the cap is fine


def test_day_rollover_starts_again() -> None:
    """At the local day's change the count starts from zero, and listeners hear it."""
    calendar = Calendar()
    budget = SmsBudget(1, today=calendar)
    heard: list[BudgetState] = []
    budget.add_listener(heard.append)
    budget.record()
    with pytest.raises(SmsBudgetExceededError):
        budget.check()
    calendar.day += timedelta(days=1)
    budget.check()
    assert budget.count == 0
    assert heard == [BudgetState(MONDAY, 1), BudgetState(calendar.day, 0)]


def test_zero_is_unlimited_but_still_counts() -> None:
    """0 = unlimited: nothing is refused, the day's count goes on."""
    budget = SmsBudget(0, today=Calendar())
    budget.record(500)
    budget.check(1000)
    assert (budget.count, budget.remaining) == (500, None)


def test_cap_can_change_at_runtime() -> None:
    """Raising the cap (an option) lets the next message through at once."""
    budget = SmsBudget(1, today=Calendar(), state=BudgetState(MONDAY, 1))
    with pytest.raises(SmsBudgetExceededError):
        budget.check()
    budget.max_per_day = 2
    budget.check()
    with pytest.raises(ValueError, match="0 or more"):
        budget.max_per_day = -1


def test_persist_and_restore() -> None:
    """Today's count survives a restart; yesterday's does not."""
    budget = SmsBudget(10, today=Calendar())
    budget.record(4)
    stored = budget.state.as_dict()
    assert stored == {"day": "2026-12-07", "count": 4}
    state = BudgetState.from_dict(stored)
    assert state is not None
    assert SmsBudget(10, today=Calendar(), state=state).count == 4
    tuesday = Calendar()
    tuesday.day = MONDAY + timedelta(days=1)
    assert SmsBudget(10, today=tuesday, state=state).count == 0


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"day": "yesterday", "count": 1},
        {"day": "2026-12-07"},
        {"day": None},
        {"day": "2026-12-07", "count": -2},
        {"day": "2026-12-07", "count": "x"},
    ],
)
def test_unreadable_stored_state(data: dict[str, object]) -> None:
    """A broken store reads as nothing (start from zero), never as a crash."""
    assert BudgetState.from_dict(data) is None


def test_clock_set_back_keeps_the_count() -> None:
    """Across midnight backwards: the count stays (filed under the earlier day)."""
    calendar = Calendar()
    calendar.day = MONDAY + timedelta(days=1)
    budget = SmsBudget(5, today=calendar)
    heard: list[BudgetState] = []
    budget.add_listener(heard.append)
    budget.record(4)
    calendar.day = MONDAY  # 00:05 Tuesday set back to 23:55 Monday
    assert budget.count == 4
    assert heard[-1] == BudgetState(MONDAY, 4)  # persisted, not as zero
    with pytest.raises(SmsBudgetExceededError):
        budget.check(2)
    calendar.day = MONDAY + timedelta(days=1)  # the next midnight: a new day
    assert budget.count == 0


def test_restore_after_the_clock_went_back() -> None:
    """A count stored under a later day than today is kept, not dropped."""
    stored = BudgetState(MONDAY + timedelta(days=1), 3)
    assert SmsBudget(5, today=Calendar(), state=stored).state == BudgetState(MONDAY, 3)


def test_reservation_covers_a_whole_send() -> None:
    """A reserved send draws on its reservation; every other check counts it spent."""
    budget = SmsBudget(5, today=Calendar())
    with budget.reserve(4) as reservation:
        assert budget.remaining == 1
        for _ in range(4):
            budget.check()  # the reservation's own parts pass
            budget.record()
        assert reservation.parts == 0
    assert (budget.count, budget.remaining) == (4, 1)


def test_unused_reservation_is_given_back() -> None:
    """A send that stops early returns what it did not use."""
    budget = SmsBudget(5, today=Calendar())

    def send_one_then_fail() -> None:
        with budget.reserve(4):
            budget.record()
            raise RuntimeError("the modem went away")

    with pytest.raises(RuntimeError):
        send_one_then_fail()
    assert (budget.count, budget.remaining) == (1, 4)


async def test_two_concurrent_sends_cannot_both_pass() -> None:
    """Two multi-recipient sends at once: the second is refused before it starts.

    Each send reserves its whole cost, then sends part by part with the
    sender's own per-message check in between (as gsm/sms_send.py does).
    """
    budget = SmsBudget(5, today=Calendar())
    started = asyncio.Event()
    release = asyncio.Event()

    async def send(parts: int) -> int:
        with budget.reserve(parts):
            started.set()
            await release.wait()
            for _ in range(parts):
                budget.check()
                budget.record()
                await asyncio.sleep(0)
        return parts

    first = asyncio.create_task(send(3))
    await started.wait()
    second = asyncio.create_task(send(3))
    await asyncio.sleep(0)
    assert second.done()
    with pytest.raises(SmsBudgetExceededError):
        second.result()
    # an unreserved command meanwhile may still take what is left
    budget.check(2)
    with pytest.raises(SmsBudgetExceededError):
        budget.check(3)
    release.set()
    assert await first == 3
    assert budget.count == 3
