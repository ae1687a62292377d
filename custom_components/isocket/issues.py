"""Repair issues: raised where the coordinators meet a problem, cleared when it is gone.

Each device issue carries the hub entry and the device's subentry in its data,
so that the fix flows in :mod:`.repairs` find what to change. What a message
means is decided by the device's client (:mod:`.protocol.notices`); here a
notice only becomes an issue raised or cleared (:func:`async_notice`). The
coordinators call the ``async_*`` hooks below; nothing here sends an SMS.
"""

from __future__ import annotations

from collections.abc import Callable
import hashlib
import json
from typing import TYPE_CHECKING, Any, Final, Protocol

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from . import unknown_messages
from .const import DOMAIN
from .gsm.numbers import device_format
from .gsm.redact import mask_numbers
from .gsm.watchdog import WatchdogStatus
from .protocol.notices import (
    AlertsArrive,
    ConfigWindowClosed,
    ConfigWindowOpen,
    FactoryReset,
    MissedAlert,
    Notice,
    PasswordAccepted,
    ProbeImplausible,
    ProbePlausible,
    ScheduleKnown,
    UnknownShape,
    WrongPassword,
)
from .protocol.results import ScheduleRule
from .protocol.taught import wording

if TYPE_CHECKING:
    from .gsm.model import SimMessages


class _Hub(Protocol):
    @property
    def own_number(self) -> str | None:
        """The modem SIM's number, when known."""


class IssueDevice(Protocol):
    """What the repair issues read of a device (``device.DeviceCoordinator``).

    A protocol, not the class: ``device`` imports this module.
    """

    @property
    def hass(self) -> HomeAssistant:
        """Home Assistant."""

    @property
    def config_entry(self) -> ConfigEntry[Any]:
        """The hub's entry."""

    @property
    def subentry(self) -> ConfigSubentry:
        """The device's subentry."""

    @property
    def name(self) -> str:
        """The device's name."""

    @property
    def unanswered(self) -> int:
        """Commands in a row without a reply."""

    @property
    def hub(self) -> _Hub:
        """The hub the device talks through."""


# Issue kinds (translation keys); a device issue id is "<kind>_<subentry id>".
WRONG_PASSWORD: Final = "wrong_password"  # noqa: S105 - an issue key
CONFIG_WINDOW: Final = "config_window_expired"
# While security is configured the window does not apply (manual §4.1): the
# same issue, told without the power-cycle advice.
CONFIG_WINDOW_SECURED: Final = "config_window_expired_secured"
NO_REPLY: Final = "no_reply"
SCHEDULER_RULES: Final = "scheduler_rules"
FACTORY_RESET: Final = "factory_reset"
MISSED_ALERT: Final = "missed_alert"
# A reading not taken as true (manual §7); the translation key names why:
# "probe_<ProbeWarning>" (probe_fault_value, probe_out_of_range).
PROBE_WARNING: Final = "probe_warning"
PROBE_WARNING_TEXTS: Final = ("probe_fault_value", "probe_out_of_range")
DEVICE_ISSUES: Final = (
    WRONG_PASSWORD,
    CONFIG_WINDOW,
    NO_REPLY,
    SCHEDULER_RULES,
    FACTORY_RESET,
    MISSED_ALERT,
)
# One per message shape, for the hub (not a device): "unknown_message_<hash>".
UNKNOWN_MESSAGE: Final = "unknown_message"
REPORT_URL: Final = "https://github.com/isocket-ha/isocket/issues/new"
MESSAGES_URL: Final = "https://github.com/isocket-ha/isocket/blob/main/docs/messages.md"
# The SIM's issue id is "sim_<entry id>"; its translation key names the
# problem (the key of helpers.GSM_ERROR_KEYS).
SIM_ISSUE: Final = "sim"
# The modem's watchdog failed to recover it: "modem_stuck_<entry id>".
MODEM_STUCK: Final = "modem_stuck"

BLUEPRINTS_URL: Final = (
    "https://github.com/isocket-ha/isocket/tree/main/blueprints/automation/isocket"
)
_BLUEPRINT_FILES: Final = (
    "scheduled_socket.yaml",
    "scheduled_alarm.yaml",
    "periodic_status.yaml",
)
# What each scheduler action does, for the issue text (spec §3.9).
_SCHEDULE_ACTIONS: Final = {
    "ON": "socket on",
    "OFF": "socket off",
    "INF": "status SMS",
    "AON": "arm alarm",
    "AOF": "disarm alarm",
}


def issue_id(kind: str, device: IssueDevice) -> str:
    """The id of a device issue (one per kind and device)."""
    return f"{kind}_{device.subentry.subentry_id}"


def sim_issue_id(entry: ConfigEntry[Any]) -> str:
    """The id of the hub's SIM issue."""
    return f"{SIM_ISSUE}_{entry.entry_id}"


