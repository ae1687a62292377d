"""The simulated modem's wires: a pty behind a stable symlink, and TCP.

Both run in the event loop (``add_reader`` and non-blocking writes on the pty
master; an ``asyncio.Protocol`` for TCP), so no threads and no tasks linger.
Bytes from any wire go to one ``on_data`` callback and output goes to every
wire, like a modem shared by ser2net.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import contextlib
import logging
import os
from pathlib import Path
import shutil
import tempfile
import tty

_LOGGER = logging.getLogger(__name__)

#: bytes kept for a reader that does not read; beyond it output is dropped
#: (a real UART would overrun too)
MAX_BUFFER = 1 << 20


class PtyPort:
    """A pty behind the symlink ``path``: gone while unplugged, same path on replug."""

    def __init__(self, on_data: Callable[[bytes], None]) -> None:
        """Deliver bytes the app writes to ``on_data``."""
        self._on_data = on_data
        self._dir = Path(tempfile.mkdtemp(prefix="isocket-sim-"))
        self.path = str(self._dir / "modem")
        self._master: int | None = None
        self._slave: int | None = None
        self._out = bytearray()
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def is_open(self) -> bool:
        """The pty exists (the modem is plugged in)."""
        return self._master is not None

    @property
    def slave_name(self) -> str | None:
        """The current ``/dev/pts/N`` behind ``path``."""
        return os.readlink(self.path) if os.path.islink(self.path) else None

    def open(self) -> str:
        """Create a new pty and point ``path`` at its slave; returns ``path``."""
        if self._master is not None:
            return self.path
        self._loop = asyncio.get_running_loop()
        self._dir.mkdir(exist_ok=True)  # removed by an earlier remove()
        master, slave = os.openpty()
        # Our own slave fd stays open so the master never sees EIO while the
        # app has the port closed; raw so the tty layer neither echoes nor
        # translates line ends (the modem's echo is ours to simulate).
        tty.setraw(slave)
        os.set_blocking(master, False)
        self._master, self._slave = master, slave
        temporary = f"{self.path}.new"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        os.symlink(os.ttyname(slave), temporary)
        os.replace(temporary, self.path)
        self._loop.add_reader(master, self._readable)
        return self.path

    def close(self) -> None:
        """Close the pty: the app's reads end with EOF/EIO (USB unplugged).

        The link goes too, as udev removes ``/dev/serial/by-id/...``: left
        behind, it would point at a ``/dev/pts/N`` the kernel soon hands to
        another pty (another test's modem). ``open()`` links it again.
        """
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        if self._master is None:
            return
        assert self._loop is not None
        self._loop.remove_reader(self._master)
        self._loop.remove_writer(self._master)
        os.close(self._master)
        if self._slave is not None:
            os.close(self._slave)
        self._master = self._slave = None
        self._out.clear()

    def remove(self) -> None:
        """Close and delete the symlink and its directory."""
        self.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    def write(self, data: bytes) -> None:
        """Queue ``data`` for the app (dropped while unplugged)."""
        if self._master is None or not data:
            return
        if len(self._out) + len(data) > MAX_BUFFER:
            _LOGGER.warning("pty output overrun: dropping %d bytes", len(data))
            return
        pending = bool(self._out)
        self._out += data
        if not pending:
            self._flush()

    def _flush(self) -> None:
        assert self._master is not None
        assert self._loop is not None
        try:
            written = os.write(self._master, self._out)
        except BlockingIOError:
            written = 0
        except OSError:
            _LOGGER.debug("pty write failed", exc_info=True)
            self._out.clear()
            return
        del self._out[:written]
        if self._out:
            self._loop.add_writer(self._master, self._writable)

    def _writable(self) -> None:
        assert self._master is not None
        assert self._loop is not None
        self._loop.remove_writer(self._master)
        self._flush()

    def _readable(self) -> None:
        assert self._master is not None
        try:
            data = os.read(self._master, 4096)
        except BlockingIOError:
            return
        except OSError:
            _LOGGER.debug("pty read failed", exc_info=True)
            return
        if data:
            self._on_data(data)


class _TcpLink(asyncio.Protocol):
    def __init__(self, server: TcpServer) -> None:
        self._server = server
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        if not self._server.accepting:
            transport.close()  # unplugged: like ser2net with no device
            return
        self.transport = transport
        self._server.links.add(self)

    def data_received(self, data: bytes) -> None:
        self._server.on_data(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self._server.links.discard(self)


class TcpServer:
    """Serves the modem on 127.0.0.1 for ``socket://`` URLs (ser2net style)."""

    def __init__(self, on_data: Callable[[bytes], None]) -> None:
        """Deliver bytes from any client to ``on_data``."""
        self.on_data = on_data
        self.links: set[_TcpLink] = set()
        self.accepting = True
        self._server: asyncio.Server | None = None
        self.port: int | None = None

    async def start(self, port: int = 0) -> int:
        """Listen on ``127.0.0.1:port`` (0: any free port); returns the port."""
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: _TcpLink(self), "127.0.0.1", port
        )
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    def write(self, data: bytes) -> None:
        """Send ``data`` to every client."""
        for link in list(self.links):
            if link.transport is not None:
                link.transport.write(data)

    def drop_clients(self) -> None:
        """Close every client connection."""
        for link in list(self.links):
            if link.transport is not None:
                link.transport.close()
        self.links.clear()

    async def stop(self) -> None:
        """Stop listening and drop the clients."""
        self.drop_clients()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
