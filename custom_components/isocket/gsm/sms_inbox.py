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

Nothing is lost to lines we did not foresee or to a read the SIM refuses:

- a PDU line must be hex of the length its header announced; any other line
  in a listing is skipped and logged (redacted), never taken for the message;
- an index is deleted only after its PDU was read and handed over; a header
  whose PDU never came leaves the message stored;
- a failed or timed-out ``AT+CMGR`` (``+CMS ERROR: 314``, SIM busy) is
  retried after ``read_retry`` seconds, one delay per attempt;
- every reception error schedules a sweep (``AT+CMGL``) ``sweep_after_error``
  seconds later, and a sweep runs every ``sweep_interval`` anyway (it reads
  the storage; it costs no SMS);
- a message handed over whose deletion failed is deleted again when the next
  sweep finds it, not handed over twice.

Reception goes first: `wait_idle` returns once no announced message waits
to be read and deleted, and every send waits for it before each part
(`sms_send.SmsSender`), so a message never waits behind more than the send
in flight, however many are queued.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import partial
import logging

from .at import AtEngine
from .concat import IncomingSms, Reassembler
from .errors import (
    AtCommandError,
    CommandTimeoutError,
    GsmError,
    ModemNotConnectedError,
    PduDecodeError,
)
from .init import SmsSettings
from .model import UndecodableSms
from .pdu import SmsDeliver, StatusReport, decode_pdu
from .redact import redact
from .replies import Listing, read_listing
from .urc import DirectMessage, DirectStatusReport, NewMessage, StoredStatusReport, Urc

_LOGGER = logging.getLogger(__name__)

# A sweep reads the storage only (no SMS): hourly catches what any URC missed.
SWEEP_INTERVAL = 3600.0
# Seconds before each retry of a read that failed (the SIM is busy for seconds).
READ_RETRY = (2.0, 5.0, 15.0, 60.0, 300.0)
SWEEP_AFTER_ERROR = 30.0
# +CMS ERROR 321: invalid memory index (the slot is empty: read and deleted).
_CMS_INVALID_INDEX = 321

type Deliver = Callable[[IncomingSms], Awaitable[bool]]
type Report = Callable[[StatusReport], None]
type Undecodable = Callable[[UndecodableSms], bool]
type _Work = Callable[[], Awaitable[None]]

