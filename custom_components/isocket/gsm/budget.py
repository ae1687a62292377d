"""The SMS budget: at most N SMS parts a day, so no loop can spend the credit.

Every part the modem sends counts (device commands and gateway messages go
the same way). A message is checked as a whole before its first part goes
out: one that would pass the cap is refused and nothing is sent, never half
of it. The day is the caller's local day (``today`` is injected); the count
starts again at zero when it changes. ``max_per_day`` 0 means unlimited, and
the count is still kept (it is what the "SMS sent today" figure shows).

No Home Assistant here: the application persists `BudgetState` (listeners
hear every change) and hands it back at start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import SmsBudgetExceededError
from .listeners import Listeners


@dataclass(frozen=True, slots=True)
class BudgetState:
    """What to persist: the day and how many parts were sent on it."""

    day: date
    count: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"day": self.day.isoformat(), "count": self.count}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BudgetState | None:
        """Read `as_dict` output back; None for anything unreadable."""
        try:
            day = date.fromisoformat(data["day"])
            count = int(data["count"])
        except KeyError, TypeError, ValueError:
            return None
        return cls(day, count) if count >= 0 else None


class SmsBudget:
    """Counts SMS parts per local day and refuses what would pass the cap."""

    def __init__(
        self,
        max_per_day: int = 0,
        *,
        today: Callable[[], date] = date.today,
        state: BudgetState | None = None,
    ) -> None:
        """Start from ``state`` when it is today's, else from zero."""
        self._today = today
        self._max = 0
        self.max_per_day = max_per_day
        self._state = BudgetState(today(), 0)
        self._listeners = Listeners[BudgetState]("SMS budget")
        if state is not None:
            self.restore(state)

    @property
    def max_per_day(self) -> int:
        """The cap (0 = unlimited); may change at any time (an option)."""
        return self._max

    @max_per_day.setter
    def max_per_day(self, value: int) -> None:
        if value < 0:
            raise ValueError(f"max_per_day must be 0 or more, not {value}")
        self._max = value

    @property
    def state(self) -> BudgetState:
        """Today's count (after a day change: zero for the new day)."""
        self._roll()
        return self._state

    @property
    def count(self) -> int:
        """Parts sent today."""
        return self.state.count

    @property
    def remaining(self) -> int | None:
        """Parts left today; None when unlimited."""
        if not self._max:
            return None
        return max(self._max - self.count, 0)

    def add_listener(
        self, callback: Callable[[BudgetState], None]
    ) -> Callable[[], None]:
        """Hear every change of the count (to persist it); returns an unsubscribe."""
        return self._listeners.add(callback)

    def restore(self, state: BudgetState) -> None:
        """Take over a persisted count if it is today's (a restart mid-day)."""
        if state.day == self._today() and state.count >= 0:
            self._state = state

    def check(self, parts: int = 1) -> None:
        """Raise `SmsBudgetExceededError` if ``parts`` more would pass the cap."""
        count = self.count
        if self._max and count + parts > self._max:
            raise SmsBudgetExceededError(count, self._max, parts)

    def record(self, parts: int = 1) -> None:
        """Count ``parts`` that went out (or may have)."""
        state = self.state
        self._state = BudgetState(state.day, state.count + parts)
        self._listeners.notify(self._state)

    def _roll(self) -> None:
        today = self._today()
        if today != self._state.day:
            self._state = BudgetState(today, 0)
            self._listeners.notify(self._state)
