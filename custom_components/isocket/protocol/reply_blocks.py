"""Multi-line replies read line by line: STATUS, thermostat, alarm, alarm log, scheduler.

Lines are matched by prefix, not position (spec §3.1.1): the device may add,
drop or reorder lines, and unknown lines are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import re

from .reply_fields import (
    TIMESTAMP,
    activity_flag,
    device_time,
    parse_device_time,
    parse_temperature,
    word_flag,
)
from .results import (
    AlarmInfo,
    AlarmLog,
    Result,
    ScheduleList,
    ScheduleRule,
    StatusReport,
    ThermostatInfo,
)


@dataclass(frozen=True, slots=True)
class Message:
    """A message split into normalised lines."""

    raw: str
    lines: tuple[str, ...]


def _facts(
    lines: tuple[str, ...], table: Mapping[str, re.Pattern[str]]
) -> tuple[dict[str, re.Match[str]], tuple[str, ...]]:
    """Match each line against a prefix table: (fact → match, unmatched lines)."""
    found: dict[str, re.Match[str]] = {}
    rest: list[str] = []
    for line in lines:
        hit = next(
            ((key, m) for key, rx in table.items() if (m := rx.match(line))), None
        )
        if hit is None:
            rest.append(line)
        else:
            found.setdefault(*hit)
    return found, tuple(rest)


def _table(patterns: Mapping[str, str]) -> dict[str, re.Pattern[str]]:
    return {key: re.compile(rx, re.IGNORECASE) for key, rx in patterns.items()}


def _group(found: Mapping[str, re.Match[str]], key: str, group: int = 1) -> str | None:
    match = found.get(key)
    return match[group].strip() if match else None


# --- STATUS (§3.1.1) ----------------------------------------------------------

_STATUS_LINES = _table(
    {
        "socket": r"^Power\s+socket\s+(ON|OFF)\b",
        "signal": r"^Signal\s*:\s*(.*)$",
        "temp": r"^TEMP\s*:\s*(.*)$",
        "alarmf": r"^ALARMF\s*:\s*(.*)$",
        "activity": r"^ALARM\s+status\s*:\s*(.*)$",
        "time": r"^Time\s*:\s*(.*)$",
    }
)
_DBM = re.compile(r"\(?\s*(-?\d+)\s*dBm\s*\)?", re.IGNORECASE)


def status_report(_match: re.Match[str], message: Message) -> Result | None:
    """STATUS (§3.1.1) when at least two of its line prefixes are present."""
    found, rest = _facts(message.lines, _STATUS_LINES)
    if len(found) < 2:  # one stray `Time:` or `TEMP:` line is no status report
        return None
    signal = _group(found, "signal") or ""
    dbm = _DBM.search(signal)
    word = _DBM.sub("", signal).strip() or None
    temp = _group(found, "temp")
    temperature = parse_temperature(temp) if temp is not None else None
    activity = _group(found, "activity")
    clock = _group(found, "time")
    return StatusReport(
        raw=message.raw,
        socket_on=word_flag(_group(found, "socket")),
        signal_word=word,
        signal_dbm=int(dbm[1]) if dbm else None,
        temperature=temperature,
        temperature_text=temp if temperature is None else None,
        alarm_armed=word_flag(_group(found, "alarmf")),
        alarm_activity=activity,
        alarm_active=activity_flag(activity) if activity is not None else None,
        device_time=parse_device_time(clock) if clock else None,
        extra_lines=rest,
    )


# --- thermostat and alarm (§3.6, §3.8) ------------------------------------------

_DEGREES = r"[+-]?\s?\d{1,3}(?:[.,]\d+)?\s*°?\s*[CF]"
_THERMOSTAT_LINES = _table(
    {
        "ack": r"^(THERMOSTATON|THERMOSTATOFF|THERMOSTAT\s*=\s*(?:HEATING|COOLING))\s*-\s*OK\b",
        # each line only with the values it can hold: `Thermostat: switch-off
        # temperature reached` is an alert, not a thermostat line
        "enabled": r"^THERMOSTAT\s*:\s*(Enabled|Disabled|ON|OFF)\s*[.!]?$",
        "mode": r"^THERMOSTAT\s*=\s*(HEATING|COOLING)\s*$",
        "switch_off": rf"^Switch-?\s*off\s+temperature\s*:\s*({_DEGREES}(?:\s*\(\s*{_DEGREES}\s*\))?)\s*$",
        "note_on": r"^Note\W*Thermostat\s+is\s+working()",
        "note_off": r"^Note\W*Thermostat\s+(?:was|is)\s+disabled()",
    }
)
_THERMOSTAT_ACK_STATE = {"THERMOSTATON": True, "THERMOSTATOFF": False}


def thermostat_info(
    lines: tuple[str, ...], raw: str
) -> tuple[ThermostatInfo | None, tuple[str, ...]]:
    """Thermostat facts in ``lines`` (``None`` if there are none) and the other lines."""
    found, rest = _facts(lines, _THERMOSTAT_LINES)
    if not found:
        return None, rest
    ack = _group(found, "ack")
    ack = re.sub(r"\s+", "", ack).upper() if ack else None
    enabled = word_flag(_group(found, "enabled"))
    for note, flag in (("note_on", True), ("note_off", False)):
        if enabled is None and note in found:
            enabled = flag
    if enabled is None and ack is not None:
        enabled = _THERMOSTAT_ACK_STATE.get(ack)
    mode = _group(found, "mode")
    if mode is None and ack is not None and "=" in ack:
        mode = ack.partition("=")[2]
    switch_off = _group(found, "switch_off")
    info = ThermostatInfo(
        raw=raw,
        enabled=enabled,
        mode=mode.upper() if mode else None,
        switch_off_temperature=parse_temperature(switch_off) if switch_off else None,
        ack=ack,
    )
    return info, rest


def thermostat_reply(_match: re.Match[str], message: Message) -> Result | None:
    """THERMOSTAT?, THERMOSTATON/OFF and THERMOSTAT= replies: thermostat lines only."""
    info, rest = thermostat_info(message.lines, message.raw)
    return None if rest else info


_ALARM_LINES = _table(
    {
        "ack": r"^(ALARMON|ALARMOFF)\s*-\s*OK\b",
        "armed": r"^ALARM\s*function\s*:\s*(Enabled|Disabled|ON|OFF)\s*[.!]?$",
        "sensor": r"^Sensors?(?:\(s\))?\s*:\s*((?:not\s+|dis|un)?connected)\s*[.!]?$",
        "activity": r"^ALARM\s+status\s*:\s*(.*)$",
    }
)
_ALARM_ACK_STATE = {"ALARMON": True, "ALARMOFF": False}
_CONNECTED = re.compile(r"^(?:(?P<no>not|dis|un)\s*)?connected", re.IGNORECASE)


def alarm_reply(_match: re.Match[str], message: Message) -> Result | None:
    """ALARMON/ALARMOFF/ALARM? replies: alarm lines only."""
    found, rest = _facts(message.lines, _ALARM_LINES)
    # a stray `ALARM status: ...` line alone is no alarm reply (issue 18)
    if rest or not found.keys() & {"ack", "armed", "sensor"}:
        return None
    ack = (_group(found, "ack") or "").upper() or None
    armed = word_flag(_group(found, "armed"))
    if armed is None and ack is not None:
        armed = _ALARM_ACK_STATE[ack]
    connected = _CONNECTED.match(_group(found, "sensor") or "")
    activity = _group(found, "activity")
    return AlarmInfo(
        raw=message.raw,
        armed=armed,
        sensor_connected=(connected["no"] is None) if connected else None,
        activity=activity,
        active=activity_flag(activity) if activity is not None else None,
        ack=ack,
    )


# --- lists: alarm log, scheduler ----------------------------------------------

_LOG_LINE = re.compile(r"(?:\d{1,2}\s*[.)]\s*)?" + TIMESTAMP, re.IGNORECASE)
_SCHEDULE_LINE = re.compile(
    r"(?:\d{1,2}\s*[.)]\s*)?(?:SCHEDULER\s*\+?\s*)?(?P<h>\d{1,2}):(?P<m>\d{2})"
    r"\s*,\s*(?P<day>[*1-7])\s*,\s*(?P<action>ON|OFF|INF|AON|AOF)",
    re.IGNORECASE,
)


_LIST_HEADER = re.compile(r"(?:alarm\s*)?log\s*:?|schedul\w*\s*:?", re.IGNORECASE)


def _body(lines: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A list's optional header line (`Alarm log:`) and its other lines."""
    if lines and _LIST_HEADER.fullmatch(lines[0]):
        return lines[:1], lines[1:]
    return (), lines


