"""Incoming calls: one ``IncomingCall`` per call from ``RING``/``+CLIP``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

from .model import IncomingCall
from .urc import CallEnded, CallerId, Ring, Urc

# SIM800 repeats RING (+CLIP) about every 5 s; silence this long ends the call.
RING_QUIET = 8.0
# +CLIP follows RING at once when the network sends caller id; if it does not
# come, the call is reported without a number.
CLIP_WAIT = 1.0


class CallTracker:
    """Turn the repeated RING/+CLIP of one call into a single report."""

    def __init__(
        self,
        notify: Callable[[IncomingCall], None],
        *,
        clip_wait: float = CLIP_WAIT,
        quiet: float = RING_QUIET,
    ) -> None:
        """Report each call through ``notify``."""
        self._notify = notify
        self._clip_wait = clip_wait
        self._quiet = quiet
        self._reported = False
        self._timers: dict[str, asyncio.TimerHandle] = {}

    def on_urc(self, urc: Urc) -> None:
        """Follow the call through its URCs."""
        match urc:
            case Ring():
                self._ringing()
                if not self._reported and "clip" not in self._timers:
                    self._later("clip", self._clip_wait, lambda: self._report(None))
            case CallerId(number=number):
                self._ringing()
                self._report(number)
            case CallEnded():
                self.reset()
            case _:
                pass

    def _ringing(self) -> None:
        self._later("quiet", self._quiet, self.reset)

    def _report(self, number: str | None) -> None:
        self._cancel("clip")
        if not self._reported:
            self._reported = True
            self._notify(IncomingCall(number, datetime.now(UTC)))

    def _later(self, name: str, delay: float, callback: Callable[[], None]) -> None:
        self._cancel(name)
        self._timers[name] = asyncio.get_running_loop().call_later(delay, callback)

    def _cancel(self, name: str) -> None:
        if (timer := self._timers.pop(name, None)) is not None:
            timer.cancel()

    def reset(self) -> None:
        """The call is over (or the session ended): forget it, stop timers."""
        for name in list(self._timers):
            self._cancel(name)
        self._reported = False
