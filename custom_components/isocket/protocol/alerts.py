"""Alerts: the spec's exact shapes, then keyword families (issue 9 §1, issue 18; spec §4).

The manual names the notifications the device sends on its own (power failure
and restoration, temperature rise and fall, switch-off, probe failure, alarm,
sensor change) but quotes none of their texts. :func:`exact_alert` knows the
spec's models as whole shapes; any other wording is read by *families* of
words that hold up across wordings and languages, not by one modelled
sentence (:func:`classify_alert`):

- a message is cut into clauses (at line breaks and `. ! ? ; ,`);
- a family matches when one clause holds both a *subject* word and an *event*
  word of that family (``Stromausfall`` is both at once: `strom` + `ausfall`);
- when several families match, one may *explain* another (``Power restored
  after outage`` is a restoration, not a failure); what remains must be exactly
  one kind, else the message is ambiguous and stays unknown;
- precision first (issue 18): a text holding a negation (`not`, `no longer`,
  `nicht`, `kein`, …) is never read by keywords, nor is a text saying that
  something is over (`over`, `ended`, `back to normal`, `beendet`, `wieder`,
  …) unless the family *is* such a return (power restored, sensor normal). The
  few negative phrases that are a family's own words (`not connected`, `No
  mains power`) are the exception. Such texts stay unknown: safe.
- nor is a text that speaks of an alert's *setting* rather than of the event:
  an alert, alarm, notification or warning word followed by on, off, enabled,
  disabled, (de)activated (`Power failure alert disabled`, `Temperature rise
  warning enabled`, `Benachrichtigung deaktiviert`): the device's own
  confirmations of settings are replies (`POWERALERT=OFF - OK`), and a
  wording that only resembles one is no event.

The families are applied only to a message that has no reply shape
(:func:`.interpret.interpret`): a reply is never turned into an alert and an
alert never completes a command. ``docs/messages.md`` shows the table in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import re
from typing import Final

from .reply_fields import (
    parse_device_time,
    reported_temperature,
    split_lines,
    word_flag,
)
from .results import (
    AlarmTriggered,
    Alert,
    PowerFailure,
    PowerRestored,
    ProbeFailure,
    SensorActive,
    SensorNormal,
    SwitchOffReached,
    TemperatureFall,
    TemperatureRise,
)

# Clause ends; a dot or comma inside a word or number (`TEMP.SENSOR`, `25,5`) is none.
_CLAUSES: Final = re.compile(r"(?:[\n!?;]|(?<!\w)[.,]|[.,](?!\w))+")
_SOCKET_MENTION: Final = re.compile(
    r"\bsocket\s+(?:is\s+|was\s+|now\s+)*(ON|OFF)\b", re.IGNORECASE
)

# Subjects. `power` followed by `socket` is the outlet, not the mains.
_MAINS = r"\b(?:power(?!\s*socket)|mains|electricity|supply|strom|netz|spannung)"
_TEMPERATURE = r"\b(?:temp(?:erature|eratur)?)"
# A bare "sensor" is the alarm input (the manual's "Sensor(s)", §9), never the
# temperature probe: the probe is named with its temperature.
_PROBE = r"(?:temp\w*[\s.-]*(?:sensor|probe)|\bprobe|f(?:ü|ue)hler|thermometer)"
_ALARM = r"\b(?:alarm|sensor|motion|door|intrusion|einbruch|bewegung|melder|eingang)"
_INPUT = r"\b(?:sensor|input|eingang)"


@dataclass(frozen=True, slots=True)
class AlertFamily:
    """One kind of alert and the words that reveal it."""

    kind: type[Alert]
    subject: re.Pattern[str]
    #: ``None``: the subject alone is the whole clause (``ALARM!``).
    event: re.Pattern[str] | None
    #: Kinds this one outranks when both match the same message.
    explains: tuple[type[Alert], ...] = ()

    def matches(self, clause: str) -> bool:
        """Whether ``clause`` holds this family's subject and event."""
        if self.event is None:
            return self.subject.fullmatch(clause.strip()) is not None
        return bool(self.subject.search(clause) and self.event.search(clause))


def _family(
    kind: type[Alert],
    subject: str,
    event: str | None,
    explains: tuple[type[Alert], ...] = (),
) -> AlertFamily:
    flags = re.IGNORECASE
    compiled = re.compile(event, flags) if event is not None else None
    return AlertFamily(kind, re.compile(subject, flags), compiled, explains)


