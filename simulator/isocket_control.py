"""Socket, clock, credit and version commands (spec §3.1, §3.7, §3.11, §3.12)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .isocket_errors import ExecuteError, IncorrectValueError
from .isocket_time import date_text, parse_date

if TYPE_CHECKING:
    from .isocket import ISocket
    from .isocket_commands import Request

MAX_SECONDS = 65000
MAX_RESTART_TIME = 600
HARDWARE_TEXT = "iSocket Environment Pro"
_USSD = re.compile(r"[*#][0-9*#]*#")
# (lowest dBm, word) from strong to weak, for the STATUS signal line
_SIGNAL_WORDS = ((-60, "Excellent"), (-75, "Good"), (-90, "Fair"))


def socket_text(device: ISocket, on: bool) -> str:
    """``Power socket ON`` / ``Power socket OFF`` in the device's wording."""
    return device.say("socket", socket="ON" if on else "OFF")


def signal_text(dbm: int) -> str:
    """``Good (-67dBm)``."""
    word = next((w for floor, w in _SIGNAL_WORDS if dbm >= floor), "Poor")
    return f"{word} ({dbm}dBm)"


def status_text(device: ISocket) -> str:
    """The STATUS reply (§3.1.1), also sent by the scheduler's INF action."""
    return device.say(
        "status",
        signal=signal_text(device.signal_dbm),
        temp=device.thermostat.reading_text,
        armed="Enabled" if device.alarm.armed else "Disabled",
        activity="Act" if device.alarm.active else "No act",
    )


def _seconds(value: str, maximum: int) -> int:
    seconds = int(value)
    if not 1 <= seconds <= maximum:
        raise IncorrectValueError(value)
    return seconds


def switch_on(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """ON."""
    device.relay.set(True)
    return socket_text(device, True)


def switch_off(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """OFF."""
    device.relay.set(False)
    return socket_text(device, False)


def switch_for(device: ISocket, match: re.Match[str], _request: Request) -> str:
    """ON<n> / OFF<n>: n seconds, then back."""
    word, seconds = match.group(1), _seconds(match.group(2), MAX_SECONDS)
    device.relay.set_for(word == "ON", seconds)
    return device.say("switch_for", socket=word, seconds=seconds)


def restart(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """RESTART: toggle, back after RESTARTTIME."""
    device.relay.restart(device.settings.restart_time)
    return device.say("restarted")


def set_restart_time(device: ISocket, match: re.Match[str], _request: Request) -> str:
    """RESTARTTIME=<1…600>."""
    if not match.group(1).isdigit():
        raise IncorrectValueError(match.group(1))
    device.settings.restart_time = _seconds(match.group(1), MAX_RESTART_TIME)
    return f"RESTARTTIME={device.settings.restart_time} - OK"


def restart_time_inquiry(
    device: ISocket, _match: re.Match[str], _request: Request
) -> str:
    """RESTARTTIME?."""
    return f"RESTARTTIME={device.settings.restart_time} seconds"


def status(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """STATUS."""
    return status_text(device)


def runtime(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """RUNTIME: since when the socket is on (the manual shows no OFF form)."""
    if not device.relay.on:
        return socket_text(device, False)
    return device.say("runtime", time=device.wording.stamp(device.relay.since))


def date(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """DATE."""
    return f"DATE {date_text(device.device_clock.now())}"


def set_date(device: ISocket, match: re.Match[str], _request: Request) -> str:
    """DATE=yy/mm/dd,hh:mm:ss+zz."""
    device.set_clock(parse_date(match.group(1)))
    return f"DATE={date_text(device.device_clock.now())} - OK"


def date_from_sms(device: ISocket, _match: re.Match[str], request: Request) -> str:
    """DATESMS: the clock takes the SMS's service-centre time stamp."""
    device.set_clock(request.timestamp)
    return f"DATE {date_text(device.device_clock.now())} - OK"


def set_creditums(device: ISocket, match: re.Match[str], _request: Request) -> str:
    """CREDITUMS=<USSD code>|NO."""
    code = match.group(1)
    if code != "NO" and _USSD.fullmatch(code) is None:
        raise IncorrectValueError(code)
    device.settings.creditums = code
    return f"CREDITUMS ={code} - OK"


def creditums_inquiry(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """CREDITUMS?."""
    return f"CREDITUMS: {device.settings.creditums}"


def _ussd(device: ISocket, code: str) -> str:
    try:
        return device.network.ussd(device.number, code)
    except Exception as err:  # the operator's service failed: nothing to relay
        raise ExecuteError(code) from err


def credit(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """CREDIT: the operator's answer to CREDITUMS."""
    if device.settings.creditums == "NO":
        raise ExecuteError("no CREDITUMS code")
    return _ussd(device, device.settings.creditums)


def simcard(device: ISocket, match: re.Match[str], _request: Request) -> str:
    """SIMCARD*X#: any USSD code, the operator's answer."""
    code = match.group(1)
    if _USSD.fullmatch(code) is None:
        raise IncorrectValueError(code)
    return _ussd(device, code)


def hardware(_device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """HARDWARE."""
    return HARDWARE_TEXT


def serial_number(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """SERIALNUM."""
    return f"S/N: {device.serial_number}"


def firmware(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """FIRMWARE."""
    return f"{device.firmware} (c) iSocket Systems"
