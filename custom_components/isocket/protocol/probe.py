"""Temperature-probe health from its readings (spec §1: 85, 127 and 0 °C).

A disconnected or broken probe reads exactly 85 °C, 127 °C or 0 °C. The rules:

- 127 °C is outside the probe's range (−55…120 °C): always a failure.
- 85 °C is a failure unless the last credible reading was within
  :data:`PLAUSIBLE_STEP` of it (a hot room that really is at 85 °C).
- 0 °C is ordinary in freezers and winters, so it fails only as a jump of more
  than :data:`PLAUSIBLE_STEP` from the last credible reading, and is merely
  *suspect* when there is no reading to compare with.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from .temperature import Temperature

PROBE_SIGNATURES: Final = frozenset({85, 127, 0})
"""Readings (°C) a disconnected or broken probe produces (spec §1)."""

PLAUSIBLE_STEP: Final = 10
"""°C a real temperature may move between two readings we trust."""


class ProbeHealth(StrEnum):
    """What the last reading says about the temperature probe."""

    OK = "ok"
    SUSPECT = "suspect"
    FAILED = "failed"


def assess_reading(
    reading: Temperature, last_credible: Temperature | None
) -> ProbeHealth:
    """Judge a reading against the failure signatures (rules in the module docstring)."""
    celsius = reading.celsius
    if celsius not in PROBE_SIGNATURES:
        return ProbeHealth.OK
    if celsius == 127:
        return ProbeHealth.FAILED
    if last_credible is None:
        return ProbeHealth.FAILED if celsius == 85 else ProbeHealth.SUSPECT
    jump = abs(celsius - last_credible.celsius) > PLAUSIBLE_STEP
    return ProbeHealth.FAILED if jump else ProbeHealth.OK
