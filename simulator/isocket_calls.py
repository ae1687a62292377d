"""Calls to the device (spec §3.2, §6.2): RING actions and their confirmation.

Only with RING=SWITCH/RESTART, an active security list and a caller on it does
a call do anything: the device rejects it (free for the caller), acts, and
confirms per RINGCONFIRM: an SMS with the resulting socket state (RESTART:
``Power socket restarted``, like the SMS command), a call back after ~10 s
that the device hangs up after ringing, or nothing. Every other call just
rings (RING=NOACTION is the free "is it online?" check of §17).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .clock import TimerHandle
from .isocket_control import socket_text
from .isocket_security import listed
from .network import Call, CallState

if TYPE_CHECKING:
    from collections.abc import Callable

    from .isocket import ISocket

CALL_BACK_DELAY = 10.0
CALL_BACK_RING = 10.0


class RingControl:
    """Reacts to incoming calls and places confirmation calls."""

    def __init__(self, device: ISocket) -> None:
        """Nothing pending."""
        self._device = device
        self._timers: list[TimerHandle] = []
        self._calls: list[Call] = []

    def incoming(self, call: Call) -> None:
        """A call rings at the device."""
        device, settings = self._device, self._device.settings
        if (
            not device.powered
            or settings.ring == "NOACTION"
            or settings.seclist != "ON"
            or not listed(settings.security_numbers, call.caller)
        ):
            return
        call.reject()
        if settings.ring == "SWITCH":
            device.relay.set(not device.relay.on)
            text = socket_text(device, device.relay.on)
        else:
            device.relay.restart(settings.restart_time)
            text = device.say("restarted")
        caller = call.caller or ""
        if settings.ringconfirm == "SMS":
            device.send_sms(caller, text)
        elif settings.ringconfirm == "CALL":
            self._later(CALL_BACK_DELAY, lambda: self._call_back(caller))

    def stop(self) -> None:
        """Drop pending call-backs and hang up (power loss, close)."""
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()
        for call in self._calls:
            call.hangup(self._device.number)
        self._calls.clear()

    def _call_back(self, number: str) -> None:
        call = self._device.network.call(self._device.number, number)
        self._calls.append(call)
        call.add_listener(self._hang_up_when_answered)
        self._later(CALL_BACK_RING, lambda: self._hang_up(call))

    def _hang_up_when_answered(self, call: Call) -> None:
        if call.state is CallState.ANSWERED:
            self._hang_up(call)

    def _hang_up(self, call: Call) -> None:
        if call in self._calls:
            self._calls.remove(call)
            call.hangup(self._device.number)

    def _later(self, delay: float, callback: Callable[[], None]) -> None:
        self._timers = [timer for timer in self._timers if not timer.cancelled]
        self._timers.append(self._device.clock.call_later(delay, callback))
