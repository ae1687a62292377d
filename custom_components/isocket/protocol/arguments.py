"""Argument grammars of the iSocket commands (spec §3).

One ``Argument`` per kind of value a command carries after its fixed stem
(``ON`` + seconds, ``SWITCHOFFTEMP=`` + temperature, ``SECNUMBER+`` + number).
Builders call ``normalize`` on typed input, the raw parser calls ``parse`` on
text; both then ``format`` the normalised value, so a command has exactly one
spelling whichever way it was made.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
import re
from typing import Final, Literal, get_args

from .errors import InvalidCommandError
from .temperature import Temperature

type ScheduleAction = Literal["ON", "OFF", "INF", "AON", "AOF"]
SCHEDULE_ACTIONS: Final[tuple[ScheduleAction, ...]] = get_args(ScheduleAction.__value__)

#: Characters of a password already on a device, as typed in front of a command:
#: printable ASCII that is one GSM septet, no space. Older versions of this
#: integration allowed this punctuation, so such a password must keep working.
PASSWORD_CHARACTERS: Final = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    "!\"#$%&'()*+,-./:;<=>?@_"
)
#: Characters of a *new* password (PASSWORD=): letters and digits only. Manual
#: §5.2: "ohne Leerzeichen oder andere Sonderzeichen", example ``12abc``.
NEW_PASSWORD_CHARACTERS: Final = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)
PASSWORD_LENGTH: Final = 5
MAX_NUMBER_DIGITS: Final = 15
# The DATE zone is the GMT zone in whole hours (manual §8): UTC-12 … UTC+14.
MIN_ZONE_HOURS: Final = -12
MAX_ZONE_HOURS: Final = 14


@dataclass(frozen=True, slots=True)
class ScheduleRule:
    """One scheduler rule ``hh:mm,day,action``; ``day`` None = every day (``*``)."""

    hour: int
    minute: int
    day: int | None
    action: ScheduleAction


type CommandValue = int | str | Temperature | datetime | time | ScheduleRule


def malformed(text: str, expected: str) -> InvalidCommandError:
    """Error for a value that does not have the expected shape."""
    return InvalidCommandError(
        "malformed_value",
        f"Malformed value {text!r}: expected {expected}.",
        {"value": text, "expected": expected},
    )


def out_of_range(
    value: object, minimum: object, maximum: object, unit: str = ""
) -> InvalidCommandError:
    """Error for a well-formed value outside the device's range."""
    return InvalidCommandError(
        "value_out_of_range",
        f"Value {value}{unit} is out of range: allowed {minimum}{unit} to {maximum}{unit}.",
        {
            "value": str(value),
            "minimum": str(minimum),
            "maximum": str(maximum),
            "unit": unit,
        },
    )


def check_int(value: object, minimum: int, maximum: int, unit: str = "") -> int:
    """A builder's integer argument: an ``int`` (not bool) within the range.

    A float with no fraction (what a UI number field yields) is taken as int.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise malformed(repr(value), "a whole number")
    if not minimum <= value <= maximum:
        raise out_of_range(value, minimum, maximum, unit)
    return value


class Argument[V](ABC):
    """The grammar of the text after a command's stem."""

    #: Shown in error messages, e.g. "a whole number of seconds, 1–65000".
    description: str

    @abstractmethod
    def normalize(self, value: V) -> V:
        """Validate a builder's value; raise ``InvalidCommandError``."""

    @abstractmethod
    def parse(self, text: str) -> V:
        """Parse the (upper-cased) text after the stem; raise ``InvalidCommandError``."""

    @abstractmethod
    def format(self, value: V) -> str:
        """The text of a normalised value."""


class Seconds(Argument[int]):
    """A whole number of seconds within a range."""

    def __init__(self, minimum: int, maximum: int) -> None:
        """Allow ``minimum`` … ``maximum`` seconds."""
        self.minimum, self.maximum = minimum, maximum
        self.description = f"a whole number of seconds, {minimum}–{maximum}"

    def normalize(self, value: int) -> int:
        """Check the range."""
        return check_int(value, self.minimum, self.maximum, " s")

    def parse(self, text: str) -> int:
        """Digits, optionally negative (which is out of range, not malformed)."""
        if not re.fullmatch(r"-?\d+", text):
            raise malformed(text, self.description)
        return self.normalize(int(text))

    def format(self, value: int) -> str:
        """Plain decimal."""
        return str(value)