def alarm_log(_match: re.Match[str], message: Message) -> Result | None:
    """SHOWALARMLOG: a timestamp a line (numbering and a header line tolerated).

    Both forms are read: `yy/mm/dd,hh:mm:ss` and the manual's `yy/mm/dd:hh:ss`
    (§9.5), whose two fields after the date are taken as hours and minutes.
    """
    entries = []
    header, body = _body(message.lines)
    for line in body:
        hit = _LOG_LINE.fullmatch(line)
        stamp = device_time(hit) if hit else None
        if stamp is None:
            return None  # every line must be an entry: else it is no log
        entries.append(stamp)
    if not entries:
        return None
    return AlarmLog(raw=message.raw, entries=tuple(entries), extra_lines=header)


def schedule_list(_match: re.Match[str], message: Message) -> Result | None:
    """SCHEDULER?: a `hh:mm,day,action` rule a line; rules at the same time all kept."""
    rules: list[ScheduleRule] = []
    header, body = _body(message.lines)
    for line in body:
        hit = _SCHEDULE_LINE.fullmatch(line)
        if hit is None:
            return None
        time = f"{int(hit['h']):02d}:{hit['m']}"
        rules.append(ScheduleRule(time, hit["day"], hit["action"].upper()))
    if not rules:
        return None
    return ScheduleList(raw=message.raw, rules=tuple(rules), extra_lines=header)
