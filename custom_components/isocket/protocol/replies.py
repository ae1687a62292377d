"""Parse one SMS from an iSocket into a typed result (spec §2.1, §3, §4; issue 9).

Never wrong, visibly unsure: a rule classifies a message only when the
**whole** message has that rule's shape, never because a keyword happens to be
somewhere in it.

- Single-line shapes (`Power socket ON`, `Invalid access password!`) must be
  the whole message; shapes the device may wrap (RUNTIME, DATE, number lists,
  the MAKEMEBOSS text) are matched against all lines joined.
- Multi-line replies start with one of their own lines: a STATUS report is a
  STATUS report only when its first line is a STATUS line, and a thermostat or
  alarm reply holds nothing but its own lines.
- Settings are recognised only with a value the command grammar accepts for
  that name (``ALERT=SMS``, not ``ALERT: Power failure``).
- Extra lines a reply may carry (the spec asks to keep unknown lines) never
  hold alert words: such a message is not that reply.

:func:`parse_reply` applies only these reply shapes. :func:`parse_message`
falls back to the alert keyword families of :mod:`.alerts`; what fits neither
is :class:`Unknown`. The receive pipeline uses :func:`.interpret.interpret`,
which puts the correlator between the two. Before matching, dashes are unified
(`–`, `—`, `−` → `-`), whitespace runs collapsed and empty lines dropped;
matching is case-insensitive. Nothing here raises.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
import re

from .alerts import classify_alert, mentions_alert
from .errors import InvalidCommandError
from .raw import parse_command
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
    gmt_zone,
    option_list,
    parse_full_temperature,
    setting_value,
    split_lines,
)

# REPLY_KINDS is re-exported: scripts/spec_coverage.py reads it from here
from .reply_kinds import REPLY_KINDS, reply_kinds_for
from .results import (
    AccessDenied,
    AlarmLog,
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
    Restarted,
    Result,
    ScheduleList,
    SeclistNotActive,
    SerialNumber,
    SettingAck,
    SettingInquiry,
    SocketOnSince,
    SocketState,
    TemperatureReading,
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

_FLAGS = re.IGNORECASE
_END = r"\s*[.!]*"  # the device may close any reply with `!` or `.`


type _Builder = Callable[[re.Match[str], Message], Result | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    """A shape: ``pattern`` must cover the part of the message ``scope`` names."""

    pattern: re.Pattern[str]
    build: _Builder
    scope: str  # "line": the one and only line; "joined": all lines as one; "first"

    def apply(self, message: Message) -> Result | None:
        if self.scope == "line":
            if len(message.lines) != 1:
                return None
            match = self.pattern.fullmatch(message.lines[0])
        elif self.scope == "joined":
            match = self.pattern.fullmatch(" ".join(message.lines))
        else:
            match = self.pattern.fullmatch(message.lines[0])
        return self.build(match, message) if match else None


def _line(pattern: str, build: _Builder) -> _Rule:
    return _Rule(re.compile(pattern + _END, _FLAGS), build, "line")


def _joined(pattern: str, build: _Builder) -> _Rule:
    return _Rule(re.compile(pattern + _END, _FLAGS), build, "joined")


def _first(pattern: str, build: _Builder) -> _Rule:
    """The first line starts the shape; the builder checks every other line."""
    return _Rule(re.compile(pattern, _FLAGS), build, "first")


def _plain(cls: Callable[..., Result]) -> _Builder:
    """Builder for results that carry nothing but the raw text."""
    return lambda _match, message: cls(raw=message.raw)


def _neutral(lines: tuple[str, ...]) -> bool:
    """Lines a reply may carry along: none of them may report an alert."""
    return not any(mentions_alert(line) for line in lines)


# --- single-line replies -------------------------------------------------------


def _socket(match: re.Match[str], message: Message) -> Result:
    seconds = match["n"]
    # Other models count in minutes (iSocket GSM 706/707 manual v1.1.2:
    # `Power ON for 123 min`); the Environment Pro in seconds (§4.1).
    factor = 60 if (match["unit"] or "s")[0] in "mM" else 1
    return SocketState(
        raw=message.raw,
        on=match["state"].upper() == "ON",
        for_seconds=int(seconds) * factor if seconds else None,
    )


def _on_since(match: re.Match[str], message: Message) -> Result | None:
    since = device_time(match)
    return SocketOnSince(raw=message.raw, since=since) if since else None


def _temperature(match: re.Match[str], message: Message) -> Result | None:
    text = match["t"].strip()
    reading = parse_full_temperature(text)
    if reading is None and any(char.isdigit() for char in text):
        return None  # a number we cannot read as a temperature: not sure
    return TemperatureReading(raw=message.raw, temperature=reading, text=text)


def _clock(match: re.Match[str], message: Message) -> Result | None:
    zone = gmt_zone(match["tz"])
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
        numbers=tuple(_NUMBER.findall(match["list"])),
    )


def _firmware(match: re.Match[str], message: Message) -> Result:
    return Firmware(raw=message.raw, version=match["ver"], text=message.lines[0])


def _hardware(_match: re.Match[str], message: Message) -> Result | None:
    if not _neutral(message.lines):  # `iSocket: power failure!` is no model name
        return None
    return Hardware(raw=message.raw, model=message.lines[0].rstrip(".!"))


# --- generic acknowledgement and inquiry ---------------------------------------

_ACK_BODY = re.compile(
    r"(?P<name>[A-Za-z]+)\s*(?P<op>[=+-]?)\s*(?P<value>.*)", re.IGNORECASE
)
_TEMPERATURE_PAIR = re.compile(r"(-?\d+[CF])\(-?\d+[CF]\)", re.IGNORECASE)
_HIDDEN_PASSWORD = re.compile(r"\*+")
_SECLIST_REFUSAL = re.compile(r"SECLIST\s+is\s+not\s+active" + _END, _FLAGS)


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


def plausible_echo(name: str, operator: str, value: str) -> bool:
    """Whether `NAME<op>VALUE` is a command the device could have confirmed.

    The command grammar decides (``raw.parse_command``): a reply can only echo
    a valid command. The device prints temperatures as `35C(96F)` and hides a
    new password as `*****`; both are accepted as what they stand for.
    """
    if name == "PASSWORD" and operator == "=" and _HIDDEN_PASSWORD.fullmatch(value):
        return True
    text = _TEMPERATURE_PAIR.sub(r"\1", "".join(f"{name}{operator}{value}".split()))
    try:
        parse_command(text)
    except InvalidCommandError:
        return False
    return True


def _setting_ack(
    message: Message,
    body: str,
    thermostat: ThermostatInfo | None = None,
    rest: tuple[str, ...] = (),
) -> SettingAck | None:
    """`NAME<op>VALUE` as an acknowledgement, ``None`` when it echoes no command."""
    echo = split_echo(body)
    if echo is None or not plausible_echo(*echo):
        return None
    name, operator, value = echo
    return SettingAck(
        raw=message.raw,
        name=name,
        operator=operator,
        value=setting_value(value) if value else None,
        temperature=parse_full_temperature(value),
        thermostat=thermostat,
        extra_lines=rest,
    )


def _ack(match: re.Match[str], message: Message) -> Result | None:
    thermostat, rest = thermostat_info(message.lines[1:], message.raw)
    ack = _setting_ack(message, match["body"], thermostat, rest)
    if ack is None or not _neutral(rest):
        return None
    if any(_SECLIST_REFUSAL.fullmatch(line) for line in rest):
        # `RING=SWITCH - OK` + `SECLIST is not active!`: the manual (§4.2)
        # prints both for RING=SWITCH/RESTART; the second says it was refused
        return SeclistNotActive(raw=message.raw)
    return ack


def _wrapped_ack(match: re.Match[str], message: Message) -> Result | None:
    """An acknowledgement the device wrapped over lines (`SECNUMBER-` / `3589… – OK`).

    The manual prints `TRISEALERT=35C(96F) –` / `OK` and `SECNUMBER-` /
    `3589123456789 – OK` (§5.1, §7); a line break inside the echo is no space.
    """
    if len(message.lines) < 2:
        return None  # one line: the plain acknowledgement rule's
    return _setting_ack(message, "".join(match["body"].split()))


def _inquiry(match: re.Match[str], message: Message) -> Result | None:
    name = canonical_name(match["name"])
    if name not in SETTING_NAMES:
        return None
    value = match["value"].strip()
    listed = option_list(value)
    if listed is not None:
        options, current = listed
        if not all(plausible_echo(name, "=", option) for option in options):
            return None
        return SettingInquiry(
            raw=message.raw, name=name, options=options, current=current
        )
    current = setting_value(value) if value else None
    if current is not None and not plausible_echo(name, "=", current):
        return None
    return SettingInquiry(
        raw=message.raw,
        name=name,
        current=current,
        temperature=parse_full_temperature(value),
    )


def _unknown_command(match: re.Match[str], message: Message) -> Result:
    return UnknownCommandError(raw=message.raw, command=match["cmd"].strip(" -"))


def _window_expired(match: re.Match[str], message: Message) -> Result:
    return ConfigWindowExpired(
        raw=message.raw, command=(match["cmd"] or "").strip(" -")
    )


def _status(match: re.Match[str], message: Message) -> Result | None:
    result = status_report(match, message)
    extra = getattr(result, "extra_lines", ())
    return result if _neutral(extra) else None


_EMPTY_LOG = r"(?:no\b.*\b(?:alarms?|events?|records?|entries|log)|(?:alarm\s*)?log\s*(?:is\s*)?empty)"
_EMPTY_SCHEDULE = (
    r"(?:no\b.*\b(?:rules?|schedul\w*)|schedul\w*\s*(?:list\s*)?(?:is\s*)?empty)"
)
_STATUS_FIRST = r"(?:Power\s+socket\s+(?:ON|OFF)|Signal\s*:|TEMP\s*:|ALARMF\s*:|ALARM\s+status\s*:|Time\s*:).*"

_RULES: tuple[_Rule, ...] = (
    # error replies (§2.1), and the wordings of other manuals: `<command> - Error!`
    # and `Time for configuration is expired (30min)!` (iSocket GSM 706/707, v1.1.2)
    _joined(r"(?P<cmd>\S.*?)\s*-\s*No\s+such\s+command(?:\s+exists)?(?:\s+on\s+(?:the\s+)?device)?", _unknown_command),
    _joined(r"(?:(?P<cmd>\S.*?)\s*-\s*)?Time\s+for\s+configuration\s+(?:is\s+)?expired(?:\s*\(\s*(?:Conf|30\s*min)\s*\))*", _window_expired),
    _line(r"(?P<cmd>\S.*?)\s*-\s*Error", _unknown_command),
    _line(r"Invalid\s+(?:access\s+)?password", _plain(InvalidPassword)),
    _line(r"Incorrect\s+value", _plain(IncorrectValue)),
    _line(r"Execut(?:e|ion)\s+error", _plain(ExecuteError)),
    _line(r"Access\s+den(?:y|ied)", _plain(AccessDenied)),
    _line(r"SECLIST\s+is\s+not\s+active", _plain(SeclistNotActive)),
    # MAKEMEBOSS and ALERTME confirmations (§5.1, §5.3), wrapped over lines or not
    _joined(r"Your\s+phone\s+number\s+has\s+been\s+assigned\s+for\s+all\s+types\s+of\s+alerts"
            r"\s+and\s+was\s+added\s+to\s+(?:the\s+)?security\s+list\s+which\s+has\s+been\s+activated",
            _plain(MakeMeBossAck)),
    _joined(r"Your\s+phone\s+number\s+has\s+been\s+assigned\s+for\s+all\s+types\s+of\s+alerts", _plain(AlertMeAck)),
    # multi-line replies: the first line is one of their own lines
    _first(_STATUS_FIRST, _status),
    _first(r"(?:THERMOSTATO(?:N|FF)\s*-\s*OK|THERMOSTAT\s*[:=]|Switch-?\s*off\s+temperature\s*:).*", thermostat_reply),
    _first(r"(?:ALARMO(?:N|FF)\s*-\s*OK|ALARM\s*function\s*:|Sensors?(?:\(s\))?\s*:|ALARM\s+status\s*:).*", alarm_reply),
    # replies of one shape, RUNTIME and DATE also wrapped onto a second line
    _joined(r"Power\s+socket\s+is\s+ON\s+from\s*:?\s*" + TIMESTAMP, _on_since),
    _line(r"Power\s+socket\s+(?:is\s+)?(?P<state>ON|OFF)(?P<n>)(?P<unit>)", _socket),
    _line(r"Power\s+(?:socket\s+)?(?P<state>ON|OFF)\s+for\s+(?P<n>\d{1,6})\s*(?P<unit>seconds?|secs?|s|minutes?|mins?|m)", _socket),
    _line(r"Power\s+socket\s+(?:is\s+|was\s+)?restarted", _plain(Restarted)),
    _line(r"TEMP(?:ERATURE)?\s*:\s*(?P<t>.*?)", _temperature),
    _joined(r"DATE\s*=?\s*" + TIMESTAMP + r"\s*(?P<tz>[+-]\s?\d{1,2})?(?P<ok>\s*-\s*OK)?", _clock),
    _joined(r"(?P<kind>SEC|ALERT)\s*NUMBERS?\s*:\s*(?P<list>[+\d\s,;]*)", _numbers),
    _line(r"v\s*(?P<ver>\d+(?:\.\d+)+)(?:\s*\(c\)\s*iSocket\s+Systems)?", _firmware),
    _line(r"(?:firmware|FW)(?:\s+version)?\s*:?\s*v?\s*(?P<ver>\d+(?:\.\d+)*)", _firmware),
    _line(r"iSocket(?:\s+[A-Za-z0-9][\w.+/-]*){0,4}", _hardware),
    _line(r"(?:S\s*/\s*N|SN|Serial(?:\s*number|num)?)\s*[:.#]?\s*(?P<sn>[A-Z0-9][A-Z0-9-]*)",
          lambda m, msg: SerialNumber(raw=msg.raw, serial=m["sn"])),
    _first(r"(?:(?:alarm\s*)?log\s*:?|(?:\d{1,2}\s*[.)]\s*)?" + TIMESTAMP + r")\s*", alarm_log),
    _line(_EMPTY_LOG, lambda _m, msg: AlarmLog(raw=msg.raw)),
    _first(r"(?:schedul\w*\s*:?|(?:\d{1,2}\s*[.)]\s*)?(?:SCHEDULER\s*\+?\s*)?\d{1,2}:\d{2}\s*,.*)", schedule_list),
    _line(_EMPTY_SCHEDULE, lambda _m, msg: ScheduleList(raw=msg.raw)),
    _first(r"(?P<body>.*?)\s*-\s*OK\s*[.!]?", _ack),
    _joined(r"(?P<body>[A-Za-z]+\s*[=+-]?[^!?]*?)\s*-\s*OK", _wrapped_ack),
    _joined(r"(?P<name>[A-Za-z]+)\s*[=:]\s*(?P<value>.*?)", _inquiry),
)  # fmt: skip


def _message(text: str) -> Message:
    return Message(raw=text, lines=split_lines(text))


def parse_reply(text: str) -> Result:
    """The reply or error ``text`` is in its whole shape, else :class:`Unknown`."""
    message = _message(text)
    if not message.lines:
        return Unknown(raw=text)
    for rule in _RULES:
        result = rule.apply(message)
        if result is not None:
            return result
    return Unknown(raw=text)


def parse_message(text: str) -> Result:
    """Classify one SMS without context: a reply shape, else an alert family, else Unknown.

    The receive pipeline uses :func:`.interpret.interpret` instead, which asks
    the correlator before it tries the alert families.
    """
    reply = parse_reply(text)
    if not isinstance(reply, Unknown):
        return reply
    return classify_alert(text) or reply


__all__ = [
    "NAME_ALIASES",
    "REPLY_KINDS",
    "SETTING_NAMES",
    "canonical_name",
    "parse_message",
    "parse_reply",
    "plausible_echo",
    "reply_kinds_for",
    "split_echo",
]
