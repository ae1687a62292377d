"""What the many-device benches share: numbers, device subentries, progress lines.

A fleet is one simulated modem and many emulated iSockets, each a config
subentry of the one hub; ``bench/many_devices.py``, ``bench/outage_soak.py`` and
``bench/restart_soak.py`` build theirs from these.
"""

from __future__ import annotations

import sys
from typing import Any

from homeassistant import loader
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

# The integration before HA's loader looks for it (see the toolchain notes).
from custom_components.isocket.const import (
    CONF_ALARM_INPUT,
    CONF_BAUDRATE,
    CONF_PHONE,
    CONF_PORT,
    DOMAIN,
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


def prepare(hass: HomeAssistant) -> None:
    """A test hass ready for the hub: custom integrations allowed, no USB watcher."""
    hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
    hass.config.components.add("usb")  # its watcher is not wanted here
    hass.config.country = "DE"


def hub_entry(
    port: str, devices: int, *, options: dict[str, Any] | None = None
) -> MockConfigEntry:
    """The hub's config entry on ``port`` with devices 0 .. ``devices - 1``."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="SIMCOM SIM800",
        unique_id=IMEI,
        data={CONF_PORT: port, CONF_BAUDRATE: 115200},
        options=options or {},
        subentries_data=[subentry(i) for i in range(devices)],  # type: ignore[misc]
    )


def step(text: str) -> None:
    """A progress line on stderr (the figures go to stdout)."""
    print(f"... {text}", file=sys.stderr, flush=True)
