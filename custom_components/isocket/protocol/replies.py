"""Parse one SMS from an iSocket into a typed result (spec §2.1, §3, §4).

:func:`parse_message` never raises and never drops a message: text that matches
no rule becomes :class:`Unknown`. Recognition is a table of rules tried in
order; each rule is a pattern (matched against the first line, or searched in
every line) and a builder that may still decline. The order encodes priority:

1. error replies (they echo arbitrary command text), then the MAKEMEBOSS and
   ALERTME confirmations (they mention alerts and activation);
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

from .reply_blocks import (
    Message,
    alarm_log,
    alarm_reply,
    schedule_list,
    status_report,
    thermostat_info,
    thermostat_reply,
)
from .reply_fields import (
    TIMESTAMP,
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
    SeclistNotActive,
    SensorActive,
    SensorNormal,
    SerialNumber,
    SettingAck,
    SettingInquiry,
    SocketOnSince,
    SocketState,
    SwitchOffReached,
    TemperatureFall,
    TemperatureReading,
    TemperatureRise,
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


type _Builder = Callable[[re.Match[str], Message], Result | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    build: _Builder
    anywhere: bool  # search every line instead of matching the first one

    def apply(self, message: Message) -> Result | None:
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


_SOCKET_MENTION = re.compile(r"\bsocket\s+(?:is\s+|was\s+)?(ON|OFF)\b", re.IGNORECASE)


def _alert(
    cls: Callable[..., Result], *, temperature: bool = False, socket: bool = False
) -> _Builder:
    """Builder for an alert: keyword-matched, with whatever facts the text gives."""

    def build(_match: re.Match[str], message: Message) -> Result:
        facts: dict[str, object] = {"device_time": parse_device_time(message.text)}
        if temperature:
            facts["temperature"] = reported_temperature(message.text)
        if socket:
            mention = _SOCKET_MENTION.search(message.text)
            facts["socket_on"] = word_flag(mention[1]) if mention else None
        return cls(raw=message.raw, **facts)

    return build


# --- single-line replies -------------------------------------------------------


def _socket(match: re.Match[str], message: Message) -> Result:
    seconds = match["n"]
    return SocketState(
        raw=message.raw,
        on=match["state"].upper() == "ON",
        for_seconds=int(seconds) if seconds else None,
    )


def _on_since(match: re.Match[str], message: Message) -> Result | None:
    since = device_time(match)
    return SocketOnSince(raw=message.raw, since=since) if since else None


def _temperature(match: re.Match[str], message: Message) -> Result:
    text = match["t"].strip()
    return TemperatureReading(
        raw=message.raw, temperature=parse_temperature(text), text=text
    )


def _clock(match: re.Match[str], message: Message) -> Result | None:
    zone = quarter_hour_zone(match["tz"])
    if match["tz"] is not None and zone is None:
        return None
    time = device_time(match, zone)
    if time is None:
        return None
    return ClockReading(raw=message.raw, time=time, acknowledged=bool(match["ok"]))


_NUMBER = re.compile(r"\+?\d{3,}")
_NUMBER_KINDS = {"SEC": "security", "ALERT": "alert"}


def _numbers(match: re.Match[str], message: Message) -> Result:
    return NumberList(
        raw=message.raw,
        kind=_NUMBER_KINDS[match["kind"].upper()],
        numbers=tuple(_NUMBER.findall(message.after_first(match))),
    )


def _firmware(match: re.Match[str], message: Message) -> Result:
    return Firmware(raw=message.raw, version=match["ver"], text=message.lines[0])


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


def _ack(match: re.Match[str], message: Message) -> Result | None:
    echo = split_echo(match["body"])
    if echo is None:
        return None
    name, operator, value = echo
    thermostat, rest = thermostat_info(message.lines[1:], message.raw)
    return SettingAck(
        raw=message.raw,
        name=name,
        operator=operator,
        value=setting_value(value) if value else None,
        temperature=parse_full_temperature(value),
        thermostat=thermostat,
        extra_lines=rest,
    )


def _inquiry(match: re.Match[str], message: Message) -> Result | None:
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


def _unknown_command(match: re.Match[str], message: Message) -> Result:
    return UnknownCommandError(raw=message.raw, command=match["cmd"].strip(" -"))


def _window_expired(match: re.Match[str], message: Message) -> Result:
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
    _any(r"\bpower\s+(?:supply\s+)?(?:failure|failed|fail|lost|loss|outage)\b", _alert(PowerFailure, socket=True)),
    _any(r"\bpower\b.*\b(?:restored|recovered|returned)\b", _alert(PowerRestored, socket=True)),
    _any(r"\bswitch-?\s*off\b.*\breached\b", _alert(SwitchOffReached, temperature=True)),
    _any(r"\bTEMP(?:ERATURE)?\b.*\b(?:rise|rising|risen)\b", _alert(TemperatureRise, temperature=True)),
    _any(r"\bTEMP(?:ERATURE)?\b.*\b(?:fall|falling|fallen|drop)\b", _alert(TemperatureFall, temperature=True)),
    _any(r"\b(?:sensor|probe)\b.*\bfail", _alert(ProbeFailure)),
    # 3. multi-line replies by line prefix
    _any(r"^(?:Signal|ALARMF|TEMP|ALARM\s+status|Time)\s*:", status_report),
    _first(r"^(?:THERMOSTATO(?:N|FF)\s*-\s*OK|THERMOSTAT\s*[:=]|Switch-?\s*off\s+temperature\s*:)", thermostat_reply),
    _first(r"^(?:ALARMO(?:N|FF)\s*-\s*OK|ALARM\s*function\s*:|Sensors?(?:\(s\))?\s*:|ALARM\s+status\s*:)", alarm_reply),
    # 4. alarm alerts
    _any(r"\bsensor.*\bnormal\b", _alert(SensorNormal)),
    _any(r"\bsensor.*\bactive\b", _alert(SensorActive)),
    _any(r"\bALARM\b\s*!|\bALARM\b.*\b(?:activated|triggered|detected)\b", _alert(AlarmTriggered)),
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
    _any(r"^(?:\d{1,2}\s*[.)]\s*)?" + TIMESTAMP + r"\s*$", alarm_log),
    _first(r"^(?:no\b.*\b(?:alarms?|events?|records?|entries|log)\b|(?:alarm\s*)?log\s*(?:is\s*)?empty)",
           lambda _m, msg: AlarmLog(raw=msg.raw)),
    _any(r"^(?:\d{1,2}\s*[.)]\s*)?(?:SCHEDULER\s*\+?\s*)?\d{1,2}:\d{2}\s*,", schedule_list),
    _first(r"^(?:no\b.*\b(?:rules?|schedul\w*)\b|schedul\w*\s*(?:list\s*)?(?:is\s*)?empty)",
           lambda _m, msg: ScheduleList(raw=msg.raw)),
    _first(r"^(?P<body>.*?)\s*-\s*OK\s*[.!]?$", _ack),
    _first(r"^(?P<name>[A-Za-z]+)\s*[=:]\s*(?P<value>.*)$", _inquiry),
)  # fmt: skip


def parse_message(text: str) -> Result:
    """Classify one SMS from the device; unrecognised text becomes :class:`Unknown`."""
    message = Message(raw=text, lines=split_lines(text))
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
