"""Opening the line: serialx URLs and typed errors for what can go wrong."""

from __future__ import annotations

import asyncio
import errno
import os

import pytest
import serialx

from custom_components.isocket.gsm.errors import PortBusyError, PortNotFoundError
from custom_components.isocket.gsm.transport import classify_open_error, open_port


async def test_missing_device() -> None:
    """A path that does not exist (an unplugged USB stick)."""
    with pytest.raises(PortNotFoundError):
        await open_port("/dev/serial/by-id/usb-nothing-here")


async def test_not_a_serial_port(tmp_path: os.PathLike[str]) -> None:
    """A plain file is not a modem."""
    path = os.path.join(tmp_path, "file")
    open(path, "w").close()  # noqa: ASYNC230
    with pytest.raises(PortNotFoundError):
        await open_port(path)


async def test_busy_port() -> None:
    """serialx locks the port: a second opener gets PortBusyError."""
    master, slave = os.openpty()
    try:
        _, writer = await open_port(os.ttyname(slave))
        with pytest.raises(PortBusyError):
            await open_port(os.ttyname(slave))
        writer.close()
        await writer.wait_closed()
    finally:
        os.close(master)
        os.close(slave)


async def test_unknown_scheme() -> None:
    """A URL scheme serialx has no handler for (esphome:// without the extra)."""
    with pytest.raises(PortNotFoundError):
        await open_port("nosuch://host:1")


async def test_socket_url(socket_enabled: None) -> None:
    """socket://host:port (ser2net) opens; a closed port is 'not found'."""
    received = asyncio.Event()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if await reader.readuntil(b"\r") == b"AT\r":
            received.set()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    _, writer = await open_port(f"socket://127.0.0.1:{port}")
    writer.write(b"AT\r")
    await asyncio.wait_for(received.wait(), 2)
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    with pytest.raises(PortNotFoundError):
        await open_port(f"socket://127.0.0.1:{port}")


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OSError(errno.EBUSY, "locked"), PortBusyError),
        (PermissionError(errno.EACCES, "denied"), PortBusyError),
        (FileNotFoundError(errno.ENOENT, "missing"), PortNotFoundError),
        (ConnectionRefusedError(errno.ECONNREFUSED, "refused"), PortNotFoundError),
        (TimeoutError(), PortNotFoundError),
        (serialx.SerialException("bad"), PortNotFoundError),
        (RuntimeError("odd"), PortBusyError),
    ],
)
def test_classification(error: BaseException, expected: type[Exception]) -> None:
    """Each row: an exception seen while opening, the error the user gets."""
    assert isinstance(classify_open_error("/dev/x", error), expected)
