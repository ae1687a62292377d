"""Simulated time for the whole simulator.

Simulated time runs with the real clock (times ``speed``) while the event loop
runs, and tests can jump it ahead with :meth:`SimClock.advance`, which fires the
timers that became due, in order, synchronously. ``speed=0`` freezes time
between advances, which makes tests fully deterministic; timers already due
(``call_later(0, ...)``) still run on the loop.

Everything in the simulator schedules through this clock (never
``asyncio.sleep``) so that a test can skip a 20-second ring or a 5-minute
timeout without waiting for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
import heapq
import itertools
import logging
import time

_LOGGER = logging.getLogger(__name__)


class TimerHandle:
    """A scheduled callback; :meth:`cancel` keeps it from running."""

    __slots__ = ("_callback", "_seq", "cancelled", "when")

    def __init__(self, when: float, seq: int, callback: Callable[[], object]) -> None:
        """Remember when (simulated seconds) and what to run."""
        self.when = when
        self._seq = seq
        self._callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        """Keep the callback from running (idempotent)."""
        self.cancelled = True

    def __lt__(self, other: TimerHandle) -> bool:
        """Order by due time, then by scheduling order (FIFO for equal times)."""
        return (self.when, self._seq) < (other.when, other._seq)

    def _run(self) -> None:
        self.cancelled = True  # a fired timer is spent; cancel() is then a no-op
        self._callback()


class SimClock:
    """Simulated clock: real time times ``speed``, plus jumps from ``advance``."""

    def __init__(self, speed: float = 1.0, *, start: datetime | None = None) -> None:
        """Start at ``start`` (default: the real UTC now) and run at ``speed``."""
        if speed < 0:
            raise ValueError("speed must be >= 0")
        self.speed = speed
        self._epoch = start or datetime.now(UTC)
        self._real_base = time.monotonic()
        self._offset = 0.0  # simulated seconds added by advance()
        self._timers: list[TimerHandle] = []
        self._seq = itertools.count()
        self._wakeup: asyncio.TimerHandle | None = None
        self._closed = False

    # -- reading the time ---------------------------------------------------

    def now(self) -> float:
        """Simulated seconds since the clock was created."""
        return (time.monotonic() - self._real_base) * self.speed + self._offset

    def utcnow(self) -> datetime:
        """Simulated wall-clock time (timezone-aware, UTC)."""
        return self._epoch + timedelta(seconds=self.now())

    # -- scheduling -----------------------------------------------------------

    def call_later(self, delay: float, callback: Callable[[], object]) -> TimerHandle:
        """Run ``callback`` after ``delay`` simulated seconds."""
        if self._closed:
            raise RuntimeError("clock is closed")
        handle = TimerHandle(self.now() + max(delay, 0.0), next(self._seq), callback)
        heapq.heappush(self._timers, handle)
        self._schedule_wakeup()
        return handle

    async def sleep(self, seconds: float) -> None:
        """Sleep ``seconds`` of simulated time (``advance`` cuts it short)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def _wake() -> None:
            if not future.done():
                future.set_result(None)

        handle = self.call_later(seconds, _wake)
        try:
            await future
        finally:
            handle.cancel()

    def advance(self, seconds: float) -> None:
        """Jump ``seconds`` ahead, firing every timer due on the way, in order.

        Each callback sees ``now()`` equal to its own due time, and timers that
        callbacks schedule inside the jumped window fire too. Exceptions from
        callbacks propagate, so a test sees the simulator's bugs.
        """
        if seconds < 0:
            raise ValueError("cannot go back in time")
        target = self.now() + seconds
        while (handle := self._pop_due(target)) is not None:
            self._offset += handle.when - self.now()
            handle._run()
        self._offset += target - self.now()
        self._schedule_wakeup()

    def wake(self) -> None:
        """Arm the loop timer for timers scheduled before the event loop ran.

        Call it once from inside the running loop (``World.start`` does).
        """
        self._schedule_wakeup()

    def pending(self) -> int:
        """How many timers are still scheduled (for tests)."""
        return sum(1 for handle in self._timers if not handle.cancelled)

    def close(self) -> None:
        """Forget every timer and stop touching the event loop."""
        self._closed = True
        for handle in self._timers:
            handle.cancel()
        self._timers.clear()
        if self._wakeup is not None:
            self._wakeup.cancel()
            self._wakeup = None

    # -- internals -----------------------------------------------------------

    def _pop_due(self, limit: float) -> TimerHandle | None:
        while self._timers:
            head = self._timers[0]
            if head.cancelled:
                heapq.heappop(self._timers)
                continue
            if head.when > limit:
                return None
            return heapq.heappop(self._timers)
        return None

    def _schedule_wakeup(self) -> None:
        """Keep one loop timer armed for the earliest simulated timer."""
        if self._wakeup is not None:
            self._wakeup.cancel()
            self._wakeup = None
        if self._closed:
            return
        while self._timers and self._timers[0].cancelled:
            heapq.heappop(self._timers)
        if not self._timers:
            return
        due_in = max(self._timers[0].when - self.now(), 0.0)
        if self.speed == 0 and due_in > 0:
            return  # frozen time: only advance() reaches this timer
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop yet: advance() still fires timers
        real_delay = due_in / self.speed if self.speed else 0.0
        self._wakeup = loop.call_later(real_delay, self._on_wakeup)

    def _on_wakeup(self) -> None:
        self._wakeup = None
        now = self.now()
        while (handle := self._pop_due(now)) is not None:
            try:
                handle._run()
            except Exception:
                _LOGGER.exception("simulated timer callback failed")
        self._schedule_wakeup()
