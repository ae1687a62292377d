"""Every wording the emulated iSocket can use is read right (issue 18: no corpus text is wrong).

The HA scenarios draw the emulator's ``varied`` wordings with a few seeds; here
every template of every kind, with every temperature style, time style and
line end, goes through the receive pipeline (:func:`interpret`, the command it
answers pending for a reply, none for an alert). Each must give its own kind,
the temperature it states, the time it states and the socket state it states.
"""

from __future__ import annotations

from datetime import UTC, datetime
import itertools

import pytest

from custom_components.isocket.protocol import results as r
from custom_components.isocket.protocol.correlation import Correlator
from custom_components.isocket.protocol.interpret import interpret
from custom_components.isocket.protocol.raw import parse_command
from simulator.isocket_wording import (
    EXACT,
    LINE_ENDS,
    TEMPERATURE_STYLES,
    TIME_STYLES,
    VARIANTS,
)

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC).timestamp()
MOMENT = datetime(2026, 3, 4, 5, 6, 7)
# kind: (the command it answers, None for an alert; the result it must give)
KINDS: dict[str, tuple[str | None, type[r.Result]]] = {
    "power_failure": (None, r.PowerFailure),
    "power_restored": (None, r.PowerRestored),
    "temperature_rise": (None, r.TemperatureRise),
    "temperature_fall": (None, r.TemperatureFall),
    "switch_off_reached": (None, r.SwitchOffReached),
    "probe_failure": (None, r.ProbeFailure),
    "alarm": (None, r.AlarmTriggered),
    "sensor_active": (None, r.SensorActive),
    "sensor_normal": (None, r.SensorNormal),
    "socket": ("ON", r.SocketState),
    "switch_for": ("ON30", r.SocketState),
    "restarted": ("RESTART", r.Restarted),
    "temperature": ("TEMPERATURE", r.TemperatureReading),
    "runtime": ("RUNTIME", r.SocketOnSince),
    "status": ("STATUS", r.StatusReport),
    "unknown_command": ("STATUS", r.UnknownCommandError),
    "config_window": ("ERROR=ON", r.ConfigWindowExpired),
    "invalid_password": ("STATUS", r.InvalidPassword),
    "incorrect_value": ("RESTARTTIME=5", r.IncorrectValue),
    "execute_error": ("STATUS", r.ExecuteError),
    "access_deny": ("STATUS", r.AccessDenied),
    "seclist_inactive": ("RING=SWITCH", r.SeclistNotActive),
}
TEMPLATES = [
    pytest.param(kind, template, id=f"{kind}-{number}")
    for kind in KINDS
    for number, template in enumerate((EXACT[kind], *VARIANTS[kind]))
]


def _texts(template: str, command: str | None) -> list[tuple[str, float | None]]:
    """The template with every style of its fields: (text, °C it states)."""
    texts = []
    for style, stamp, end, celsius in itertools.product(
        TEMPERATURE_STYLES, TIME_STYLES, LINE_ENDS, (25.5, -3.0)
    ):
        stated = round(celsius, 1) if ".1f" in style else round(celsius)
        text = template.format(
            time=MOMENT.strftime(stamp),
            temp=style.format(c=celsius, f=celsius * 9 / 5 + 32),
            socket="ON",
            seconds=30,
            signal="Good (-67dBm)",
            armed="Enabled",
            activity="No act",
            command=command,
        )
        texts.append(
            (text.replace("\n", end), stated if "{temp}" in template else None)
        )
    return texts


@pytest.mark.parametrize(("kind", "template"), TEMPLATES)
def test_every_emulator_wording_is_read_right(kind: str, template: str) -> None:
    """The kind, the reading, the time and the socket state the text states."""
    command, expected = KINDS[kind]
    for text, celsius in _texts(template, command):
        correlator = Correlator()
        if command is not None:
            correlator.expect(parse_command(command), NOW)
        seen = interpret(text, correlator, NOW)
        result = seen.result
        assert type(result) is expected, text
        assert seen.solicited is (command is not None), text
        if celsius is not None:
            temperature = getattr(result, "temperature", None)
            assert temperature is not None, text
            assert float(temperature.celsius) == celsius, text
        for field in ("device_time", "since"):
            stamp = getattr(result, field, None)
            if "{time}" in template and stamp is not None:
                assert stamp.replace(tzinfo=None) == MOMENT, text
        if "{socket}" in template:
            for field in ("socket_on", "on"):
                assert getattr(result, field, True) in (True, None), text
