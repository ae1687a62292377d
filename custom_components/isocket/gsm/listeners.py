"""Listener lists whose members cannot break each other or the caller.

The one listener helper of the integration (the modem, the budget, deliveries,
the hub, devices and the gateway use it): ``Listeners[int]`` for callbacks of
one argument, ``Listeners[str, dict[str, Any]]`` for two, ``Listeners[[]]``
for none.
"""

from __future__ import annotations

from collections.abc import Callable
import logging

_LOGGER = logging.getLogger(__name__)


class Listeners[**P]:
    """Callbacks for one kind of event; a failing one is logged, not raised."""

    def __init__(self, event: str) -> None:
        """``event`` names the event in the log."""
        self._event = event
        self._callbacks: list[Callable[P, None]] = []

    def add(self, callback: Callable[P, None]) -> Callable[[], None]:
        """Subscribe; returns the unsubscribe function."""
        self._callbacks.append(callback)
        return lambda: self._callbacks.remove(callback)

    def __len__(self) -> int:
        """How many callbacks are subscribed."""
        return len(self._callbacks)

    def notify(self, *args: P.args, **kwargs: P.kwargs) -> None:
        """Call every callback with the event's arguments."""
        for callback in list(self._callbacks):
            try:
                callback(*args, **kwargs)
            except Exception:
                _LOGGER.exception("%s listener failed", self._event)
