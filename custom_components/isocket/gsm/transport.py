"""Open the serial line with serialx and translate its failures into ours.

serialx resolves the URL itself: device paths (``/dev/ttyUSB0``,
``/dev/serial/by-id/...``), ``socket://host:port`` (ser2net), ``rfc2217://``
and ``esphome://`` (needs the ``serialx[esphome]`` extra, aioesphomeapi).
"""

from __future__ import annotations

import asyncio
import errno
import socket

import serialx

from .errors import GsmError, PortBusyError, PortNotFoundError

DEFAULT_BAUDRATE = 115200
# A remote port (socket://, rfc2217://) that never answers must not hang setup.
OPEN_TIMEOUT = 10.0

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
    try:
        async with asyncio.timeout(OPEN_TIMEOUT):
            return await serialx.open_serial_connection(url, baudrate=baudrate)
    except (OSError, serialx.SerialException, ValueError, TimeoutError) as err:
        raise classify_open_error(url, err) from err
