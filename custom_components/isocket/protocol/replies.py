"""Parse one SMS from an iSocket into a typed result (spec §2.1, §3, §4).

:func:`parse_message` never raises and never drops a message: text that matches
no rule becomes :class:`Unknown`. Recognition is a table of rules tried in
order; each rule is a pattern (matched against the first line, or searched in
every line) and a builder that may still decline. The order encodes priority:

1. error replies (they echo arbitrary command text);
2. alerts with unmistakable keywords (power, temperature, probe), matched
   anywhere because the manual does not quote their exact wording (§4);
3. multi-line replies recognised by line prefixes (STATUS, thermostat, alarm);
4. alarm alerts, after the ALARM? and STATUS replies that share their words;
5. replies recognised by their first line; then the generic `NAME=VALUE - OK`
   acknowledgement and `NAME=...` inquiry reply.

Before matching, dashes are unified (`–` → `-`), whitespace runs collapsed and
empty lines dropped; matching is case-insensitive.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
import re

from .reply_fields import (
    TIMESTAMP,
    activity_flag,
    device_time,
    option_list,
    parse_device_time,
    parse_full_temperature,
    parse_temperature,
    quarter_hour_zone,
    reported_temperature,
    setting_value,
    split_lines,
    word_flag,
)

# REPLY_KINDS is re-exported: scripts/spec_coverage.py reads it from here
from .reply_kinds import REPLY_KINDS, reply_kinds_for
from .results import (
    AccessDenied,
    AlarmInfo,
    AlarmLog,
    AlarmTriggered,
    AlertMeAck,
    ClockReading,
    ConfigWindowExpired,
    ExecuteError,
    Firmware,
    Hardware,
    IncorrectValue,
    InvalidPassword,
    MakeMeBossAck,
    NumberList,
    PowerFailure,
    PowerRestored,
    ProbeFailure,
    Restarted,
    Result,
    ScheduleList,
    ScheduleRule,
    SeclistNotActive,
    SensorActive,
    SensorNormal,
    SerialNumber,
    SettingAck,
    SettingInquiry,
    SocketOnSince,
    SocketState,
    StatusReport,
    SwitchOffReached,
    TemperatureFall,
    TemperatureReading,
    TemperatureRise,
    ThermostatInfo,
    Unknown,
    UnknownCommandError,
)

NAME_ALIASES: Mapping[str, str] = {"RINGCONFIRMTYPE": "RINGCONFIRM"}
"""Setting names the device prints differently from the command (§7.7)."""

SETTING_NAMES = frozenset(
    {
        "RESTARTTIME", "RING", "SECLIST", "PASSWORD", "SMSCONFIRM", "RINGCONFIRM",
        "ERROR", "SMSCONFIRMUNAUTH", "THERMOSTAT", "SWITCHOFFTEMP", "SWITCHOFFALERT",
        "TSENSFAILALERT", "TRISEALERT", "TFALLALERT", "SENSORTYPE", "ALERT",
        "RELAYTIME", "POWERALERT", "POWERSTATE", "CREDITUMS",
    }
)  # fmt: skip
"""Settings whose inquiry reply is `NAME=...` (or `NAME: ...`)."""

_FLAGS = re.IGNORECASE | re.MULTILINE


@dataclass(frozen=True, slots=True)
class _Message:
    """A message split into normalised lines."""

    raw: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def after_first(self, match: re.Match[str]) -> str:
        """The first line after ``match`` plus every further line."""
        return "\n".join((self.lines[0][match.end() :], *self.lines[1:]))


type _Builder = Callable[[re.Match[str], _Message], Result | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    build: _Builder
    anywhere: bool  # search every line instead of matching the first one

    def apply(self, message: _Message) -> Result | None:
        if self.anywhere:
            match = self.pattern.search(message.text)
        else:
            match = self.pattern.match(message.lines[0])
        return self.build(match, message) if match else None


def _first(pattern: str, build: _Builder) -> _Rule:
    return _Rule(re.compile(pattern, _FLAGS), build, anywhere=False)


def _any(pattern: str, build: _Builder) -> _Rule:
    return _Rule(re.compile(pattern, _FLAGS), build, anywhere=True)


def _plain(cls: Callable[..., Result]) -> _Builder:
    """Builder for results that carry nothing but the raw text."""
    return lambda _match, message: cls(raw=message.raw)


def _temperature_alert(cls: Callable[..., Result]) -> _Builder:
    return lambda _m, msg: cls(raw=msg.raw, temperature=reported_temperature(msg.text))


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


def _status(_match: re.Match[str], message: _Message) -> Result | None:
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

_THERMOSTAT_LINES = _table(
    {
        "ack": r"^(THERMOSTATON|THERMOSTATOFF|THERMOSTAT\s*=\s*(?:HEATING|COOLING))\s*-\s*OK\b",
        "enabled": r"^THERMOSTAT\s*:\s*(\w+)",
        "mode": r"^THERMOSTAT\s*=\s*(HEATING|COOLING)\s*$",
        "switch_off": r"^Switch-?\s*off\s+temperature\s*:\s*(.*)$",
        "note_on": r"^Note\W*Thermostat\s+is\s+working()",
        "note_off": r"^Note\W*Thermostat\s+(?:was|is)\s+disabled()",
    }
)
_THERMOSTAT_ACK_STATE = {"THERMOSTATON": True, "THERMOSTATOFF": False}


def _thermostat_info(
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


def _thermostat(_match: re.Match[str], message: _Message) -> Result | None:
    info, _rest = _thermostat_info(message.lines, message.raw)
    return info


_ALARM_LINES = _table(
    {
        "ack": r"^(ALARMON|ALARMOFF)\s*-\s*OK\b",
        "armed": r"^ALARM\s*function\s*:\s*(\w+)",
        "sensor": r"^Sensors?(?:\(s\))?\s*:\s*(.*)$",
        "activity": r"^ALARM\s+status\s*:\s*(.*)$",
    }
)
_ALARM_ACK_STATE = {"ALARMON": True, "ALARMOFF": False}
_CONNECTED = re.compile(r"^(?:(?P<no>not|dis|un)\s*)?connected", re.IGNORECASE)


def _alarm(_match: re.Match[str], message: _Message) -> Result | None:
    found, _rest = _facts(message.lines, _ALARM_LINES)
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


# --- single-line replies -------------------------------------------------------


def _socket(match: re.Match[str], message: _Message) -> Result:
    seconds = match["n"]
    return SocketState(
        raw=message.raw,
        on=match["state"].upper() == "ON",
        for_seconds=int(seconds) if seconds else None,
    )


def _on_since(match: re.Match[str], message: _Message) -> Result | None:
    since = device_time(match)
    return SocketOnSince(raw=message.raw, since=since) if since else None


def _temperature(match: re.Match[str], message: _Message) -> Result:
    text = match["t"].strip()
    return TemperatureReading(
        raw=message.raw, temperature=parse_temperature(text), text=text
    )


def _clock(match: re.Match[str], message: _Message) -> Result | None:
    zone = quarter_hour_zone(match["tz"])
    if match["tz"] is not None and zone is None:
        return None
    time = device_time(match, zone)
    if time is None:
        return None
    return ClockReading(raw=message.raw, time=time, acknowledged=bool(match["ok"]))


_NUMBER = re.compile(r"\+?\d{3,}")
_NUMBER_KINDS = {"SEC": "security", "ALERT": "alert"}


def _numbers(match: re.Match[str], message: _Message) -> Result:
    return NumberList(
        raw=message.raw,
        kind=_NUMBER_KINDS[match["kind"].upper()],
        numbers=tuple(_NUMBER.findall(message.after_first(match))),
    )


def _firmware(match: re.Match[str], message: _Message) -> Result:
    return Firmware(raw=message.raw, version=match["ver"], text=message.lines[0])


# --- lists: alarm log, scheduler ----------------------------------------------

_LOG_LINE = re.compile(r"(?:\d{1,2}\s*[.)]\s*)?" + TIMESTAMP, re.IGNORECASE)
_SCHEDULE_LINE = re.compile(
    r"(?:\d{1,2}\s*[.)]\s*)?(?:SCHEDULER\s*\+?\s*)?(?P<h>\d{1,2}):(?P<m>\d{2})"
    r"\s*,\s*(?P<day>[*1-7])\s*,\s*(?P<action>ON|OFF|INF|AON|AOF)",
    re.IGNORECASE,
)


def _alarm_log(_match: re.Match[str], message: _Message) -> Result | None:
    entries = []
    rest: list[str] = []
    for line in message.lines:
        hit = _LOG_LINE.fullmatch(line)
        stamp = device_time(hit) if hit else None
        if stamp is None:
            rest.append(line)
        else:
            entries.append(stamp)
    if not entries or len(rest) > len(entries):  # mostly timestamps, or not a log
        return None
    return AlarmLog(raw=message.raw, entries=tuple(entries), extra_lines=tuple(rest))


def _schedule(_match: re.Match[str], message: _Message) -> Result | None:
    rules: list[ScheduleRule] = []
    rest: list[str] = []
    for line in message.lines:
        hit = _SCHEDULE_LINE.fullmatch(line)
        if hit is None:
            rest.append(line)
        else:
            time = f"{int(hit['h']):02d}:{hit['m']}"
            rules.append(ScheduleRule(time, hit["day"], hit["action"].upper()))
    if not rules or len(rest) > len(rules):
        return None
    return ScheduleList(raw=message.raw, rules=tuple(rules), extra_lines=tuple(rest))


# --- generic acknowledgement and inquiry ---------------------------------------

_ACK_BODY = re.compile(
    r"(?P<name>[A-Za-z]+)\s*(?P<op>[=+-]?)\s*(?P<value>.*)", re.IGNORECASE
)


def canonical_name(name: str) -> str:
    """Upper-case setting name with the device's aliases resolved (§7.7)."""
    upper = name.upper()
    return NAME_ALIASES.get(upper, upper)


