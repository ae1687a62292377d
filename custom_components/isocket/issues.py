"""Repair issues: raised where the coordinators meet a problem, cleared when it is gone.

Each device issue carries the hub entry and the device's subentry in its data,
so that the fix flows in :mod:`.repairs` find what to change. The coordinators
call the ``async_*`` hooks below; nothing here sends an SMS.
"""

from __future__ import annotations

from collections.abc import Callable
import hashlib
import re
from typing import TYPE_CHECKING, Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util

from . import unknown_messages
from .const import DOMAIN
from .gsm.numbers import device_format
from .protocol.factory import factory_reset_signs, missed_alert
from .protocol.interpret import message_shape
from .protocol.password import signals_wrong_password
from .protocol.results import (
    Category,
    ConfigWindowExpired,
    NumberList,
    Result,
    ScheduleList,
    SettingAck,
    TemperatureFall,
    TemperatureRise,
    Unknown,
)
from .protocol.state import DeviceState

if TYPE_CHECKING:
    from .device import DeviceCoordinator

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

BLUEPRINTS_URL: Final = (
    "https://github.com/isocket-ha/isocket/tree/main/blueprints/automation/isocket"
)
_BLUEPRINT_FILES: Final = (
    "scheduled_socket.yaml",
    "scheduled_alarm.yaml",
    "periodic_status.yaml",
)
_NEW_PASSWORD: Final = re.compile(r"(PASSWORD\s*=\s*)(?!NO\b)\S+", re.IGNORECASE)
# The alert a missed_alert names, as the event type users know.
_MISSED_EVENTS: Final = {
    TemperatureRise: "temperature_rise",
    TemperatureFall: "temperature_fall",
}
# What each scheduler action does, for the issue text (spec §3.9).
_SCHEDULE_ACTIONS: Final = {
    "ON": "socket on",
    "OFF": "socket off",
    "INF": "status SMS",
    "AON": "arm alarm",
    "AOF": "disarm alarm",
}


def issue_id(kind: str, device: DeviceCoordinator) -> str:
    """The id of a device issue (one per kind and device)."""
    return f"{kind}_{device.subentry.subentry_id}"


def sim_issue_id(entry: ConfigEntry[Any]) -> str:
    """The id of the hub's SIM issue."""
    return f"{SIM_ISSUE}_{entry.entry_id}"


def _create(
    device: DeviceCoordinator,
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


def _delete(device: DeviceCoordinator, kind: str) -> None:
    ir.async_delete_issue(device.hass, DOMAIN, issue_id(kind, device))


def _refused_command(device: DeviceCoordinator, echo: str) -> str:
    """The command the device echoes, without the password it may start with."""
    password = device.password
    if password and echo.startswith(password):
        echo = echo[len(password) :]
    # The device echoes a refused PASSWORD= with the new password in it.
    echo = _NEW_PASSWORD.sub(r"\1*****", echo)
    return echo.strip() or "?"


def _schedule_text(device: DeviceCoordinator) -> str:
    rules = device.data.schedule or ()
    return "\n".join(
        f"- {rule.time}, day {rule.day}: {_SCHEDULE_ACTIONS.get(rule.action, rule.action)}"
        for rule in rules
    )


@callback
def async_message_applied(device: DeviceCoordinator, result: Result) -> None:
    """A message from the device was applied to its state: raise or clear issues."""
    if signals_wrong_password(result):
        # Only `Invalid access password!`: `No such command exists` also
        # answers a command the firmware lacks (manual §6.3/§12).
        _create(device, WRONG_PASSWORD, fixable=True)
    elif result.category is Category.REPLY:
        # The device only answers properly when the password fits.
        _delete(device, WRONG_PASSWORD)
    if isinstance(result, ConfigWindowExpired):
        secured = device.data.security_configured or device.password is not None
        _create(
            device,
            CONFIG_WINDOW,
            fixable=False,
            placeholders={"command": _refused_command(device, result.command)},
            translation_key=CONFIG_WINDOW_SECURED if secured else CONFIG_WINDOW,
        )
    elif device.data.config_window_open(dt_util.utcnow()):
        # An accepted Conf command or a power-on reopened the window.
        _delete(device, CONFIG_WINDOW)
    if isinstance(result, Unknown):
        async_unknown_message(device, result.raw)
    if result.category is Category.ALERT or (
        isinstance(result, NumberList) and result.numbers
    ):
        # Alerts reach us again, or a list holds numbers again.
        _delete(device, FACTORY_RESET)
        _delete(device, MISSED_ALERT)
    is_schedule_ack = isinstance(result, SettingAck) and result.name == "SCHEDULER"
    if isinstance(result, ScheduleList) or is_schedule_ack:
        async_schedule_known(device)


@callback
def async_unknown_message(device: DeviceCoordinator, text: str) -> None:
    """A message no rule is sure of: one issue per new shape, ever."""
    shape = message_shape(text)
    if not unknown_messages.is_new(device.hass, shape):
        return
    digest = hashlib.sha256(shape.encode()).hexdigest()[:16]
    ir.async_create_issue(
        device.hass,
        DOMAIN,
        f"{UNKNOWN_MESSAGE}_{digest}",
        data={"entry_id": device.config_entry.entry_id},
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=UNKNOWN_MESSAGE,
        translation_placeholders={
            "device": device.name,
            "shape": shape,
            "report_url": REPORT_URL,
        },
        learn_more_url=MESSAGES_URL,
    )


@callback
def async_check_factory_reset(
    device: DeviceCoordinator, before: DeviceState, result: Result
) -> None:
    """Signs that the device lost its number lists (manual §14).

    ``before`` is the state before ``result`` was applied. A reply showing
    factory settings, or a reading that crossed an alert threshold with no
    alert, means alerts may no longer reach the modem.
    """
    own = device.hub.own_number
    placeholders = {"modem": device_format(own) if own else "<modem number>"}
    if factory_reset_signs(before, result):
        _create(device, FACTORY_RESET, fixable=False, placeholders=placeholders)
    if (missed := missed_alert(before, result)) is not None:
        _create(
            device,
            MISSED_ALERT,
            fixable=False,
            severity=ir.IssueSeverity.WARNING,
            placeholders={**placeholders, "alert": _MISSED_EVENTS[missed]},
        )


@callback
def async_schedule_known(device: DeviceCoordinator) -> None:
    """The device's scheduler rules are known: suggest HA automations if any."""
    if not device.data.schedule:
        _delete(device, SCHEDULER_RULES)
        return
    _create(
        device,
        SCHEDULER_RULES,
        fixable=True,
        severity=ir.IssueSeverity.WARNING,
        placeholders={
            "rules": _schedule_text(device),
            "blueprints": ", ".join(
                f"[{name}]({BLUEPRINTS_URL}/{name})" for name in _BLUEPRINT_FILES
            ),
        },
        learn_more_url=BLUEPRINTS_URL,
    )


@callback
def async_device_silent(device: DeviceCoordinator) -> None:
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
def async_device_heard(device: DeviceCoordinator) -> None:
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
