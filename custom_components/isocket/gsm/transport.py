"""Open the serial line with serialx and translate its failures into ours.

serialx resolves the URL itself: device paths (``/dev/ttyUSB0``,
``/dev/serial/by-id/...``), ``socket://host:port`` (ser2net), ``rfc2217://``
and ``esphome://`` (needs the ``serialx[esphome]`` extra, aioesphomeapi).

serialx logs every byte it reads and writes at DEBUG, ``AT+CPIN="..."``
included: its loggers get our ``SecretFilter`` as soon as this module loads.
"""

from __future__ import annotations

import asyncio
import errno
import socket

import serialx

from .errors import GsmError, PortBusyError, PortNotFoundError
from .redact import install_secret_filter

DEFAULT_BAUDRATE = 115200
# A remote port (socket://, rfc2217://) that never answers must not hang setup.
OPEN_TIMEOUT = 10.0

# serialx's module loggers (serialx 1.11); ones added later are found by name
# at each open, once their module has been imported.
_SERIALX_LOGGERS = (
    "serialx.common",
    "serialx.async_serial",
    "serialx.descriptor_transport",
    "serialx.serialx_rust",
    "serialx.platforms.serial_posix",
    "serialx.platforms.serial_linux",
    "serialx.platforms.serial_darwin",
    "serialx.platforms.serial_freebsd",
    "serialx.platforms.serial_win32",
    "serialx.platforms.serial_socket",
    "serialx.platforms.serial_esphome",
    "serialx.platforms.serial_rfc2217",
    "serialx.platforms.serial_rfc2217.types",
    "serialx.platforms.serial_pyodide",
)
install_secret_filter("serialx", _SERIALX_LOGGERS)

# errno of a failed open → what the user has to fix.
_ERRNO_ERRORS: dict[int, type[GsmError]] = {
    errno.ENOENT: PortNotFoundError,
    errno.ENODEV: PortNotFoundError,
    errno.ENXIO: PortNotFoundError,
    errno.ENOTDIR: PortNotFoundError,
    errno.EISDIR: PortNotFoundError,
    errno.ENOTTY: PortNotFoundError,  # exists but is no serial port
    errno.ECONNREFUSED: PortNotFoundError,  # nothing listens at host:port
    errno.EHOSTUNREACH: PortNotFoundError,
    errno.ENETUNREACH: PortNotFoundError,
    errno.EBUSY: PortBusyError,  # serialx reports its exclusive lock so
    errno.EACCES: PortBusyError,
    errno.EPERM: PortBusyError,
    errno.EAGAIN: PortBusyError,
}


def classify_open_error(url: str, err: BaseException) -> GsmError:
    """Map an exception from opening ``url`` to a typed GSM error."""
    if isinstance(err, socket.gaierror | serialx.SerialException | ValueError):
        # Unknown host, unknown URL scheme, malformed URL: nothing to open.
        return PortNotFoundError(f"{url}: {err}")
    if isinstance(err, TimeoutError):
        return PortNotFoundError(f"{url}: no answer")
    if isinstance(err, OSError):
        kind = _ERRNO_ERRORS.get(err.errno or 0, PortBusyError)
        return kind(f"{url}: {err.strerror or err}")
    return PortBusyError(f"{url}: {err}")


async def open_port(
    url: str, baudrate: int = DEFAULT_BAUDRATE
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """Open ``url``; raise ``PortNotFoundError`` or ``PortBusyError`` on failure."""
    install_secret_filter("serialx")  # loggers of modules imported since
    try:
        async with asyncio.timeout(OPEN_TIMEOUT):
            return await serialx.open_serial_connection(url, baudrate=baudrate)
    except (OSError, serialx.SerialException, ValueError, TimeoutError) as err:
        raise classify_open_error(url, err) from err
