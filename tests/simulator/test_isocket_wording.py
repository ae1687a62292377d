"""The emulator's wording modes: the manual's texts, and varied ones (issue 9 §3)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
import re
import string

import pytest

from simulator import isocket_wording
from simulator.isocket_wording import (
    EXACT,
    LOG_STYLES,
    TEMPERATURE_STYLES,
    TIME_STYLES,
    VARIANTS,
    Wording,
)

from .test_isocket_support import DEVICE, Bench, open_bench

#: Every kind the device sends on its own or answers commonly with.
ALERT_KINDS = {
    "power_failure",
    "power_restored",
    "temperature_rise",
    "temperature_fall",
    "switch_off_reached",
    "probe_failure",
    "alarm",
    "sensor_active",
    "sensor_normal",
}
REPLY_KINDS = {
    "socket",
    "switch_for",
    "restarted",
    "status",
    "temperature",
    "runtime",
    "ack",
    "unknown_command",
    "config_window",
    "invalid_password",
    "incorrect_value",
    "execute_error",
    "access_deny",
    "seclist_inactive",
}
FIELDS = {
    "time": "26/11/23,08:00:00",
    "temp": "25C(77F)",
    "socket": "ON",
    "seconds": 30,
    "command": "FOO",
    "body": "RESTARTTIME=5",
    "signal": "Good (-67dBm)",
    "armed": "Disabled",
    "activity": "No act",
}
MOMENT = datetime(2026, 11, 23, 8, 5, 9, tzinfo=UTC)


def _pattern(template: str) -> re.Pattern[str]:
    """A template as a regex: fields are anything, line ends either form."""
    parts = []
    for literal, field, _spec, _conversion in string.Formatter().parse(template):
        parts.append(r"\r?\n".join(re.escape(line) for line in literal.split("\n")))
        if field is not None:
            parts.append(".+?")
    return re.compile("".join(parts), re.DOTALL)


def _said(kind: str, text: str) -> bool:
    """Whether ``text`` is one of the varied wordings of ``kind``."""
    return any(_pattern(t).fullmatch(text) for t in VARIANTS[kind])


@pytest.fixture
def varied() -> Iterator[Bench]:
    """A device speaking in varied wordings (seeded)."""
    yield from open_bench(wording="varied", seed=7)


def test_wording_does_not_use_protocol() -> None:
    """The emulator's texts are its own: no import from the integration at all."""
    tree = ast.parse(Path(isocket_wording.__file__).read_text(encoding="utf-8"))
    imported = [
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert imported
    assert not [name for name in imported if "protocol" in name or "custom_" in name]


def test_every_kind_has_three_other_wordings() -> None:
    """≥ 3 alternatives per alert kind and common reply, none the exact text."""
    assert set(EXACT) == set(VARIANTS) == ALERT_KINDS | REPLY_KINDS
    for kind, variants in VARIANTS.items():
        exact = EXACT[kind].format(**FIELDS)
        rendered = {template.format(**FIELDS) for template in variants}
        assert len(rendered) == len(variants) >= 3, kind
        assert exact not in rendered, kind
    assert len(TEMPERATURE_STYLES) >= 3
    assert len(TIME_STYLES) >= 3
    assert len(LOG_STYLES) >= 2


def test_the_issues_wordings_are_there() -> None:
    """Dashes, the config window's (Conf)/(30min)/"!" forms, ``- Error!``, two-line RUNTIME."""
    said = {kind: {t.format(**FIELDS) for t in VARIANTS[kind]} for kind in VARIANTS}
    assert "RESTARTTIME=5 – OK" in said["ack"]
    assert "RESTARTTIME=5-OK" in said["ack"]
    assert "FOO - Error!" in said["unknown_command"]
    assert "FOO - Time for configuration is expired (30min)!" in said["config_window"]
    assert "FOO – Time for configuration is expired (30min)" in said["config_window"]
    assert "FOO - Time for configuration is expired (Conf)!" in said["config_window"]
    assert "Power socket is ON from:\n26/11/23,08:00:00" in said["runtime"]
    assert "Power is off!\nTime: 26/11/23,08:00:00" in said["power_failure"]
    assert "Temperature sensor error!" in said["probe_failure"]
    assert "Sensor activated!\nTime: 26/11/23,08:00:00" in said["alarm"]


def test_exact_mode_is_the_manual() -> None:
    """Exact: the manual's forms; temperatures whole degrees, stamps ``yy/mm/dd,…``."""
    wording = Wording()
    assert wording.text("socket", socket="ON") == "Power socket ON"
    assert wording.temperature(25.4) == "25C(78F)"
    assert wording.stamp(MOMENT) == "26/11/23,08:05:09"
    assert wording.log_stamp(MOMENT) == "26/11/23,08:05:09"
    assert wording.ack("SECLIST=ON - OK") == "SECLIST=ON - OK"


def test_varied_fields() -> None:
    """Decimals like 25.5C(77.9F), several stamp forms, en dash acks, CRLF lines."""
    wording = Wording("varied", seed=1)
    temps = {wording.temperature(25.5) for _ in range(60)}
    assert "25.5C(77.9F)" in temps
    assert "26C(78F)" in temps or "25C(78F)" in temps
    stamps = {wording.log_stamp(MOMENT) for _ in range(30)}
    assert stamps == {"26/11/23,08:05:09", "26/11/23:08:05:09"}
    assert {wording.stamp(MOMENT) for _ in range(40)} >= {"2026/11/23,08:05:09"}
    acks = {wording.ack("THERMOSTATON - OK\nNote!") for _ in range(40)}
    assert "THERMOSTATON – OK\nNote!" in acks
    assert wording.ack("Power socket ON") == "Power socket ON"  # no ack
    statuses = {wording.text("status", **FIELDS) for _ in range(40)}
    assert any("\r\n" in text for text in statuses)


def test_seeded_and_repeatable() -> None:
    """The same seed words the same; another seed words differently."""

    def run(seed: int) -> list[str]:
        wording = Wording("varied", seed=seed)
        return [wording.text(kind, **FIELDS) for kind in sorted(VARIANTS) * 3]

    assert run(3) == run(3)
    assert run(3) != run(4)


def test_unknown_mode_is_refused() -> None:
    """Only ``exact`` and ``varied``."""
    with pytest.raises(ValueError, match="wording"):
        Wording("fancy")  # type: ignore[arg-type]


def test_varied_device_replies(varied: Bench) -> None:
    """Socket, timed switching, restart, status, temperature, runtime, errors, acks."""
    varied.device.set_temperature(25.5)
    assert _said("socket", varied.ask("ON"))
    assert _said("runtime", varied.ask("RUNTIME"))
    assert _said("switch_for", varied.ask("OFF30"))
    assert _said("restarted", varied.ask("RESTART"))
    assert _said("status", varied.ask("STATUS"))
    assert _said("temperature", varied.ask("TEMPERATURE"))
    assert _said("ack", varied.ask("RESTARTTIME=5"))
    assert _said("unknown_command", varied.ask("FOO"))
    assert _said("incorrect_value", varied.ask("RESTARTTIME=0"))
    assert _said("execute_error", varied.ask("CREDIT"))
    assert _said("seclist_inactive", varied.ask("RING=SWITCH"))
    varied.setup("MAKEMEBOSS", "SMSCONFIRMUNAUTH=ON", "PASSWORD=12abc")
    assert _said("access_deny", varied.ask("STATUS", varied.stranger))
    assert _said("invalid_password", varied.ask("STATUS"))
    for bench in open_bench(wording="varied", seed=2):
        bench.clock.advance(31 * 60)
        assert _said("config_window", bench.ask("RESTARTTIME=5"))


def test_varied_device_alerts(varied: Bench) -> None:
    """Every alert the device sends on its own, in a varied wording."""
    varied.setup(
        "MAKEMEBOSS",
        "TRISEALERT=30C",
        "TFALLALERT=10C",
        "SWITCHOFFALERT=ON",
        "TSENSFAILALERT=ON",
        "ON",
        "THERMOSTATON",
        "RELAYTIME=ON",
    )
    seen = len(varied.owner.inbox)
    varied.device.set_temperature(35)  # above 10 °C: the heating switches off
    varied.clock.advance(60)
    varied.device.set_temperature(5)
    varied.clock.advance(60)
    varied.device.unplug_probe()
    varied.clock.advance(60)
    varied.device.mains_lost()
    varied.device.mains_restored()
    varied.setup("ALARMON")
    varied.device.sensor_active()
    varied.setup("ALERT=SMSCHANGE")
    varied.device.sensor_normal()
    varied.device.sensor_active()
    varied.clock.advance(0)
    texts = varied.texts(varied.owner)[seen:]
    kinds = [
        "switch_off_reached",
        "temperature_rise",
        "temperature_fall",
        "probe_failure",
        "power_failure",
        "power_restored",
        "alarm",
        "sensor_normal",
        "sensor_active",
    ]
    alerts = [t for t in texts if not t.startswith(("ALARMON", "ALERT="))]
    assert len(alerts) == len(kinds), alerts
    for kind, text in zip(kinds, alerts, strict=True):
        assert _said(kind, text), (kind, text)


def test_varied_alarm_log_stamps() -> None:
    """SHOWALARMLOG lines come in both stamp forms."""
    for bench in open_bench(wording="varied", seed=11):
        bench.setup("ALARMON")
        for _ in range(6):
            bench.device.sensor_active()
            bench.device.sensor_normal()
            bench.clock.advance(61)
        lines = bench.ask("SHOWALARMLOG").splitlines()
        assert len(lines) == 6
        assert {line[8] for line in lines} == {",", ":"}


def test_exact_device_is_unchanged() -> None:
    """The default device still answers byte for byte as the manual prints."""
    bench = Bench()
    try:
        assert bench.ask("ON") == "Power socket ON"
        assert bench.ask("FOO") == "FOO - No such command exists on the device!"
        assert bench.device.number == DEVICE
    finally:
        bench.close()


def test_varied_inquiry_spacing() -> None:
    """Inf replies spaced the several ways the manual prints them."""
    for bench in open_bench(wording="varied", seed=5):
        replies = {bench.ask("ALERT?") for _ in range(30)}
        assert "ALERT=(SMS),CALL,SMSCHANGE,OFF" in replies
        assert "ALERT =(SMS),CALL,SMSCHANGE,OFF" in replies
        assert "ALERT = (SMS), CALL, SMSCHANGE, OFF" in replies
    assert Wording().inquiry("ERROR =(ON),OFF", "ERROR", ["(ON)", "OFF"]) == (
        "ERROR =(ON),OFF"
    )
