"""ISocketClient without Home Assistant: a fake transport, clock and scheduler."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from custom_components.isocket.protocol import commands
from custom_components.isocket.protocol.calls import CallMeaning
from custom_components.isocket.protocol.client import (
    ALARM_HOLD_SECONDS,
    CALL_CHECK_INTERVAL,
    Cancel,
    ErrorReplyError,
    ISocketClient,
    NoReplyError,
)
from custom_components.isocket.protocol.notices import Notice
from custom_components.isocket.protocol.results import (
    AlarmInfo,
    CreditText,
    Result,
    SettingAck,
    SocketState,
)

PHONE = "+4915100000002"


class Timers:
    """A scheduler and clock that only move when told."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, 12, tzinfo=UTC)
        self._timers: list[tuple[datetime, Callable[[], None]]] = []

    def clock(self) -> datetime:
        return self.now

    def schedule(self, delay: float, action: Callable[[], None]) -> Cancel:
        timer = (self.now + timedelta(seconds=delay), action)
        self._timers.append(timer)
        # like a loop's timer handle: cancelling one that already ran is harmless
        return lambda: timer in self._timers and self._timers.remove(timer)

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        while due := sorted(
            (t for t in self._timers if t[0] <= self.now), key=lambda t: t[0]
        ):
            self._timers.remove(due[0])
            due[0][1]()

    @property
    def pending(self) -> int:
        return len(self._timers)


class Device:
    """Transport and listener in one: records what the client sends and says."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.dialled: list[str] = []
        self.fail: Exception | None = None
        self.events: list[tuple[str, object]] = []

    async def async_send_sms(self, number: str, text: str, *, shown: str) -> object:
        if self.fail is not None:
            raise self.fail
        self.sent.append(text)
        return [1]

    async def async_dial(self, number: str) -> None:
        self.dialled.append(number)

    def state_changed(self) -> None:
        self.events.append(("changed", None))

    def notice(self, notice: Notice) -> None:
        self.events.append(("notice", type(notice).__name__))

    def alert(
        self, event_type: str, message: str | None, recognised_by: str | None
    ) -> None:
        self.events.append(("alert", event_type))
        self.events.append(("recognised_by", recognised_by))

    def heard(self, was_silent: bool) -> None:
        self.events.append(("heard", was_silent))

    def silent(self, unanswered: int) -> None:
        self.events.append(("silent", unanswered))

    def said(self, kind: str) -> list[object]:
        return [value for event, value in self.events if event == kind]


@pytest.fixture
def timers() -> Timers:
    return Timers()


@pytest.fixture
def device() -> Device:
    return Device()


@pytest.fixture
def client(timers: Timers, device: Device) -> ISocketClient:
    return ISocketClient(
        PHONE,
        name="Garage",
        transport=device,
        listener=device,
        clock=timers.clock,
        scheduler=timers.schedule,
        password="ab123",
        unanswered_limit=2,
    )


async def _sent(
    client: ISocketClient, command: commands.Command
) -> asyncio.Task[Result | None]:
    task = asyncio.get_running_loop().create_task(client.command(command))
    await asyncio.sleep(0)
    return task


async def test_reply_completes_command(
    client: ISocketClient, device: Device, timers: Timers
) -> None:
    """The reply is returned and applied; learned-at and the log follow."""
    task = await _sent(client, commands.socket_on())
    assert device.sent == ["ab123ON"]
    timers.advance(5)
    client.feed_sms("Power socket ON")
    result = await task
    assert isinstance(result, SocketState)
    assert client.state.socket_on is True
    assert client.state.learned["socket_on"] == timers.now
    assert [m.direction for m in client.messages] == ["out", "in"]
    assert client.messages[0].text == "ON"  # never the password
    assert device.said("notice") == ["PasswordAccepted"]
    assert timers.pending == 0  # no expiry left behind


async def test_unconfirmed_command_is_assumed(
    client: ISocketClient, device: Device, timers: Timers
) -> None:
    """SMSCONFIRM=OFF: no reply comes, the command's effect is taken as done."""
    client.correlator.confirmations = False
    assert await client.command(commands.socket_off()) is None
    assert client.state.socket_on is False
    assert await client.command(commands.set_password("zz999")) is None
    assert client.state.settings["PASSWORD"] == "*****"  # never the secret
    assert await client.command(commands.set_restart_time(42)) is None
    assert client.state.restart_time == 42
    assert client.state.learned["settings.RESTARTTIME"] == timers.now
    assert client.state.last_seen is None  # an assumption proves no contact
    learned = dict(client.state.learned)
    assert await client.command(commands.switch_on_for(10)) is None
    assert client.state.learned == learned  # nothing to assume: no reply told


