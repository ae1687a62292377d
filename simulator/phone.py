"""A plain mobile phone on the simulated network (e.g. the owner's)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Literal

from .network import Call, GsmNetwork, NetworkSms, NetworkStatusReport

type CallPolicy = Literal["ignore", "answer", "reject"]

# What the phone does when it rings; "ignore" lets it ring until the caller gives up.
_ON_CALL: dict[str, Callable[[Call], None]] = {
    "ignore": lambda call: None,
    "answer": Call.answer,
    "reject": Call.reject,
}


class Phone:
    """A subscriber that keeps what it receives: ``inbox``, ``calls``, ``status_reports``."""

    def __init__(
        self,
        network: GsmNetwork,
        number: str,
        *,
        on_call: CallPolicy = "ignore",
        ring_for: float = 0.0,
    ) -> None:
        """Attach to ``network`` as ``number``.

        ``on_call`` is what the owner does when it rings, after letting it
        ring ``ring_for`` simulated seconds ("ignore": let it ring on).
        """
        if on_call not in _ON_CALL:
            raise ValueError(f"unknown call policy {on_call!r}")
        self.network = network
        self.number = number
        self.on_call: CallPolicy = on_call
        self.ring_for = ring_for
        self.inbox: list[NetworkSms] = []
        self.calls: list[Call] = []
        self.status_reports: list[NetworkStatusReport] = []
        self._sms_listeners: list[Callable[[NetworkSms], None]] = []
        self._changed = asyncio.Event()
        network.attach(self)

    # -- Subscriber -------------------------------------------------------------

    def receive_sms(self, sms: NetworkSms) -> None:
        """Keep the SMS and tell listeners."""
        self.inbox.append(sms)
        for listener in list(self._sms_listeners):
            listener(sms)
        self._changed.set()

    def incoming_call(self, call: Call) -> None:
        """Log the call and apply the call policy."""
        self.calls.append(call)
        act = _ON_CALL[self.on_call]
        if self.ring_for > 0:
            self.network.clock.call_later(self.ring_for, lambda: self._act(act, call))
        else:
            act(call)
        self._changed.set()

    def _act(self, act: Callable[[Call], None], call: Call) -> None:
        act(call)
        self._changed.set()

    def status_report(self, report: NetworkStatusReport) -> None:
        """Keep delivery reports of SMS sent with ``status_report=True``."""
        self.status_reports.append(report)
        self._changed.set()

    # -- actions ----------------------------------------------------------------

    def send(self, to: str, text: str, *, status_report: bool = False) -> int:
        """Send an SMS; returns the network's message reference."""
        return self.network.send_sms(self.number, to, text, status_report=status_report)

    def call(self, to: str, *, hide_caller_id: bool = False) -> Call:
        """Dial ``to``; hang up with ``call.hangup(phone.number)``."""
        return self.network.call(self.number, to, hide_caller_id=hide_caller_id)

    def add_sms_listener(
        self, callback: Callable[[NetworkSms], None]
    ) -> Callable[[], None]:
        """Call ``callback(sms)`` for every SMS received; returns an unsubscribe."""
        self._sms_listeners.append(callback)
        return lambda: self._sms_listeners.remove(callback)

    async def wait_for_sms(self, count: int = 1) -> list[NetworkSms]:
        """Wait until the inbox holds ``count`` messages; returns the inbox.

        For tests whose SMS come from the app through the pty, where simulated
        time cannot be advanced past the app's own work; bound it with
        ``asyncio.timeout``.
        """
        while len(self.inbox) < count:
            self._changed.clear()
            await self._changed.wait()
        return self.inbox
