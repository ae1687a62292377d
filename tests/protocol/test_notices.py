"""What a message means for the owner: the client's typed notices (issue 18, Structure).

The client reads each message once and tells its listener what it means;
the HA side only turns these notices into repair issues.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from custom_components.isocket.protocol import commands
from custom_components.isocket.protocol.client import Cancel, ISocketClient
from custom_components.isocket.protocol.notices import (
    AlertsArrive,
    ConfigWindowClosed,
    ConfigWindowOpen,
    FactoryReset,
    MissedAlert,
    Notice,
    PasswordAccepted,
    ProbeImplausible,
    ProbePlausible,
    ScheduleKnown,
    UnknownShape,
    WrongPassword,
    refused_command,
)
from custom_components.isocket.protocol.results import ScheduleRule


class Owner:
    """Transport and listener: keeps the notices, ignores the rest."""

    def __init__(self) -> None:
        self.notices: list[Notice] = []
        self.now = datetime(2026, 1, 1, 12, tzinfo=UTC)

    async def async_send_sms(self, number: str, text: str, *, shown: str) -> object:
        return [1]

    async def async_dial(self, number: str) -> None:
        """Not used."""

    def notice(self, notice: Notice) -> None:
        self.notices.append(notice)

    def state_changed(self) -> None:
        """Not used."""

    def alert(
        self, event_type: str, message: str | None, recognised_by: str | None
    ) -> None:
        """Not used."""

    def heard(self, was_silent: bool) -> None:
        """Not used."""

    def silent(self, unanswered: int) -> None:
        """Not used."""

    def schedule(self, delay: float, action: Callable[[], None]) -> Cancel:
        return lambda: None


def _client(owner: Owner, password: str | None = None) -> ISocketClient:
    return ISocketClient(
        "+4915100000002",
        name="Garage",
        transport=owner,
        listener=owner,
        clock=lambda: owner.now,
        scheduler=owner.schedule,
        password=password,
    )


def _told(client: ISocketClient, owner: Owner, text: str) -> list[Notice]:
    owner.notices.clear()
    client.feed_sms(text)
    return list(owner.notices)


def _answered(
    client: ISocketClient, owner: Owner, command: commands.Command, text: str
) -> list[Notice]:
    """``text`` as the reply to ``command`` (solicited: it teaches everything)."""
    owner.notices.clear()
    client.feed_reply(command, text)
    return list(owner.notices)


@pytest.fixture
def owner() -> Owner:
    return Owner()


def test_wrong_password_and_a_proper_reply(owner: Owner) -> None:
    """Only `Invalid access password!` is evidence (§6.3); a reply clears it."""
    client = _client(owner)
    assert WrongPassword() in _told(client, owner, "Invalid access password!")
    no_such = _told(client, owner, "STATUS - No such command exists on the device!")
    assert WrongPassword() not in no_such
    assert PasswordAccepted() not in no_such
    assert PasswordAccepted() in _told(client, owner, "Power socket ON")


def test_config_window_closed_names_the_command_without_secrets(owner: Owner) -> None:
    """§4.1: the refused command, password prefix gone, new password masked."""
    client = _client(owner, password="ab123")
    notices = _told(
        client, owner, "ab123PASSWORD=nw456 - Time for configuration expired (Conf)!"
    )
    closed = [n for n in notices if isinstance(n, ConfigWindowClosed)]
    assert closed == [ConfigWindowClosed("PASSWORD=*****", secured=True)]
    assert "nw456" not in repr(notices)


def test_config_window_unsecured_then_reopened(owner: Owner) -> None:
    """Without security the advice differs; a power-on reopens the window."""
    client = _client(owner)
    notices = _told(client, owner, "ERROR=ON - Time for configuration expired (Conf)!")
    assert ConfigWindowClosed("ERROR=ON", secured=False) in notices
    assert ConfigWindowOpen() in _told(client, owner, "Power restored!")


def test_factory_reset_sign_against_the_state_before(owner: Owner) -> None:
    """An empty alert list where the state knew numbers (§14)."""
    client = _client(owner)
    query = commands.query_alert_numbers()
    assert AlertsArrive() in _answered(
        client, owner, query, "ALERTNUMBERs: 4915100000001"
    )
    assert FactoryReset() in _answered(client, owner, query, "ALERTNUMBERs:")
    assert FactoryReset() not in _answered(client, owner, query, "ALERTNUMBERs:")


def test_missed_alert_names_the_alert(owner: Owner) -> None:
    """A reading we asked for crossed TRISEALERT, and no alert came."""
    client = _client(owner)
    _answered(client, owner, commands.query_rise_alert(), "TRISEALERT=30C(86F)")
    _answered(client, owner, commands.temperature(), "TEMPERATURE: 25C")
    owner.now += timedelta(minutes=5)
    notices = _answered(client, owner, commands.temperature(), "TEMPERATURE: 35C")
    assert MissedAlert("temperature_rise") in notices


def test_unknown_shape_masks_numbers(owner: Owner) -> None:
    """The shape masks every number; the text is kept for the owner to teach."""
    client = _client(owner)
    notices = _told(client, owner, "Battery level 57% - charging")
    assert UnknownShape(
        "Battery level 57% - charging", "Battery level #% - charging"
    ) in (notices)


def test_alert_arrives_and_schedule_known(owner: Owner) -> None:
    """An alert clears the reset signs; a schedule list carries its rules."""
    client = _client(owner)
    assert AlertsArrive() in _told(client, owner, "Power failure!")
    notices = _answered(client, owner, commands.query_schedules(), "07:30,*,ON")
    assert ScheduleKnown((ScheduleRule(time="07:30", day="*", action="ON"),)) in notices


def _probe(notices: list[Notice]) -> list[Notice]:
    return [n for n in notices if isinstance(n, ProbeImplausible | ProbePlausible)]


def test_probe_notices_follow_the_reading(owner: Owner) -> None:
    """Manual §7: a fault value or a reading out of range, then a credible one."""
    client = _client(owner)
    temperature = commands.temperature()
    assert _probe(_answered(client, owner, temperature, "TEMPERATURE: 20C")) == [
        ProbePlausible()
    ]
    # the same reading again changes nothing: nothing to say
    assert _probe(_answered(client, owner, temperature, "TEMPERATURE: 20C")) == []
    assert _probe(_answered(client, owner, temperature, "TEMPERATURE: 85C")) == [
        ProbeImplausible("fault_value", 85.0)
    ]
    # unasked, a reading still reports the probe (a scheduled STATUS)
    assert _probe(_told(client, owner, "TEMPERATURE: 130,5C")) == [
        ProbeImplausible("out_of_range", 130.5)
    ]
    # the device's own failure alert brings no reading: no notice either way
    assert _probe(_told(client, owner, "Temperature sensor failure!")) == []
    # nor does a message without a reading
    assert _probe(_told(client, owner, "Power socket ON")) == []
    assert _probe(_answered(client, owner, temperature, "TEMPERATURE: 21C")) == [
        ProbePlausible()
    ]


def test_refused_command_without_echo() -> None:
    """Nothing echoed: a placeholder, never an empty command."""
    assert refused_command("  ", None) == "?"
