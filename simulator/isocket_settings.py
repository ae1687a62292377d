"""The iSocket's non-volatile settings and their factory defaults (spec §5).

Everything here survives a power loss; :meth:`Settings` with no arguments is
the factory state that holding the hidden button restores. Values are kept in
the device's own words (``"ON"``, ``"SMSCHANGE"``) so the command table can
set and report them generically.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .isocket_errors import IncorrectValueError

MAX_NUMBERS = 10  # security list and alert list (§5.1)
MAX_NUMBER_DIGITS = 15
MAX_RULES = 8  # scheduler (§10)


def even_fahrenheit(celsius: int) -> int:
    """°C → the even °F nearest to it, ties upward (35 → 96, 15 → 60, 22 → 72)."""
    ninths = celsius * 9 + 160  # °F × 5, exact
    # the nearest even °F: floor(°F / 2 + 1/2) × 2, in integers
    return (ninths + 5) // 10 * 2


@dataclass(frozen=True, slots=True)
class Threshold:
    """A temperature setting as the device states it: ``10C(50F)``."""

    celsius: int
    fahrenheit: int

    @property
    def text(self) -> str:
        """The device's ``<C>C(<F>F)`` form."""
        return f"{self.celsius}C({self.fahrenheit}F)"

    @classmethod
    def parse(cls, value: str) -> Threshold:
        """Read ``10C``/``50F``; °C −55…120, °F even and −67…248 (§7.2).

        A Fahrenheit entry keeps its °F and truncates the °C, which is how the
        manual's examples come out (``96F`` → ``35C(96F)``, ``60F`` → ``15C(60F)``).
        A Celsius entry shows the even °F nearest to it, ties upward: the manual
        prints ``TRISEALERT=35C(96F)`` (35 °C is 95 °F), ``15C(60F)`` and
        ``22C(72F)`` (manual §7; °F settings are even numbers there).
        """
        number, unit = value[:-1], value[-1:].upper()
        if not number.lstrip("-").isdigit() or unit not in ("C", "F"):
            raise IncorrectValueError(value)
        degrees = int(number)
        if unit == "C":
            if not -55 <= degrees <= 120:
                raise IncorrectValueError(value)
            return cls(degrees, even_fahrenheit(degrees))
        if not -67 <= degrees <= 248 or degrees % 2:
            raise IncorrectValueError(value)
        return cls(int((degrees - 32) * 5 / 9), degrees)


@dataclass(frozen=True, slots=True)
class ScheduleRule:
    """One scheduler rule ``hh:mm,day,action`` (day ``*`` or ``1``=Monday…``7``)."""

    time: str
    day: str
    action: str

    @property
    def text(self) -> str:
        """The rule as ``SCHEDULER?`` lists it."""
        return f"{self.time},{self.day},{self.action}"


@dataclass(slots=True)
class Settings:
    """Every setting of the device; the defaults are the factory state (§5, §7)."""

    restart_time: int = 10  # §7.4: the factory list wins over the table's 5
    ring: str = "NOACTION"
    seclist: str = "OFF"
    password: str | None = None
    smsconfirm: str = "ON"
    ringconfirm: str = "SMS"
    error: str = "ON"
    smsconfirm_unauth: str = "OFF"
    relaytime: str = "0"
    sensortype: str = "NO"
    alert: str = "SMS"
    creditums: str = "NO"
    thermostat: str = "HEATING"
    thermostat_enabled: bool = False
    switchoff_temp: Threshold = Threshold(10, 50)
    switchoff_alert: str = "OFF"
    trise_alert: Threshold | None = None
    tfall_alert: Threshold | None = None
    tsensfail_alert: str = "OFF"  # §7.3
    power_alert: str = "ON"
    power_state: str = "REMEMBER"
    alarm_armed: bool = False  # an armed alarm stays armed across a power cut
    security_numbers: list[str] = field(default_factory=list)
    alert_numbers: list[str] = field(default_factory=list)
    schedule: list[ScheduleRule] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class EnumSetting:
    """A ``NAME=VALUE`` setting with a fixed set of values.

    ``inquiry`` is the ``NAME?`` reply with one ``{VALUE}`` placeholder per
    value, in the manual's order and spacing; the current one is shown in
    parentheses. ``ok_names`` renames the confirmation for some values
    (``RINGCONFIRM=SMS`` is confirmed as ``RINGCONFIRMTYPE=SMS - OK``, §7.7).
    """

    name: str
    attribute: str
    inquiry: str
    ok_names: dict[str, str] = field(default_factory=dict)

    @property
    def values(self) -> tuple[str, ...]:
        """The allowed values, as listed by the inquiry."""
        return tuple(
            part.split("}")[0] for part in self.inquiry.split("{")[1:] if "}" in part
        )

    def render_inquiry(self, current: str) -> str:
        """The inquiry reply with ``current`` in parentheses, spaced as the manual."""
        options = self.options(current)
        return self.inquiry.format_map(dict(zip(self.values, options, strict=True)))

    def options(self, current: str) -> list[str]:
        """The values as the inquiry lists them, ``current`` in parentheses."""
        return [f"({value})" if value == current else value for value in self.values]

    def render_ok(self, value: str) -> str:
        """The confirmation of ``NAME=VALUE``."""
        return f"{self.ok_names.get(value, self.name)}={value} - OK"


# Inquiry texts byte for byte as the manual prints them (§3), spacing included.
ENUM_SETTINGS: tuple[EnumSetting, ...] = (
    EnumSetting("RING", "ring", "RING={NOACTION},{RESTART},{SWITCH}"),
    EnumSetting("SECLIST", "seclist", "SECLIST={OFF},{ON}"),
    EnumSetting("SMSCONFIRM", "smsconfirm", "SMSCONFIRM={ON},{OFF}"),
    EnumSetting(
        "RINGCONFIRM",
        "ringconfirm",
        "RINGCONFIRM={SMS},{CALL},{OFF}",
        {"SMS": "RINGCONFIRMTYPE", "CALL": "RINGCONFIRMTYPE"},
    ),
    EnumSetting("ERROR", "error", "ERROR ={ON},{OFF}"),
    EnumSetting("SMSCONFIRMUNAUTH", "smsconfirm_unauth", "SMSCONFIRMUNAUTH={OFF},{ON}"),
    EnumSetting("SWITCHOFFALERT", "switchoff_alert", "SWITCHOFFALERT={OFF},{ON}"),
    EnumSetting("TSENSFAILALERT", "tsensfail_alert", "TSENSFAILALERT ={ON},{OFF}"),
    EnumSetting("SENSORTYPE", "sensortype", "SENSORTYPE={NO},{NC}"),
    EnumSetting("ALERT", "alert", "ALERT={SMS},{CALL}, {SMSCHANGE}, {OFF}"),
    EnumSetting("POWERALERT", "power_alert", "POWERALERT={ON},{OFF}"),
    EnumSetting("POWERSTATE", "power_state", "POWERSTATE={REMEMBER}, {ON}, {OFF}"),
)