def split_echo(text: str) -> tuple[str, str, str] | None:
    """`SECNUMBER+123` → (`SECNUMBER`, `+`, `123`): name, operator, value.

    Used for acknowledgements and, by the correlator, for command texts, so
    that both sides are read the same way.
    """
    body = _ACK_BODY.fullmatch(" ".join(text.split()))
    if body is None:
        return None
    return canonical_name(body["name"]), body["op"], body["value"].strip()


def _ack(match: re.Match[str], message: _Message) -> Result | None:
    echo = split_echo(match["body"])
    if echo is None:
        return None
    name, operator, value = echo
    thermostat, rest = _thermostat_info(message.lines[1:], message.raw)
    return SettingAck(
        raw=message.raw,
        name=name,
        operator=operator,
        value=setting_value(value) if value else None,
        temperature=parse_full_temperature(value),
        thermostat=thermostat,
        extra_lines=rest,
    )


def _inquiry(match: re.Match[str], message: _Message) -> Result | None:
    name = canonical_name(match["name"])
    if name not in SETTING_NAMES:
        return None
    value = match["value"].strip()
    listed = option_list(value)
    if listed is not None:
        options, current = listed
        return SettingInquiry(
            raw=message.raw, name=name, options=options, current=current
        )
    current = setting_value(value) if value else None
    return SettingInquiry(
        raw=message.raw,
        name=name,
        current=current,
        temperature=parse_full_temperature(value),
    )


