"""One iSocket's SMS session, shaped like a library: no Home Assistant, no modem.

:class:`ISocketClient` sends commands through an injected :class:`Transport`,
is fed the device's SMS and calls, and owns everything in between:

- reply correlation (:class:`.correlation.Correlator`) with one expiry timer
  and futures for the callers that wait; a command is expected only once the
  modem took it, so one that never left (a failed send) is no missed reply and
  takes no later reply;
- the device state, written only through ``DeviceState.apply`` (what the
  device said) and ``DeviceState.assume`` (what a command implies);
- reachability: ``unanswered_limit`` missed replies in a row make the device
  silent until it is heard from again;
- the alarm hold: alarm SMS (ALERT=SMS) say "triggered", never "back to
  normal", and the device detects at most one alarm per 60 s, so the input
  reads active that long;
- calls from the device's number: a call-back within a minute of our call
  confirms it (RINGCONFIRM=CALL); any other is an alarm only while HA knows
  the alarm is armed with ALERT=CALL, else reported and, where HA cannot
  tell, checked by STATUS at most every 15 minutes (:mod:`.calls`);
- a short log of the messages exchanged (diagnostics);
- what each message means for the owner (wrong password, configuration
  window, factory reset, missed alert, unknown shape), told as typed
  :mod:`.notices`: the owner's side never reads a message a second time.

Time comes from an injected clock and timers from an injected scheduler, so
the whole session runs in tests without Home Assistant or a modem. What
happens is told to a :class:`ClientListener`.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal, Protocol

from .calls import CallMeaning, call_confirmation, incoming_call_meaning
from .commands import Command, render, status
from .correlation import DEFAULT_TIMEOUT, Correlator, Outcome, Pending
from .interpret import TaughtShapes, interpret
from .notices import Notice, notices_after, notices_before
from .results import (
    AlarmTriggered,
    Alert,
    Information,
    PowerFailure,
    PowerRestored,
    ProbeFailure,
    Result,
    SensorActive,
    SensorNormal,
    StatusReport,
    SwitchOffReached,
    TemperatureFall,
    TemperatureRise,
    Unknown,
)
from .state import DeviceState

ALARM_HOLD_SECONDS: Final = 60.0
CALL_CONFIRM_WINDOW: Final = timedelta(seconds=60)
# A spoofed caller id must not cost an SMS per call: one STATUS check per
# device this often (two SMS: ours and the device's reply).
CALL_CHECK_INTERVAL: Final = timedelta(minutes=15)
MESSAGE_LOG_SIZE: Final = 30
DEFAULT_UNANSWERED_LIMIT: Final = 3

# Alert result type -> event type told to the listener.
ALERT_EVENTS: Final[dict[type[Result], str]] = {
    PowerFailure: "power_failure",
    PowerRestored: "power_restored",
    TemperatureRise: "temperature_rise",
    TemperatureFall: "temperature_fall",
    SwitchOffReached: "switch_off",
    ProbeFailure: "probe_failure",
    AlarmTriggered: "alarm",
    SensorActive: "sensor_active",
    SensorNormal: "sensor_normal",
}
UNKNOWN_EVENT: Final = "unknown_message"
INFORMATION_EVENT: Final = "information"
# A reply no command waits for (a late reply, a scheduled STATUS, a text that
# only looks like a reply): surfaced, though it changes no setting.
UNSOLICITED_REPLY_EVENT: Final = "unsolicited_reply"
ALARM_CALL_EVENT: Final = "alarm_call"

type Cancel = Callable[[], None]
type Scheduler = Callable[[float, Callable[[], None]], Cancel]
"""``scheduler(delay, callback)`` runs ``callback`` after ``delay`` seconds."""
type Clock = Callable[[], datetime]


class CommandError(Exception):
    """A command got no useful reply from ``device``."""

    def __init__(self, device: str, command: Command) -> None:
        """Name the device and the command (its redacted text is safe to show)."""
        super().__init__(f"{command.redacted} to {device}")
        self.device = device
        self.command = command


class ErrorReplyError(CommandError):
    """The device answered the command with an error reply."""

    def __init__(self, device: str, command: Command, reply: Result) -> None:
        """Keep the reply."""
        super().__init__(device, command)
        self.reply = reply


class NoReplyError(CommandError):
    """No reply came in time (or the session closed first)."""


class Transport(Protocol):
    """How the client reaches the device (the modem, in Home Assistant the hub)."""

    async def async_send_sms(self, number: str, text: str, *, shown: str) -> object:
        """Send one SMS; raise when it cannot be sent.

        ``shown`` is the command as it may be shown (no password): what an
        outbox names when the SMS could not be sent.
        """

    async def async_dial(self, number: str) -> None:
        """Ring the number and hang up."""


class ClientListener(Protocol):
    """What the client tells its owner."""

    def state_changed(self) -> None:
        """The state (or the alarm hold, call confirmation, reachability) changed."""

    def notice(self, notice: Notice) -> None:
        """What a message applied to the state means for the owner (:mod:`.notices`)."""

    def alert(
        self, event_type: str, message: str | None, recognised_by: str | None
    ) -> None:
        """An alert SMS, an unknown message, an unsolicited reply or an alarm call.

        ``recognised_by`` says how an alert SMS was recognised (``exact``,
        ``taught``, ``keywords``, :class:`.interpret.Recognition`); ``None``
        for an unknown message or a call.
        """

    def heard(self, was_silent: bool) -> None:
        """The device made contact (``was_silent``: it had been silent)."""

    def silent(self, unanswered: int) -> None:
        """The device missed ``unanswered`` replies in a row, reaching the limit."""


@dataclass(frozen=True, slots=True)
class LoggedMessage:
    """One SMS: ``in`` from the device or ``out`` to it (without password)."""

    time: datetime
    direction: Literal["in", "out"]
    text: str


class ISocketClient:
    """The session with one iSocket over SMS."""

    def __init__(
        self,
        phone: str,
        *,
        name: str,
        transport: Transport,
        listener: ClientListener,
        clock: Clock,
        scheduler: Scheduler,
        password: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        unanswered_limit: int = DEFAULT_UNANSWERED_LIMIT,
        factory_settings: bool = False,
        taught: TaughtShapes | None = None,
    ) -> None:
        """Nothing is sent until :meth:`command`.

        ``factory_settings``: the owner says the device is new or just reset;
        the state starts with the factory defaults, assumed (no SMS).
        ``taught``: the shapes the owner taught, consulted after the exact
        shapes and before the keyword families (may be set later).
        """
        self.phone = phone
        self.name = name
        self.password = password
        self.unanswered_limit = unanswered_limit
        self.state = DeviceState()
        if factory_settings:
            self.state.assume_factory_defaults(clock())
        self.correlator = Correlator(timeout)
        self.unanswered = 0
        self.alarm_hold = False
        self.call_confirmed_at: datetime | None = None
        self.messages: deque[LoggedMessage] = deque(maxlen=MESSAGE_LOG_SIZE)
        self.taught = taught
        self._transport = transport
        self._listener = listener
        self._clock = clock
        self._schedule = scheduler
        self._futures: dict[int, asyncio.Future[Pending]] = {}
        # Expectations whose expiry is no missed reply (a call's confirmation
        # that may not come).
        self._optional: set[int] = set()
        self._expiry: Cancel | None = None
        self._alarm_reset: Cancel | None = None
        self._dialled_at: datetime | None = None
        self._call_checked_at: datetime | None = None

    @property
    def reachable(self) -> bool:
        """False once the device missed ``unanswered_limit`` replies in a row."""
        return self.unanswered < self.unanswered_limit

    # --- inbound ----------------------------------------------------------------

    def feed_sms(self, text: str) -> Result:
        """A message from this device: interpret, apply, report; the result."""
        now = self._clock()
        self.messages.append(LoggedMessage(now, "in", text))
        self._heard()
        seen = interpret(text, self.correlator, now.timestamp(), taught=self.taught)
        pending, result = seen.pending, seen.result
        if pending is not None:
            self._complete(pending)
            self._schedule_expiry()
        # Judged against what was known before the message (factory reset,
        # missed alert), then against what is known after it.
        notices = notices_before(self.state, result)
        # Applied matched or not; a reply nobody waits for (a late one, the
        # owner's phone asked) only teaches what it safely can (state_updates).
        changed = self.state.apply(result, now, solicited=seen.solicited)
        if pending is not None and pending.outcome is Outcome.REPLIED:
            self.state.assume(pending.command, now, confirmed=True)
        notices += notices_after(self.state, result, now, self.password, changed)
        for notice in notices:
            self._listener.notice(notice)
        how = seen.recognised_by
        if isinstance(result, Alert):
            self._listener.alert(
                ALERT_EVENTS.get(type(result), UNKNOWN_EVENT), result.raw, how
            )
            if isinstance(result, AlarmTriggered):
                self._hold_alarm()
        elif isinstance(result, Unknown):
            self._listener.alert(UNKNOWN_EVENT, result.raw, None)
        elif isinstance(result, Information):
            # taught as only information: shown, it changes nothing
            self._listener.alert(INFORMATION_EVENT, result.raw, how)
        elif seen.unsolicited_reply:
            # nothing received is dropped: it changed no setting, but it is shown
            self._listener.alert(UNSOLICITED_REPLY_EVENT, result.raw, how)
        self._listener.state_changed()
        return result

    def feed_reply(self, command: Command, text: str) -> Result:
        """The reply to ``command`` sent before this session (the link check's STATUS).

        Solicited: the command is expected first, so the reply matches it.
        Only for a session with nothing pending yet (at its start).
        """
        self.correlator.expect(command, self._clock().timestamp())
        try:
            return self.feed_sms(text)
        finally:
            self.correlator.cancel_all(self._clock().timestamp())

    def feed_call(self) -> CallMeaning:
        """The device's number called: our call-back, an alarm, or neither.

        Only :attr:`CallMeaning.ALARM` changes the alarm state; the caller
        reports the others, and runs :meth:`check_call` for ``CHECKING``.
        """
        now = self._clock()
        self._heard()
        self.state.seen(now)
        dialled, self._dialled_at = self._dialled_at, None
        if dialled is not None and now - dialled < CALL_CONFIRM_WINDOW:
            # RINGCONFIRM=CALL: the device confirms the action our call started.
            self.call_confirmed_at = now
            meaning = CallMeaning.CONFIRMATION
        else:
            meaning = incoming_call_meaning(self.state)
        if meaning is CallMeaning.ALARM:
            self._alarm_call(now)
        elif meaning is CallMeaning.CHECKING:
            last = self._call_checked_at
            if last is not None and timedelta(0) <= now - last < CALL_CHECK_INTERVAL:
                meaning = CallMeaning.UNCHECKED
            else:
                self._call_checked_at = now
        self._listener.state_changed()
        return meaning

    async def check_call(self, *, wait: float | None = None) -> bool:
        """STATUS for a call HA could not explain; True: it was an alarm.

        The reply is applied like any (armed or not, input active or not);
        armed with an active input, the call is taken for the alarm it
        announced.
        """
        result = await self.command(status(), wait=wait)
        if (
            isinstance(result, StatusReport)
            and result.alarm_armed
            and result.alarm_active
        ):
            self._alarm_call(self._clock())
            self._listener.state_changed()
            return True
        return False

    def _alarm_call(self, now: datetime) -> None:
        # The device calls (ALERT=CALL) only to raise an alarm, and raises
        # alarms only while armed: the call says what an alarm SMS says.
        self.state.apply(AlarmTriggered(raw=""), now, solicited=False)
        self._listener.alert(ALARM_CALL_EVENT, None, None)

    def unassume(self, name: str) -> None:
        """A value restored from before a restart outranks this start's assumption.

        For an entity that restores what the device said earlier while this
        start assumed the factory defaults again (``DeviceState.drop_assumption``).
        """
        self.state.drop_assumption(name)

    def restore_learned_at(self, name: str, when: datetime) -> None:
        """When a restored value was learned (``DeviceState.restore_learned``)."""
        self.state.restore_learned(name, when)

    def _heard(self) -> None:
        was_silent = not self.reachable
        self.unanswered = 0
        self._listener.heard(was_silent)

    def _hold_alarm(self) -> None:
        if self._alarm_reset:
            self._alarm_reset()
        self.alarm_hold = True

        def _reset() -> None:
            self._alarm_reset = None
            self.alarm_hold = False
            self._listener.state_changed()

        self._alarm_reset = self._schedule(ALARM_HOLD_SECONDS, _reset)

    # --- outbound ---------------------------------------------------------------

    async def command(
        self,
        command: Command,
        *,
        wait: float | None = None,
        password: str | None = None,
    ) -> Result | None:
        """Send a command and wait for its reply (None: SMSCONFIRM=OFF, none comes).

        Raises ``InvalidCommandError`` (too long with the password), whatever
        the transport raises, :class:`ErrorReplyError` or :class:`NoReplyError`.
        A caller may wait less (``wait``) than the correlator does; a late
        reply is still matched and applied.
        """
        text = render(command, password or self.password)
        # Expected once the modem took it: a command that never left must not
        # wait for, or take, the reply to a later one. (No reply can be read
        # before the send returns: it needs the modem's line the send holds.)
        await self._transport.async_send_sms(self.phone, text, shown=command.redacted)
        now = self._clock()
        self.messages.append(LoggedMessage(now, "out", command.redacted))
        pending = self.correlator.expect(command, now.timestamp())
        future: asyncio.Future[Pending] = asyncio.get_running_loop().create_future()
        if pending.done:
            future.set_result(pending)
        else:
            self._futures[pending.id] = future
            self._schedule_expiry()

        def _give_up() -> None:
            if not future.done():
                future.set_exception(TimeoutError())

        give_up = (
            self._schedule(wait, _give_up)
            if wait is not None and wait < self.correlator.timeout
            else None
        )
        try:
            done = await future
        except TimeoutError:
            done = pending
        finally:
            if give_up:
                give_up()
        return self._outcome(done)

    def _outcome(self, pending: Pending) -> Result | None:
        """The reply, or the reason there is none."""
        if pending.outcome is Outcome.UNCONFIRMED:
            if self.state.assume(pending.command, self._clock()):
                self._listener.state_changed()
            return None
        if pending.outcome is Outcome.REPLIED:
            return pending.result
        if pending.outcome is Outcome.FAILED and pending.result is not None:
            raise ErrorReplyError(self.name, pending.command, pending.result)
        raise NoReplyError(self.name, pending.command)

    async def dial(self) -> None:
        """Ring the device and hang up: free, triggers its RING action.

        Its SMS confirmation (RINGCONFIRM=SMS) is expected like a reply, so
        it is applied as solicited; one that never comes is no missed reply.
        """
        self._dialled_at = now = self._clock()
        if (expected := call_confirmation(self.state)) is not None:
            pending = self.correlator.expect(expected, now.timestamp())
            if not pending.done:
                self._optional.add(pending.id)
                self._schedule_expiry()
        await self._transport.async_dial(self.phone)

    def _complete(self, pending: Pending) -> None:
        if (future := self._futures.pop(pending.id, None)) and not future.done():
            future.set_result(pending)

    def _schedule_expiry(self) -> None:
        """One timer for the correlator's next deadline."""
        if self._expiry:
            self._expiry()
            self._expiry = None
        deadline = self.correlator.next_deadline()
        if deadline is None:
            return

        def _expire() -> None:
            self._expiry = None
            # The timer is the authority: it fired for this deadline.
            now = max(self._clock().timestamp(), deadline)
            for pending in self.correlator.expire(now):
                self._complete(pending)
                if pending.id in self._optional:
                    self._optional.discard(pending.id)
                else:
                    self._missed_reply()
            self._schedule_expiry()

        delay = max(deadline - self._clock().timestamp(), 0)
        self._expiry = self._schedule(delay, _expire)

    def _missed_reply(self) -> None:
        self.unanswered += 1
        if self.unanswered == self.unanswered_limit:
            self._listener.silent(self.unanswered)
        self._listener.state_changed()

    # --- life cycle -------------------------------------------------------------

    def close(self) -> None:
        """Cancel the timers and fail every waiting command."""
        for cancel in (self._alarm_reset, self._expiry):
            if cancel:
                cancel()
        self._alarm_reset = self._expiry = None
        for pending in self.correlator.cancel_all(self._clock().timestamp()):
            self._complete(pending)
