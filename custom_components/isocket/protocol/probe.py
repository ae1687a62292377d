"""Temperature-probe health from its readings (manual §7; spec §1: 85, 127 and 0 °C).

The probe measures −55…+120 °C (manual §7: "im Bereich von -55°C (-67°F) bis
120°C (248°F)"; issue 18 quoted 125 °C, the probe chip's own limit: the manual
wins). A disconnected or broken probe reads exactly 85 °C, 127 °C or 0 °C
"obwohl die Temperatur sich offensichtlich von diesen Werten unterscheidet"
(manual §7). The rules:

- a reading outside the range is no temperature: a failure, with the warning
  :attr:`ProbeWarning.OUT_OF_RANGE` (127 °C is one of them);
- 85 °C is a failure unless the last credible reading was within
  :data:`PLAUSIBLE_STEP` of it (a hot room that really is at 85 °C);
- 0 °C is ordinary in freezers and winters, so it fails only as a jump of more
  than :data:`PLAUSIBLE_STEP` from the last credible reading, and is merely
  *suspect* when there is no reading to compare with;
- a fault value that is not taken as true (failed or suspect) carries the
  warning :attr:`ProbeWarning.FAULT_VALUE`: the probe may be loose or broken.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from .temperature import Temperature

PROBE_SIGNATURES: Final = frozenset({85, 127, 0})
"""Readings (°C) a disconnected or broken probe produces (manual §7)."""

PROBE_RANGE: Final = (-55, 120)
"""What the probe measures, °C (manual §7 and technical data)."""

PLAUSIBLE_STEP: Final = 10
"""°C a real temperature may move between two readings we trust."""


class ProbeHealth(StrEnum):
    """What the last reading says about the temperature probe."""

    OK = "ok"
    SUSPECT = "suspect"
    FAILED = "failed"


class ProbeWarning(StrEnum):
    """Why the last reading was not taken as a true temperature."""

    OUT_OF_RANGE = "out_of_range"  # outside −55…120 °C
    FAULT_VALUE = "fault_value"  # 85, 127 or 0 °C where implausible (§7)


def in_range(reading: Temperature) -> bool:
    """Whether the probe can measure ``reading`` at all."""
    low, high = PROBE_RANGE
    return low <= reading.celsius <= high


def assess_reading(
    reading: Temperature, last_credible: Temperature | None
) -> ProbeHealth:
    """Judge a reading against range and failure signatures (module docstring)."""
    celsius = reading.celsius
    if not in_range(reading):
        return ProbeHealth.FAILED
    if celsius not in PROBE_SIGNATURES:
        return ProbeHealth.OK
    if last_credible is None:
        return ProbeHealth.FAILED if celsius == 85 else ProbeHealth.SUSPECT
    jump = abs(celsius - last_credible.celsius) > PLAUSIBLE_STEP
    return ProbeHealth.FAILED if jump else ProbeHealth.OK


def reading_warning(reading: Temperature, health: ProbeHealth) -> ProbeWarning | None:
    """The warning a reading judged ``health`` carries, ``None`` for a credible one."""
    if health is ProbeHealth.OK:
        return None
    if reading.celsius in PROBE_SIGNATURES:
        return ProbeWarning.FAULT_VALUE
    if not in_range(reading):
        return ProbeWarning.OUT_OF_RANGE
    return None
