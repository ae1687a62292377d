"""Temperature probe, thermostat and temperature alerts (spec §3.6).

The probe is sampled once a minute. An unplugged probe is a read failure the
device notices; it reads back a fixed signature (127 °C by default, or 85/0 °C
as the manual lists) so that TEMPERATURE and STATUS show what a broken probe
shows. While the probe has failed, the thermostat stays enabled but does
nothing, TRISE/TFALL stay quiet, and TSENSFAILALERT sends one alert until a
thermostat setting changes or the probe recovers and fails again.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .clock import TimerHandle
from .isocket_errors import IncorrectValueError
from .isocket_settings import Threshold

if TYPE_CHECKING:
    from .isocket import ISocket
    from .isocket_commands import Request

SAMPLE_INTERVAL = 60.0
FAILURE_SIGNATURES = (127, 85, 0)  # °C a dead DS18B20-style probe reads back

# (mode, probe above set point) -> socket on; equal readings change nothing
_RULES: dict[tuple[str, bool], bool] = {
    ("HEATING", True): False,
    ("HEATING", False): True,
    ("COOLING", True): True,
    ("COOLING", False): False,
}


class Thermostat:
    """The probe and everything that acts on its minute samples."""

    def __init__(self, device: ISocket, temperature: float = 21.0) -> None:
        """A plugged probe reading ``temperature`` °C."""
        self._device = device
        self.temperature = temperature  # what the probe would measure
        self.probe_plugged = True
        self.failure_reading = FAILURE_SIGNATURES[0]
        self._timer: TimerHandle | None = None
        self._fail_alerted = False
        self._rise_alerted = False
        self._fall_alerted = False

    @property
    def reading(self) -> float:
        """What the device reads now (the failure signature when unplugged)."""
        return self.temperature if self.probe_plugged else self.failure_reading

    @property
    def reading_text(self) -> str:
        """The reading as replies show it, ``25C(77F)`` (in the device's wording)."""
        return self._device.wording.temperature(self.reading)

    def start(self) -> None:
        """Begin minute sampling (power-on)."""
        self.stop()
        self._timer = self._device.clock.call_later(SAMPLE_INTERVAL, self._sample)

    def stop(self) -> None:
        """Stop sampling (power loss, close)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def settings_changed(self) -> None:
        """A thermostat setting changed: a probe failure may be reported again."""
        self._fail_alerted = False

    def limit_changed(self, name: str) -> None:
        """TRISEALERT/TFALLALERT was set: the next sample beyond it alerts."""
        if name == "TRISEALERT":
            self._rise_alerted = False
        else:
            self._fall_alerted = False

    def reset(self) -> None:
        """Factory reset: forget what was already reported."""
        self._fail_alerted = self._rise_alerted = self._fall_alerted = False

    def _sample(self) -> None:
        self._timer = self._device.clock.call_later(SAMPLE_INTERVAL, self._sample)
        settings = self._device.settings
        if not self.probe_plugged:
            if (
                settings.thermostat_enabled
                and settings.tsensfail_alert == "ON"
                and not self._fail_alerted
            ):
                self._fail_alerted = True
                self._device.alert(self._device.say("probe_failure"))
            return
        self._fail_alerted = False  # a later failure is a new one
        if settings.thermostat_enabled:
            self._regulate(settings.thermostat, settings.switchoff_temp)
        self._watch_limits(settings.trise_alert, settings.tfall_alert)

    def _regulate(self, mode: str, set_point: Threshold) -> None:
        if self.temperature == set_point.celsius:
            return
        want_on = _RULES[mode, self.temperature > set_point.celsius]
        relay = self._device.relay
        if want_on == relay.on:
            return
        relay.set(want_on)
        if not want_on and self._device.settings.switchoff_alert == "ON":
            self._device.alert(
                self._device.say("switch_off_reached", temp=self.reading_text)
            )

    def _watch_limits(self, rise: Threshold | None, fall: Threshold | None) -> None:
        device = self._device
        above = rise is not None and self.temperature > rise.celsius
        if above and not self._rise_alerted:
            device.alert(device.say("temperature_rise", temp=self.reading_text))
        self._rise_alerted = above
        below = fall is not None and self.temperature < fall.celsius
        if below and not self._fall_alerted:
            device.alert(device.say("temperature_fall", temp=self.reading_text))
        self._fall_alerted = below


# -- command handlers ------------------------------------------------------


def _mode_lines(device: ISocket) -> tuple[str, str, str]:
    settings = device.settings
    return (
        f"THERMOSTAT: {'Enabled' if settings.thermostat_enabled else 'Disabled'}",
        f"THERMOSTAT={settings.thermostat}",
        f"Switch-off temperature: {settings.switchoff_temp.text}",
    )


def temperature(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """TEMPERATURE."""
    return device.say("temperature", temp=device.thermostat.reading_text)


def thermostat_on(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """THERMOSTATON: acts from the next minute sample."""
    device.settings.thermostat_enabled = True
    device.thermostat.settings_changed()
    _, mode, set_point = _mode_lines(device)
    return f"THERMOSTATON - OK\n{mode}\n{set_point}\nNote! Thermostat is working now!"


def thermostat_off(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """THERMOSTATOFF: the relay stays as it is."""
    device.settings.thermostat_enabled = False
    device.thermostat.settings_changed()
    return "THERMOSTATOFF - OK\nNote! Thermostat was disabled!"


def set_mode(device: ISocket, match: re.Match[str], _request: Request) -> str:
    """THERMOSTAT=HEATING|COOLING."""
    mode = match.group(1)
    if mode not in ("HEATING", "COOLING"):
        raise IncorrectValueError(mode)
    device.settings.thermostat = mode
    device.thermostat.settings_changed()
    enabled, _, set_point = _mode_lines(device)
    return f"THERMOSTAT={mode} - OK\n{set_point}\n{enabled}"


def set_switchoff_temp(device: ISocket, match: re.Match[str], _request: Request) -> str:
    """SWITCHOFFTEMP=<t>C|<t>F."""
    device.settings.switchoff_temp = Threshold.parse(match.group(1))
    device.thermostat.settings_changed()
    enabled, mode, _ = _mode_lines(device)
    return (
        f"SWITCHOFFTEMP={device.settings.switchoff_temp.text} - OK\n{mode}\n{enabled}"
    )


def thermostat_inquiry(
    device: ISocket, _match: re.Match[str], _request: Request
) -> str:
    """THERMOSTAT?."""
    return "\n".join(_mode_lines(device))


def _set_limit(device: ISocket, name: str, value: str) -> str:
    limit = None if value == "OFF" else Threshold.parse(value)
    setattr(device.settings, _LIMITS[name], limit)
    device.thermostat.limit_changed(name)
    return f"{name}={limit.text if limit else 'OFF'} - OK"


def set_trise(device: ISocket, match: re.Match[str], _request: Request) -> str:
    """TRISEALERT=<t>C|<t>F|OFF."""
    return _set_limit(device, "TRISEALERT", match.group(1))


def set_tfall(device: ISocket, match: re.Match[str], _request: Request) -> str:
    """TFALLALERT=<t>C|<t>F|OFF."""
    return _set_limit(device, "TFALLALERT", match.group(1))


def trise_inquiry(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """TRISEALERT?."""
    limit = device.settings.trise_alert
    return f"TRISEALERT={limit.text if limit else 'OFF'}"


def tfall_inquiry(device: ISocket, _match: re.Match[str], _request: Request) -> str:
    """TFALLALERT?."""
    limit = device.settings.tfall_alert
    return f"TFALLALERT={limit.text if limit else 'OFF'}"


_LIMITS = {"TRISEALERT": "trise_alert", "TFALLALERT": "tfall_alert"}
