"""Reception: start-up sweep, +CMTI/+CMT/+CDS/+CDSI, reassembly, deletion.

A stored message is deleted only after the application accepted it; the parts
of a concatenated message stay stored until the whole (or, after the timeout,
the partial) message was accepted, so a restart in between loses nothing. All
reception work runs in one worker, in arrival order, so a message read by the
sweep and announced again by +CMTI is found gone the second time, never
delivered twice.

Nothing received is silently dropped: a message the codec cannot read goes
to the ``undecodable`` callback first and is deleted only afterwards (kept,
it would fill the storage and block all reception). Like a message nobody
accepted, it stays stored while nobody listens.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
import logging

from .at import AtEngine
from .concat import IncomingSms, Reassembler
from .errors import AtCommandError, GsmError, PduDecodeError
from .init import SmsSettings
from .model import UndecodableSms
from .pdu import SmsDeliver, StatusReport, decode_pdu
from .replies import listed_pdus
from .urc import DirectMessage, DirectStatusReport, NewMessage, StoredStatusReport, Urc

_LOGGER = logging.getLogger(__name__)

type Deliver = Callable[[IncomingSms], Awaitable[bool]]
type Report = Callable[[StatusReport], None]
type Undecodable = Callable[[UndecodableSms], bool]
type _Work = Callable[[], Awaitable[None]]


class Inbox:
    """Everything about receiving SMS; survives reconnects (parts stay known)."""

    def __init__(
        self,
        reassembler: Reassembler,
        deliver: Deliver,
        report: Report,
        per_command: float,
        *,
        undecodable: Undecodable | None = None,
    ) -> None:
        """Deliver whole messages through ``deliver``, status reports via ``report``.

        Unreadable PDUs go to ``undecodable`` (True: handed over) before a
        stored one is deleted; while it returns False they stay stored.
        """
        self._reassembler = reassembler
        self._deliver = deliver
        self._report = report
        self._undecodable = undecodable
        self._per_command = per_command
        self._engine: AtEngine | None = None
        self._settings = SmsSettings("SM", "", ack_direct=False)
        self._queue: asyncio.Queue[_Work] = asyncio.Queue()

    def attach(self, engine: AtEngine, settings: SmsSettings) -> None:
        """Work through a new session's engine; forget work queued for the old one."""
        self._engine = engine
        self._settings = settings
        self._queue = asyncio.Queue()

    def on_urc(self, urc: Urc) -> None:
        """Queue the reception work a URC asks for (called from the reader)."""
        match urc:
            case NewMessage(storage, index) | StoredStatusReport(storage, index):
                self._queue.put_nowait(lambda: self._read(storage, index))
            case DirectMessage(pdu=pdu):
                self._queue.put_nowait(lambda: self._direct(pdu))
            case DirectStatusReport(pdu=pdu):
                self._queue.put_nowait(lambda: self._direct(pdu))
            case _:
                pass

    async def run(self) -> None:
        """Work through the queue; hand out partial messages when their time is up."""
        loop = asyncio.get_running_loop()
        while True:
            deadline = self._reassembler.next_deadline()
            try:
                async with asyncio.timeout_at(deadline):
                    work = await self._queue.get()
            except TimeoutError:
                pass
            else:
                try:
                    await work()
                except GsmError as err:
                    _LOGGER.debug("reception step failed: %r", err)
            for sms in self._reassembler.expire(loop.time()):
                await self._accept(sms, set(sms.storage_indexes))

    def request_sweep(self) -> None:
        """Read storage again, in turn with other reception work (no overlap)."""
        self._queue.put_nowait(self.sweep)

    async def sweep(self) -> None:
        """Read every stored message (``AT+CMGL=4``) and hand each over."""
        lines = await self._command("AT+CMGL=4", expect=("+CMGL:",))
        for index, pdu in listed_pdus(lines, "+CMGL"):
            if index is not None:
                await self._stored(index, pdu)

    async def _command(self, cmd: str, expect: tuple[str, ...] = ()) -> list[str]:
        if self._engine is None:
            raise GsmError("no session")
        return await self._engine.command(cmd, timeout=self._per_command, expect=expect)

    async def _read(self, storage: str, index: int) -> None:
        other = storage != self._settings.storage
        if other:
            # +CDSI may point into the status-report memory ("SR").
            await self._command(f'AT+CPMS="{storage}"')
        try:
            try:
                lines = await self._command(f"AT+CMGR={index}", expect=("+CMGR:",))
            except AtCommandError:
                lines = []  # already read and deleted (sweep, or a repeated URC)
            for _, pdu in listed_pdus(lines, "+CMGR"):
                await self._stored(index, pdu)
        finally:
            if other:
                await self._command(f'AT+CPMS="{self._settings.storage}"')

    def _decode(self, pdu: str) -> SmsDeliver | StatusReport | UndecodableSms:
        """Decode; what the codec cannot read becomes an UndecodableSms."""
        received = datetime.now(UTC)
        try:
            return decode_pdu(pdu, received=received)
        except PduDecodeError as err:
            _LOGGER.warning("Received an undecodable message: %s", err)
            return UndecodableSms(pdu, str(err), received)

    def _hand_over(self, sms: UndecodableSms) -> bool:
        """Report an unreadable message; True when someone took it."""
        return self._undecodable is not None and self._undecodable(sms)

    async def _stored(self, index: int, pdu: str) -> None:
        decoded = self._decode(pdu)
        if isinstance(decoded, UndecodableSms):
            if self._hand_over(decoded):  # reported: free the storage
                await self._delete({index})
            return
        if isinstance(decoded, StatusReport):
            self._report(decoded)
            await self._delete({index})
            return
        now = asyncio.get_running_loop().time()
        sms = self._reassembler.add(decoded, now, tag=index)
        if sms is not None:
            await self._accept(sms, set(sms.storage_indexes))

    async def _direct(self, pdu: str) -> None:
        if self._settings.ack_direct:
            # Phase 2+ modems resend (or drop) an unacknowledged +CMT/+CDS.
            try:
                await self._command("AT+CNMA")
            except AtCommandError as err:
                _LOGGER.debug("AT+CNMA refused: %r", err)
        decoded = self._decode(pdu)
        if isinstance(decoded, UndecodableSms):
            self._hand_over(decoded)  # not stored: there is nothing to keep
            return
        if isinstance(decoded, StatusReport):
            self._report(decoded)
            return
        sms = self._reassembler.add(decoded, asyncio.get_running_loop().time())
        if sms is not None:
            await self._accept(sms, set())

    async def _accept(self, sms: IncomingSms, indexes: set[int]) -> None:
        if await self._deliver(sms):
            await self._delete(indexes)

    async def _delete(self, indexes: set[int]) -> None:
        for index in sorted(indexes):
            try:
                await self._command(f"AT+CMGD={index}")
            except AtCommandError as err:
                _LOGGER.debug("AT+CMGD=%d failed: %r", index, err)
