"""Opening the line: serialx URLs and typed errors for what can go wrong."""

from __future__ import annotations

import asyncio
import errno
import logging
import os

import pytest
import serialx

from custom_components.isocket.gsm.errors import PortBusyError, PortNotFoundError
from custom_components.isocket.gsm.redact import SECRET_FILTER
from custom_components.isocket.gsm.transport import classify_open_error, open_port

from . import modem_env
from .modem_env import MakeEnv

make_env = modem_env.make_env  # the fixture


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
    """A URL scheme serialx has no handler for."""
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


async def test_esphome_url_is_handled(socket_enabled: None) -> None:
    """esphome:// (an ESPHome serial proxy) reaches serialx's ESPHome handler.

    No ESPHome device runs here: a closed port proves the scheme is known
    (the aioesphomeapi client tried to connect) and maps to 'not found'.
    """
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    with pytest.raises(PortNotFoundError, match="Connect call failed"):
        await open_port(f"esphome://127.0.0.1:{port}/?port_name=modem")


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


PIN = "8264"


async def test_serialx_debug_log_hides_the_pin(
    make_env: MakeEnv, caplog: pytest.LogCaptureFixture
) -> None:
    """serialx logs raw bytes at DEBUG: AT+CPIN="<pin>" reaches no record in clear."""
    caplog.set_level(logging.DEBUG, logger="serialx")
    env = await make_env(sim_args={"pin": PIN}, pin=PIN)
    await env.modem.connect()
    assert f'AT+CPIN="{PIN}"' in env.sim.command_log  # the PIN did go out
    serialx_records = [r for r in caplog.records if r.name.startswith("serialx")]
    assert any('CPIN="****"' in r.getMessage() for r in serialx_records)
    for record in caplog.records:
        assert PIN not in record.getMessage(), record.name


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ('AT+CPIN="12345678","4321"', "12345678"),  # PUK, new PIN
        ('AT+CPIN="12345678","4321"', "4321"),
        ("AT+CPIN2=5555", "5555"),
        ('AT+CLCK="SC",1,"2580"', "2580"),
        ('AT+CPWD="SC","1111","2222"', "1111"),
        ('AT+CPWD="SC","1111","2222"', "2222"),
        ('AT^CPIN="9999"', "9999"),
    ],
)
def test_secret_filter_masks_bytes_text_and_hex(line: str, secret: str) -> None:
    """Bytes (repr), text and hex dumps as serialx logs them: the secret is gone."""
    record = logging.LogRecord(
        "serialx.test", logging.DEBUG, __file__, 1, line + " %r %s %s", None, None
    )
    data = line.encode() + b"\r"
    record.args = (data, data.hex(" "), data.hex())
    SECRET_FILTER.filter(record)
    message = record.getMessage()
    assert secret not in message
    assert secret.encode().hex() not in message.replace(" ", "")
    assert message.count("****") >= 2  # the message and the bytes' repr
    assert message.count("2a 2a 2a 2a") == message.count("2a2a2a2a") >= 1


def test_secret_filter_keeps_other_records() -> None:
    """Queries and replies stay as they were."""
    record = logging.LogRecord(
        "serialx.test", logging.DEBUG, __file__, 1, "%r", (b'AT+CLCK="SC",2\r',), None
    )
    SECRET_FILTER.filter(record)
    assert record.getMessage() == repr(b'AT+CLCK="SC",2\r')