TEMPERATURE_RANGES: Final[dict[str, tuple[int, int]]] = {
    "C": (-55, 120),
    "F": (-67, 248),
}


def make_temperature(value: float, unit: str) -> Temperature:
    """Validate a temperature in °C or °F (even °F only) and type it."""
    if unit not in TEMPERATURE_RANGES:
        raise malformed(unit, "unit C or F")
    minimum, maximum = TEMPERATURE_RANGES[unit]
    value = check_int(value, minimum, maximum, unit)
    if unit == "C":
        return Temperature(value)
    if value % 2:
        raise InvalidCommandError(
            "odd_fahrenheit",
            f"{value}F is odd: the device takes even Fahrenheit values only.",
            {"value": str(value)},
        )
    return Temperature.from_fahrenheit(value)


class TemperatureArgument(Argument[Temperature]):
    """``<t>C`` or ``<t>F``: whole degrees, −55…120 °C or even −67…248 °F."""

    description = "a whole temperature with unit, e.g. 10C or 50F"

    def normalize(self, value: Temperature) -> Temperature:
        """Re-validate (the Fahrenheit value wins when present)."""
        if value.fahrenheit is not None:
            return make_temperature(value.fahrenheit, "F")
        return make_temperature(value.celsius, "C")

    def parse(self, text: str) -> Temperature:
        """Signed integer and unit letter."""
        match = re.fullmatch(r"(-?\d+)([CF])", text)
        if match is None:
            raise malformed(text, self.description)
        return make_temperature(int(match[1]), match[2])

    def format(self, value: Temperature) -> str:
        """In the unit the value was given in."""
        if value.fahrenheit is not None:
            return f"{value.fahrenheit}F"
        return f"{value.celsius}C"


# What people write between the digits of a number: dropped by the builders.
_NUMBER_SEPARATORS: Final = re.compile(r"[\s()./-]")


class PhoneNumber(Argument[str]):
    """A number as the device stores it: digits only, at most 15 (spec §3.3).

    International form (country code first, no ``+``) or local form: manual
    §5.1 tells users to add *both* forms when an operator presents local
    numbers for calls (``SECNUMBER+2125555555``, ``SECNUMBER+5555555``),
    because the device compares numbers exactly. Alert numbers should be
    international (§5.3); that advice is the caller's to give.
    """

    description = (
        f"a phone number of digits only (international without '+', or local), "
        f"at most {MAX_NUMBER_DIGITS} digits"
    )

    def normalize(self, value: str) -> str:
        """Builders accept ``+``, spaces, dashes, dots and parentheses and drop them."""
        return self.parse(_NUMBER_SEPARATORS.sub("", value).removeprefix("+"))

    def parse(self, text: str) -> str:
        """As the manual writes it: no ``+``, spaces or dashes."""
        if not re.fullmatch(r"\d+", text):
            raise malformed(text, self.description)
        if len(text) > MAX_NUMBER_DIGITS:
            raise InvalidCommandError(
                "value_out_of_range",
                f"Number {text} has {len(text)} digits: at most {MAX_NUMBER_DIGITS} are allowed.",
                {
                    "value": text,
                    "minimum": "1",
                    "maximum": str(MAX_NUMBER_DIGITS),
                    "unit": " digits",
                },
            )
        return text

    def format(self, value: str) -> str:
        """As is."""
        return value


