"""A short memory of the SMS exchanged with one device, for diagnostics.

Outgoing commands are kept without the password prefix (and a new password
masked, as ``Command.redacted`` does); diagnostics mask numbers on output.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

MESSAGE_LOG_SIZE: Final = 30


@dataclass(frozen=True, slots=True)
class LoggedMessage:
    """One SMS: ``in`` from the device or ``out`` to it."""

    time: datetime
    direction: Literal["in", "out"]
    text: str


class MessageLog:
    """The last ``MESSAGE_LOG_SIZE`` messages, oldest first."""

    def __init__(self, size: int = MESSAGE_LOG_SIZE) -> None:
        """An empty log."""
        self._messages: deque[LoggedMessage] = deque(maxlen=size)

    def add(self, time: datetime, direction: Literal["in", "out"], text: str) -> None:
        """Remember one message (the oldest falls out when full)."""
        self._messages.append(LoggedMessage(time, direction, text))

    def __iter__(self) -> Iterator[LoggedMessage]:
        """Oldest first."""
        return iter(self._messages)