async def test_arming_starts_untriggered(client: ISocketClient, timers: Timers) -> None:
    """A confirmed ALARMON clears an old trigger the reply does not mention."""
    client.feed_sms("ALARM! Sensor(s) activated!")
    assert client.state.alarm_triggered is True
    task = await _sent(client, commands.alarm_on())
    client.feed_sms("ALARMON - OK\nALARM function: Enabled")
    await task
    assert client.state.alarm_armed is True
    assert client.state.alarm_triggered is False


async def test_error_reply_raises(client: ISocketClient) -> None:
    """The device's error reply is an ErrorReplyError carrying it."""
    task = await _sent(client, commands.set_restart_time(5))
    client.feed_sms("Incorrect value!")
    with pytest.raises(ErrorReplyError) as err:
        await task
    assert err.value.reply.raw == "Incorrect value!"
    assert err.value.device == "Garage"


async def test_silence_and_recovery(
    client: ISocketClient, device: Device, timers: Timers
) -> None:
    """Missed replies count up to the limit; any message makes the device reachable."""
    for _ in range(2):
        task = await _sent(client, commands.status())
        timers.advance(181)
        with pytest.raises(NoReplyError):
            await task
    assert not client.reachable
    assert device.said("silent") == [2]
    client.feed_sms("Something the firmware says")
    assert client.reachable
    assert device.said("heard") == [True]
    assert device.said("alert") == ["unknown_message"]


async def test_unsent_command_is_no_missed_reply(
    client: ISocketClient, device: Device, timers: Timers
) -> None:
    """A send that failed raises and is not expected: no miss, takes no later reply."""
    device.fail = OSError("modem gone")
    with pytest.raises(OSError, match="modem gone"):
        await client.command(commands.status())
    assert client.correlator.pending == []
    timers.advance(181)
    assert client.unanswered == 0
    device.fail = None
    task = await _sent(client, commands.status())
    client.feed_sms("Power socket OFF\nSignal: Good\nTemperature: 21C(70F)")
    assert await task is not None


async def test_shorter_wait_and_late_reply(
    client: ISocketClient, timers: Timers
) -> None:
    """The caller stops waiting; the command stays out and its late reply applies."""
    task = asyncio.get_running_loop().create_task(
        client.command(commands.socket_on(), wait=5)
    )
    await asyncio.sleep(0)
    timers.advance(6)
    with pytest.raises(NoReplyError):
        await task
    assert len(client.correlator.pending) == 1
    client.feed_sms("Power socket ON")
    assert client.state.socket_on is True
    assert client.correlator.pending == []


async def test_alarm_hold(client: ISocketClient, timers: Timers) -> None:
    """An alarm SMS holds the input active 60 s; a second one restarts the hold."""
    client.feed_sms("ALARM! Sensor(s) activated!")
    assert client.alarm_hold
    timers.advance(ALARM_HOLD_SECONDS - 10)
    client.feed_sms("ALARM! Sensor(s) activated!")
    timers.advance(20)
    assert client.alarm_hold
    timers.advance(ALARM_HOLD_SECONDS)
    assert not client.alarm_hold


async def test_calls(client: ISocketClient, device: Device, timers: Timers) -> None:
    """A call soon after ours confirms it; armed with ALERT=CALL, one is an alarm."""
    client.state.apply(AlarmInfo(raw="", armed=True), timers.now, solicited=True)
    ack = SettingAck(raw="", name="ALERT", value="CALL")
    client.state.apply(ack, timers.now, solicited=True)
    await client.dial()
    assert device.dialled == [PHONE]
    timers.advance(10)
    assert client.feed_call() is CallMeaning.CONFIRMATION
    assert client.call_confirmed_at == timers.now
    assert device.said("alert") == []
    assert client.state.last_seen == timers.now
    timers.advance(120)
    assert client.feed_call() is CallMeaning.ALARM
    assert device.said("alert") == ["alarm_call"]
    assert client.state.alarm_armed is True
    assert client.state.alarm_triggered is True


async def test_call_confirmation_is_solicited(
    client: ISocketClient, device: Device, timers: Timers
) -> None:
    """RING=SWITCH: the SMS confirming our call teaches the socket; none is no miss."""
    ring = SettingAck(raw="", name="RING", value="SWITCH")
    client.state.apply(ring, timers.now, solicited=True)
    client.state.apply(SocketState(raw="", on=False), timers.now, solicited=True)
    await client.dial()
    client.feed_sms("Power socket ON")
    assert client.state.socket_on is True
    await client.dial()  # this time no confirmation comes
    timers.advance(181)
    assert client.unanswered == 0


