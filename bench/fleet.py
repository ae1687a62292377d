"""What the many-device benches share: numbers, device subentries, progress lines.

A fleet is one simulated modem and many emulated iSockets, each a config
subentry of the one hub; ``bench/many_devices.py`` and ``bench/outage_soak.py``
build theirs from these.
"""

from __future__ import annotations

import sys
from typing import Any

from custom_components.isocket.const import (
    CONF_ALARM_INPUT,
    CONF_PHONE,
    SUBENTRY_TYPE_DEVICE,
)

MODEM_NUMBER = "+4915100000001"
OWNER_NUMBER = "+4915100000003"
IMEI = "868345031234567"


def number(index: int) -> str:
    """The phone number of device ``index``."""
    return f"+49151100{index:05d}"


def subentry(index: int) -> dict[str, Any]:
    """The config subentry of device ``index`` (named Socket 00, 01, ...)."""
    return {
        "data": {CONF_PHONE: number(index), CONF_ALARM_INPUT: "door"},
        "subentry_type": SUBENTRY_TYPE_DEVICE,
        "title": f"Socket {index:02d}",
        "unique_id": number(index),
    }


def step(text: str) -> None:
    """A progress line on stderr (the figures go to stdout)."""
    print(f"... {text}", file=sys.stderr, flush=True)
