"""Security list, alert numbers and password (spec §3.3, §3.4).

Numbers are stored as the device wants them typed: digits with the country
code, no ``+``. A sender is authorised only when its number, ``+`` dropped,
is stored exactly so. The German manual (§5.1) tells users to list both the
local and the international form of a number when the operator presents
calls locally: the device compares numbers exactly. The spec's §6 "trailing
digits" was our assumption and is overruled (spec, Corrections 3).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .isocket_errors import ExecuteError, IncorrectValueError
from .isocket_settings import MAX_NUMBER_DIGITS, MAX_NUMBERS

if TYPE_CHECKING:
    from .isocket import ISocket
    from .isocket_commands import Request

_PASSWORD = re.compile(r"\S{5}")
BOSS_TEXT = (
    "Your phone number has been assigned for all types of alerts and was added "
    "to security list which has been activated"
)
ALERTME_TEXT = "Your phone number has been assigned for all types of alerts!"


def stored_form(number: str | None) -> str | None:
    """A sender as the lists keep it (``+4915…`` → ``4915…``); None if no number."""
    if number is None:
        return None
    digits = number.strip().removeprefix("+")
    return digits if digits.isdigit() and len(digits) <= MAX_NUMBER_DIGITS else None


def listed(numbers: list[str], number: str | None) -> bool:
    """Whether ``number`` (a sender, maybe hidden) is on ``numbers``, exactly.

    ``015112345678`` is not ``4915112345678``: as on the device (manual §5.1).
    """
    stored = stored_form(number)
    return stored is not None and stored in numbers


def _valid_number(value: str) -> str:
    if not value.isdigit() or len(value) > MAX_NUMBER_DIGITS:
        raise IncorrectValueError(value)
    return value


def _add(numbers: list[str], number: str) -> None:
    if number in numbers:
        return
    if len(numbers) >= MAX_NUMBERS:
        raise ExecuteError(number)  # the list is full
    numbers.append(number)


def _sender(request: Request) -> str:
    number = stored_form(request.sender)
    if number is None:  # hidden or alphanumeric: nothing to store
        raise ExecuteError(request.sender)
    return number


def make_me_boss(device: ISocket, _match: re.Match[str], request: Request) -> str:
    """MAKEMEBOSS: list the sender, activate the list, alert the sender."""
    number = _sender(request)
    settings = device.settings
    _add(settings.security_numbers, number)
    _add(settings.alert_numbers, number)
    settings.seclist = "ON"
    return BOSS_TEXT


def alert_me(device: ISocket, _match: re.Match[str], request: Request) -> str:
    """ALERTME: the sender joins the alert numbers."""
    _add(device.settings.alert_numbers, _sender(request))
    return ALERTME_TEXT


def add_secnumber(device: ISocket, match: re.Match[str], _request: Request) -> str:
    """SECNUMBER+<number>."""
    number = _valid_number(match.group(1))
    _add(device.settings.security_numbers, number)
    return f"SECNUMBER+{number} - OK"


def remove_secnumber(device: ISocket, match: re.Match[str], _request: Request) -> str:
    """SECNUMBER-<number> (removing an absent number is confirmed too)."""
    number = _valid_number(match.group(1))
    if number in device.settings.security_numbers:
        device.settings.security_numbers.remove(number)
    return f"SECNUMBER-{number} - OK"


def clear_secnumbers(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """SECNUMBER-ALL: also SECLIST=OFF, which resets RING (§3.2)."""
    device.settings.security_numbers.clear()
    device.settings.seclist = "OFF"
    device.settings.ring = "NOACTION"
    return "SECNUMBER-ALL - OK"


def list_secnumbers(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """SECNUMBER?."""
    return f"SECNUMBERs: {', '.join(device.settings.security_numbers)}".rstrip()


def add_alertnumber(device: ISocket, match: re.Match[str], _request: Request) -> str:
    """ALERTNUMBER+<number>."""
    number = _valid_number(match.group(1))
    _add(device.settings.alert_numbers, number)
    return f"ALERTNUMBER+{number} - OK"


def remove_alertnumber(device: ISocket, match: re.Match[str], _request: Request) -> str:
    """ALERTNUMBER-<number>."""
    number = _valid_number(match.group(1))
    if number in device.settings.alert_numbers:
        device.settings.alert_numbers.remove(number)
    return f"ALERTNUMBER-{number} - OK"


def clear_alertnumbers(
    device: ISocket, _match: re.Match[str], _request: Request
) -> str:
    """ALERTNUMBER-ALL."""
    device.settings.alert_numbers.clear()
    return "ALERTNUMBER-ALL - OK"


def list_alertnumbers(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """ALERTNUMBER?."""
    return f"ALERTNUMBERs: {', '.join(device.settings.alert_numbers)}".rstrip()


def set_password(device: ISocket, match: re.Match[str], request: Request) -> str:
    """PASSWORD=<5 characters>|NO; the new password keeps its case."""
    value = request.original(match, 1)
    if value.upper() == "NO":
        device.settings.password = None
        return "PASSWORD=NO - OK"
    if _PASSWORD.fullmatch(value) is None:
        raise IncorrectValueError(value)
    device.settings.password = value
    return "PASSWORD=***** - OK"
