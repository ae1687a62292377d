"""The modem as the application sees it: connect, receive, send, call, health.

A *session* is one open port with an initialised modem. It ends when the line
is lost (EOF, write error, repeated timeouts) or the modem reports ``RDY``
(a reset forgets all settings); ``start()`` then reconnects with backoff and
runs init and the start-up sweep again.

While the port stays open, the :mod:`.watchdog` looks for a modem that lost
the network or fails every SMS, and recovers it step by step (re-register,
radio off/on, restart); ``restart()`` is the same restart on demand.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
import contextlib
import logging
from typing import Any

from .at import AtEngine
from .budget import SmsBudget
from .calls import CallTracker
from .concat import IncomingSms, Reassembler
from .delivery import DeliveryTracker
from .errors import (
    AtCommandError,
    GsmError,
    InvalidNumberError,
    ModemNotConnectedError,
    NotSentError,
    PinRejectedError,
    PinRequiredError,
    SimLockedError,
    SmsSendError,
)
from .health import apply_urc, read_health
from .init import InitOptions, initialise
from .listeners import Listeners
from .model import (
    IncomingCall,
    ModemHealth,
    ModemInfo,
    RegistrationState,
    UndecodableSms,
)
from .pdu import StatusReport
from .redact import redact
from .sms_inbox import READ_RETRY, SWEEP_AFTER_ERROR, SWEEP_INTERVAL, Inbox
from .sms_send import SendPolicy, SentSms, SmsSender
from .sms_text import plan_sms
from .transport import DEFAULT_BAUDRATE, open_port
from .urc import ModemReset, Urc
from .ussd import UssdClient, UssdResponse, validate_code, wants_packed
from .voice import CLCC_POLL, CallBudget, CallResult, OutgoingCall
from .watchdog import RecoveryStep, Watchdog, WatchdogPolicy, WatchdogStatus

__all__ = [
    "IncomingCall",
    "IncomingSms",
    "Modem",
    "ModemHealth",
    "ModemInfo",
    "RegistrationState",
    "UndecodableSms",
    "WatchdogPolicy",
    "WatchdogStatus",
]

# Re-registering may take the network this long to answer.
_REGISTER_COMMAND_TIMEOUT = 60.0
RESTART_TIMEOUT = 120.0  # restart() waits this long for the modem to come back

_LOGGER = logging.getLogger(__name__)

# Errors only the user can fix: retrying would not help (or, for a PIN, harm).
_USER_ERRORS = (PinRejectedError, PinRequiredError, SimLockedError)
_DIALABLE = frozenset("+0123456789*#")
# A received message whose handling raised this often is surfaced and deleted.
POISON_TRIES = 3


def _poison_key(sms: IncomingSms) -> tuple[str, str, str]:
    return (sms.sender, sms.text, sms.timestamp.isoformat())


type Unsubscribe = Callable[[], None]


class Modem:
    """One GSM modem on a serial line (device path, socket://, rfc2217://...)."""

    def __init__(
        self,
        url: str,
        *,
        baudrate: int = DEFAULT_BAUDRATE,
        pin: str | None = None,
        health_interval: float = 300.0,
        concat_timeout: float = 300.0,
        command_timeout: float = 5.0,
        register_timeout: float = 60.0,
        sim_timeout: float = 20.0,
        poll_interval: float = 1.0,
        keepalive_interval: float = 30.0,
        timeout_limit: int = 3,
        reconnect_min: float = 1.0,
        reconnect_max: float = 60.0,
        send_policy: SendPolicy | None = None,
        budget: SmsBudget | None = None,
        sweep_interval: float = SWEEP_INTERVAL,
        read_retry: tuple[float, ...] = READ_RETRY,
        sweep_after_error: float = SWEEP_AFTER_ERROR,
        call_budget: CallBudget | None = None,
        call_poll: float = CLCC_POLL,
        watchdog: WatchdogPolicy | None = None,
        watch_interval: float = 10.0,
    ) -> None:
        """Configure; nothing is opened before ``connect()`` or ``start()``.

        ``sweep_interval``, ``read_retry`` and ``sweep_after_error``: see
        `sms_inbox` (how no stored SMS waits for a restart).
        """
        self.url = url
        self.baudrate = baudrate
        self.info: ModemInfo | None = None
        self.health: ModemHealth | None = None
        self.last_error: GsmError | None = None
        self._options = InitOptions(
            pin=pin,
            command_timeout=command_timeout,
            sim_timeout=sim_timeout,
            register_timeout=register_timeout,
            poll_interval=poll_interval,
        )
        self._health_interval = health_interval
        self._keepalive_interval = keepalive_interval
        self._timeout_limit = timeout_limit
        self._reconnect = (reconnect_min, reconnect_max)
        self._sender = SmsSender(send_policy or SendPolicy(), budget)
        self.watchdog = Watchdog(watchdog)
        self._watch_interval = watch_interval
        self._can_restart = True  # until the modem refuses AT+CFUN=1,1
        self._recovering = False
        self.deliveries = DeliveryTracker()
        self._ussd_listeners = Listeners[UssdResponse]("USSD")
        self._ussd = UssdClient(
            command_timeout,
            self._ussd_listeners.notify,
            packed=lambda: wants_packed(self.info.manufacturer if self.info else None),
        )
        self._sms_listeners: list[Callable[[IncomingSms], Awaitable[bool]]] = []
        # Handling failures per received message (see POISON_TRIES).
        self._poison: dict[tuple[str, str, str], int] = {}
        self._call_listeners = Listeners[IncomingCall]("call")
        self._connection_listeners = Listeners[bool]("connection")
        self._report_listeners = Listeners[StatusReport]("status report")
        self._undecodable_listeners = Listeners[UndecodableSms]("undecodable SMS")
        self._health_listeners = Listeners[ModemHealth]("health")
        self._ready_listeners = Listeners[bool]("ready to send")
        self._ready = False
        self._inbox = Inbox(
            Reassembler(concat_timeout),
            self._deliver,
            self._report_listeners.notify,
            command_timeout,
            undecodable=self._hand_over_undecodable,
            sweep_interval=sweep_interval,
            read_retry=read_retry,
            sweep_after_error=sweep_after_error,
        )
        self._sender.gate = self._inbox.wait_idle  # reception before sends
        self._sender.ready = lambda: self.ready_to_send
        self._inbox.sms_result = lambda ok: self.watchdog.sms_result(ok=ok, kind="read")
        self._report_listeners.add(self.deliveries.handle)
        self._calls = CallTracker(self._call_listeners.notify)
        self._outgoing = OutgoingCall(poll=call_poll)
        self._call_lock = asyncio.Lock()
        self.call_budget = call_budget
        self._engine: AtEngine | None = None
        self._connected = False
        self._closed = False
        self._session_tasks: set[asyncio.Task[Any]] = set()
        self._background: set[asyncio.Task[Any]] = set()
        self._supervisor: asyncio.Task[None] | None = None
        self._session_ended = asyncio.Event()
        self._session_started = asyncio.Event()
        self._connect_lock = asyncio.Lock()

    # -- listeners ---------------------------------------------------------

    @property
    def connected(self) -> bool:
        """Whether a session is up (initialised, swept, answering)."""
        return self._connected

    def add_sms_listener(
        self, listener: Callable[[IncomingSms], Awaitable[bool]]
    ) -> Unsubscribe:
        """Hand every whole message to ``listener``; True = accepted (deletes it)."""
        self._sms_listeners.append(listener)
        return lambda: self._sms_listeners.remove(listener)

    def add_call_listener(
        self, listener: Callable[[IncomingCall], None]
    ) -> Unsubscribe:
        """Report each incoming call once."""
        return self._call_listeners.add(listener)

    def add_connection_listener(self, listener: Callable[[bool], None]) -> Unsubscribe:
        """Report session start (True) and loss (False)."""
        return self._connection_listeners.add(listener)

    def add_status_report_listener(
        self, listener: Callable[[StatusReport], None]
    ) -> Unsubscribe:
        """Report SMS status reports (delivery confirmations)."""
        return self._report_listeners.add(listener)

    def add_undecodable_listener(
        self, listener: Callable[[UndecodableSms], None]
    ) -> Unsubscribe:
        """Report each received message the codec cannot read.

        A stored one is deleted once reported; kept while nobody listens.
        """
        return self._undecodable_listeners.add(listener)

    def add_ussd_listener(
        self, listener: Callable[[UssdResponse], None]
    ) -> Unsubscribe:
        """Report USSD messages no request waits for (the network's own notices)."""
        return self._ussd_listeners.add(listener)

    def add_health_listener(
        self, listener: Callable[[ModemHealth], None]
    ) -> Unsubscribe:
        """Report each new health snapshot: read by AT or changed by a URC."""
        return self._health_listeners.add(listener)

    def add_watchdog_listener(
        self, listener: Callable[[WatchdogStatus], None]
    ) -> Unsubscribe:
        """Report each change of the watchdog's status (fault, steps, attention)."""
        return self.watchdog.add_listener(listener)

    @property
    def recovering(self) -> bool:
        """Whether the watchdog is working on a fault (sends may wait)."""
        return self._recovering or self.watchdog.status.fault is not None

    @property
    def ready_to_send(self) -> bool:
        """An SMS can go now: connected, registered (when known), no recovery
        step running. An application's outbox waits while this is False."""
        health = self.health
        return (
            self._connected
            and not self._recovering
            and (health is None or health.registration.registered)
        )

    def add_ready_listener(self, listener: Callable[[bool], None]) -> Unsubscribe:
        """Report each change of `ready_to_send` (with its new value)."""
        return self._ready_listeners.add(listener)

    def _ready_changed(self) -> None:
        """Re-evaluate `ready_to_send`; tell the listeners when it changed."""
        ready = self.ready_to_send
        if ready != self._ready:
            self._ready = ready
            self._ready_listeners.notify(ready)

    @property
    def closed(self) -> bool:
        """``close()`` was called: nothing connects again."""
        return self._closed

    def _set_health(self, health: ModemHealth | None, *, read: bool = False) -> None:
        changed = health is not self.health
        self.health = health
        if health is not None:
            self.watchdog.health(health, read=read)
        if changed and health is not None:
            self._health_listeners.notify(health)
        self._ready_changed()

    # -- lifecycle ---------------------------------------------------------

    async def connect(self) -> None:
        """Open the port, initialise, sweep stored messages; raise typed errors."""
        async with self._connect_lock:
            if self._closed:
                raise ModemNotConnectedError("modem closed")
            if self._connected:
                return
            await self._open_session()

    async def _open_session(self) -> None:
        reader, writer = await open_port(self.url, self.baudrate)
        engine = AtEngine(reader, writer, timeout_limit=self._timeout_limit)
        engine.add_urc_listener(self._on_urc)
        engine.add_disconnect_listener(lambda: self._end_session(engine, "line lost"))
        self._engine = engine
        self._session_ended.clear()
        try:
            self.info, settings = await initialise(engine, self._options)
            self._inbox.attach(engine, settings)
            health = await read_health(engine, self._options.command_timeout)
            try:
                await self._inbox.sweep()
            except AtCommandError as err:
                # The modem answers but refuses its stored SMS: connect anyway,
                # read them later; the watchdog counts the refusals.
                _LOGGER.warning("GSM modem refused to list stored SMS (%s)", err)
                self._inbox.sweep_failed()
        except BaseException:
            self._engine = None
            await engine.close()
            raise
        if self._closed:  # close() was called while we were connecting
            self._engine = None
            await engine.close()
            raise ModemNotConnectedError("modem closed while connecting")
        if self._engine is not engine:
            raise ModemNotConnectedError("line lost right after init")
        self._connected = True
        self.last_error = None
        self._set_health(health, read=True)
        for coro in (
            self._inbox.run(),
            self._health_loop(),
            self._keepalive_loop(),
            self._watchdog_loop(),
        ):
            self._spawn(self._session_tasks, coro)
        self._session_started.set()
        _LOGGER.info("GSM modem connected on %s", self.url)
        self._connection_listeners.notify(True)
        self._ready_changed()

    def request_sweep(self) -> None:
        """Read every stored message again and hand each over.

        `connect` sweeps before anyone may be listening, and messages nobody
        accepted stay stored; an application calls this once its listeners
        are in place, so what arrived while it was down reaches it now.
        """
        if self._connected:
            self._inbox.request_sweep()

    async def start(self) -> None:
        """Stay connected in the background, reconnecting with backoff."""
        if self._supervisor is None and not self._closed:
            self._supervisor = asyncio.get_running_loop().create_task(
                self._supervise(), name="isocket-modem-supervisor"
            )

    async def _supervise(self) -> None:
        low, high = self._reconnect
        delay = low
        while not self._closed:
            if self._connected:
                await self._session_ended.wait()
                delay = low
                await asyncio.sleep(low)  # let a resetting modem settle
                continue
            try:
                await self.connect()
            except _USER_ERRORS as err:
                self.last_error = err
                _LOGGER.error(  # noqa: TRY400 - the type says it all
                    "GSM modem needs attention: %s", type(err).__name__
                )
                return
            except GsmError as err:
                self.watchdog.connect_failed()
                # Once at warning level; every retry after that only at debug.
                level = logging.DEBUG if self.last_error else logging.WARNING
                self.last_error = err
                _LOGGER.log(
                    level,
                    "GSM modem not available (%s), retrying in %.0f s",
                    type(err).__name__,
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, high)
            except Exception:
                # A bug must not end reconnection for good; log it, back off.
                _LOGGER.exception("Unexpected error while connecting the GSM modem")
                await asyncio.sleep(delay)
                delay = min(delay * 2, high)

    def _end_session(self, engine: AtEngine, reason: str) -> None:
        """Tear the session down (sync: called from the reader or a URC)."""
        if self._engine is not engine:
            return
        self._engine = None
        self._session_started.clear()
        was_connected, self._connected = self._connected, False
        for task in self._session_tasks:
            task.cancel()
        self._calls.reset()
        self._spawn(self._background, self._close_engine(engine))
        self._session_ended.set()
        if was_connected:
            _LOGGER.warning("GSM modem disconnected: %s", reason)
            self._connection_listeners.notify(False)
        self._ready_changed()

    async def _close_engine(self, engine: AtEngine) -> None:
        tasks = list(self._session_tasks)
        await asyncio.gather(*tasks, return_exceptions=True)
        self._session_tasks.difference_update(tasks)
        await engine.close()

    async def close(self) -> None:
        """Stop everything: supervisor, session tasks, timers; close the port."""
        self._closed = True
        if self._supervisor is not None:
            self._supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._supervisor
        if self._engine is not None:
            self._connected = False  # a deliberate close is no disconnection
            self._end_session(self._engine, "closed")
        self._calls.reset()
        # Only what is still running: a finished task whose discard callback
        # has not run (its loop gone) would keep a `while self._background`
        # spinning for ever.
        while pending := [task for task in self._background if not task.done()]:
            await asyncio.gather(*pending, return_exceptions=True)

    def _spawn(
        self, tasks: set[asyncio.Task[Any]], coro: Coroutine[Any, Any, Any]
    ) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    # -- session work --------------------------------------------------------

    def _require_engine(self) -> AtEngine:
        engine = self._engine
        if engine is None or not self._connected or not engine.connected:
            raise NotSentError("the GSM modem is not connected")
        return engine

    async def _health_loop(self) -> None:
        while True:
            await asyncio.sleep(self._health_interval)
            with contextlib.suppress(GsmError):
                await self.refresh_health()

    async def _keepalive_loop(self) -> None:
        # A modem behind socket:// can vanish without EOF: only silence tells.
        while True:
            await asyncio.sleep(self._keepalive_interval)
            with contextlib.suppress(GsmError):
                await self._require_engine().command(
                    "AT", timeout=self._options.command_timeout
                )

    async def _watchdog_loop(self) -> None:
        """Look for a stuck modem; try the recovery steps in order, backing off."""
        dog = self.watchdog
        policy = dog.policy
        while True:
            await asyncio.sleep(self._watch_interval)
            fault = dog.checked()
            if fault is None:
                continue
            if dog.status.fault is None:
                # Networks drop briefly; only a loss that lasts is a fault.
                await asyncio.sleep(policy.grace)
                with contextlib.suppress(GsmError):
                    await self.refresh_health()
                fault = dog.checked()
                if fault is None:
                    continue
                dog.seen(fault)
            step = dog.next_step(can_restart=self._can_restart)
            _LOGGER.info("GSM modem: %s, recovery step %s", fault.value, step.value)
            try:
                await self._recover(step)
            except GsmError as err:
                _LOGGER.debug("recovery step %s failed: %r", step.value, err)
            await asyncio.sleep(policy.settle)
            with contextlib.suppress(GsmError):
                await self.refresh_health()
            dog.step_done(step, dog.fault())
            if dog.status.fault is not None:
                await asyncio.sleep(dog.backoff())

    async def _recover(self, step: RecoveryStep) -> None:
        """Perform one recovery step (after the send in flight, before the
        queued ones: they cannot go without it)."""
        async with self.outgoing_turn(urgent=True):
            engine = self._require_engine()
            timeout = self._options.command_timeout
            self._recovering = True
            self._ready_changed()
            try:
                if step is RecoveryStep.REREGISTER:
                    await engine.command(
                        "AT+COPS=0", timeout=max(timeout, _REGISTER_COMMAND_TIMEOUT)
                    )
                elif step is RecoveryStep.RADIO:
                    await engine.command("AT+CFUN=0", timeout=max(timeout, 15.0))
                    await engine.command("AT+CFUN=1", timeout=max(timeout, 15.0))
                else:
                    await self._restart(engine)
            finally:
                self._recovering = False
                self._ready_changed()

    async def _restart(self, engine: AtEngine) -> None:
        """``AT+CFUN=1,1``; the session ends, ``start()``'s supervisor reconnects."""
        try:
            await engine.command("AT+CFUN=1,1", timeout=self._options.command_timeout)
        except AtCommandError:
            self._can_restart = False
            raise
        # Most modems say RDY (which ends the session); some only go quiet.
        self._end_session(engine, "restarted")

    async def restart(self, timeout: float = RESTART_TIMEOUT) -> None:  # noqa: ASYNC109
        """Restart the modem safely and wait until it is back.

        It waits for the SMS in flight and for reception to finish, so no
        message is half read; stored messages stay on the SIM and are swept
        once the modem is back. Raises `AtCommandError` if the modem has no
        restart command, `ModemNotConnectedError` if it does not come back in
        ``timeout`` seconds.
        """
        async with self.outgoing_turn(urgent=True):
            await self._restart(self._require_engine())
        try:
            async with asyncio.timeout(timeout):
                await self._session_started.wait()
        except TimeoutError:
            raise ModemNotConnectedError("the modem did not come back") from None

    def _on_urc(self, urc: Urc) -> None:
        if isinstance(urc, ModemReset):
            if self._engine is not None:
                self._end_session(self._engine, "modem reset (RDY)")
            return
        self._outgoing.on_urc(urc)
        self._set_health(apply_urc(self.health, urc))
        self._inbox.on_urc(urc)
        self._calls.on_urc(urc)
        self._ussd.on_urc(urc)

    def _hand_over_undecodable(self, sms: UndecodableSms) -> bool:
        if not self._undecodable_listeners:
            return False  # keep it stored until someone listens
        self._undecodable_listeners.notify(sms)
        return True

    async def _deliver(self, sms: IncomingSms) -> bool:
        if not self._sms_listeners:
            return False  # keep it stored until someone listens
        accepted = True
        failed: Exception | None = None
        for listener in list(self._sms_listeners):
            try:
                accepted = await listener(sms) and accepted
            except Exception as err:
                _LOGGER.exception("SMS listener failed")
                accepted = False
                failed = err
        if failed is None:
            self._poison.pop(_poison_key(sms), None)
            return accepted
        return self._poisoned(sms, failed)

    def _poisoned(self, sms: IncomingSms, err: Exception) -> bool:
        """A message whose handling raised: kept for another try, a few times.

        One that keeps failing is surfaced once (as an undecodable message
        with its sender, text and what failed) and then deleted: offered
        forever, it would be handled again at every sweep and, kept, fill
        the storage. True: deleted.
        """
        key = _poison_key(sms)
        tries = self._poison.get(key, 0) + 1
        if tries < POISON_TRIES or not self._undecodable_listeners:
            self._poison[key] = tries
            return False
        self._poison.pop(key, None)
        _LOGGER.error(
            "A received SMS failed %d times (%s); surfaced and deleted",
            tries,
            type(err).__name__,
        )
        self._undecodable_listeners.notify(
            UndecodableSms(
                "",
                f"handling failed {tries} times: {type(err).__name__}",
                sms.timestamp,
                sender=sms.sender,
                text=sms.text,
            )
        )
        return True

    # -- commands ------------------------------------------------------------

    def outgoing_turn(
        self, *, urgent: bool = False
    ) -> contextlib.AbstractAsyncContextManager[None]:
        """Wait for the outgoing line (after the SMS in flight and reception).

        For outgoing work other than SMS, e.g. a call::

            async with modem.outgoing_turn():
                await modem.dial(number, seconds)

        ``urgent`` work goes before the messages queued meanwhile.
        """
        return self._sender.turn(urgent=urgent)

    @property
    def budget(self) -> SmsBudget | None:
        """The day's SMS budget every send is checked against (None: unlimited)."""
        return self._sender.budget

    @budget.setter
    def budget(self, budget: SmsBudget | None) -> None:
        self._sender.budget = budget

    async def send_sms(
        self,
        number: str,
        text: str,
        *,
        status_report: bool = False,
        max_parts: int | None = None,
        flash: bool = False,
    ) -> list[int]:
        """Send ``text`` (split when long); return the message references."""
        sent = await self.send_message(
            number, text, status_report=status_report, max_parts=max_parts, flash=flash
        )
        return list(sent.references)

    def check_message(
        self, text: str, *, max_parts: int | None = None, **_: object
    ) -> None:
        """Check what `send_message` checks before the connection: the text
        (`InvalidSmsTextError` and its kinds) and the day's budget for all its
        parts (`SmsBudgetExceededError`). For a message that is to wait: one
        that would be refused anyway fails now."""
        plan = plan_sms(text, max_parts)
        if (budget := self.budget) is not None:
            budget.check(plan.count)

    async def send_message(
        self,
        number: str,
        text: str,
        *,
        status_report: bool = False,
        max_parts: int | None = None,
        flash: bool = False,
    ) -> SentSms:
        """Send ``text`` to ``number``: the one path every SMS takes.

        Checked before anything is sent, in this order: the text
        (`InvalidSmsTextError` and its kinds), the number
        (`InvalidNumberError`), the connection, the day's budget
        (`SmsBudgetExceededError`). With ``status_report`` the result's
        ``delivery`` follows the status reports of its parts. ``flash`` sends
        it as class 0 (shown at once, not stored by the phone).
        """
        plan = plan_sms(text, max_parts)
        message = self._sender.encode(
            number, plan, status_report=status_report, flash=flash
        )
        try:
            references = await self._sender.send(self._require_engine(), message)
        except SmsSendError as err:
            if err.cms is not None and err.retryable:
                self.watchdog.sms_result(ok=False)  # answered, but refused
            raise
        self.watchdog.sms_result(ok=True)
        delivery = self.deliveries.expect(number, references) if status_report else None
        return SentSms(tuple(references), plan.encoding, plan.count, delivery)

    async def ussd(
        self,
        code: str,
        *,
        timeout: float = 20.0,  # noqa: ASYNC109 - the network's answer, part of the API
        keep_session: bool = False,
    ) -> UssdResponse:
        """Send a USSD code (e.g. ``*100#``) and return the network's answer.

        Raises `InvalidUssdCodeError` before anything is sent,
        `UssdTimeoutError`, `UssdNetworkError`; one request runs at a time.
        """
        code = validate_code(code)  # bad input is reported as such, even offline
        manufacturer = self.info.manufacturer if self.info else None
        return await self._ussd.request(
            self._require_engine(),
            code,
            timeout=timeout,
            packed=wants_packed(manufacturer),
            keep_session=keep_session,
        )

    async def dial(self, number: str, ring_seconds: float) -> CallResult:
        """Ring ``number`` for ``ring_seconds`` (or until it ends), then hang up.

        For the iSocket's call features: not counted against the call cap.
        """
        return await self._ring(number, ring_seconds, None)

    async def call(self, number: str, ring_seconds: float) -> CallResult:
        """Ring a person's ``number`` and say whether they answered.

        Checked first: the number (`InvalidNumberError`), the connection,
        the day's call cap (`CallBudgetExceededError`). A call waits for
        the SMS being sent and for a call already ringing; it rings at most
        ``ring_seconds`` and ends as soon as it is answered or refused.
        """
        return await self._ring(number, ring_seconds, self.call_budget)

    async def _ring(
        self, number: str, ring_seconds: float, budget: CallBudget | None
    ) -> CallResult:
        if not number or not set(number) <= _DIALABLE:
            raise InvalidNumberError(f"cannot dial {redact(number)!r}")
        self._require_engine()
        if budget is not None:
            budget.check()
        async with self._call_lock:
            await self._sender.idle()  # behind the SMS in flight, never in it
            engine = self._require_engine()
            if budget is not None:
                budget.check()  # another call may have taken the last one
                budget.record()
            timeout = self._options.command_timeout

            async def command(cmd: str) -> list[str]:
                return await engine.command(cmd, timeout=timeout)

            try:
                return await self._outgoing.ring(command, number, ring_seconds)
            finally:
                with contextlib.suppress(GsmError):
                    await self._hang_up(engine)

    async def reject_call(self) -> None:
        """Reject (hang up) the ringing call."""
        await self._hang_up(self._require_engine())
        self._calls.reset()

    async def _hang_up(self, engine: AtEngine) -> None:
        timeout = self._options.command_timeout
        try:
            await engine.command("ATH", timeout=timeout)
        except AtCommandError:
            # Some modems (3GPP voice over LTE) only hang up with +CHUP.
            await engine.command("AT+CHUP", timeout=timeout)

    async def refresh_health(self) -> ModemHealth:
        """Read signal, registration and operator now."""
        health = await read_health(
            self._require_engine(), self._options.command_timeout
        )
        self._set_health(health, read=True)
        return health
