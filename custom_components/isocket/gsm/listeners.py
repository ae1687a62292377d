"""Listener lists whose members cannot break each other or the caller."""

from __future__ import annotations

from collections.abc import Callable
import logging

_LOGGER = logging.getLogger(__name__)


class Listeners[T]:
    """Callbacks for one kind of event; a failing one is logged, not raised."""

    def __init__(self, event: str) -> None:
        """``event`` names the event in the log."""
        self._event = event
        self._callbacks: list[Callable[[T], None]] = []

    def add(self, callback: Callable[[T], None]) -> Callable[[], None]:
        """Subscribe; returns the unsubscribe function."""
        self._callbacks.append(callback)
        return lambda: self._callbacks.remove(callback)

    def __len__(self) -> int:
        """How many callbacks are subscribed."""
        return len(self._callbacks)

    def notify(self, value: T) -> None:
        """Call every callback with ``value``."""
        for callback in list(self._callbacks):
            try:
                callback(value)
            except Exception:
                _LOGGER.exception("%s listener failed", self._event)
