"""The SMS budget: at most N SMS parts a day, so no loop can spend the credit.

Every part the modem sends counts (device commands and gateway messages go
the same way). A message is checked as a whole before its first part goes
out: one that would pass the cap is refused and nothing is sent, never half
of it. The day is the caller's local day (``today`` is injected); the count
starts again at zero when the day moves *forward*. A clock set back (across
midnight, or a wrong date corrected) never lowers the count: the count stays
and is filed under the earlier day, which ends at the next midnight.
``max_per_day`` 0 means unlimited, and the count is still kept (it is what
the "SMS sent today" figure shows).

A send to several numbers reserves its whole cost first (:meth:`SmsBudget.reserve`):
two such sends at the same time cannot both pass the check and then be
refused half-way. The reservation belongs to the task that took it (a
context variable), so that task's own checks draw on it while every other
check counts it as spent.

No Home Assistant here: the application persists `BudgetState` (listeners
hear every change) and hands it back at start.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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


class Reservation:
    """Parts set aside for one send; what is left is returned when it ends."""

    def __init__(self, budget: SmsBudget, parts: int) -> None:
        """``parts`` set aside in ``budget``."""
        self.budget = budget
        self.parts = parts

    def take(self, parts: int) -> int:
        """Draw up to ``parts`` from what is left; the number drawn."""
        taken = min(parts, self.parts)
        self.parts -= taken
        return taken


# The reservation of the running task (and the tasks it awaits).
_RESERVATION: ContextVar[Reservation | None] = ContextVar(
    "sms_budget_reservation", default=None
)


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
        self._reserved = 0
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
        self.roll_over()
        return self._state

    @property
    def count(self) -> int:
        """Parts sent today."""
        return self.state.count

    @property
    def remaining(self) -> int | None:
        """Parts left today (reserved ones count as spent); None when unlimited."""
        if not self._max:
            return None
        return max(self._max - self.count - self._reserved, 0)

    def add_listener(
        self, callback: Callable[[BudgetState], None]
    ) -> Callable[[], None]:
        """Hear every change of the count (to persist it); returns an unsubscribe."""
        return self._listeners.add(callback)

    def restore(self, state: BudgetState) -> None:
        """Take over a persisted count of today (a restart mid-day).

        A count stored under a later day than today (the clock went back
        while Home Assistant was down) is kept too, filed under today.
        """
        today = self._today()
        if state.count >= 0 and state.day >= today:
            self._state = BudgetState(today, state.count)

    def check(self, parts: int = 1) -> None:
        """Raise `SmsBudgetExceededError` if ``parts`` more would pass the cap.

        Within :meth:`reserve`, parts the reservation still holds pass; every
        other reservation counts as spent.
        """
        count = self.count
        reserved = self._reserved
        if (mine := self._own_reservation()) is not None:
            covered = min(parts, mine.parts)
            parts -= covered
            reserved -= mine.parts
        if self._max and parts and count + reserved + parts > self._max:
            raise SmsBudgetExceededError(count, self._max, parts)

    def record(self, parts: int = 1) -> None:
        """Count ``parts`` that went out (or may have)."""
        if (mine := self._own_reservation()) is not None:
            self._reserved -= mine.take(parts)
        state = self.state
        self._state = BudgetState(state.day, state.count + parts)
        self._listeners.notify(self._state)

    @contextmanager
    def reserve(self, parts: int) -> Iterator[Reservation]:
        """Set ``parts`` aside for a send made of several messages, or refuse it.

        Raises `SmsBudgetExceededError` at once when they do not fit (nothing
        is reserved then). Inside the block the task's checks draw on the
        reservation; on leaving, what was not sent is given back.
        """
        self.check(parts)
        reservation = Reservation(self, parts)
        self._reserved += parts
        token = _RESERVATION.set(reservation)
        try:
            yield reservation
        finally:
            _RESERVATION.reset(token)
            self._reserved -= reservation.take(reservation.parts)

    def _own_reservation(self) -> Reservation | None:
        reservation = _RESERVATION.get()
        return (
            reservation
            if reservation is not None and reservation.budget is self
            else None
        )

    def roll_over(self) -> None:
        """Start the new day's count if the day changed (listeners hear the zero).

        A new day starts at zero; a day earlier than the last keeps the count.
        """
        today = self._today()
        state = self._state
        if today > state.day:
            self._state = BudgetState(today, 0)
            self._listeners.notify(self._state)
        elif today < state.day:
            # The clock went back: the count stays, filed under the earlier
            # day, so it cannot be spent twice; it ends at the next midnight.
            self._state = BudgetState(today, state.count)
            self._listeners.notify(self._state)
