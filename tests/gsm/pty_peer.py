"""A scripted modem for engine tests: the test writes the modem's replies."""

from __future__ import annotations

import asyncio
import contextlib
import os


class PtyPeer:
    """The master side of a pty; the code under test opens ``path``."""

    def __init__(self) -> None:
        """Open a pty and start collecting what the application writes."""
        self.master, self._slave = os.openpty()
        self.path = os.ttyname(self._slave)
        os.set_blocking(self.master, False)
        self.received = bytearray()
        self._changed = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(self.master, self._on_readable)
        self._open = True

    def _on_readable(self) -> None:
        try:
            data = os.read(self.master, 4096)
        except OSError:
            data = b""
        if not data:
            self._loop.remove_reader(self.master)
            return
        self.received += data
        self._changed.set()

    async def expect(self, data: bytes, limit: float = 2.0) -> bytes:
        """Wait until the application wrote ``data``; consume up to its end."""
        async with asyncio.timeout(limit):
            while (index := self.received.find(data)) < 0:
                self._changed.clear()
                await self._changed.wait()
        seen = bytes(self.received[: index + len(data)])
        del self.received[: index + len(data)]
        return seen

    def send(self, data: bytes) -> None:
        """Write bytes as the modem."""
        os.write(self.master, data)

    def hang_up(self) -> None:
        """Close both ends: the application sees the line vanish."""
        if self._open:
            self._open = False
            self._loop.remove_reader(self.master)
            os.close(self.master)
            os.close(self._slave)

    def close(self) -> None:
        """Release the pty."""
        with contextlib.suppress(OSError):
            self.hang_up()