class InternationalNumber(PhoneNumber):
    """An alert number: international form only (manual §5.3).

    "FÜGEN SIE DIE TELEFONNUMMER NICHT IM LOKALEN FORMAT HINZU": a local or
    wrong alert number delays the alerts to the correct ones. A number with a
    national trunk prefix (a leading ``0`` that is not the international
    ``00``) is local; ``00`` is taken as ``+``. A local number without a trunk
    prefix cannot be told from an international one here: the Home Assistant
    action asks for the ``+``/``00`` form.
    """

    description = (
        "a phone number in international form (country code first, no '+' "
        "and no leading 0; manual §5.3), digits only"
    )

    def normalize(self, value: str) -> str:
        """``+``/``00`` prefixes and separators dropped, then checked."""
        digits = _NUMBER_SEPARATORS.sub("", value)
        if digits.startswith("+"):
            digits = digits[1:]
        elif digits.startswith("00"):
            digits = digits[2:]
        return self.parse(digits)

    def parse(self, text: str) -> str:
        """Digits, at most 15, no national trunk prefix."""
        number = super().parse(text)
        if number.startswith("0"):
            raise malformed(text, self.description)
        return number


def _check_password(password: str, allowed: frozenset[str], kinds: str) -> str:
    if len(password) != PASSWORD_LENGTH:
        raise InvalidCommandError(
            "bad_password_length",
            f"The password must be exactly {PASSWORD_LENGTH} characters, not {len(password)}.",
            {"length": str(len(password)), "expected": str(PASSWORD_LENGTH)},
        )
    bad = [char for char in password if char not in allowed]
    if bad:
        raise InvalidCommandError(
            "bad_password_character",
            f"The password may hold {kinds} only, not {bad[0]!r}.",
            {"character": bad[0]},
        )
    return password


def check_password(password: str) -> str:
    """The password a device already has: five characters of ``PASSWORD_CHARACTERS``."""
    return _check_password(
        password, PASSWORD_CHARACTERS, "letters, digits and ASCII punctuation"
    )


def check_new_password(password: str) -> str:
    """A new password (PASSWORD=): exactly five letters or digits (manual §5.2)."""
    return _check_password(password, NEW_PASSWORD_CHARACTERS, "letters and digits")


class Password(Argument[str]):
    """The new password of ``PASSWORD=``; its case is kept."""

    description = "exactly 5 letters or digits"

    def normalize(self, value: str) -> str:
        """See ``check_new_password``."""
        return check_new_password(value)

    def parse(self, text: str) -> str:
        """See ``check_new_password``."""
        return check_new_password(text)

    def format(self, value: str) -> str:
        """As is."""
        return value


class Clock(Argument[datetime]):
    """``yy/mm/dd,hh:mm:ss±zz`` with zz the GMT zone in whole hours (manual §8).

    The manual says only "zz steht für die GMT-Zeitzone": a GMT zone, so
    hours; the spec's quarter hours (as ``AT+CCLK``) were a guess (issue 18).
    A zone that is no whole hour cannot be written: prefer DATESMS, which
    takes the network's time.
    """

    description = "a date and time yy/mm/dd,hh:mm:ss+zz (zz: GMT zone in hours)"

    def normalize(self, value: datetime) -> datetime:
        """Time-zone aware, 2000–2099, offset a whole number of hours."""
        offset = value.utcoffset()
        if offset is None:
            raise malformed(value.isoformat(), "a date and time with a time zone")
        if not 2000 <= value.year <= 2099:
            raise out_of_range(value.year, 2000, 2099)
        hours, rest = divmod(offset, timedelta(hours=1))
        if rest:
            raise malformed(str(offset), "a time zone in whole hours")
        if not MIN_ZONE_HOURS <= hours <= MAX_ZONE_HOURS:
            raise out_of_range(hours, MIN_ZONE_HOURS, MAX_ZONE_HOURS, " hours")
        return value.replace(microsecond=0, tzinfo=timezone(offset))

    def parse(self, text: str) -> datetime:
        """Two digits per field, a signed two-digit zone."""
        match = re.fullmatch(
            r"(\d\d)/(\d\d)/(\d\d),(\d\d):(\d\d):(\d\d)([+-]\d\d)", text
        )
        if match is None:
            raise malformed(text, self.description)
        hours = int(match[7])
        if not MIN_ZONE_HOURS <= hours <= MAX_ZONE_HOURS:
            raise out_of_range(hours, MIN_ZONE_HOURS, MAX_ZONE_HOURS, " hours")
        year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
        try:
            return datetime(
                2000 + year,
                month,
                day,
                hour,
                minute,
                second,
                tzinfo=timezone(timedelta(hours=hours)),
            )
        except ValueError as err:
            raise InvalidCommandError(
                "value_out_of_range",
                f"{text!r} is not a real date and time: {err}.",
                {
                    "value": text,
                    "minimum": "00/01/01,00:00:00",
                    "maximum": "99/12/31,23:59:59",
                    "unit": "",
                },
            ) from None

    def format(self, value: datetime) -> str:
        """``yy/mm/dd,hh:mm:ss±zz``."""
        offset = value.utcoffset() or timedelta()
        hours = offset // timedelta(hours=1)
        return f"{value:%y/%m/%d,%H:%M:%S}{hours:+03d}"


