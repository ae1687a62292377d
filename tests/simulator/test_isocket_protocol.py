"""The emulator's texts and the integration's parser agree (they were written apart).

Every reply of the command table and every unsolicited message the emulator
sends is classified by ``protocol.replies`` (free operator text excepted).
"""

from __future__ import annotations

import pytest

from custom_components.isocket.protocol import results
from custom_components.isocket.protocol.replies import parse_message

from .test_isocket_commands import ROWS

# the operator's free text (CREDIT, SIMCARD) is no device wording
DEVICE_REPLIES = [row for row in ROWS if row[0] not in {"CREDIT", "SIMCARD"}]

MESSAGES: list[tuple[str, type[results.Result]]] = [
    ("Power failure! Time: 26/11/23,08:00:00", results.PowerFailure),
    (
        "Power supply restored! Power socket ON. Time: 26/11/23,09:00:00",
        results.PowerRestored,
    ),
    ("Switch-off temperature reached! TEMP: 11C(52F)", results.SwitchOffReached),
    ("TEMPERATURE rise alert! TEMP: 36C(97F)", results.TemperatureRise),
    ("TEMPERATURE fall alert! TEMP: 14C(57F)", results.TemperatureFall),
    ("Temperature sensor failure!", results.ProbeFailure),
    ("ALARM! Sensor(s) activated! Time: 26/11/23,08:00:00", results.AlarmTriggered),
    ("ALARM! Input changed: sensor active", results.SensorActive),
    ("ALARM! Input changed: sensor normal", results.SensorNormal),
    ("Invalid access password!", results.InvalidPassword),
    ("Incorrect value!", results.IncorrectValue),
    ("Execute error!", results.ExecuteError),
    ("Access deny!", results.AccessDenied),
    ("FOO - No such command exists on the device!", results.UnknownCommandError),
    (
        "RESTARTTIME=5 - Time for configuration expired (Conf)!",
        results.ConfigWindowExpired,
    ),
    ("SECLIST is not active!", results.SeclistNotActive),
    ("Power socket OFF", results.SocketState),
    ("No scheduler rules", results.ScheduleList),
    ("ALARM log is empty", results.AlarmLog),
    ("SECNUMBERs:", results.NumberList),
]


@pytest.mark.parametrize(
    ("key", "reply"),
    [(row[0], row[3]) for row in DEVICE_REPLIES],
    ids=[r[0] for r in DEVICE_REPLIES],
)
def test_every_reply_is_understood(key: str, reply: str) -> None:
    """No reply of the emulator ends up as an unknown message."""
    assert not isinstance(parse_message(reply), results.Unknown), key


@pytest.mark.parametrize(("text", "kind"), MESSAGES, ids=[m[0][:30] for m in MESSAGES])
def test_messages_are_classified(text: str, kind: type[results.Result]) -> None:
    """Alerts (§4) and errors (§2.1) as the emulator words them."""
    assert isinstance(parse_message(text), kind)
