"""Temperature value shared by commands and replies: Celsius canonical, Fahrenheit kept."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Temperature:
    """A temperature as the device states it.

    ``celsius`` is canonical; ``fahrenheit`` is the value the device or the
    user wrote in °F, kept because the pairs the device prints are not exact
    conversions (spec §7.8: ``35C(96F)``). Settings are whole degrees (ints);
    a *reading* may carry a decimal (``25.5C(77.9F)``): the probe is accurate
    to ±0.5 °C, so a firmware printing tenths is plausible (issue 9).
    """

    celsius: float
    fahrenheit: float | None = None

    @classmethod
    def from_fahrenheit(cls, fahrenheit: float) -> Temperature:
        """Build from a Fahrenheit value, Celsius as the device derives it."""
        if isinstance(fahrenheit, int):
            return cls(fahrenheit_to_celsius(fahrenheit), fahrenheit)
        # a decimal °F reading: keep one decimal, as precise as the probe
        return cls(round((fahrenheit - 32) * 5 / 9, 1), fahrenheit)


def fahrenheit_to_celsius(fahrenheit: int) -> int:
    """Convert whole °F to whole °C, truncating toward zero.

    Truncation reproduces the manual's pairs (96F → 35C, 60F → 15C), which
    rounding would not (96F is 35.6 °C).
    """
    scaled = (fahrenheit - 32) * 5
    return -(-scaled // 9) if scaled < 0 else scaled // 9


def celsius_to_fahrenheit(celsius: int) -> int:
    """Convert whole °C to whole °F, rounding half away from zero."""
    ninths = celsius * 9 + 160  # °F × 5
    quotient, remainder = divmod(abs(ninths), 5)
    if remainder * 2 >= 5:
        quotient += 1
    return quotient if ninths >= 0 else -quotient
