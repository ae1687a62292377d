"""Open a modem's port once to learn what it is, for the config flow."""

from __future__ import annotations

from collections.abc import Mapping
import os
from typing import Final

import phonenumbers

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


# What modems call their maker (AT+CGMI) and what people call it.
_MAKERS: Final[Mapping[str, str]] = {
    "SIMCOM_LTD": "SIMCom",
    "SIMCOM": "SIMCom",
    "SIMCOM INCORPORATED": "SIMCom",
    "QUECTEL": "Quectel",
    "HUAWEI": "Huawei",
    "ZTE": "ZTE",
    "ZTE INCORPORATED": "ZTE",
    "SIERRA WIRELESS, INCORPORATED": "Sierra Wireless",
}
GENERIC_NAME: Final = "GSM modem"


def modem_maker(info: ModemInfo) -> str | None:
    """The maker in plain words (``SIMCOM_Ltd`` → ``SIMCom``)."""
    maker = info.manufacturer.strip()
    return _MAKERS.get(maker.upper(), maker) or None


def modem_model(info: ModemInfo) -> str | None:
    """The model in plain words (``SIMCOM_SIM800L`` → ``SIM800L``)."""
    model = info.model.strip()
    maker = info.manufacturer.strip().split("_")[0].split(" ")[0]
    for prefix in (f"{maker}_", f"{maker} ", "SIMCOM_", "QUECTEL_"):
        if len(prefix) > 1 and model.upper().startswith(prefix.upper()):
            model = model[len(prefix) :]
    return model.replace("_", " ").strip() or None


def masked_number(number: str | None) -> str | None:
    """The number's country and network or area code, the rest hidden.

    ``+4917012345678`` → ``+49 170 …``: enough to tell two modems apart,
    while the title, the device name and the entity ids (which end up in
    logs) never carry the full number.
    """
    if not number:
        return None
    try:
        parsed = phonenumbers.parse(number if number.startswith("+") else f"+{number}")
    except phonenumbers.NumberParseException:
        return None
    groups = phonenumbers.format_number(
        parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL
    ).split(" ")
    if len(groups) < 3:  # no code to show without most of the number
        return f"{groups[0]} …"
    return f"{groups[0]} {groups[1]} …"


def modem_title(info: ModemInfo) -> str:
    """The hub's name: what it is, and its own number where the SIM reports it.

    ``GSM modem SIM800L (+49 170 …)``. The entry title becomes the modem
    device's name, and so the start of the hub's entity ids.
    """
    model = modem_model(info)
    name = f"{GENERIC_NAME} {model}" if model else GENERIC_NAME
    if (number := masked_number(info.own_number)) is not None:
        name = f"{name} ({number})"
    return name