def parse_hhmm(hour: str, minute: str) -> tuple[int, int]:
    """Two-digit hour 00–23 and minute 00–59 (leading zero required, §10)."""
    if not re.fullmatch(r"\d\d", hour) or not re.fullmatch(r"\d\d", minute):
        raise malformed(f"{hour}:{minute}", "a time hh:mm with two digits each")
    return check_int(int(hour), 0, 23, " h"), check_int(int(minute), 0, 59, " min")


class ScheduleTime(Argument[time]):
    """``hh:mm`` of ``SCHEDULER-``."""

    description = "a time hh:mm, e.g. 08:00"

    def normalize(self, value: time) -> time:
        """Whole minutes only."""
        return value.replace(second=0, microsecond=0, tzinfo=None)

    def parse(self, text: str) -> time:
        """Two digits each."""
        hour, colon, minute = text.partition(":")
        if not colon:
            raise malformed(text, self.description)
        return time(*parse_hhmm(hour, minute))

    def format(self, value: time) -> str:
        """``hh:mm``."""
        return f"{value:%H:%M}"


class Schedule(Argument[ScheduleRule]):
    """``hh:mm,day,action`` of ``SCHEDULER+`` (day ``*`` or 1 = Monday … 7)."""

    description = (
        "hh:mm,day,action with day * or 1–7 and action ON, OFF, INF, AON or AOF"
    )

    def normalize(self, value: ScheduleRule) -> ScheduleRule:
        """Check each field (and make integral floats ints)."""
        day = None if value.day is None else check_int(value.day, 1, 7)
        if value.action not in SCHEDULE_ACTIONS:
            raise malformed(str(value.action), "an action ON, OFF, INF, AON or AOF")
        return ScheduleRule(
            check_int(value.hour, 0, 23, " h"),
            check_int(value.minute, 0, 59, " min"),
            day,
            value.action,
        )

    def parse(self, text: str) -> ScheduleRule:
        """Field by field, so the message names the wrong one."""
        match = re.fullmatch(r"([^:,]*):([^:,]*),([^,]*),([^,]*)", text)
        if match is None:
            raise malformed(text, self.description)
        hour, minute = parse_hhmm(match[1], match[2])
        day_text, action = match[3], match[4]
        if day_text == "*":
            day = None
        elif re.fullmatch(r"\d", day_text):
            day = check_int(int(day_text), 1, 7)
        else:
            raise malformed(day_text, "a day * (every day) or 1 (Monday) to 7 (Sunday)")
        if action not in SCHEDULE_ACTIONS:
            raise malformed(action, "an action ON, OFF, INF, AON or AOF")
        return ScheduleRule(hour, minute, day, action)

    def format(self, value: ScheduleRule) -> str:
        """``hh:mm,day,action``."""
        day = "*" if value.day is None else str(value.day)
        return f"{value.hour:02d}:{value.minute:02d},{day},{value.action}"


class UssdCode(Argument[str]):
    """A USSD code such as ``*100#``: digits, ``*`` and ``#``, from ``*``/``#`` to ``#``."""

    description = "a USSD code of digits, * and #, starting with * or # and ending with #, e.g. *100#"

    def normalize(self, value: str) -> str:
        """Same rule as text."""
        return self.parse(value)

    def parse(self, text: str) -> str:
        """At least one digit between the opening and the closing mark."""
        if not re.fullmatch(r"[*#][0-9*#]*\d[0-9*#]*#", text):
            raise malformed(text, self.description)
        return text

    def format(self, value: str) -> str:
        """As is."""
        return value