ALERT_FAMILIES: Final[tuple[AlertFamily, ...]] = (
    _family(
        PowerRestored, _MAINS,
        r"restor|\bback\b|return|recover|\bon\s+again|wiederhergestellt|zur(?:ü|ue)ck|wieder\s+da",
        explains=(PowerFailure,),
    ),
    _family(
        PowerFailure, _MAINS,
        r"fail|\blost\b|\bloss\b|\boff\b|outage|\bcut\b|\bdown\b|ausfall|ausgefallen|unterbroch|\baus\b",
    ),
    _family(
        # the thermostat switching *off*: a switch-on is no such alert
        SwitchOffReached, r"switch\W?off|ausschalt|abschalt|thermostat",
        r"reach|erreicht|(?:switched|turned)\b(?:.*\boff\b|\s+off)|\boff\b.*\b(?:switched|turned)|abgeschaltet|ausgeschaltet",
        explains=(PowerFailure, TemperatureRise, TemperatureFall),
    ),
    _family(
        TemperatureRise, _TEMPERATURE,
        r"high|\bhot\b|\brise|rising|risen|above|exceed|\bover\b|anstieg|gestiegen|\bhoch|(?:ü|ue)ber|zu\s+warm",
    ),
    _family(
        TemperatureFall, _TEMPERATURE,
        r"\blow|\bfall|falling|fallen|below|\bunder\b|\bdrop|\bcold\b|abfall|gefallen|niedrig|\bunter\b|zu\s+kalt",
    ),
    _family(
        ProbeFailure, _PROBE,
        r"error|fail|fault|disconnect|unplug|not\s+connected|fehler|defekt|ausgefallen|getrennt",
        explains=(TemperatureRise, TemperatureFall),
    ),
    _family(
        SensorNormal, _INPUT,
        r"\bnormal|\binactive\b|\bidle\b|\bcleared\b|ruhe|normalzustand",
        explains=(AlarmTriggered,),
    ),
    _family(
        SensorActive, _INPUT, r"\bactive\b|\baktiv\b",
        explains=(AlarmTriggered,),
    ),
    _family(
        AlarmTriggered, _ALARM,
        r"\bactiv|trigger|detect|ausgel(?:ö|oe)st|aktiviert|erkannt",
    ),
    # `ALARM!`, `Intrusion alarm!`, `Einbruchalarm!`: the word alone is the clause
    _family(
        AlarmTriggered,
        r"(?:(?:intrusion|intruder|burglar\w*|motion|door|einbruch\w*|bewegungs?)[\s-]*)?alarme?\s*!*",
        None,
    ),
    # `No mains power!`, `Kein Netzstrom`: the absence is the event
    _family(
        PowerFailure,
        r"(?:no|kein\w*)\s+(?:mains\s+|netz)?(?:power|electricity|strom|spannung)(?:\s*supply|versorgung)?",
        None,
    ),
)  # fmt: skip
"""The families, in no particular order: the result does not depend on it."""

# Kinds that *are* a return to normal: an "it is over" word agrees with them.
_RETURNS: Final = frozenset({PowerRestored, SensorNormal})

# A negation anywhere in the text: the keywords cannot be sure what is denied.
_NEGATION: Final = re.compile(
    r"\b(?:not|no|none|nothing|never|nicht|nichts|kein\w*|nie)\b|n't\b"
    r"|\bno\s+longer\b|\banymore\b",
    re.IGNORECASE,
)
# An alert's setting switched on or off: the text is about the setting.
_SETTING_TALK: Final = re.compile(
    r"\b(?:alerts?|alarms?|notifications?|warnings?|alarm\s*function|"
    r"benachrichtigung\w*|meldung\w*|warnung\w*|alarmfunktion)\s*:?\s*"
    r"(?:(?:is|are|was|were|has\s+been|have\s+been|ist|sind|wurde|wurden)\s+)?"
    r"(?:(?:now|jetzt)\s+)?(?:(?:switched|turned|set)\s+)?"
    r"(?:(?:enabled|disabled|activated|deactivated|aktiviert|deaktiviert|"
    r"eingeschaltet|ausgeschaltet)\b"
    # a bare on/off/aus only at the end of its clause (`alarm on input 3` is
    # an alarm)
    r"|(?:on|off|aus)\s*(?:[.!,;]|$))",
    re.IGNORECASE | re.MULTILINE,
)
# The negative phrases that are a family's own words.
_OWN_NEGATIONS: Final = re.compile(
    r"\b(?:not|nicht)\s+(?:connected|angeschlossen|verbunden)\b", re.IGNORECASE
)
# Something is over, ended, back to normal: contradicts an onset.
_ENDED: Final = re.compile(
    r"\b(?:ended|ends|ending|finished|cancel(?:l?ed)?|stopped|resolved|beendet|vorbei|aufgehoben|wieder)\b"
    r"|\b(?:back|again)\s+(?:to\s+)?normal\b|\bnormal\s+again\b|\bzu\s+ende\b"
    r"|\b(?:is|are|was|now)\s+over\b(?!\s*(?:the\b|limit|threshold|[+-]?\d))"
    r"|\bover\s*[.!]*\s*$",
    re.IGNORECASE | re.MULTILINE,
)

# What each kind may quote besides its time: a reading, the socket state.
_CARRIES_READING: Final = frozenset(
    {TemperatureRise, TemperatureFall, SwitchOffReached}
)
_CARRIES_SOCKET: Final = frozenset({PowerFailure, PowerRestored})


