"""Open a modem's port once to learn what it is, for the config flow."""

from __future__ import annotations

import os

from .const import LOGGER
from .gsm.errors import GsmError, PinRejectedError
from .gsm.modem import Modem, ModemInfo
from .helpers import gsm_error_key


async def async_probe_modem(
    port: str, baudrate: int, pin: str | None
) -> tuple[ModemInfo | None, dict[str, str], dict[str, str]]:
    """Open the port, initialise the modem once and close it again.

    Returns the modem's identity, or form errors and their placeholders. A
    rejected PIN is reported, never retried: a SIM blocks after three tries.
    """
    modem = Modem(port, baudrate=baudrate, pin=pin)
    try:
        await modem.connect()
    except GsmError as err:
        key = gsm_error_key(err)
        LOGGER.debug("Modem probe on %s failed: %s", port, type(err).__name__)
        placeholders = {}
        if isinstance(err, PinRejectedError):
            placeholders["attempts_left"] = (
                "?" if err.attempts_left is None else str(err.attempts_left)
            )
        return None, {"base": key}, placeholders
    except Exception:  # noqa: BLE001 - any other failure still ends the probe cleanly
        LOGGER.exception("Unexpected error probing the modem on %s", port)
        return None, {"base": "unknown"}, {}
    else:
        return modem.info, {}, {}
    finally:
        await modem.close()


def serial_by_id(device: str, by_id: str = "/dev/serial/by-id") -> str:
    """The stable /dev/serial/by-id link to a tty, else the tty itself.

    ttyUSB numbers change between boots; the by-id name does not. (HA's usb
    component has the same helper, but importing it pulls in its USB watcher.)
    """
    if not os.path.isdir(by_id):
        return device
    for entry in os.scandir(by_id):
        if entry.is_symlink() and os.path.realpath(entry.path) == device:
            return entry.path
    return device


def modem_title(info: ModemInfo) -> str:
    """The entry title: what the modem calls itself."""
    name = " ".join(part for part in (info.manufacturer, info.model) if part)
    return name or "GSM modem"
