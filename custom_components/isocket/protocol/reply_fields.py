"""Field-level readers for device replies: lines, temperatures, times, words.

Each reader returns ``None`` for text it cannot read, never raises: the reply
parser builds on them and must itself never raise.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
import re

from .temperature import Temperature

# The manual prints both `-` and `–`; phones and gateways add more look-alikes.
_DASHES = str.maketrans(dict.fromkeys("–—‐‑‒−", "-"))
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# A value: optional sign (a space may follow it), whole degrees or a decimal
# with a point or a comma (`25.5`, `25,5`: issue 18).
_VALUE = r"[+-]?\s?\d{1,3}(?:[.,]\d{1,2})?"
# Not inside a word or a number: `25.5C` and `25,5C` must never read as `5C`.
_START = r"(?<!\w)(?<!\d[.,])"
_TEMPERATURE = re.compile(
    rf"{_START}(?P<c>{_VALUE})\s*°?\s*C(?![A-Za-z])"
    rf"(?:\s*\(\s*(?P<f>{_VALUE})\s*°?\s*F\s*\))?"
    rf"|{_START}(?P<fonly>{_VALUE})\s*°?\s*F(?![A-Za-z])",
    re.IGNORECASE,
)
# The value labelled as the reading: `TEMP:`, `TEMPERATURE:`, `now` (issue 18).
_READING_LABEL = re.compile(
    r"\bTEMP(?:ERATURE)?\s*:\s*$|\b(?:now|jetzt)\b\W{0,3}(?:(?:is|at|bei)\s+)?$",
    re.IGNORECASE,
)
# A value labelled as a threshold is never the reading: `limit 30C`, `(-15C)`
# after `below limit`, `Grenzwert: 5C`.
_THRESHOLD_LABEL = re.compile(
    r"\b(?:limit|threshold|set\s*point|setpoint|grenz\w*|schwell\w*)\b[^,;!?\n\d+-]*$",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(r"[,;!?\n](?!\d)")

TIMESTAMP = (
    r"(?P<y>\d{1,2}(?:\d{2})?)/(?P<mo>\d{1,2})/(?P<d>\d{1,2})\s*[,:\s]\s*"
    r"(?P<h>\d{1,2}):(?P<mi>\d{1,2})(?::(?P<s>\d{1,2}))?"
)
"""Device timestamp: `yy/mm/dd,hh:mm:ss`, `yy/mm/dd:hh:mm:ss` or `yy/mm/dd:hh:mm` (§7.6)."""

_TIMESTAMP = re.compile(TIMESTAMP)
MIN_ZONE_HOURS = -12
MAX_ZONE_HOURS = 14
"""The GMT zones that exist: UTC−12 … UTC+14."""
_SECONDS_VALUE = re.compile(r"(\d+)\s*(?:SECONDS?|SECS?|S)", re.IGNORECASE)

_WORDS: dict[str, bool] = {
    "ON": True,
    "OFF": False,
    "ENABLED": True,
    "DISABLED": False,
    "ENABLE": True,
    "DISABLE": False,
    "ARMED": True,
    "DISARMED": False,
    "ACTIVE": True,
    "INACTIVE": False,
}


def split_lines(text: str) -> tuple[str, ...]:
    """Non-empty lines with dashes unified and whitespace runs collapsed."""
    unified = text.translate(_DASHES)
    lines = (" ".join(line.split()) for line in _LINE_BREAK.split(unified))
    return tuple(line for line in lines if line)


def _number(text: str) -> float:
    """`-5`, `- 5.5`, `+25,5` → a number (an int when it has no decimals)."""
    compact = text.replace(" ", "").replace(",", ".")
    return float(compact) if "." in compact else int(compact)


def _temperature(match: re.Match[str]) -> Temperature:
    if match["fonly"] is not None:
        return Temperature.from_fahrenheit(_number(match["fonly"]))
    fahrenheit = _number(match["f"]) if match["f"] is not None else None
    return Temperature(_number(match["c"]), fahrenheit)


def parse_temperature(text: str) -> Temperature | None:
    """The first `25C(77F)` (or `25.5C`, `25,5C`, `-5.5 C`, `77F`) in ``text``; Celsius canonical."""
    match = _TEMPERATURE.search(text.translate(_DASHES))
    return _temperature(match) if match else None


def parse_full_temperature(text: str) -> Temperature | None:
    """A temperature only when it is the whole of ``text`` (a setting value)."""
    match = _TEMPERATURE.fullmatch(text.translate(_DASHES).strip())
    return parse_temperature(text) if match else None


def reported_temperature(text: str) -> Temperature | None:
    """The reading an alert reports: never a threshold it quotes (issue 18).

    The value labelled as the reading (`TEMP:`, `now`) wins; else the one value
    not labelled as a threshold (`limit 30C`); else, with several candidates,
    ``None``: unsure, so no reading.
    """
    unified = text.translate(_DASHES)
    labelled: list[Temperature] = []
    plain: list[Temperature] = []
    for match in _TEMPERATURE.finditer(unified):
        before = unified[: match.start()]
        clause = before[
            max((m.end() for m in _CLAUSE_START.finditer(before)), default=0) :
        ]
        if _READING_LABEL.search(before[-40:]):
            labelled.append(_temperature(match))
        elif not _THRESHOLD_LABEL.search(clause):
            plain.append(_temperature(match))
    if labelled:
        return labelled[0] if len(set(labelled)) == 1 else None
    return plain[0] if len(set(plain)) == 1 else None


def device_time(match: re.Match[str], tz: timezone | None = None) -> datetime | None:
    """Build the datetime a :data:`TIMESTAMP` match names; ``None`` if impossible.

    The device's clock carries no zone except in DATE replies, so the result is
    naive (device local time) unless ``tz`` is given.
    """
    year = int(match["y"])
    if year < 100:
        year += 2000
    try:
        # tzinfo may be None: the device clock is local time of an unknown zone
        return datetime(
            year,
            int(match["mo"]),
            int(match["d"]),
            int(match["h"]),
            int(match["mi"]),
            int(match["s"] or 0),
            tzinfo=tz,
        )
    except ValueError:
        return None


def parse_device_time(text: str) -> datetime | None:
    """The first device timestamp in ``text``."""
    match = _TIMESTAMP.search(text)
    return device_time(match) if match else None


def gmt_zone(text: str | None) -> timezone | None:
    """`+02` → UTC+02:00: the DATE reply's GMT zone in whole hours; ``None`` if invalid.

    The German manual (§8) says only "zz steht für die GMT-Zeitzone"; the
    spec's quarter hours (as in AT+CCLK) were a guess it corrects (issue 18).
    """
    if text is None:
        return None
    hours = int(text.replace(" ", ""))
    if not MIN_ZONE_HOURS <= hours <= MAX_ZONE_HOURS:
        return None
    return timezone(timedelta(hours=hours))


def word_flag(text: str | None) -> bool | None:
    """`ON`/`Enabled`/... → True, `OFF`/`Disabled`/... → False, else ``None``."""
    if not text:
        return None
    return _WORDS.get(text.strip().split(" ")[0].strip(".!").upper())


def activity_flag(text: str) -> bool:
    """`No act` / `No activity` mean quiet; any other indication means activity."""
    return not text.strip().upper().startswith("NO")


def setting_value(text: str) -> str:
    """Normalise a setting value: upper case, `5 seconds` → `5`."""
    value = " ".join(text.split()).upper()
    seconds = _SECONDS_VALUE.fullmatch(value)
    return seconds[1] if seconds else value


def option_list(text: str) -> tuple[tuple[str, ...], str | None] | None:
    """`V1,(V2),V3` → ((V1, V2, V3), V2); ``None`` when ``text`` is a plain value."""
    items = [item.strip() for item in text.split(",") if item.strip()]
    wrapped = [item.startswith("(") and item.endswith(")") for item in items]
    if len(items) < 2 and not any(wrapped):
        return None
    options = tuple(
        setting_value(item[1:-1] if bracketed else item)
        for item, bracketed in zip(items, wrapped, strict=True)
    )
    current = next((opt for opt, b in zip(options, wrapped, strict=True) if b), None)
    return options, current
