"""The watchdog: a modem whose port stays open while the network is gone.

Real modems stop working for hours while still answering ``AT``: they lose
the registration and do not search again, report no signal, or fail every
SMS operation until they are reset. The watchdog notices:

- lost registration (a ``+CREG`` URC or a health read), still lost after
  ``grace`` seconds;
- no signal in ``no_signal_reads`` health reads in a row;
- ``sms_failures`` SMS operations of one kind in a row (sends, or reads of
  stored messages) refused by a modem that answers.

It then tries the recovery steps in order: re-register (``AT+COPS=0``), a
radio off/on (``AT+CFUN=0``, ``AT+CFUN=1``), and a modem restart
(``AT+CFUN=1,1``) where the modem offers one; between steps it waits,
doubling the wait up to ``backoff_max``. After ``attention_after`` failed
steps it reports that the modem needs attention (an application raises a
repair issue); the first healthy check reports it recovered.

The watchdog decides; :class:`~.modem.Modem` performs the steps.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
import logging

from .listeners import Listeners
from .model import ModemHealth

_LOGGER = logging.getLogger(__name__)


class Fault(StrEnum):
    """What the watchdog saw wrong."""

    REGISTRATION = "registration"
    NO_SIGNAL = "no_signal"
    SMS_FAILING = "sms_failing"


# The SMS operations counted apart: a modem that reads but cannot send fails.
SMS_KINDS = ("send", "read")


class RecoveryStep(StrEnum):
    """The recovery steps, in the order they are tried."""

    REREGISTER = "reregister"  # AT+COPS=0
    RADIO = "radio"  # AT+CFUN=0, then AT+CFUN=1
    RESTART = "restart"  # AT+CFUN=1,1 (where supported)


RECOVERY_STEPS = tuple(RecoveryStep)


@dataclass(slots=True)
class WatchdogPolicy:
    """When to act and how fast to escalate (seconds)."""

    grace: float = 60.0  # a registration lost this long is a fault
    no_signal_reads: int = 3
    sms_failures: int = 3
    backoff: float = 30.0  # first wait after a step; doubles
    backoff_max: float = 1800.0
    settle: float = 10.0  # after a step, before looking again
    attention_after: int = 3  # failed steps before "needs attention"


@dataclass(frozen=True, slots=True)
class WatchdogStatus:
    """What the watchdog reports: the fault (None: healthy) and the steps tried."""

    fault: Fault | None
    failed_steps: int
    needs_attention: bool
    last_step: RecoveryStep | None = None


type Sleep = Callable[[float], Awaitable[None]]


class Watchdog:
    """Counts the signs of a stuck modem; picks the next recovery step.

    It survives reconnects (a restart ends the session): the escalation goes
    on until a healthy check.
    """

    def __init__(self, policy: WatchdogPolicy | None = None) -> None:
        """Start healthy."""
        self.policy = policy or WatchdogPolicy()
        self._no_signal = 0
        self._sms_failures = dict.fromkeys(SMS_KINDS, 0)
        self._registered = True
        self._failed_steps = 0
        self._next_step = 0
        self._last_step: RecoveryStep | None = None
        self._listeners = Listeners[WatchdogStatus]("watchdog")
        self._status = WatchdogStatus(None, 0, needs_attention=False)

    @property
    def status(self) -> WatchdogStatus:
        """The last reported status."""
        return self._status

    def add_listener(
        self, listener: Callable[[WatchdogStatus], None]
    ) -> Callable[[], None]:
        """Report each change of status."""
        return self._listeners.add(listener)

    # -- what the modem observes ------------------------------------------------

    def health(self, health: ModemHealth, *, read: bool) -> None:
        """A health snapshot (``read``: from an AT read, not a URC)."""
        self._registered = health.registration.registered
        if read:
            self._no_signal = self._no_signal + 1 if health.signal_dbm is None else 0

    def sms_result(self, *, ok: bool, kind: str = "send") -> None:
        """An SMS operation the modem answered (``kind``: send or read): done,
        or refused. A failing kind's fault ends when that kind works again."""
        self._sms_failures[kind] = 0 if ok else self._sms_failures[kind] + 1
        if ok and self._status.fault is Fault.SMS_FAILING and not self._sms_failing:
            self.healthy()

    @property
    def _sms_failing(self) -> bool:
        return max(self._sms_failures.values()) >= self.policy.sms_failures

    def checked(self) -> Fault | None:
        """A periodic look: what is wrong now; reports a recovery it proves.

        Failing SMS can only be proved gone by an SMS that goes.
        """
        fault = self.fault()
        current = self._status.fault
        if fault is None and current not in (None, Fault.SMS_FAILING):
            self.healthy()
        return fault

    def fault(self) -> Fault | None:
        """The first fault seen now, if any."""
        if not self._registered:
            return Fault.REGISTRATION
        if self._no_signal >= self.policy.no_signal_reads:
            return Fault.NO_SIGNAL
        if self._sms_failing:
            return Fault.SMS_FAILING
        return None

    # -- escalation ---------------------------------------------------------------

    def next_step(self, *, can_restart: bool) -> RecoveryStep:
        """The step to try now (a modem that cannot restart repeats the radio)."""
        step = RECOVERY_STEPS[self._next_step % len(RECOVERY_STEPS)]
        if step is RecoveryStep.RESTART and not can_restart:
            step = RecoveryStep.RADIO
        self._next_step += 1
        return step

    def backoff(self) -> float:
        """How long to wait after the latest failed step."""
        policy = self.policy
        delay: float = policy.backoff * 2.0 ** max(self._failed_steps - 1, 0)
        return min(delay, policy.backoff_max)

    def step_done(self, step: RecoveryStep, fault: Fault | None) -> None:
        """A step was tried; ``fault`` is what is still wrong after it."""
        self._last_step = step
        if fault is None and self._status.fault is not Fault.SMS_FAILING:
            self.healthy()
            return
        fault = fault or self._status.fault
        # A send failure is only seen again at the next send: start afresh.
        self._sms_failures = dict.fromkeys(SMS_KINDS, 0)
        self._failed_steps += 1
        self._report(fault)

    def connect_failed(self) -> None:
        """A reconnect after a restart failed: that counts as a failed step."""
        if self._status.fault is not None:
            self._failed_steps += 1
            self._report(self._status.fault)

    def seen(self, fault: Fault) -> None:
        """A fault was confirmed (after the grace time)."""
        if self._status.fault is None:
            _LOGGER.warning("GSM modem: %s, trying to recover", fault.value)
            self._report(fault)

    def healthy(self) -> None:
        """The modem works again: forget the escalation."""
        self._no_signal = 0
        self._sms_failures = dict.fromkeys(SMS_KINDS, 0)
        self._registered = True
        was = self._status
        self._failed_steps = 0
        self._next_step = 0
        if was.fault is not None:
            _LOGGER.warning("GSM modem recovered (%s)", was.fault.value)
            self._report(None)

    def _report(self, fault: Fault | None) -> None:
        status = WatchdogStatus(
            fault,
            self._failed_steps,
            needs_attention=fault is not None
            and self._failed_steps >= self.policy.attention_after,
            last_step=self._last_step,
        )
        if status != self._status:
            self._status = status
            self._listeners.notify(status)
