"""AT command lines: parsing, replies, errors and the runtime settings they change.

The command table itself is assembled in :mod:`simulator.modem_commands` from
the handler modules; this module holds what they share.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .modem import SimModem


class Kind(StrEnum):
    """The four forms of an extended command (27.007 §4.1)."""

    EXEC = "exec"  # AT+CMD  (and basic commands like ATE0)
    READ = "read"  # AT+CMD?
    TEST = "test"  # AT+CMD=?
    SET = "set"  # AT+CMD=...


_FORM_SUFFIX = {Kind.EXEC: "", Kind.READ: "?", Kind.TEST: "=?", Kind.SET: "="}


@dataclass(frozen=True, slots=True)
class AtCommand:
    """One command of a command line. ``name`` is upper case: ``+CPIN``, ``E``, ``D``."""

    name: str
    kind: Kind
    raw: str = ""  # argument text as typed (after ``=`` or the basic command letter)

    @property
    def args(self) -> list[str]:
        """Comma-separated arguments, quotes removed (commas inside quotes kept)."""
        if not self.raw:
            return []
        parts: list[str] = []
        current: list[str] = []
        quoted = False
        for char in self.raw:
            if char == '"':
                quoted = not quoted
            elif char == "," and not quoted:
                parts.append("".join(current).strip())
                current = []
            else:
                current.append(char)
        parts.append("".join(current).strip())
        return parts

    @property
    def form(self) -> str:
        """Name and form as typed without arguments: ``+CPIN?``, ``+CMGS=``, ``E``."""
        return self.name + _FORM_SUFFIX[self.kind]

    def int_arg(self, index: int, default: int | None = None) -> int:
        """Argument ``index`` as an int; ``CmeError(50)`` when missing or bad."""
        args = self.args
        if index < len(args) and args[index] != "":
            try:
                return int(args[index])
            except ValueError:
                raise CmeError(50) from None
        if default is None:
            raise CmeError(50)
        return default


class CmeError(Exception):
    """Ends the command with ``+CME ERROR: <code>`` (or ``ERROR`` with CMEE=0)."""

    def __init__(self, code: int) -> None:
        """Remember the 27.007 error code."""
        super().__init__(code)
        self.code = code


class CmsError(Exception):
    """Ends the command with ``+CMS ERROR: <code>`` (27.005 §3.2.5)."""

    def __init__(self, code: int) -> None:
        """Remember the 27.005 error code."""
        super().__init__(code)
        self.code = code


class PlainError(Exception):
    """Ends the command with plain ``ERROR``."""


@dataclass(slots=True)
class Reply:
    """What a command answers: information lines, then a final result code.

    ``prompt`` switches the line to data input (``AT+CMGS``): the modem writes
    ``> `` and hands the text typed up to Ctrl-Z to ``prompt(text)``, or
    ``prompt(None)`` when ESC cancels it.
    """

    lines: list[str] = field(default_factory=list)
    final: str = "OK"
    prompt: Callable[[str | None], Reply] | None = None
    delay: float = 0.0  # extra simulated seconds before this reply is written
    after: list[Callable[[], None]] = field(default_factory=list)  # run once written


type Handler = Callable[["SimModem", AtCommand], Reply]


# 27.007 §9.2 verbose texts (AT+CMEE=2) for the codes the simulator uses
CME_TEXT: dict[int, str] = {
    3: "operation not allowed",
    4: "operation not supported",
    10: "SIM not inserted",
    11: "SIM PIN required",
    12: "SIM PUK required",
    16: "incorrect password",
    21: "invalid index",
    30: "no network service",
    50: "Incorrect parameters",
    100: "unknown",
}


@dataclass(slots=True)
class Settings:
    """Everything ``reset()`` / ``ATZ`` forgets."""

    echo: bool = True
    cmee: int = 0
    cmgf: int = 0
    cnmi: tuple[int, int, int, int, int] = (2, 1, 0, 0, 0)
    clip: int = 0
    crc: int = 0
    colp: int = 0
    creg: int = 0
    cereg: int = 0
    csms: int = 0
    cusd: int = 0
    cscs: str = "IRA"
    cpms: tuple[str, str, str] = ("SM", "SM", "SM")


_EXTENDED_START = "+^$%*#"


def _split_extended(text: str) -> tuple[str, str]:
    """Split ``+CMD=..;rest`` at the first ``;`` outside quotes."""
    quoted = False
    for pos, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            return text[:pos], text[pos + 1 :]
    return text, ""


def _extended(token: str) -> AtCommand:
    name_end = len(token)
    for pos, char in enumerate(token):
        if char in "=?":
            name_end = pos
            break
    name, rest = token[:name_end].upper(), token[name_end:]
    if rest == "?":
        return AtCommand(name, Kind.READ)
    if rest == "=?":
        return AtCommand(name, Kind.TEST)
    if rest.startswith("="):
        return AtCommand(name, Kind.SET, rest[1:])
    return AtCommand(name, Kind.EXEC, rest)


def parse_command_line(line: str) -> list[AtCommand] | None:
    """Split ``ATE0+CMEE=1;+CMGF=0`` into commands; ``None`` if not an AT line."""
    text = line.strip()
    if text[:2].upper() != "AT":
        return None
    rest = text[2:]
    commands: list[AtCommand] = []
    while rest:
        head = rest[0]
        if head in _EXTENDED_START:
            token, rest = _split_extended(rest)
            commands.append(_extended(token))
        elif head.upper() == "D":  # dial string runs to the end of the line
            commands.append(AtCommand("D", Kind.EXEC, rest[1:]))
            rest = ""
        elif head == ";":
            rest = rest[1:]
        else:
            name = head.upper()
            pos = 1
            if head == "&" and len(rest) > 1:
                name, pos = "&" + rest[1].upper(), 2
            start = pos
            while pos < len(rest) and (rest[pos].isdigit() or rest[pos] in "=?"):
                pos += 1
            commands.append(AtCommand(name, Kind.EXEC, rest[start:pos]))
            rest = rest[pos:]
    return commands
