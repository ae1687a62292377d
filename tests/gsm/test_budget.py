"""The SMS budget at its boundary: the cap, the cap + 1, the day rollover."""

from __future__ import annotations

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
