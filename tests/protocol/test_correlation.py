"""Correlating replies with outstanding commands: FIFO, content, errors, time."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.isocket.protocol import commands as c
from custom_components.isocket.protocol.correlation import (
    DEFAULT_TIMEOUT,
    Correlator,
    Outcome,
    accepted_result,
)
from custom_components.isocket.protocol.replies import parse_message
from custom_components.isocket.protocol.results import (
    CreditText,
    SettingAck,
    StatusReport,
    ThermostatInfo,
)

STATUS_TEXT = (
    "Power socket OFF\nSignal: Good (-67dBm)\nTEMP: 25C(77F)\n"
    "ALARMF: Disabled\nALARM status: No act\nTime: 25/01/02,10:11:12"
)


def test_fifo_oldest_first() -> None:
    """Two identical commands: the first reply completes the first command."""
    correlator = Correlator()
    first = correlator.expect(c.status(), 0.0)
    second = correlator.expect(c.status(), 1.0)
    assert correlator.match(parse_message(STATUS_TEXT), 5.0) is first
    assert first.outcome is Outcome.REPLIED
    assert isinstance(first.result, StatusReport)
    assert first.completed_at == 5.0
    assert correlator.pending == [second]
    assert correlator.match(parse_message(STATUS_TEXT), 6.0) is second
    assert correlator.pending == []


def test_by_content_a_younger_command_can_be_answered_first() -> None:
    """The RESTARTTIME ack skips the older SECLIST command, which stays outstanding."""
    correlator = Correlator()
    seclist = correlator.expect(c.set_security_list(True), 0.0)
    restart = correlator.expect(c.set_restart_time(5), 0.0)
    assert correlator.match(parse_message("RESTARTTIME=5 - OK"), 1.0) is restart
    assert not seclist.done
    assert correlator.match(parse_message("SECLIST=ON - OK"), 2.0) is seclist


def test_renamed_acknowledgement_matches() -> None:
    """RINGCONFIRM=SMS is acknowledged as RINGCONFIRMTYPE=SMS (§7.7)."""
    correlator = Correlator()
    pending = correlator.expect(c.set_ring_confirm("SMS"), 0.0)
    assert correlator.match(parse_message("RINGCONFIRMTYPE=SMS - OK"), 1.0) is pending


def test_literal_option_must_match_its_value() -> None:
    """`SMSCONFIRM=OFF - OK` does not acknowledge SMSCONFIRM=ON."""
    correlator = Correlator()
    on = correlator.expect(c.set_sms_confirm(True), 0.0)
    assert correlator.match(parse_message("SMSCONFIRM=OFF - OK"), 1.0) is None
    assert correlator.match(parse_message("SMSCONFIRM=ON - OK"), 1.0) is on


def test_argument_values_need_not_echo_exactly() -> None:
    """A password is starred and °F becomes °C(°F) in the ack; still a match."""
    correlator = Correlator()
    password = correlator.expect(c.set_password("ab12c"), 0.0)
    temperature = correlator.expect(c.set_switch_off_temperature(50, "F"), 0.0)
    ack = parse_message(
        "SWITCHOFFTEMP=10C(50F) - OK\nTHERMOSTAT=HEATING\nTHERMOSTAT: Disabled"
    )
    assert correlator.match(ack, 1.0) is temperature
    assert correlator.match(parse_message("PASSWORD=***** - OK"), 1.0) is password


def test_number_list_operations_are_told_apart() -> None:
    """SECNUMBER+ and SECNUMBER- acks go to their own commands."""
    correlator = Correlator()
    remove = correlator.expect(c.remove_security_number("3589123456789"), 0.0)
    add = correlator.expect(c.add_security_number("3589000000555"), 0.0)
    assert correlator.match(parse_message("SECNUMBER+3589000000555 - OK"), 1.0) is add
    assert (
        correlator.match(parse_message("SECNUMBER-3589123456789 - OK"), 1.0) is remove
    )


def test_incorrect_value_goes_to_the_oldest_command_with_a_value() -> None:
    """STATUS cannot have an incorrect value; RESTARTTIME=5 can."""
    correlator = Correlator()
    status = correlator.expect(c.status(), 0.0)
    restart = correlator.expect(c.set_restart_time(5), 0.0)
    assert correlator.match(parse_message("Incorrect value!"), 1.0) is restart
    assert restart.outcome is Outcome.FAILED
    assert not status.done


@pytest.mark.parametrize(
    "text", ["Invalid access password!", "Access deny!", "Execute error!"]
)
def test_general_errors_go_to_the_oldest_command(text: str) -> None:
    """Errors any command can meet complete the oldest outstanding one."""
    correlator = Correlator()
    first = correlator.expect(c.status(), 0.0)
    correlator.expect(c.set_restart_time(5), 0.0)
    assert correlator.match(parse_message(text), 1.0) is first
    assert first.outcome is Outcome.FAILED


def test_unknown_command_matches_by_echo_behind_a_password() -> None:
    """`<cmd> - No such command` names the command (the password may precede it)."""
    correlator = Correlator()
    status = correlator.expect(c.status(), 0.0)
    temperature = correlator.expect(c.temperature(), 0.0)
    reply = parse_message("12abcTEMPERATURE - No such command exists on the device!")
    assert correlator.match(reply, 1.0) is temperature
    assert temperature.outcome is Outcome.FAILED
    assert not status.done


def test_configuration_window_expired_only_for_conf_commands() -> None:
    """The echo names RESTARTTIME=5; a Ctrl command with a similar tail is not it."""
    correlator = Correlator()
    ctrl = correlator.expect(c.switch_on_for(5), 0.0)
    conf = correlator.expect(c.set_restart_time(5), 0.0)
    reply = parse_message("RESTARTTIME=5 - Time for configuration is expired (Conf)!")
    assert correlator.match(reply, 1.0) is conf
    assert conf.outcome is Outcome.FAILED
    assert not ctrl.done


def test_seclist_not_active_fails_ring_switch() -> None:
    """RING=SWITCH refused because the security list is off."""
    correlator = Correlator()
    ring = correlator.expect(c.set_ring_action("SWITCH"), 0.0)
    assert correlator.match(parse_message("SECLIST is not active!"), 1.0) is ring
    assert ring.outcome is Outcome.FAILED


def test_timeout_expires_unanswered_commands() -> None:
    """Default three minutes; a late reply matches nothing."""
    correlator = Correlator()
    pending = correlator.expect(c.status(), 10.0)
    assert correlator.next_deadline() == 10.0 + DEFAULT_TIMEOUT == 190.0
    assert correlator.expire(189.9) == []
    assert correlator.expire(190.0) == [pending]
    assert pending.outcome is Outcome.EXPIRED
    assert correlator.next_deadline() is None
    assert correlator.match(parse_message(STATUS_TEXT), 200.0) is None


def test_custom_timeout() -> None:
    """The timeout is configurable."""
    correlator = Correlator(timeout=30.0)
    pending = correlator.expect(c.socket_on(), 0.0)
    assert correlator.expire(30.0) == [pending]


def test_smsconfirm_off_expects_only_always_replying_commands() -> None:
    """With SMSCONFIRM=OFF, ON completes as unconfirmed; STATUS and inquiries wait."""
    correlator = Correlator(confirmations=False)
    on = correlator.expect(c.socket_on(), 0.0)
    status = correlator.expect(c.status(), 0.0)
    inquiry = correlator.expect(c.query_restart_time(), 0.0)
    assert on.outcome is Outcome.UNCONFIRMED
    assert on.done
    assert correlator.pending == [status, inquiry]


def test_correlator_learns_smsconfirm_from_replies() -> None:
    """The SMSCONFIRM ack and inquiry reply switch expectations."""
    correlator = Correlator()
    correlator.expect(c.set_sms_confirm(False), 0.0)
    correlator.match(parse_message("SMSCONFIRM=OFF - OK"), 1.0)
    assert correlator.confirmations is False
    assert correlator.expect(c.socket_off(), 2.0).outcome is Outcome.UNCONFIRMED
    correlator.match(
        parse_message("SMSCONFIRM=(ON),OFF"), 3.0
    )  # unsolicited: still learnt
    assert correlator.confirmations is True
    assert correlator.expect(c.socket_off(), 4.0).outcome is Outcome.PENDING


def test_alerts_interleaved_with_replies_never_match() -> None:
    """Alerts are unsolicited; the outstanding command waits for its reply."""
    correlator = Correlator()
    status = correlator.expect(c.status(), 0.0)
    temperature = correlator.expect(c.temperature(), 0.0)
    for alert in [
        "Power failure!",
        "TEMPERATURE rise alert! TEMP: 36C(97F)",
        "ALARM! Sensor(s) activated",
    ]:
        assert correlator.match(parse_message(alert), 1.0) is None
    assert correlator.pending == [status, temperature]
    assert correlator.match(parse_message("TEMPERATURE: 36C(97F)"), 2.0) is temperature
    assert correlator.match(parse_message(STATUS_TEXT), 3.0) is status


def test_scheduled_status_is_unsolicited() -> None:
    """A STATUS text with no STATUS outstanding matches nothing, not even ON."""
    correlator = Correlator()
    on = correlator.expect(c.socket_on(), 0.0)
    assert correlator.match(parse_message(STATUS_TEXT), 1.0) is None
    assert correlator.pending == [on]


def test_credit_text_only_with_credit_outstanding() -> None:
    """Free text completes CREDIT/SIMCARD as CreditText; otherwise it stays unknown."""
    correlator = Correlator()
    assert correlator.match(parse_message("Balance 5.00 EUR"), 0.0) is None
    credit = correlator.expect(c.credit(), 0.0)
    matched = correlator.match(parse_message("Balance 5.00 EUR\n"), 1.0)
    assert matched is credit
    assert credit.result == CreditText(
        raw="Balance 5.00 EUR\n", text="Balance 5.00 EUR"
    )
    ussd = correlator.expect(c.ussd("*101#"), 2.0)
    assert correlator.match(parse_message("Your number is 4915112345678"), 3.0) is ussd


def test_thermostat_ack_and_inquiry_are_told_apart() -> None:
    """A reply with an ack line answers THERMOSTATON; one without answers THERMOSTAT?."""
    correlator = Correlator()
    query = correlator.expect(c.query_thermostat(), 0.0)
    enable = correlator.expect(c.thermostat_on(), 0.0)
    reply = parse_message("THERMOSTATON - OK\nNote! Thermostat is working now!")
    assert correlator.match(reply, 1.0) is enable
    assert isinstance(enable.result, ThermostatInfo)
    inquiry = parse_message(
        "THERMOSTAT: Enabled\nTHERMOSTAT=HEATING\nSwitch-off temperature: 10C(50F)"
    )
    assert correlator.match(inquiry, 2.0) is query


def test_clock_set_and_read_are_told_apart() -> None:
    """`DATE ... - OK` answers DATESMS; a bare DATE line answers DATE."""
    correlator = Correlator()
    read = correlator.expect(c.query_clock(), 0.0)
    set_ = correlator.expect(c.set_clock_from_sms(), 0.0)
    assert (
        correlator.match(parse_message("DATE 25/01/02, 10:11:12+08 - OK"), 1.0) is set_
    )
    assert correlator.match(parse_message("DATE 25/01/02, 10:11:13+08"), 1.0) is read


def test_alarm_ack_matches_its_command() -> None:
    """ALARMOFF's reply does not answer ALARMON."""
    correlator = Correlator()
    arm = correlator.expect(c.alarm_on(), 0.0)
    disarm = correlator.expect(c.alarm_off(), 0.0)
    assert (
        correlator.match(parse_message("ALARMOFF - OK\nALARM function: Disabled"), 1.0)
        is disarm
    )
    assert not arm.done