def alert_kinds(text: str) -> frozenset[type[Alert]]:
    """Every kind whose family matches a clause of ``text`` (before explaining)."""
    clauses = [clause for clause in _CLAUSES.split(text) if clause.strip()]
    return frozenset(
        family.kind
        for family in ALERT_FAMILIES
        if any(family.matches(clause) for clause in clauses)
    )


def _explained(kinds: frozenset[type[Alert]]) -> frozenset[type[Alert]]:
    explainers: Mapping[type[Alert], tuple[type[Alert], ...]] = {
        family.kind: family.explains for family in ALERT_FAMILIES if family.explains
    }
    hidden = {other for kind in kinds for other in explainers.get(kind, ())}
    return kinds - hidden


# The spec's models of the alert texts (§4; the manual quotes none), each as a
# whole message, `Time: ...` and the reading where the model has them; line
# breaks, case, spacing and dashes as the parser normalises them.
_T = r"(?:\s*Time\s*:\s*\d{1,4}/\d{1,2}/\d{1,2}\s*[,:\s]\s*\d{1,2}:\d{1,2}(?::\d{1,2})?)?"
_DEGREES = r"[+-]?\s?\d{1,3}(?:[.,]\d{1,2})?\s*°?\s*"
_READING = rf"\s*TEMP(?:ERATURE)?\s*:\s*{_DEGREES}C(?:\s*\(\s*{_DEGREES}F\s*\))?"
_EXACT_ALERTS: Final[tuple[tuple[re.Pattern[str], type[Alert]], ...]] = tuple(
    (re.compile(pattern + r"\s*[.!]*", re.IGNORECASE), kind)
    for pattern, kind in (
        (r"Power\s+failure\s*!" + _T, PowerFailure),
        (r"Power\s+supply\s+restored\s*!(?:\s*Power\s+socket\s+(?:ON|OFF)\s*[.!]?)?" + _T, PowerRestored),
        (r"TEMPERATURE\s+rise\s+alert\s*!" + _READING + _T, TemperatureRise),
        (r"TEMPERATURE\s+fall\s+alert\s*!" + _READING + _T, TemperatureFall),
        (r"Switch-?\s*off\s+temperature\s+reached\s*!" + _READING + _T, SwitchOffReached),
        (r"Temperature\s+sensor\s+failure\s*!" + _T, ProbeFailure),
        (r"ALARM\s*!\s*Sensor\(s\)\s+activated\s*!" + _T, AlarmTriggered),
        (r"ALARM\s*!\s*Input\s+changed\s*:\s*sensor\s+active" + _T, SensorActive),
        (r"ALARM\s*!\s*Input\s+changed\s*:\s*sensor\s+normal" + _T, SensorNormal),
    )
)  # fmt: skip


def _build(kind: type[Alert], text: str, lines: str) -> Alert:
    facts: dict[str, object] = {"device_time": parse_device_time(lines)}
    if kind in _CARRIES_READING:
        facts["temperature"] = reported_temperature(lines)
    if kind in _CARRIES_SOCKET:
        mention = _SOCKET_MENTION.search(lines)
        facts["socket_on"] = word_flag(mention[1]) if mention else None
    return kind(raw=text, **facts)  # type: ignore[arg-type]


def exact_alert(text: str) -> Alert | None:
    """The alert ``text`` is when it has the whole shape of one of the spec's models."""
    lines = "\n".join(split_lines(text))
    joined = lines.replace("\n", " ")
    for pattern, kind in _EXACT_ALERTS:
        if pattern.fullmatch(joined):
            return _build(kind, text, lines)
    return None


def _doubted(lines: str, kind: type[Alert]) -> bool:
    """Whether ``lines`` deny (negation) or end (over, back to normal) the alert."""
    clauses = [clause.strip() for clause in _CLAUSES.split(lines)]
    # a clause that is a word-alone family (`No mains power`) is its own words
    own = [c for c in clauses if not any(
        f.event is None and f.subject.fullmatch(c) for f in ALERT_FAMILIES
    )]  # fmt: skip
    rest = _OWN_NEGATIONS.sub(" ", "\n".join(own))
    if _NEGATION.search(rest) or _SETTING_TALK.search(lines):
        return True
    return kind not in _RETURNS and _ENDED.search(rest) is not None


def classify_alert(text: str) -> Alert | None:
    """The alert ``text`` reports, or ``None`` when it is not beyond doubt.

    ``None`` when no family fits, when more than one kind remains, or when the
    text holds a negation or says the event is over (see the module docstring).
    """
    lines = "\n".join(split_lines(text))  # dashes unified, spaces collapsed
    kinds = _explained(alert_kinds(lines))
    if len(kinds) != 1:
        return None
    (kind,) = kinds
    if _doubted(lines, kind):
        return None
    return _build(kind, text, lines)


def mentions_alert(text: str) -> bool:
    """Whether any family matches ``text``: such a line never rides along in a reply."""
    return bool(alert_kinds(text))
