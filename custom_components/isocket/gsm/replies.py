"""Pure parsers for the information lines of the AT commands the modem uses."""

from __future__ import annotations

from dataclasses import dataclass, field
import re

from .model import REGISTRATION_STATES, RegistrationState, SimMessages
from .pdu import pdu_line_fits
from .urc import split_params

_GROUP = re.compile(r"\(([^)]*)\)")


def value_of(lines: list[str], prefix: str) -> str | None:
    """The text after ``prefix:`` in the first line that has it."""
    for line in lines:
        if line.startswith(f"{prefix}:"):
            return line.removeprefix(f"{prefix}:").strip()
    return None


def plain_value(lines: list[str], prefix: str | None = None) -> str:
    """The answer of AT+CGMI-like commands, prefix removed.

    The last line: it comes right before ``OK``, stray chatter comes earlier.
    """
    for line in reversed(lines):
        if prefix and line.startswith(f"{prefix}:"):
            return line.removeprefix(f"{prefix}:").strip().strip('"')
        if line:
            return line.strip()
    return ""


def signal_dbm(lines: list[str]) -> int | None:
    """``+CSQ: <rssi>,<ber>`` in dBm (-113 + 2*rssi); None for 99 (unknown)."""
    value = value_of(lines, "+CSQ")
    if value is None:
        return None
    rssi = value.split(",")[0].strip()
    if not rssi.isdigit() or int(rssi) > 31:
        return None
    return -113 + 2 * int(rssi)


def registration(lines: list[str], prefix: str) -> RegistrationState | None:
    """``+CREG: <n>,<stat>[,...]`` (read form) as a state; None if absent."""
    value = value_of(lines, prefix)
    if value is None:
        return None
    params = split_params(value)
    stat = params[1] if len(params) > 1 else params[0]
    if not stat.isdigit():
        return None
    return REGISTRATION_STATES.get(int(stat), RegistrationState.UNKNOWN)


def operator(lines: list[str]) -> str | None:
    """``+COPS: <mode>,<format>,"<oper>"[,<AcT>]`` → the operator name."""
    value = value_of(lines, "+COPS")
    if value is None:
        return None
    params = split_params(value)
    return params[2] or None if len(params) > 2 else None


def option_groups(value: str) -> list[list[str]]:
    """``("SM","ME"),("SM")`` or ``(0-2),(0,1)`` → the items of each group."""
    return [split_params(group) for group in _GROUP.findall(value)]


def int_options(group: list[str]) -> set[int]:
    """``["0-2", "5"]`` → {0, 1, 2, 5}; junk is skipped."""
    values: set[int] = set()
    for item in group:
        low, _, high = item.partition("-")
        if low.strip().isdigit() and (not high or high.strip().isdigit()):
            values.update(range(int(low), int(high or low) + 1))
    return values


def own_number(lines: list[str]) -> str | None:
    """``+CNUM: "<alpha>","<number>",<type>`` → the number, if the SIM knows it."""
    value = value_of(lines, "+CNUM")
    if value is None:
        return None
    params = split_params(value)
    return params[1] or None if len(params) > 1 else None


def message_reference(lines: list[str]) -> int | None:
    """``+CMGS: <mr>`` → the message reference."""
    value = value_of(lines, "+CMGS")
    if value is None:
        return None
    first = value.split(",")[0].strip()
    return int(first) if first.isdigit() else None


@dataclass(slots=True)
class Listing:
    """What an ``AT+CMGL``/``AT+CMGR`` answer held.

    ``messages``: (index, PDU) of each header whose PDU line came (``+CMGR``
    has no index: None). ``unread``: indexes of headers whose PDU never came;
    such a message was not read and must stay stored. ``stray``: every other
    line (vendor chatter a modem printed in between), to be logged.
    """

    messages: list[tuple[int | None, str]] = field(default_factory=list)
    unread: list[int | None] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)


def _header(params: list[str], prefix: str) -> tuple[int | None, int | None]:
    """(index, TPDU length) of a ``+CMGL: <index>,<stat>,[<alpha>],<length>`` or
    ``+CMGR: <stat>,[<alpha>],<length>`` header; None where unreadable."""
    first, last = params[0], params[-1]
    index = int(first) if prefix == "+CMGL" and first.isdigit() else None
    length = int(last) if len(params) > 1 and last.isdigit() else None
    return index, length


def read_listing(lines: list[str], prefix: str) -> Listing:
    """Pair each ``prefix`` header with the PDU line of its announced length.

    A line between a header and its PDU that is not that PDU (``+CIEV``,
    ``*PSUTTZ``, ``DST: 1``, ...) is stray, never taken for the message.
    """
    listing = Listing()
    open_header: tuple[int | None, int | None] | None = None
    for line in lines:
        if line.startswith(f"{prefix}:"):
            if open_header is not None:
                listing.unread.append(open_header[0])
            params = split_params(line.removeprefix(f"{prefix}:"))
            open_header = _header(params, prefix)
        elif open_header is not None and pdu_line_fits(line, open_header[1]):
            listing.messages.append((open_header[0], line))
            open_header = None
        else:
            listing.stray.append(line)
    if open_header is not None:
        listing.unread.append(open_header[0])
    return listing


def sim_messages(lines: list[str]) -> SimMessages | None:
    """``+CPMS: "SM",<used>,<total>,...`` (read form) → the first storage's counts."""
    value = value_of(lines, "+CPMS")
    if value is None:
        return None
    params = split_params(value)
    if len(params) < 3 or not params[1].isdigit() or not params[2].isdigit():
        return None
    used, total = int(params[1]), int(params[2])
    return SimMessages(used, total) if 0 <= used <= total else None