def _create(
    device: IssueDevice,
    kind: str,
    *,
    fixable: bool,
    severity: ir.IssueSeverity = ir.IssueSeverity.ERROR,
    placeholders: dict[str, str] | None = None,
    learn_more_url: str | None = None,
    translation_key: str | None = None,
) -> None:
    ir.async_create_issue(
        device.hass,
        DOMAIN,
        issue_id(kind, device),
        data={
            "entry_id": device.config_entry.entry_id,
            "subentry_id": device.subentry.subentry_id,
        },
        is_fixable=fixable,
        severity=severity,
        translation_key=translation_key or kind,
        translation_placeholders={"device": device.name, **(placeholders or {})},
        learn_more_url=learn_more_url,
    )


def _delete(device: IssueDevice, kind: str) -> None:
    ir.async_delete_issue(device.hass, DOMAIN, issue_id(kind, device))


def _schedule_text(rules: tuple[ScheduleRule, ...]) -> str:
    return "\n".join(
        f"- {rule.time}, day {rule.day}: {_SCHEDULE_ACTIONS.get(rule.action, rule.action)}"
        for rule in rules
    )


def _modem(device: IssueDevice) -> dict[str, str]:
    own = device.hub.own_number
    return {"modem": device_format(own) if own else "<modem number>"}


def _wrong_password(device: IssueDevice, _notice: Notice) -> None:
    _create(device, WRONG_PASSWORD, fixable=True)


def _password_accepted(device: IssueDevice, _notice: Notice) -> None:
    _delete(device, WRONG_PASSWORD)


def _window_closed(device: IssueDevice, notice: Notice) -> None:
    assert isinstance(notice, ConfigWindowClosed)
    _create(
        device,
        CONFIG_WINDOW,
        fixable=False,
        placeholders={"command": notice.command},
        translation_key=CONFIG_WINDOW_SECURED if notice.secured else CONFIG_WINDOW,
    )


def _window_open(device: IssueDevice, _notice: Notice) -> None:
    _delete(device, CONFIG_WINDOW)


def _factory_reset(device: IssueDevice, _notice: Notice) -> None:
    _create(device, FACTORY_RESET, fixable=False, placeholders=_modem(device))


def _missed_alert(device: IssueDevice, notice: Notice) -> None:
    assert isinstance(notice, MissedAlert)
    _create(
        device,
        MISSED_ALERT,
        fixable=False,
        severity=ir.IssueSeverity.WARNING,
        placeholders={**_modem(device), "alert": notice.alert},
    )


def _alerts_arrive(device: IssueDevice, _notice: Notice) -> None:
    _delete(device, FACTORY_RESET)
    _delete(device, MISSED_ALERT)


def _probe_implausible(device: IssueDevice, notice: Notice) -> None:
    assert isinstance(notice, ProbeImplausible)
    _create(
        device,
        PROBE_WARNING,
        fixable=False,
        severity=ir.IssueSeverity.WARNING,
        placeholders={"reading": f"{notice.celsius:g}"},
        translation_key=f"probe_{notice.warning}",
    )


def _probe_plausible(device: IssueDevice, _notice: Notice) -> None:
    _delete(device, PROBE_WARNING)


def _unknown_shape(device: IssueDevice, notice: Notice) -> None:
    assert isinstance(notice, UnknownShape)
    async_unknown_message(device, notice)


def _schedule_known(device: IssueDevice, notice: Notice) -> None:
    assert isinstance(notice, ScheduleKnown)
    async_schedule_known(device, notice.rules)


# What each notice of the client does to the repair issues.
_NOTICES: Final[dict[type[Notice], Callable[[IssueDevice, Notice], None]]] = {
    WrongPassword: _wrong_password,
    PasswordAccepted: _password_accepted,
    ConfigWindowClosed: _window_closed,
    ConfigWindowOpen: _window_open,
    FactoryReset: _factory_reset,
    MissedAlert: _missed_alert,
    AlertsArrive: _alerts_arrive,
    UnknownShape: _unknown_shape,
    ProbeImplausible: _probe_implausible,
    ProbePlausible: _probe_plausible,
    ScheduleKnown: _schedule_known,
}


@callback
def async_notice(device: IssueDevice, notice: Notice) -> None:
    """Raise or clear the issue a notice of the device's client speaks to."""
    _NOTICES[type(notice)](device, notice)


@callback
def async_unknown_message(device: IssueDevice, notice: UnknownShape) -> None:
    """A message no rule is sure of: one issue per new shape, ever.

    Its fix flow lets the owner teach what the shape means (:mod:`.repairs`),
    so the issue is persistent and carries the text cut at its numbers, phone
    numbers masked (:func:`.protocol.taught.wording`).
    """
    if not unknown_messages.is_new(device.hass, notice.shape):
        return
    digest = hashlib.sha256(notice.shape.encode()).hexdigest()[:16]
    cut = wording(notice.text)
    ir.async_create_issue(
        device.hass,
        DOMAIN,
        f"{UNKNOWN_MESSAGE}_{digest}",
        data={
            "entry_id": device.config_entry.entry_id,
            "seen": notice.shape,
            "parts": json.dumps(cut.parts),
            "numbers": json.dumps([mask_numbers(number) for number in cut.numbers]),
        },
        is_fixable=True,
        is_persistent=True,
        severity=ir.IssueSeverity.WARNING,
        translation_key=UNKNOWN_MESSAGE,
        translation_placeholders={
            "device": device.name,
            "shape": notice.shape,
            "report_url": REPORT_URL,
        },
        learn_more_url=MESSAGES_URL,
    )