# Set in the reception worker: a send its listeners await (a reply to what
# arrived) must not wait for reception to finish, or both would wait forever.
_IN_RECEPTION: ContextVar[bool] = ContextVar("isocket_in_reception", default=False)


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
        sweep_interval: float = SWEEP_INTERVAL,
        read_retry: tuple[float, ...] = READ_RETRY,
        sweep_after_error: float = SWEEP_AFTER_ERROR,
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
        self._sweep_interval = sweep_interval
        self._read_retry = read_retry
        self._sweep_after_error = sweep_after_error
        self._engine: AtEngine | None = None
        self._settings = SmsSettings("SM", "", ack_direct=False)
        self._queue: asyncio.Queue[_Work] = asyncio.Queue()
        # (storage, index) -> (when, attempt) of a read to try again
        self._retries: dict[tuple[str, int], tuple[float, int]] = {}
        self._sweep_due: float | None = None
        self._sweep_failures = 0
        # PDUs read from an index and not yet handed over or deleted, and
        # those handed over whose AT+CMGD has not succeeded yet.
        self._read_pdus: dict[int, str] = {}
        self._handed: dict[int, str] = {}
        self._idle = asyncio.Event()  # no reception work queued or running
        self._idle.set()
        # Told whether each read, listing or delete of stored SMS worked (the
        # modem's watchdog counts a modem that refuses them all).
        self.sms_result: Callable[[bool], None] | None = None

    def attach(self, engine: AtEngine, settings: SmsSettings) -> None:
        """Work through a new session's engine; forget work queued for the old one.

        The session's start-up sweep reads everything: retries are moot.
        """
        self._engine = engine
        self._settings = settings
        self._queue = asyncio.Queue()
        self._retries.clear()
        self._sweep_due = None
        self._sweep_failures = 0
        self._idle.set()

    async def wait_idle(self) -> None:
        """Return once no reception work is queued or running (sends wait here).

        At once when called from reception itself (a listener that sends).
        """
        if not _IN_RECEPTION.get():
            await self._idle.wait()

    def _put(self, work: _Work) -> None:
        self._queue.put_nowait(work)
        self._idle.clear()

    def on_urc(self, urc: Urc) -> None:
        """Queue the reception work a URC asks for (called from the reader)."""
        match urc:
            case NewMessage(storage, index) | StoredStatusReport(storage, index):
                self._put(lambda: self._read(storage, index))
            case DirectMessage(pdu=pdu):
                self._put(lambda: self._direct(pdu))
            case DirectStatusReport(pdu=pdu):
                self._put(lambda: self._direct(pdu))
            case _:
                pass

    async def run(self) -> None:
        """Work through the queue, retries and sweeps as they fall due.

        Partial messages are handed out when their time is up.
        """
        loop = asyncio.get_running_loop()
        _IN_RECEPTION.set(True)
        if self._sweep_due is None:
            self._sweep_due = loop.time() + self._sweep_interval
        try:
            while True:
                if self._queue.empty():
                    self._idle.set()
                try:
                    async with asyncio.timeout_at(self._next_due()):
                        work = await self._queue.get()
                except TimeoutError:
                    pass
                else:
                    await self._attempt(work)
                now = loop.time()
                for (storage, index), (due, attempt) in list(self._retries.items()):
                    if due <= now:
                        del self._retries[storage, index]
                        self._idle.clear()
                        await self._attempt(
                            partial(self._read, storage, index, attempt)
                        )
                if self._sweep_due is not None and self._sweep_due <= now:
                    self._idle.clear()
                    await self._attempt(self._scheduled_sweep)
                for sms in self._reassembler.expire(loop.time()):
                    self._idle.clear()
                    await self._attempt(partial(self._accept, sms))
        finally:
            self._idle.set()  # the session ended: nobody may wait for it

    def _next_due(self) -> float | None:
        dues = [due for due, _ in self._retries.values()]
        if self._sweep_due is not None:
            dues.append(self._sweep_due)
        if (deadline := self._reassembler.next_deadline()) is not None:
            dues.append(deadline)
        return min(dues, default=None)

    async def _attempt(self, work: _Work) -> None:
        """Run one step; a failure of the line or the SIM asks for a sweep."""
        try:
            await work()
        except ModemNotConnectedError as err:
            _LOGGER.debug("reception step failed: %r", err)  # the session ends
        except GsmError as err:
            _LOGGER.debug("reception step failed: %r", err)
            self._schedule_sweep(self._sweep_after_error)

    def _schedule_sweep(self, delay: float) -> None:
        due = asyncio.get_running_loop().time() + delay
        if self._sweep_due is None or due < self._sweep_due:
            self._sweep_due = due

    async def _scheduled_sweep(self) -> None:
        self._sweep_due = None
        try:
            await self.sweep()
        except GsmError:
            # Back off while the SIM stays busy, up to the regular interval.
            self._sweep_failures += 1
            delay = self._sweep_after_error * 2 ** min(self._sweep_failures - 1, 10)
            self._schedule_sweep(min(delay, self._sweep_interval))
            raise
        self._sweep_failures = 0

    def request_sweep(self) -> None:
        """Read storage again, in turn with other reception work (no overlap)."""
        self._put(self.sweep)

    async def sweep(self) -> None:
        """Read every stored message (``AT+CMGL=4``) and hand each over."""
        lines = await self._command("AT+CMGL=4", expect=("+CMGL:",))
        self._schedule_sweep(self._sweep_interval)
        listing = self._checked(read_listing(lines, "+CMGL"), "AT+CMGL")
        for index in listing.unread:
            if index is not None:
                self._retry_read(self._settings.storage, index, 0)
        for index, pdu in listing.messages:
            if index is not None:
                await self._stored(index, pdu)

    def _checked(self, listing: Listing, command: str) -> Listing:
        """Log what a listing held besides its messages (redacted)."""
        for line in listing.stray:
            _LOGGER.debug(
                "%s: skipped a line that is no PDU: %s", command, redact(line)
            )
        if listing.unread:
            _LOGGER.warning(
                "%s: %d message header(s) without their PDU; read again later",
                command,
                len(listing.unread),
            )
        return listing

    def _retry_read(self, storage: str, index: int, attempt: int) -> None:
        """Read ``index`` again after the attempt's delay; a sweep follows anyway."""
        self._schedule_sweep(self._sweep_after_error)
        if attempt >= len(self._read_retry):
            _LOGGER.warning(
                "Reading stored SMS %d failed %d times; left to the sweep",
                index,
                attempt + 1,
            )
            return
        due = asyncio.get_running_loop().time() + self._read_retry[attempt]
        self._retries[storage, index] = (due, attempt + 1)

    async def _command(self, cmd: str, expect: tuple[str, ...] = ()) -> list[str]:
        if self._engine is None:
            raise GsmError("no session")
        try:
            lines = await self._engine.command(
                cmd, timeout=self._per_command, expect=expect
            )
        except AtCommandError as err:
            if err.cms not in (None, _CMS_INVALID_INDEX) and self.sms_result:
                self.sms_result(False)  # the modem answered, but refused
            raise
        if self.sms_result is not None:
            self.sms_result(True)
        return lines

    def sweep_failed(self) -> None:
        """A sweep outside the worker (the session's start-up one) was refused:
        the worker tries again after the error delay."""
        self._schedule_sweep(self._sweep_after_error)

    async def _read(self, storage: str, index: int, attempt: int = 0) -> None:
        other = storage != self._settings.storage
        try:
            if other:
                # +CDSI may point into the status-report memory ("SR").
                await self._command(f'AT+CPMS="{storage}"')
            try:
                lines = await self._command(f"AT+CMGR={index}", expect=("+CMGR:",))
            except AtCommandError as err:
                if err.cms != _CMS_INVALID_INDEX:
                    raise
                lines = []  # already read and deleted (sweep, or a repeated URC)
            listing = self._checked(read_listing(lines, "+CMGR"), "AT+CMGR")
            if listing.unread:
                self._retry_read(storage, index, attempt)
            for _, pdu in listing.messages:
                await self._stored(index, pdu)
        except (AtCommandError, CommandTimeoutError) as err:
            _LOGGER.debug("AT+CMGR=%d failed (%r); trying again", index, err)
            self._retry_read(storage, index, attempt)
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
        if self._handed.get(index) == pdu:
            # Handed over before; only its deletion failed. Never twice.
            await self._delete({index})
            return
        decoded = self._decode(pdu)
        if isinstance(decoded, UndecodableSms):
            if self._hand_over(decoded):  # reported: free the storage
                self._handed[index] = pdu
                await self._delete({index})
            return
        if isinstance(decoded, StatusReport):
            self._report(decoded)
            self._handed[index] = pdu
            await self._delete({index})
            return
        self._read_pdus[index] = pdu
        now = asyncio.get_running_loop().time()
        sms = self._reassembler.add(decoded, now, tag=index)
        if sms is not None:
            await self._accept(sms)

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
            await self._accept(sms)

    async def _accept(self, sms: IncomingSms) -> None:
        """Hand a whole message over; delete its stored parts once accepted."""
        if not await self._deliver(sms):
            return
        indexes = set(sms.storage_indexes)
        for index in indexes:
            if (pdu := self._read_pdus.pop(index, None)) is not None:
                self._handed[index] = pdu
        await self._delete(indexes)

    async def _delete(self, indexes: set[int]) -> None:
        """Free the slots of messages handed over (only those).

        A failed deletion asks for a sweep, which finds the message again and
        deletes it without handing it over a second time.
        """
        for index in sorted(indexes):
            try:
                await self._command(f"AT+CMGD={index}")
            except AtCommandError as err:
                if err.cms != _CMS_INVALID_INDEX:
                    _LOGGER.debug("AT+CMGD=%d failed: %r", index, err)
                    self._schedule_sweep(self._sweep_after_error)
                    continue
            self._handed.pop(index, None)
