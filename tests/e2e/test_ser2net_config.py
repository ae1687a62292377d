"""The ser2net configuration in docs/hardware.md is the one the e2e test runs."""

from __future__ import annotations

from pathlib import Path
import re
from typing import Any

import yaml

from .ser2net import CONFIG

DOCS = Path(__file__).resolve().parents[2] / "docs" / "hardware.md"


def _documented() -> dict[str, Any]:
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(%YAML 1\.1\n.*?)```", text, re.DOTALL)
    assert block is not None, "no ser2net YAML in docs/hardware.md"
    config: dict[str, Any] = yaml.safe_load(block[1])
    return config["connection"]


def _tested() -> dict[str, Any]:
    # The test's file holds the raw connection first (then RFC 2217); YAML
    # keeps the last of duplicate keys, so read the first block alone.
    raw = CONFIG.split("\n\nconnection:", 1)[0]
    filled = raw.format(device="/dev/ttyUSB2", raw_port=2000, rfc2217_port=2001)
    config: dict[str, Any] = yaml.safe_load(filled)
    return config["connection"]


def _shape(connection: dict[str, Any]) -> tuple[str, str, str, dict[str, Any]]:
    accepter = connection["accepter"].split(",")
    kind, _device, line, *flags = connection["connector"].split(",")
    return accepter[0], kind, ",".join([line, *flags]), connection["options"]


def test_documented_ser2net_config_is_the_tested_one() -> None:
    """Same accepter type, connector, line settings and options."""
    assert _shape(_documented()) == _shape(_tested())
    assert _shape(_tested()) == (
        "tcp",
        "serialdev",
        "115200n81,local",
        {"kickolduser": True},
    )


def test_documented_device_is_a_stable_path() -> None:
    """The docs point ser2net at /dev/serial/by-id/, not a ttyUSB number."""
    device = _documented()["connector"].split(",")[1]
    assert device.startswith("/dev/serial/by-id/")