@callback
def async_schedule_known(device: IssueDevice, rules: tuple[ScheduleRule, ...]) -> None:
    """The device's scheduler rules are known: suggest HA automations if any."""
    if not rules:
        _delete(device, SCHEDULER_RULES)
        return
    _create(
        device,
        SCHEDULER_RULES,
        fixable=True,
        severity=ir.IssueSeverity.WARNING,
        placeholders={
            "rules": _schedule_text(rules),
            "blueprints": ", ".join(
                f"[{name}]({BLUEPRINTS_URL}/{name})" for name in _BLUEPRINT_FILES
            ),
        },
        learn_more_url=BLUEPRINTS_URL,
    )


@callback
def async_device_silent(device: IssueDevice) -> None:
    """The device missed ``unanswered_limit`` replies in a row."""
    own = device.hub.own_number
    _create(
        device,
        NO_REPLY,
        fixable=False,
        placeholders={
            "count": str(device.unanswered),
            "modem": device_format(own) if own else "<modem number>",
        },
    )


@callback
def async_device_heard(device: IssueDevice) -> None:
    """Any SMS or call from the device: it is reachable again."""
    _delete(device, NO_REPLY)


@callback
def async_sim_problem(hass: HomeAssistant, entry: ConfigEntry[Any], key: str) -> None:
    """Raise the SIM issue: a problem only the owner can fix (``key`` names it).

    The PIN itself is asked by the reauthentication flow; the issue says why
    the modem stays offline.
    """
    ir.async_create_issue(
        hass,
        DOMAIN,
        sim_issue_id(entry),
        data={"entry_id": entry.entry_id},
        is_fixable=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key=key,
        translation_placeholders={"hub": entry.title},
    )


@callback
def async_sim_ready(hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
    """The modem connected: the SIM accepted its PIN (or needs none)."""
    ir.async_delete_issue(hass, DOMAIN, sim_issue_id(entry))


# The SIM's message storage: a repair above this share of slots in use.
SIM_STORAGE_LIMIT: Final = 80.0


def sim_storage_issue_id(entry: ConfigEntry[Any]) -> str:
    """The id of the hub's "SIM almost full" issue."""
    return f"sim_storage_{entry.entry_id}"


@callback
def async_sim_storage(
    hass: HomeAssistant, entry: ConfigEntry[Any], storage: SimMessages | None
) -> None:
    """Raise the issue while the SIM's message storage is over 80 % full.

    A full storage stalls reception without a word: the network keeps the
    messages until a slot frees. Cleared when the storage drops again.
    """
    if storage is None:
        return
    if storage.percent <= SIM_STORAGE_LIMIT:
        ir.async_delete_issue(hass, DOMAIN, sim_storage_issue_id(entry))
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        sim_storage_issue_id(entry),
        data={"entry_id": entry.entry_id},
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="sim_storage_full",
        translation_placeholders={
            "hub": entry.title,
            "used": str(storage.used),
            "total": str(storage.total),
        },
    )


@callback
def async_modem_watchdog(
    hass: HomeAssistant, entry: ConfigEntry[Any], status: WatchdogStatus
) -> None:
    """Raise the issue while recovery keeps failing; it closes by itself."""
    issue = f"{MODEM_STUCK}_{entry.entry_id}"
    if not status.needs_attention or status.fault is None:
        ir.async_delete_issue(hass, DOMAIN, issue)
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue,
        data={"entry_id": entry.entry_id},
        is_fixable=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key=f"{MODEM_STUCK}_{status.fault.value}",
        translation_placeholders={
            "hub": entry.title,
            "steps": str(status.failed_steps),
        },
    )


def _delete_where(
    hass: HomeAssistant, entry_id: str, keep: Callable[[ir.IssueEntry], bool]
) -> None:
    """Delete this hub's issues that ``keep`` does not want."""
    registry = ir.async_get(hass)
    doomed = [
        issue.issue_id
        for issue in registry.issues.values()
        if issue.domain == DOMAIN
        and issue.data
        and issue.data.get("entry_id") == entry_id
        and not keep(issue)
    ]
    for doomed_id in doomed:
        ir.async_delete_issue(hass, DOMAIN, doomed_id)


@callback
def async_remove_stale(hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
    """Drop the issues of devices that are no longer configured."""
    current = set(entry.subentries)
    _delete_where(
        hass,
        entry.entry_id,
        lambda issue: (
            issue.data is None
            or "subentry_id" not in issue.data
            or issue.data["subentry_id"] in current
        ),
    )


@callback
def async_remove_all(hass: HomeAssistant, entry_id: str) -> None:
    """The hub is removed: none of its issues can be fixed any more."""
    _delete_where(hass, entry_id, lambda _issue: False)
