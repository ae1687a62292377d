"""A deliberately dumb AT client for testing the simulated modem over its pty.

It is not the integration's AT engine (that one is tested against the
simulator elsewhere); it only writes a line and collects reply lines.
"""

from __future__ import annotations

import asyncio
import contextlib

import serialx

FINALS = ("OK", "ERROR", "NO CARRIER", "BUSY", "NO ANSWER", "COMMAND NOT SUPPORT")
PROMPT = "> "


def is_final(line: str) -> bool:
    """A final result code (or the data prompt)."""
    return (
        line in FINALS
        or line == PROMPT
        or line.startswith(("+CME ERROR", "+CMS ERROR"))
    )


class AtClient:
    """Line reader/writer on top of serialx streams (or TCP streams)."""

    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        """Wrap an open connection."""
        self.reader = reader
        self.writer = writer
        self.buffer = b""

    @classmethod
    async def open(cls, path: str) -> AtClient:
        """Open the modem's pty like the integration does."""
        reader, writer = await serialx.open_serial_connection(path, baudrate=115200)
        return cls(reader, writer)

    async def close(self) -> None:
        """Close the port and wait until the fd is really closed (it holds a flock)."""
        self.writer.close()
        with contextlib.suppress(OSError):  # the modem was unplugged under us
            await self.writer.wait_closed()

    async def _fill(self) -> None:
        data = await self.reader.read(4096)
        if not data:
            raise EOFError
        self.buffer += data

    async def read_line(self, within: float = 2.0) -> str:
        """Next non-empty line (``> `` counts as a line)."""
        async with asyncio.timeout(within):
            while True:
                self.buffer = self.buffer.lstrip(b"\r\n")
                if self.buffer.startswith(b"> "):
                    self.buffer = self.buffer[2:]
                    return PROMPT
                end = self.buffer.find(b"\n")
                if end >= 0:
                    line, self.buffer = self.buffer[:end], self.buffer[end + 1 :]
                    text = line.strip(b"\r").decode("latin-1")
                    if text:
                        return text
                    continue
                await self._fill()

    async def read_until_final(self, within: float = 2.0) -> list[str]:
        """Lines up to and including the final result code."""
        lines: list[str] = []
        while True:
            line = await self.read_line(within)
            lines.append(line)
            if is_final(line):
                return lines

    async def command(self, line: str, *, data: str | None = None) -> list[str]:
        """Send ``line``; with ``data``, answer the prompt with it and Ctrl-Z."""
        self.writer.write(line.encode() + b"\r")
        lines = await self.read_until_final()
        if lines[-1] == PROMPT and data is not None:
            self.writer.write(data.encode() + b"\x1a")
            lines += await self.read_until_final()
        return lines

    async def raw(self, size: int, within: float = 2.0) -> bytes:
        """Exactly ``size`` bytes as they came (buffered ones first)."""
        async with asyncio.timeout(within):
            while len(self.buffer) < size:
                await self._fill()
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    async def nothing_within(self, seconds: float = 0.1) -> bool:
        """True when no line arrives within ``seconds``."""
        try:
            await self.read_line(seconds)
        except TimeoutError:
            return True
        return False
