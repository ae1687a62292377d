"""Temperature value shared by commands and replies: Celsius canonical, Fahrenheit kept."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Temperature:
    """A temperature as the device states it.

    ``celsius`` is canonical (the device's resolution is 1 °C);
    ``fahrenheit`` is the value the device used when it spoke Fahrenheit,
    kept so that a round trip does not drift (°F is 2 × °C-resolution).
    """

    celsius: int
    fahrenheit: int | None = None

    @classmethod
    def from_fahrenheit(cls, fahrenheit: int) -> Temperature:
        """Build from a Fahrenheit value (rounded to the nearest whole °C)."""
        return cls(celsius=fahrenheit_to_celsius(fahrenheit), fahrenheit=fahrenheit)


def fahrenheit_to_celsius(fahrenheit: int) -> int:
    """Convert whole °F to whole °C, rounding half away from zero."""
    tenths = (fahrenheit - 32) * 50  # °C × 90, exact in integers
    quotient, remainder = divmod(abs(tenths), 90)
    if remainder * 2 >= 90:
        quotient += 1
    return quotient if tenths >= 0 else -quotient


def celsius_to_fahrenheit(celsius: int) -> int:
    """Convert whole °C to whole °F, rounding half away from zero."""
    ninths = celsius * 9 + 160  # °F × 5
    quotient, remainder = divmod(abs(ninths), 5)
    if remainder * 2 >= 5:
        quotient += 1
    return quotient if ninths >= 0 else -quotient
