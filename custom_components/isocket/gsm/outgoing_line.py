"""The outgoing line: one holder at a time, urgent work before queued messages.

Every SMS (each whole message, all its parts) and other outgoing work (a call,
a watchdog step, a restart) holds the line while it runs. Waiters are served
in order, except that *urgent* work (recovering the modem, a restart the user
asked for) goes right after the holder, before the messages queued earlier:
fifty queued SMS that cannot go without the network must not keep the step
that brings the network back waiting for them all.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
import contextlib
from types import TracebackType


class OutgoingLine:
    """A lock with two queues: urgent waiters first, each queue in order."""

    def __init__(self) -> None:
        """Free, nobody waiting."""
        self._held = False
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._queued: deque[asyncio.Future[None]] = deque()

    @property
    def held(self) -> bool:
        """Whether someone holds the line."""
        return self._held

    @contextlib.asynccontextmanager
    async def hold(self, *, urgent: bool = False) -> AsyncIterator[None]:
        """Hold the line for the block (``urgent``: before the queued waiters)."""
        await self._acquire(self._urgent if urgent else self._queued)
        try:
            yield
        finally:
            self._release()

    async def __aenter__(self) -> None:
        """``async with line:`` holds it in order (not urgent)."""
        await self._acquire(self._queued)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Pass the line on."""
        self._release()

    async def _acquire(self, queue: deque[asyncio.Future[None]]) -> None:
        if not self._held and not self._urgent and not self._queued:
            self._held = True
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.cancelled():
                with contextlib.suppress(ValueError):
                    queue.remove(waiter)
            else:  # handed the line just as it was cancelled: pass it on
                self._release()
            raise

    def _release(self) -> None:
        """Hand the line to the next waiter (urgent first), or free it."""
        for queue in (self._urgent, self._queued):
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)  # stays held: it is theirs now
                    return
        self._held = False