def test_unrelated_reply_matches_nothing() -> None:
    """A reply no outstanding command accepts is returned as unmatched."""
    correlator = Correlator()
    on = correlator.expect(c.socket_on(), 0.0)
    assert correlator.match(parse_message("RELAYTIME=0 - OK"), 1.0) is None
    assert correlator.match(parse_message("Power socket OFF"), 1.0) is None
    assert correlator.match(parse_message("Power socket ON"), 1.0) is on


def test_cancel_all_and_ids() -> None:
    """Every Pending has its own id; cancel_all empties the queue."""
    correlator = Correlator()
    pendings = [correlator.expect(c.status(), 0.0) for _ in range(3)]
    assert len({p.id for p in pendings}) == 3
    assert correlator.cancel_all(1.0) == pendings
    assert all(p.outcome is Outcome.CANCELLED for p in pendings)
    assert correlator.pending == []


def test_accepted_result_for_an_unknown_key() -> None:
    """A command outside the table accepts only errors."""
    command = c.Command("NOPE", "NOPE", c.CommandKind.CTRL, always_replies=False)
    assert (
        accepted_result(
            command, SettingAck(raw="x", name="NOPE", value=None, operator="")
        )
        is None
    )


_REPLIES = st.sampled_from(
    [
        STATUS_TEXT, "Power socket ON", "RESTARTTIME=5 - OK", "Incorrect value!",
        "Power failure!", "Balance 5 EUR", "SMSCONFIRM=OFF - OK", "SMSCONFIRM=ON - OK",
        "X - No such command exists on the device!", "DATE 25/01/02, 10:11:12+08",
    ]
)  # fmt: skip
_COMMANDS = st.sampled_from(
    [
        c.status(),
        c.socket_on(),
        c.set_restart_time(5),
        c.credit(),
        c.query_clock(),
        c.set_sms_confirm(False),
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), _COMMANDS, _REPLIES), max_size=30))
def test_random_interleavings_keep_the_books(
    steps: list[tuple[bool, c.Command, str]],
) -> None:
    """Every Pending is outstanding xor done; matches never return a done one twice."""
    correlator = Correlator(timeout=5.0)
    seen = []
    for now, (send, command, reply) in enumerate(steps):
        if send:
            seen.append(correlator.expect(command, float(now)))
        else:
            matched = correlator.match(parse_message(reply), float(now))
            assert matched is None or (matched.done and matched.result is not None)
        correlator.expire(float(now))
    outstanding = correlator.pending
    assert all((p in outstanding) != p.done for p in seen)
