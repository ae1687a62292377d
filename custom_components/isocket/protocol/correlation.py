"""Match replies to the commands that caused them (one correlator per device).

Replies carry no request id, so matching follows these rules:

1. Outstanding commands are kept in the order they were sent (FIFO).
2. A parsed result completes the **oldest** outstanding command that accepts it;
   younger commands may be answered first (SMS can overtake each other), older
   ones then stay outstanding.
3. A command accepts a result when the result's type is one of
   ``REPLY_KINDS[command.key]`` or an error the command can meet, **and** its
   content fits:

   - socket replies report the state (and timing) the command asked for;
   - `NAME<op>VALUE - OK` names the command's setting and operator
     (``RINGCONFIRMTYPE`` counts as ``RINGCONFIRM``, §7.7); for commands without
     an argument (``SMSCONFIRM=OFF``) the value must match too;
   - thermostat/alarm replies with an acknowledgement line echo the command,
     those without one answer the inquiry; a DATE reply ending in `- OK`
     answers DATE=/DATESMS, one without it answers DATE;
   - `<cmd> - No such command exists...` and `<cmd> - Time for configuration
     expired` echo the command text (possibly behind a password) — matched by
     that text; the latter only for Conf commands;
   - `Incorrect value!` goes to a command that carries a value; `Invalid access
     password!`, `Access deny!` and `Execute error!` to any command.
4. Alerts (§4) never match: they are unsolicited. A STATUS text with no STATUS
   outstanding is a scheduled status report, also unsolicited. Anything that
   matches nothing returns ``None`` and is still the caller's to apply.
5. Free text that parses to ``Unknown`` completes an outstanding CREDIT or
   SIMCARD command as :class:`CreditText`.
6. With ``SMSCONFIRM=OFF`` a command outside the always-replying list
   (``Command.always_replies``) expects no reply: :meth:`Correlator.expect`
   completes it at once as ``UNCONFIRMED``. The correlator learns the setting
   from every SMSCONFIRM acknowledgement or inquiry reply it is shown; unknown
   counts as on (a missing reply then times out, which is the honest outcome).
7. A command unanswered after ``timeout`` seconds (default 180) is ``EXPIRED``
   by :meth:`Correlator.expire`; a reply arriving later matches nothing.

Time is passed in (seconds on any monotonic clock); nothing here waits. A
:class:`Pending` is a plain completion record; the HA layer wraps it in futures.
Every parsed message goes to ``DeviceState.apply`` whether it matched or not —
the matched ``Pending.result`` when there is one (it may be reclassified). An
error reply to a command completed as ``UNCONFIRMED`` matches nothing but
still teaches the state (e.g. that the configuration window is closed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from itertools import count
from typing import Final

from .commands import Command, CommandKind
from .replies import split_echo
from .reply_kinds import REPLY_KINDS
from .results import (
    AccessDenied,
    AlarmInfo,
    Category,
    ClockReading,
    ConfigWindowExpired,
    CreditText,
    ExecuteError,
    IncorrectValue,
    InvalidPassword,
    Result,
    SettingAck,
    SettingInquiry,
    SocketState,
    ThermostatInfo,
    Unknown,
    UnknownCommandError,
)

DEFAULT_TIMEOUT: Final = 180.0
"""Seconds to wait for a reply (issue 3: three minutes)."""


class Outcome(StrEnum):
    """How an expected reply ended."""

    PENDING = "pending"
    REPLIED = "replied"
    FAILED = "failed"  # the device answered with an error reply
    EXPIRED = "expired"
    UNCONFIRMED = "unconfirmed"  # sent, no confirmation expected (SMSCONFIRM=OFF)
    CANCELLED = "cancelled"


@dataclass(slots=True, eq=False)
class Pending:
    """One sent command and, once done, how it ended and with which result."""

    id: int
    command: Command
    sent_at: float
    deadline: float
    outcome: Outcome = Outcome.PENDING
    result: Result | None = None
    completed_at: float | None = None

    @property
    def done(self) -> bool:
        """Whether the outcome is final."""
        return self.outcome is not Outcome.PENDING


def _complete(
    pending: Pending, outcome: Outcome, now: float, result: Result | None = None
) -> None:
    pending.outcome = outcome
    pending.result = result
    pending.completed_at = now


def _squash(text: str) -> str:
    return "".join(text.split()).upper()


def _echoes(echo: str, command: Command) -> bool:
    """The device echoes what it received: the password may precede the command."""
    return not echo or _squash(echo).endswith(_squash(command.text))


def _ack_fits(command: Command, result: Result) -> bool:
    assert isinstance(result, SettingAck)
    sent = split_echo(command.text)
    if sent is None or (sent[0], sent[1]) != (result.name, result.operator):
        return False
    # a literal option (SMSCONFIRM=OFF) must be acknowledged as itself
    return command.value is not None or _squash(sent[2]) == _squash(result.value or "")


def _info_fits(command: Command, result: Result) -> bool:
    assert isinstance(result, ThermostatInfo | AlarmInfo)
    if result.ack is None:
        return command.kind is CommandKind.INF
    return _squash(result.ack) == _squash(command.text)


# (on, timed) each socket command's reply must report; RUNTIME takes any
_SOCKET_REPLIES: Final[Mapping[str, tuple[bool, bool]]] = {
    "ON": (True, False),
    "OFF": (False, False),
    "ON<n>": (True, True),
    "OFF<n>": (False, True),
}


def _socket_fits(command: Command, result: Result) -> bool:
    assert isinstance(result, SocketState)
    expected = _SOCKET_REPLIES.get(command.key)
    return expected is None or expected == (result.on, result.for_seconds is not None)


def _clock_fits(command: Command, result: Result) -> bool:
    assert isinstance(result, ClockReading)
    return result.acknowledged == (command.kind is CommandKind.CONF)


def _unknown_command_fits(command: Command, result: Result) -> bool:
    assert isinstance(result, UnknownCommandError)
    return _echoes(result.command, command)


def _expired_fits(command: Command, result: Result) -> bool:
    assert isinstance(result, ConfigWindowExpired)
    return command.kind is CommandKind.CONF and _echoes(result.command, command)


def _carries_value(command: Command, _result: Result) -> bool:
    return command.value is not None or any(op in command.text for op in "=+-")


def _always(_command: Command, _result: Result) -> bool:
    return True


_CONTENT_CHECKS: Final[Mapping[type[Result], Callable[[Command, Result], bool]]] = {
    SettingAck: _ack_fits,
    SocketState: _socket_fits,
    ThermostatInfo: _info_fits,
    AlarmInfo: _info_fits,
    ClockReading: _clock_fits,
    UnknownCommandError: _unknown_command_fits,
    ConfigWindowExpired: _expired_fits,
    IncorrectValue: _carries_value,
}

_ANY_COMMAND_ERRORS: Final = (
    UnknownCommandError,
    ConfigWindowExpired,
    IncorrectValue,
    InvalidPassword,
    AccessDenied,
    ExecuteError,
)

_CONFIRM_SETTING: Final = "SMSCONFIRM"
_CONFIRM_VALUES: Final = {"ON": True, "OFF": False}


def accepted_result(command: Command, result: Result) -> Result | None:
    """The result ``command`` takes from ``result`` (maybe reclassified), or ``None``."""
    kinds = REPLY_KINDS.get(command.key, ())
    if isinstance(result, Unknown) and CreditText in kinds:
        return CreditText(raw=result.raw, text=result.raw.strip())
    if not isinstance(result, kinds + _ANY_COMMAND_ERRORS):
        return None
    check = _CONTENT_CHECKS.get(type(result), _always)
    return result if check(command, result) else None


class Correlator:
    """Outstanding commands of one device and the rules above to complete them."""

    def __init__(
        self, timeout: float = DEFAULT_TIMEOUT, *, confirmations: bool = True
    ) -> None:
        """``confirmations`` is what we believe SMSCONFIRM is (unknown: True)."""
        self.timeout = timeout
        self.confirmations = confirmations
        self._outstanding: list[Pending] = []
        self._ids = count(1)

    @property
    def pending(self) -> list[Pending]:
        """Outstanding commands, oldest first (a copy)."""
        return list(self._outstanding)

    def expects_reply(self, command: Command) -> bool:
        """Whether the device will answer ``command`` (spec §2, SMSCONFIRM)."""
        return self.confirmations or command.always_replies

    def expect(self, command: Command, now: float) -> Pending:
        """Register a command just sent; complete it at once if no reply will come."""
        pending = Pending(next(self._ids), command, now, now + self.timeout)
        if self.expects_reply(command):
            self._outstanding.append(pending)
        else:
            _complete(pending, Outcome.UNCONFIRMED, now)
        return pending

    def match(self, result: Result, now: float) -> Pending | None:
        """Complete the oldest outstanding command that accepts ``result``.

        Returns the completed :class:`Pending` (its ``result`` may be a
        reclassified one, e.g. :class:`CreditText`) or ``None`` for alerts,
        scheduled status reports and anything nobody asked for.
        """
        self._learn(result)
        if result.category is Category.ALERT:
            return None
        for pending in self._outstanding:
            taken = accepted_result(pending.command, result)
            if taken is not None:
                self._outstanding.remove(pending)
                failed = taken.category is Category.ERROR
                outcome = Outcome.FAILED if failed else Outcome.REPLIED
                _complete(pending, outcome, now, taken)
                return pending
        return None

    def expire(self, now: float) -> list[Pending]:
        """Complete as ``EXPIRED`` every command whose deadline has passed."""
        expired = [p for p in self._outstanding if p.deadline <= now]
        for pending in expired:
            self._outstanding.remove(pending)
            _complete(pending, Outcome.EXPIRED, now)
        return expired

    def next_deadline(self) -> float | None:
        """When :meth:`expire` next has something to do."""
        return min((p.deadline for p in self._outstanding), default=None)

    def cancel_all(self, now: float) -> list[Pending]:
        """Give up on every outstanding command (device removed, shutdown)."""
        cancelled, self._outstanding = self._outstanding, []
        for pending in cancelled:
            _complete(pending, Outcome.CANCELLED, now)
        return cancelled

    def _learn(self, result: Result) -> None:
        value: str | None = None
        if isinstance(result, SettingAck) and result.name == _CONFIRM_SETTING:
            value = result.value
        elif isinstance(result, SettingInquiry) and result.name == _CONFIRM_SETTING:
            value = result.current
        if value in _CONFIRM_VALUES:
            self.confirmations = _CONFIRM_VALUES[value]
