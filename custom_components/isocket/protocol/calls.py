"""What a call to the device answers by SMS (manual §4.2, §6.2).

A call triggers the RING action (SWITCH toggles the socket, RESTART restarts
it) and, with RINGCONFIRM=SMS, the device confirms by SMS. That SMS answers
no command, so on its own it would be an unsolicited reply and change nothing
(``DeviceState.apply``). :func:`call_confirmation` names the command whose reply
the confirmation looks like: register it with ``Correlator.expect`` just before
dialling, and the confirmation completes it and is applied as solicited.
"""

from __future__ import annotations

from dataclasses import replace

from .commands import Command, restart, runtime, socket_off, socket_on
from .state import DeviceState


def call_confirmation(state: DeviceState) -> Command | None:
    """The expectation for a call's SMS confirmation, ``None`` when none will come.

    - RINGCONFIRM=CALL or OFF: no SMS (a call-back or nothing);
    - RING=NOACTION (or unknown): the call does nothing, nothing is confirmed;
    - RING=RESTART: `Power socket restarted`;
    - RING=SWITCH: the socket's new state, the opposite of the known one
      (`Power socket ON/OFF`); with the state unknown, either.

    RINGCONFIRM, not SMSCONFIRM, decides whether the SMS comes, so the
    expectation is marked as always answered (``Correlator.expect`` would
    otherwise complete it at once as unconfirmed with SMSCONFIRM=OFF).
    """
    expected = _expected_reply(state)
    return None if expected is None else replace(expected, always_replies=True)


def _expected_reply(state: DeviceState) -> Command | None:
    if state.setting("RINGCONFIRM") not in {None, "SMS"}:
        return None
    action = state.setting("RING")
    if action == "RESTART":
        return restart()
    if action != "SWITCH":
        return None
    if state.socket_on is None:
        return runtime()  # its reply kinds take a socket state either way
    return socket_off() if state.socket_on else socket_on()