async def test_close_cancels(client: ISocketClient, timers: Timers) -> None:
    """Closing fails the waiting command and leaves no timer behind."""
    task = await _sent(client, commands.status())
    client.feed_sms("ALARM! Sensor(s) activated!")
    client.close()
    with pytest.raises(NoReplyError):
        await task
    assert timers.pending == 0


def test_restore_learned(client: ISocketClient, timers: Timers) -> None:
    """A restored learned-at time stands only until the field is learned anew."""
    earlier = timers.now - timedelta(days=1)
    client.state.restore_learned("socket_on", earlier)
    assert client.state.learned["socket_on"] == earlier
    client.state.apply(SocketState(raw="", on=True), timers.now, solicited=True)
    client.state.restore_learned("socket_on", earlier)
    assert client.state.learned["socket_on"] == timers.now


async def test_alert_events_say_how_they_were_recognised(
    client: ISocketClient, device: Device
) -> None:
    """Issue 18: exact, keywords; an unknown message and a stray reply are events too."""
    client.feed_sms("Power failure!")
    client.feed_sms("Mains power lost!")
    client.feed_sms("Hello from the firmware")
    client.feed_sms("Power socket ON")  # nobody asked: shown, changes nothing
    assert device.said("alert") == [
        "power_failure",
        "power_failure",
        "unknown_message",
        "unsolicited_reply",
    ]
    assert device.said("recognised_by") == ["exact", "keywords", None, "exact"]
    assert client.state.socket_on is False  # the power failure's, not the stray reply's


async def test_a_pending_credit_does_not_take_an_alert(
    client: ISocketClient, device: Device
) -> None:
    """Issue 18: `Power failure!` while CREDIT waits is a power failure."""
    task = await _sent(client, commands.credit())
    client.feed_sms("Power failure!")
    assert client.state.mains_power is False
    assert device.said("alert") == ["power_failure"]
    assert not task.done()
    client.feed_sms("Balance 4.50 EUR")
    assert await task == CreditText(raw="Balance 4.50 EUR", text="Balance 4.50 EUR")


# --- calls from the device's number (protocol/calls.py) ---------------------

STATUS_ARMED_ACTIVE = (
    "Power socket OFF\nSignal: Good (-67dBm)\nTEMP: 20C(68F)\n"
    "ALARMF: Enabled\nALARM status: Act\nTime: 26/01/01,12:00:00"
)
STATUS_DISARMED = STATUS_ARMED_ACTIVE.replace("Enabled", "Disabled").replace(
    "Act\n", "No act\n"
)


async def test_disarmed_call_changes_nothing(
    client: ISocketClient, device: Device, timers: Timers
) -> None:
    """A spoofed call while known disarmed: no alarm, no SMS."""
    client.state.apply(AlarmInfo(raw="", armed=False), timers.now, solicited=True)
    assert client.feed_call() is CallMeaning.DISARMED
    assert client.state.alarm_triggered is not True
    assert client.state.alarm_armed is False
    assert device.said("alert") == []
    assert device.sent == []


async def test_check_confirms_an_alarm(
    client: ISocketClient, device: Device, timers: Timers
) -> None:
    """Unknown state: STATUS says armed with activity, so the call was the alarm."""
    assert client.feed_call() is CallMeaning.CHECKING
    assert client.state.alarm_triggered is not True
    check = asyncio.get_running_loop().create_task(client.check_call())
    await asyncio.sleep(0)
    assert device.sent[-1].endswith("STATUS")
    client.feed_sms(STATUS_ARMED_ACTIVE)
    assert await check is True
    assert client.state.alarm_triggered is True
    assert device.said("alert") == ["alarm_call"]


async def test_check_finds_no_alarm(
    client: ISocketClient, device: Device, timers: Timers
) -> None:
    """STATUS says disarmed: the call was no alarm, and the state says so."""
    client.feed_call()
    check = asyncio.get_running_loop().create_task(client.check_call())
    await asyncio.sleep(0)
    assert device.sent[-1].endswith("STATUS")
    client.feed_sms(STATUS_DISARMED)
    assert await check is False
    assert client.state.alarm_triggered is not True
    assert client.state.alarm_armed is False
    assert device.said("alert") == []


def test_checks_are_rate_limited(client: ISocketClient, timers: Timers) -> None:
    """A burst of calls costs one check per interval; a clock set back blocks none."""
    assert client.feed_call() is CallMeaning.CHECKING
    timers.advance(60)
    assert client.feed_call() is CallMeaning.UNCHECKED
    timers.advance(CALL_CHECK_INTERVAL.total_seconds())
    assert client.feed_call() is CallMeaning.CHECKING
    timers.now -= timedelta(hours=1)
    assert client.feed_call() is CallMeaning.CHECKING
