"""The main socket's relay, with timed switching (ON<n>, OFF<n>, RESTART, RELAYTIME)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from .clock import SimClock, TimerHandle


class Relay:
    """On/off state, when it last changed, and a pending return to an earlier state."""

    def __init__(self, clock: SimClock, device_now: Callable[[], datetime]) -> None:
        """Start off (factory state)."""
        self._clock = clock
        self._device_now = device_now
        self.on = False
        self.since: datetime = device_now()
        self._revert: TimerHandle | None = None
        self._restore_to = False

    def set(self, on: bool) -> None:
        """Switch permanently; a pending timed return is dropped."""
        self.cancel_timer()
        self._apply(on)

    def set_for(self, on: bool, seconds: float) -> None:
        """Switch for ``seconds``, then go back.

        "Back" is the state before the first of overlapping timed switches,
        so a second siren trigger does not make the siren the resting state.
        """
        restore = self._restore_to if self._revert is not None else self.on
        self.cancel_timer()
        self._apply(on)
        self._restore_to = restore
        self._revert = self._clock.call_later(seconds, self._timed_out)

    def restart(self, seconds: float) -> None:
        """Toggle and return after ``seconds`` (RESTART, RING=RESTART)."""
        self.set_for(not self.on, seconds)

    def cancel_timer(self) -> None:
        """Forget a pending timed return (power loss, permanent switching)."""
        if self._revert is not None:
            self._revert.cancel()
            self._revert = None

    def _timed_out(self) -> None:
        self._revert = None
        self._apply(self._restore_to)

    def _apply(self, on: bool) -> None:
        if on != self.on:
            self.on = on
            self.since = self._device_now()
