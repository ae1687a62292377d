"""Calls: what a call to the device answers by SMS (manual §4.2, §6.2), and
what a call *from* the device's number means (:func:`incoming_call_meaning`).

A call triggers the RING action (SWITCH switches the socket, RESTART restarts
it) and, with RINGCONFIRM=SMS, the device confirms by SMS. Which way SWITCH
switches is not assumed: the spec reads it as a toggle, the German manual
(§4.2) says "Ausschalten der Hauptsteckdose durch Telefonanruf" (switch the
socket off); the confirmation states the socket's state, and that is taken. That SMS answers
no command, so on its own it would be an unsolicited reply and change nothing
(``DeviceState.apply``). :func:`call_confirmation` names the command whose reply
the confirmation looks like: register it with ``Correlator.expect`` just before
dialling, and the confirmation completes it and is applied as solicited.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from .commands import Command, restart, runtime
from .state import DeviceState


class CallMeaning(StrEnum):
    """What a call from the device's number is taken for.

    Caller ids are easy to spoof, and the device calls its alert numbers
    only to raise an alarm, only while armed and only with ALERT=CALL
    (manual §9.2). So a call is an alarm only when Home Assistant knows
    both; otherwise it is reported, and checked by STATUS where HA cannot
    tell (its reply says whether the alarm is armed and its input active).
    """

    #: The device calls back within a minute of our call (RINGCONFIRM=CALL).
    CONFIRMATION = "confirmation"
    #: Armed with ALERT=CALL: the call is the alarm.
    ALARM = "alarm"
    #: Known disarmed: the device raises no alarm; a spoofed caller id, or
    #: the device was armed behind HA's back (its button, the owner's phone).
    DISARMED = "disarmed"
    #: ALERT is SMS, SMSCHANGE or OFF: the device does not call for alarms.
    NOT_BY_CALL = "not_by_call"
    #: Armed or ALERT unknown (or only assumed): STATUS is asked.
    CHECKING = "checking"
    #: As CHECKING, but a check was sent a short while ago (SMS cost).
    UNCHECKED = "unchecked"


def incoming_call_meaning(state: DeviceState) -> CallMeaning:
    """A call from the device that answers none of ours: alarm or not (no timing).

    Factory defaults only assumed (``DeviceState.assumed``) count as unknown:
    the device has not said them.
    """
    armed = None if "alarm_armed" in state.assumed else state.alarm_armed
    alert = None if "settings.ALERT" in state.assumed else state.setting("ALERT")
    if armed is False:
        return CallMeaning.DISARMED
    if alert is not None and alert != "CALL":
        return CallMeaning.NOT_BY_CALL
    if armed and alert == "CALL":
        return CallMeaning.ALARM
    return CallMeaning.CHECKING


def call_confirmation(state: DeviceState) -> Command | None:
    """The expectation for a call's SMS confirmation, ``None`` when none will come.

    - RINGCONFIRM=CALL or OFF: no SMS (a call-back or nothing);
    - RING=NOACTION (or unknown): the call does nothing, nothing is confirmed;
    - RING=RESTART: `Power socket restarted`;
    - RING=SWITCH: the socket's new state, ON or OFF (no direction assumed:
      the manual says "switch off", the spec "toggle"; the reply tells).

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
    return runtime()  # its reply kinds take a socket state either way
