"""Unsolicited result codes: recognise a line and turn it into a typed event.

``parse_urc`` is a pure function over one line; which lines belong to a running
command instead is the AT engine's decision. ``+CMT`` and ``+CDS`` announce a
PDU on the next line: their dataclasses carry ``pdu=""`` until the engine has
read it (``needs_pdu``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeIs


@dataclass(frozen=True, slots=True)
class NewMessage:
    """``+CMTI: "SM",3`` — an SMS was stored at ``index``."""

    storage: str
    index: int


@dataclass(frozen=True, slots=True)
class DirectMessage:
    """``+CMT: [alpha],<length>`` + PDU line — an SMS routed straight to us."""

    length: int
    pdu: str = ""


@dataclass(frozen=True, slots=True)
class DirectStatusReport:
    """``+CDS: <length>`` + PDU line — a status report routed straight to us."""

    length: int
    pdu: str = ""


@dataclass(frozen=True, slots=True)
class StoredStatusReport:
    """``+CDSI: "SM",3`` — a status report was stored at ``index``."""

    storage: str
    index: int


@dataclass(frozen=True, slots=True)
class Ring:
    """``RING`` or ``+CRING: <type>`` — an incoming call is ringing."""

    kind: str | None = None


@dataclass(frozen=True, slots=True)
class CallerId:
    """``+CLIP: "<number>",<type>,...`` — caller id of the ringing call."""

    number: str | None
    number_type: int | None = None


@dataclass(frozen=True, slots=True)
class CallEnded:
    """``NO CARRIER`` (or ``BUSY``/``NO ANSWER``) when no command waits for it."""

    reason: str


@dataclass(frozen=True, slots=True)
class Ussd:
    """``+CUSD: <m>[,"<text>",<dcs>]`` — a USSD answer from the network."""

    status: int
    text: str | None = None
    dcs: int | None = None


@dataclass(frozen=True, slots=True)
class ModemReset:
    """``RDY`` — the modem (re)started; everything set by init is lost."""


@dataclass(frozen=True, slots=True)
class ServiceReady:
    """``Call Ready`` / ``SMS Ready`` — SIM800 finished its start-up."""

    service: Literal["call", "sms"]


@dataclass(frozen=True, slots=True)
class SimState:
    """``+CPIN: <code>`` — the SIM changed state (``READY``, ``NOT INSERTED``...)."""

    state: str


@dataclass(frozen=True, slots=True)
class Registration:
    """``+CREG: <stat>[,<lac>,<ci>[,<act>]]`` (also ``+CGREG``/``+CEREG``)."""

    domain: Literal["CREG", "CGREG", "CEREG"]
    stat: int
    lac: str | None = None
    cell: str | None = None


@dataclass(frozen=True, slots=True)
class SignalReport:
    """Huawei ``^RSSI: <rssi>`` (0..31, 99 = unknown)."""

    rssi: int


@dataclass(frozen=True, slots=True)
class VendorEvent:
    """Other vendor indications (``^BOOT``, ``^HCSQ``, ``^MODE``, ``+QIND``...)."""

    code: str
    params: str


type Urc = (
    NewMessage
    | DirectMessage
    | DirectStatusReport
    | StoredStatusReport
    | Ring
    | CallerId
    | CallEnded
    | Ussd
    | ModemReset
    | ServiceReady
    | SimState
    | Registration
    | SignalReport
    | VendorEvent
)


type PduUrc = DirectMessage | DirectStatusReport


def needs_pdu(urc: Urc) -> TypeIs[PduUrc]:
    """Tell whether the URC's PDU is still to come on the next line."""
    return isinstance(urc, DirectMessage | DirectStatusReport) and not urc.pdu


def split_params(text: str) -> list[str]:
    """Split ``a,"b,c",d`` at commas outside quotes; quotes are removed."""
    params: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            params.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    params.append("".join(current).strip())
    return params


def _int_or_none(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def _stored(factory: type[NewMessage | StoredStatusReport]) -> _Parser:
    def parse(params: list[str]) -> Urc:
        return factory(params[0], int(params[1]))

    return parse


def _clip(params: list[str]) -> Urc:
    return CallerId(
        params[0] or None, _int_or_none(params[1]) if len(params) > 1 else None
    )


def _cusd(params: list[str]) -> Urc:
    text = params[1] if len(params) > 1 else None
    dcs = _int_or_none(params[2]) if len(params) > 2 else None
    return Ussd(int(params[0]), text, dcs)


def _registration(domain: Literal["CREG", "CGREG", "CEREG"]) -> _Parser:
    def parse(params: list[str]) -> Urc:
        lac = params[1] or None if len(params) > 1 else None
        cell = params[2] or None if len(params) > 2 else None
        return Registration(domain, int(params[0]), lac, cell)

    return parse


def _vendor(code: str) -> _Parser:
    def parse(params: list[str]) -> Urc:
        return VendorEvent(code, ",".join(params))

    return parse


type _Parser = Callable[[list[str]], Urc]

# Lines that are a URC by themselves.
_EXACT: dict[str, Urc] = {
    "RING": Ring(),
    "NO CARRIER": CallEnded("NO CARRIER"),
    "BUSY": CallEnded("BUSY"),
    "NO ANSWER": CallEnded("NO ANSWER"),
    "RDY": ModemReset(),
    "Call Ready": ServiceReady("call"),
    "SMS Ready": ServiceReady("sms"),
}

# ``<prefix>: <params>`` lines, keyed by the prefix without the colon.
_PREFIXED: dict[str, _Parser] = {
    "+CMTI": _stored(NewMessage),
    "+CMT": lambda p: DirectMessage(int(p[-1])),
    "+CDS": lambda p: DirectStatusReport(int(p[0])),
    "+CDSI": _stored(StoredStatusReport),
    "+CRING": lambda p: Ring(p[0] or None),
    "+CLIP": _clip,
    "+CUSD": _cusd,
    "+CPIN": lambda p: SimState(p[0]),
    "+CREG": _registration("CREG"),
    "+CGREG": _registration("CGREG"),
    "+CEREG": _registration("CEREG"),
    "^RSSI": lambda p: SignalReport(int(p[0])),
    "^BOOT": _vendor("^BOOT"),
    "^HCSQ": _vendor("^HCSQ"),
    "^MODE": _vendor("^MODE"),
    "+QIND": _vendor("+QIND"),
}

URC_PREFIXES = frozenset(f"{prefix}:" for prefix in _PREFIXED)


def parse_urc(line: str) -> Urc | None:
    """Recognise one line as a URC; ``None`` for anything else (never raises)."""
    if (exact := _EXACT.get(line)) is not None:
        return exact
    prefix, colon, rest = line.partition(":")
    parser = _PREFIXED.get(prefix) if colon else None
    if parser is None:
        return None
    try:
        return parser(split_params(rest))
    except ValueError, IndexError:
        # A known prefix with mangled parameters: not worth acting on.
        return None
