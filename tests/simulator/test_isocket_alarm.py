"""Alarm input, notification cycles, relay links and the alarm log (spec §3.8)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from simulator.network import CallState

from .test_isocket_support import FRIEND, OWNER, Bench, open_bench

ACTIVE = "ALARM! Input changed: sensor active"
NORMAL = "ALARM! Input changed: sensor normal"


@pytest.fixture
def bench() -> Iterator[Bench]:
    """The owner is boss (and so the alert number)."""
    for bench in open_bench():
        bench.setup("MAKEMEBOSS")
        yield bench


def received(bench: Bench, seen: int) -> list[str]:
    """What the owner got after ``seen`` messages (time lets SMS land first)."""
    bench.clock.advance(0)
    return bench.texts(bench.owner)[seen:]


def is_alarm(text: str) -> bool:
    """The ALERT=SMS alarm text."""
    return text.startswith("ALARM! Sensor(s) activated! Time: ")


def test_water_pump(bench: Bench) -> None:
    """Example 1: ALERT=SMSCHANGE, RELAYTIME=ON: the pump runs until the sensor is dry."""
    bench.setup("ALERT=SMSCHANGE", "RELAYTIME=ON", "ALARMON")
    device, seen = bench.device, len(bench.owner.inbox)
    device.sensor_active()
    assert device.socket_on
    assert received(bench, seen) == [ACTIVE]
    bench.clock.advance(30 * 60)
    assert device.socket_on
    device.sensor_normal()
    assert not device.socket_on  # §7.2: the permanent ON is undone too
    assert received(bench, seen) == [ACTIVE, NORMAL]
    assert len(device.alarm_log) == 1


def test_door_siren_two_minutes_or_until_closed(bench: Bench) -> None:
    """Example 2: RELAYTIME=ON120 with SMSCHANGE: siren ≤ 2 min, off when the door closes."""
    bench.setup("ALERT=SMSCHANGE", "RELAYTIME=ON120", "ALARMON")
    device, seen = bench.device, len(bench.owner.inbox)
    device.sensor_active()  # the door stays open
    assert device.socket_on
    bench.clock.advance(119)
    assert device.socket_on
    bench.clock.advance(1)
    assert not device.socket_on
    device.sensor_normal()
    assert not device.socket_on
    device.sensor_active()  # opened again, closed after 30 s
    bench.clock.advance(30)
    device.sensor_normal()
    assert not device.socket_on
    bench.clock.advance(200)
    assert not device.socket_on
    assert received(bench, seen) == [ACTIVE, NORMAL, ACTIVE, NORMAL]


def test_motion_siren_and_the_60_second_rule(bench: Bench) -> None:
    """Example 3: ALERT=SMS, RELAYTIME=ON10: 10 s siren and one SMS per detection."""
    bench.setup("ALERT=SMS", "RELAYTIME=ON10", "ALARMON")
    device, seen = bench.device, len(bench.owner.inbox)
    device.sensor_active()
    device.sensor_normal()
    assert device.socket_on
    bench.clock.advance(10)
    assert not device.socket_on
    bench.clock.advance(20)
    device.sensor_active()  # 30 s after the cycle: not detected
    device.sensor_normal()
    assert not device.socket_on
    assert [is_alarm(text) for text in received(bench, seen)] == [True]
    bench.clock.advance(30)  # 60 s after the cycle: ready again
    device.sensor_active()
    assert device.socket_on
    assert [is_alarm(text) for text in received(bench, seen)] == [True, True]
    # a sensor that stays active starts a new cycle whenever the device is ready
    bench.clock.advance(60)
    assert len(received(bench, seen)) == 3
    assert len(device.alarm_log) == 3


def test_nothing_happens_while_disarmed(bench: Bench) -> None:
    """Notifications and links need ALARMON; the log records alarms only."""
    bench.setup("RELAYTIME=ON")
    seen = len(bench.owner.inbox)
    bench.device.sensor_active()
    assert not bench.device.socket_on
    assert received(bench, seen) == []
    assert bench.device.alarm_log == []
    assert bench.ask("ALARM?").endswith("ALARM status: Activity")
    assert "ALARM status: Act\n" in bench.ask("STATUS")


def test_arming_while_active_starts_a_cycle(bench: Bench) -> None:
    """SMS/CALL/OFF look at the level: armed and active is an alarm."""
    bench.device.sensor_active()
    seen = len(bench.owner.inbox)
    bench.setup("ALARMON")
    assert any(is_alarm(text) for text in received(bench, seen))


def test_relay_off_for_n_seconds_with_alert_off(bench: Bench) -> None:
    """ALERT=OFF still applies RELAYTIME; OFF60 switches off and back on."""
    bench.setup("ON", "ALERT=OFF", "RELAYTIME=OFF60", "ALARMON")
    seen = len(bench.owner.inbox)
    bench.device.sensor_active()
    bench.device.sensor_normal()
    assert not bench.device.socket_on
    bench.clock.advance(60)
    assert bench.device.socket_on
    assert received(bench, seen) == []
    assert len(bench.device.alarm_log) == 1


def test_smschange_return_after_relay_off(bench: Bench) -> None:
    """After OFF/OFFn the return to normal switches on (the opposite state)."""
    bench.setup("ON", "ALERT=SMSCHANGE", "RELAYTIME=OFF", "ALARMON")
    bench.device.sensor_active()
    assert not bench.device.socket_on
    bench.device.sensor_normal()
    assert bench.device.socket_on


def test_sensortype_nc(bench: Bench) -> None:
    """An N/C sensor needs SENSORTYPE=NC; with NO its quiet state reads as active."""
    for nc in open_bench(sensor_wiring="NC"):
        nc.setup("MAKEMEBOSS", "ALERT=SMSCHANGE", "ALARMON")
        seen = len(nc.owner.inbox)
        assert nc.ask("ALARM?").endswith("ALARM status: Activity")  # wrong type
        nc.setup("SENSORTYPE=NC")  # the quiet N/C sensor now reads normal
        assert nc.ask("ALARM?").endswith("ALARM status: No activity")
        nc.device.sensor_active()
        assert received(nc, seen)[-1] == ACTIVE
        assert NORMAL in received(nc, seen)


def test_alarm_log_keeps_the_last_ten(bench: Bench) -> None:
    """§3.8: 10 events, oldest first, ``yy/mm/dd,hh:mm:ss`` a line."""
    bench.setup("ALERT=OFF", "ALARMON")
    for _ in range(12):
        bench.device.sensor_active()
        bench.device.sensor_normal()
        bench.clock.advance(60)
    log = bench.ask("SHOWALARMLOG").split("\n")
    assert len(log) == 10
    assert log[0] == "26/11/23,08:02:00"
    assert log[-1] == "26/11/23,08:11:00"


def test_call_cascade_first_answer_ends_the_cycle(bench: Bench) -> None:
    """ALERT=CALL: 20 s per number in order; an answer ends it, no SMS."""
    bench.owner.on_call = "ignore"
    bench.friend.on_call = "answer"
    bench.setup(f"ALERTNUMBER+{FRIEND[1:]}", "ALERT=CALL", "ALARMON")
    seen = len(bench.owner.inbox)
    bench.device.sensor_active()
    bench.device.sensor_normal()
    bench.clock.advance(0)
    assert [call.callee for call in bench.network.call_log] == [f"+{OWNER[1:]}"]
    bench.clock.advance(19)
    assert bench.network.call_log[0].state is CallState.RINGING
    bench.clock.advance(1)
    first, second = bench.network.call_log
    assert first.state is CallState.UNANSWERED
    assert second.callee == FRIEND
    assert second.state is CallState.ENDED  # answered, then the device hung up
    bench.clock.advance(120)
    assert len(bench.network.call_log) == 2
    assert received(bench, seen) == []
    assert bench.texts(bench.friend) == []


def test_call_cascade_nobody_answers_then_sms_to_all(bench: Bench) -> None:
    """Each number once (a rejection still takes its 20 s), then SMS to everyone."""
    bench.friend.on_call = "reject"
    bench.setup(f"ALERTNUMBER+{FRIEND[1:]}", "ALERT=CALL", "ALARMON")
    seen = len(bench.owner.inbox)
    bench.device.sensor_active()
    bench.device.sensor_normal()
    bench.clock.advance(39)
    assert [call.state for call in bench.network.call_log] == [
        CallState.UNANSWERED,
        CallState.REJECTED,
    ]
    assert received(bench, seen) == []
    bench.clock.advance(1)
    assert [is_alarm(text) for text in received(bench, seen)] == [True]
    assert [is_alarm(text) for text in bench.texts(bench.friend)] == [True]
    assert len(bench.network.call_log) == 2


def test_button_disarms_then_toggles(bench: Bench) -> None:
    """§1: one press disarms an armed alarm; otherwise it toggles the socket."""
    bench.setup("ALARMON")
    bench.device.press_button()
    assert not bench.device.alarm_armed
    assert not bench.device.socket_on
    bench.device.press_button()
    assert bench.device.socket_on
    bench.device.press_button()
    assert not bench.device.socket_on


def test_disarming_stops_a_call_cycle(bench: Bench) -> None:
    """The button during the cascade: the ringing call ends, nobody else is called."""
    bench.setup("ALERT=CALL", "ALARMON")
    bench.device.sensor_active()
    bench.clock.advance(5)
    bench.device.press_button()
    bench.clock.advance(60)
    assert [call.state for call in bench.network.call_log] == [CallState.UNANSWERED]
