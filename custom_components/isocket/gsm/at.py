"""The AT command engine: one command on the wire at a time, URCs dispatched.

Lines from the modem are routed in this order: the PDU line owed to a ``+CMT``/
``+CDS`` header, the echo of the running command (skipped), its final result,
a line the running command expects by prefix, a URC, and finally whatever else
the running command prints. A URC is therefore never swallowed by a command
that happens to be running when it arrives. The PDU owed to a header must be
hex of the announced length: anything else that comes first (the running
command's ``OK``, a vendor line) is handled as if no PDU were owed.

Some modems skip the final result code after an information line (old
Wavecom: ``+CPIN: READY`` and nothing more); at the timeout such a command
counts as answered when its expected line came.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
import contextlib
from dataclasses import dataclass, field, replace
import logging
import re

from .errors import (
    AtCommandError,
    CommandTimeoutError,
    ModemNotConnectedError,
    NotSentError,
)
from .lines import LineSplitter, Prompt
from .pdu import pdu_line_fits
from .redact import redact
from .urc import PduUrc, Urc, needs_pdu, parse_urc

_LOGGER = logging.getLogger(__name__)

CTRL_Z = b"\x1a"
ESC = b"\x1b"
READ_SIZE = 4096
# How long a command waits for the final of a timed-out predecessor, so that a
# late "OK" is not taken for its own.
LATE_GRACE = 1.0

# Lines a +CMT/+CDS header waits for its PDU before it counts as lost.
MAX_LINES_BEFORE_PDU = 8
# A +CUSD with an open quote waits this long for the line that closes it.
HELD_LINE_GRACE = 0.5

# Call progress codes end a dial command; any other time they are URCs.
_DIAL_FINALS = frozenset({"NO CARRIER", "BUSY", "NO ANSWER", "NO DIALTONE"})
_ERROR_FINALS = frozenset({"ERROR", "COMMAND NOT SUPPORT"})
_CODED_ERRORS = {"+CME ERROR:": "cme", "+CMS ERROR:": "cms"}
# Read (``?``) and test (``=?``) forms answer with the command's own prefix,
# which may also be a URC prefix (``+CPIN:``, ``+CREG:``): it is theirs then.
_OWN_PREFIX = re.compile(r"AT([+^][A-Z0-9]+)(?:\?|=\?)$", re.IGNORECASE)

type UrcListener = Callable[[Urc], None]


def expected_prefixes(command: str, expect: Sequence[str] = ()) -> tuple[str, ...]:
    """Prefixes of lines that belong to ``command`` even if they look like URCs."""
    own = _OWN_PREFIX.match(command)
    prefixes = tuple(expect)
    return (*prefixes, f"{own.group(1).upper()}:") if own else prefixes


def final_error(command: str, line: str, *, dial: bool) -> AtCommandError | None:
    """The error a final line means, or ``None`` if the line is no error final."""
    # The error text may end up in a log: never with a PIN or a number in it.
    if line in _ERROR_FINALS or (dial and line in _DIAL_FINALS):
        return AtCommandError(redact(command), line)
    for prefix, kind in _CODED_ERRORS.items():
        if line.startswith(prefix):
            code = line.removeprefix(prefix).strip()
            number = int(code) if code.isdigit() else None
            return AtCommandError(redact(command), line, **{kind: number})
    return None


def answered_without_final(expect: Sequence[str], lines: Sequence[str]) -> bool:
    """Whether a timed-out command's expected information line arrived.

    Such a command has its answer: only the final result code is missing.
    """
    return bool(expect) and any(line.startswith(tuple(expect)) for line in lines)


def is_final(line: str) -> bool:
    """Whether the line ends some command (any command)."""
    return (
        line == "OK"
        or line in _DIAL_FINALS
        or final_error("", line, dial=False) is not None
    )


@dataclass(slots=True)
class _Pending:
    command: str
    expect: tuple[str, ...]
    pdu: str | None
    done: asyncio.Future[list[str]]
    prompt: asyncio.Future[None]
    dial: bool
    lines: list[str] = field(default_factory=list)


class AtEngine:
    """Speak AT over a connected (reader, writer) pair; create inside the loop."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        *,
        timeout_limit: int | None = None,
    ) -> None:
        """Start reading at once: a modem may talk before it is asked.

        After ``timeout_limit`` timeouts in a row the line counts as lost: a
        modem that stopped answering is as gone as an unplugged one.
        """
        self._timeout_limit = timeout_limit
        self._reader = reader
        self._writer = writer
        self._splitter = LineSplitter()
        self._lock = asyncio.Lock()
        self._pending: _Pending | None = None
        self._pdu_urc: PduUrc | None = None
        self._lines_before_pdu = 0
        self._urc_listeners: list[UrcListener] = []
        self._disconnect_listeners: list[Callable[[], None]] = []
        self._connected = True
        self._closing = False
        self.consecutive_timeouts = 0
        self._late_finals = 0
        self._settled = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(
            self._read_loop(), name="isocket-at-reader"
        )

    @property
    def connected(self) -> bool:
        """Whether the line is still up."""
        return self._connected

    def add_urc_listener(self, listener: UrcListener) -> Callable[[], None]:
        """Call ``listener`` for every URC; returns the unsubscribe function."""
        self._urc_listeners.append(listener)
        return lambda: self._urc_listeners.remove(listener)

    def add_disconnect_listener(
        self, listener: Callable[[], None]
    ) -> Callable[[], None]:
        """Call ``listener`` once when the line is lost (EOF, read or write error)."""
        self._disconnect_listeners.append(listener)
        return lambda: self._disconnect_listeners.remove(listener)

    async def command(
        self,
        cmd: str,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - per command, part of the API
        expect: Sequence[str] = (),
        pdu: str | None = None,
    ) -> list[str]:
        """Send ``cmd``, return its information lines once ``OK`` arrives.

        With ``pdu`` the command is ``AT+CMGS``-like: after the ``> `` prompt the
        PDU and Ctrl-Z follow. Raises ``AtCommandError`` for an error final,
        ``CommandTimeoutError``, or ``ModemNotConnectedError`` (`NotSentError`
        at once when the line is already down: nothing was written). A
        command whose final never comes, but whose
        expected line (``expect`` or its own ``?``/``=?`` prefix) did, returns
        its lines at the timeout; a late final is then still no other's.
        """
        if not self._connected:
            raise NotSentError(f"cannot send {redact(cmd)}: not connected")
        async with self._lock:
            if not self._connected:
                raise NotSentError(f"cannot send {redact(cmd)}: not connected")
            await self._settle(min(timeout, LATE_GRACE))
            loop = asyncio.get_running_loop()
            pending = _Pending(
                command=cmd,
                expect=expected_prefixes(cmd, expect),
                pdu=pdu,
                done=loop.create_future(),
                prompt=loop.create_future(),
                dial=cmd.upper().startswith("ATD"),
            )
            self._pending = pending
            try:
                return await self._exchange(pending, timeout)
            finally:
                self._pending = None

    async def _exchange(self, pending: _Pending, limit: float) -> list[str]:
        try:
            async with asyncio.timeout(limit):
                await self._write(pending.command.encode() + b"\r")
                if pending.pdu is not None:
                    await asyncio.wait(
                        (pending.prompt, pending.done),
                        return_when=asyncio.FIRST_COMPLETED,
                    )
                    if not pending.done.done():
                        await self._write(pending.pdu.encode() + CTRL_Z)
                lines = await pending.done
        except TimeoutError:
            # Its final result may still come; it must not end the next command.
            self._late_finals += 1
            if answered_without_final(pending.expect, pending.lines):
                # Old Wavecom modems answer AT+CPIN? with "+CPIN: READY" and no
                # "OK"; python-gsmmodem accepts the bare +CPIN line for the
                # same report (faucamp/python-gsmmodem issue #19, _unlockSim).
                _LOGGER.debug(
                    "%s: no final result code; its information line came, accepted",
                    redact(pending.command),
                )
                self.consecutive_timeouts = 0
                return pending.lines
            self.consecutive_timeouts += 1
            if pending.pdu is not None and self._connected:
                # Leave the modem's PDU input mode, or it eats the next command.
                self._writer.write(ESC)
            if self._timeout_limit and self.consecutive_timeouts >= self._timeout_limit:
                self._lost(CommandTimeoutError("modem stopped answering"))
            raise CommandTimeoutError(
                f"{redact(pending.command)}: no answer within {limit} s"
            ) from None
        self.consecutive_timeouts = 0
        return lines

    async def _settle(self, grace: float) -> None:
        """Give the finals of timed-out commands ``grace`` seconds to turn up."""
        if not self._late_finals:
            return
        self._settled.clear()
        try:
            async with asyncio.timeout(grace):
                await self._settled.wait()
        except TimeoutError:
            _LOGGER.debug("%d late final(s) never came", self._late_finals)
        self._late_finals = 0

    async def _write(self, data: bytes) -> None:
        if _LOGGER.isEnabledFor(logging.DEBUG):
            _LOGGER.debug("-> %s", redact(data.decode(errors="replace").rstrip()))
        try:
            self._writer.write(data)
            await self._writer.drain()
        except (OSError, RuntimeError) as err:
            self._lost(err)
            raise ModemNotConnectedError(f"write failed: {err}") from err
        if not self._connected:
            raise ModemNotConnectedError("line lost while writing")

    async def _read_loop(self) -> None:
        error: BaseException | None = None
        try:
            while data := await self._read():
                for item in self._splitter.feed(data):
                    if isinstance(item, Prompt):
                        self._on_prompt()
                    else:
                        self._on_line(item)
        except asyncio.CancelledError:
            raise
        except Exception as err:  # noqa: BLE001 - any transport failure = line lost
            error = err
        self._lost(error)

    async def _read(self) -> bytes:
        """The next bytes; a quoted string the splitter holds open is let go
        once the line stays quiet (a +CUSD whose closing quote never comes)."""
        if not self._splitter.holding:
            return await self._reader.read(READ_SIZE)
        try:
            async with asyncio.timeout(HELD_LINE_GRACE):
                return await self._reader.read(READ_SIZE)
        except TimeoutError:
            for line in self._splitter.release():
                self._on_line(line)
            return await self._reader.read(READ_SIZE)

    def _on_prompt(self) -> None:
        pending = self._pending
        if pending is not None and not pending.prompt.done():
            pending.prompt.set_result(None)
        else:
            _LOGGER.debug("<- unexpected prompt")

    def _on_line(self, line: str) -> None:
        if _LOGGER.isEnabledFor(logging.DEBUG):
            _LOGGER.debug("<- %s", redact(line))
        if self._pdu_urc is not None and self._take_pdu(self._pdu_urc, line):
            return
        pending = self._pending
        if (
            pending is not None
            and not pending.done.done()
            and self._owned_by(pending, line)
        ):
            return
        urc = parse_urc(line)
        if urc is not None:
            if needs_pdu(urc):
                if self._pdu_urc is not None:
                    _LOGGER.warning(
                        "%s came without its PDU line", type(self._pdu_urc).__name__
                    )
                self._pdu_urc, self._lines_before_pdu = urc, 0
            else:
                self._dispatch(urc)
        elif pending is not None and not pending.done.done():
            pending.lines.append(line)
        elif self._late_finals and is_final(line):
            self._late_finals -= 1
            if not self._late_finals:
                self._settled.set()
            _LOGGER.debug("late final of a timed-out command: %s", line)
        else:
            _LOGGER.debug("ignored line with no command waiting: %s", redact(line))

    def _take_pdu(self, header: PduUrc, line: str) -> bool:
        """Complete ``header`` with ``line`` if it is its PDU (True: taken)."""
        if pdu_line_fits(line, header.length):
            self._pdu_urc = None
            self._dispatch(replace(header, pdu=line))
            return True
        self._lines_before_pdu += 1
        if self._lines_before_pdu > MAX_LINES_BEFORE_PDU:
            _LOGGER.warning(
                "%s came without its PDU line (%d other lines instead)",
                type(header).__name__,
                MAX_LINES_BEFORE_PDU,
            )
            self._pdu_urc = None
        else:
            _LOGGER.debug("not the PDU its header announced: %s", redact(line))
        return False

    def _owned_by(self, pending: _Pending, line: str) -> bool:
        """Handle the line if it is the command's echo, final or expected line."""
        if line == pending.command or (pending.pdu and line.startswith(pending.pdu)):
            return True  # echo (ATE1 or a modem that ignores ATE0)
        if line == "OK":
            pending.done.set_result(pending.lines)
            return True
        error = final_error(pending.command, line, dial=pending.dial)
        if error is not None:
            pending.done.set_exception(error)
            return True
        if line.startswith(pending.expect) and pending.expect:
            pending.lines.append(line)
            return True
        return False

    def _dispatch(self, urc: Urc) -> None:
        for listener in list(self._urc_listeners):
            try:
                listener(urc)
            except Exception:
                _LOGGER.exception("URC listener failed on %s", type(urc).__name__)

    def _lost(self, error: BaseException | None) -> None:
        if not self._connected:
            return
        self._connected = False
        pending = self._pending
        if pending is not None and not pending.done.done():
            pending.done.set_exception(ModemNotConnectedError("line lost"))
        if self._closing:
            return
        _LOGGER.debug("line lost: %r", error)
        for listener in list(self._disconnect_listeners):
            try:
                listener()
            except Exception:
                _LOGGER.exception("disconnect listener failed")

    async def close(self) -> None:
        """Stop reading and close the port; no disconnect listener is called."""
        self._closing = True
        self._lost(None)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._writer.close()
        try:
            await self._writer.wait_closed()
        except Exception:  # closing a dead port may fail; it is closed anyway
            _LOGGER.debug("error while closing the port", exc_info=True)