def _unknown_command(match: re.Match[str], message: _Message) -> Result:
    return UnknownCommandError(raw=message.raw, command=match["cmd"].strip(" -"))


def _window_expired(match: re.Match[str], message: _Message) -> Result:
    return ConfigWindowExpired(raw=message.raw, command=match["cmd"].strip(" -"))


_RULES: tuple[_Rule, ...] = (
    # 1. errors
    _any(r"^(?P<cmd>.*?)\s*-?\s*No\s+such\s+command\b", _unknown_command),
    _any(r"^(?P<cmd>.*?)\s*-?\s*Time\s+for\s+config\w*\s+(?:is\s+)?expired", _window_expired),
    _any(r"^\W*Invalid\s+(?:access\s+)?password", _plain(InvalidPassword)),
    _any(r"^\W*Incorrect\s+value", _plain(IncorrectValue)),
    _any(r"^\W*Execute\s+error", _plain(ExecuteError)),
    _any(r"^\W*Access\s+den(?:y|ied)", _plain(AccessDenied)),
    _any(r"^\W*SECLIST\s+is\s+not\s+active", _plain(SeclistNotActive)),
    # confirmations that mention alerts and activation: before the alert keywords
    _any(r"(?s)assigned\s+for\s+all\s+types\s+of\s+alerts.*security\s+list", _plain(MakeMeBossAck)),
    _any(r"assigned\s+for\s+all\s+types\s+of\s+alerts", _plain(AlertMeAck)),
    # 2. alerts with unmistakable keywords
    _any(r"\bpower\s+(?:supply\s+)?(?:failure|failed|fail|lost|loss|outage)\b", _plain(PowerFailure)),
    _any(r"\bpower\b.*\b(?:restored|recovered|returned)\b", _plain(PowerRestored)),
    _any(r"\bswitch-?\s*off\b.*\breached\b", _temperature_alert(SwitchOffReached)),
    _any(r"\bTEMP(?:ERATURE)?\b.*\b(?:rise|rising|risen)\b", _temperature_alert(TemperatureRise)),
    _any(r"\bTEMP(?:ERATURE)?\b.*\b(?:fall|falling|fallen|drop)\b", _temperature_alert(TemperatureFall)),
    _any(r"\b(?:sensor|probe)\b.*\bfail", _plain(ProbeFailure)),
    # 3. multi-line replies by line prefix
    _any(r"^(?:Signal|ALARMF|TEMP|ALARM\s+status|Time)\s*:", _status),
    _first(r"^(?:THERMOSTATO(?:N|FF)\s*-\s*OK|THERMOSTAT\s*[:=]|Switch-?\s*off\s+temperature\s*:)", _thermostat),
    _first(r"^(?:ALARMO(?:N|FF)\s*-\s*OK|ALARM\s*function\s*:|Sensors?(?:\(s\))?\s*:|ALARM\s+status\s*:)", _alarm),
    # 4. alarm alerts
    _any(r"\bsensor.*\bnormal\b", _plain(SensorNormal)),
    _any(r"\bsensor.*\bactive\b", _plain(SensorActive)),
    _any(r"\bALARM\b\s*!|\bALARM\b.*\b(?:activated|triggered|detected)\b", _plain(AlarmTriggered)),
    # 5. replies by first line
    _first(r"^Power\s+socket\s+is\s+ON\s+from\s*:?\s*" + TIMESTAMP, _on_since),
    _first(r"^Power(?:\s+socket)?\s+(?:is\s+)?(?P<state>ON|OFF)(?:\s+for\s+(?P<n>\d+)\s*(?:seconds?|secs?|s)?)?\s*[.!]?$", _socket),
    _first(r"^Power\s+socket\s+restarted\b", _plain(Restarted)),
    _first(r"^TEMPERATURE\s*:\s*(?P<t>.*)$", _temperature),
    _first(r"^DATE\s*=?\s*" + TIMESTAMP + r"\s*(?P<tz>[+-]\s?\d{1,2})?(?P<ok>\s*-\s*OK\b)?", _clock),
    _first(r"^(?P<kind>SEC|ALERT)\s*NUMBERS?\s*:", _numbers),
    _first(r"^v\s*(?P<ver>\d+(?:\.\d+)+)", _firmware),
    _first(r"^(?:firmware|FW)(?:\s+version)?\s*:?\s*v?\s*(?P<ver>\d+(?:\.\d+)*)", _firmware),
    _first(r"^iSocket\b", lambda _m, msg: Hardware(raw=msg.raw, model=msg.lines[0])),
    _first(r"^(?:S\s*/\s*N|SN|Serial(?:\s*number|num)?)\s*[:.#]?\s*(?P<sn>[A-Z0-9][A-Z0-9-]*)\s*$",
           lambda m, msg: SerialNumber(raw=msg.raw, serial=m["sn"])),
    _any(r"^(?:\d{1,2}\s*[.)]\s*)?" + TIMESTAMP + r"\s*$", _alarm_log),
    _first(r"^(?:no\b.*\b(?:alarms?|events?|records?|entries|log)\b|(?:alarm\s*)?log\s*(?:is\s*)?empty)",
           lambda _m, msg: AlarmLog(raw=msg.raw)),
    _any(r"^(?:\d{1,2}\s*[.)]\s*)?(?:SCHEDULER\s*\+?\s*)?\d{1,2}:\d{2}\s*,", _schedule),
    _first(r"^(?:no\b.*\b(?:rules?|schedul\w*)\b|schedul\w*\s*(?:list\s*)?(?:is\s*)?empty)",
           lambda _m, msg: ScheduleList(raw=msg.raw)),
    _first(r"^(?P<body>.*?)\s*-\s*OK\s*[.!]?$", _ack),
    _first(r"^(?P<name>[A-Za-z]+)\s*[=:]\s*(?P<value>.*)$", _inquiry),
)  # fmt: skip


def parse_message(text: str) -> Result:
    """Classify one SMS from the device; unrecognised text becomes :class:`Unknown`."""
    message = _Message(raw=text, lines=split_lines(text))
    if not message.lines:
        return Unknown(raw=text)
    for rule in _RULES:
        result = rule.apply(message)
        if result is not None:
            return result
    return Unknown(raw=text)


__all__ = [
    "NAME_ALIASES",
    "REPLY_KINDS",
    "SETTING_NAMES",
    "canonical_name",
    "parse_message",
    "reply_kinds_for",
    "split_echo",
]
