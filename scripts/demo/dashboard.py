"""The demo's dashboard: the iSocket's main features first, then the rest.

Since HA 2026.x the default view is the generated "home" dashboard, so the
demo gets a storage dashboard of its own in the sidebar.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .haclient import HaWebSocket

DASHBOARD_URL_PATH = "isocket-demo"
DASHBOARD_VIEW = "device"


@dataclass(frozen=True)
class EntityInfo:
    """What the dashboard needs to know of one registry entry."""

    entity_id: str
    category: str | None  # None, "config" or "diagnostic"
    enabled: bool
    # The entity's own name, without the device's ("Temperature"); None for
    # the entity that is named after the device (the socket).
    name: str | None = None


# The device's main features, shown as tiles in this order.
MAIN_KEYS = ("socket", "temperature", "mains_power", "alarm_input", "alerts")
# What pressing each button costs the modem's SIM, said before it is sent.
# Read settings sends one inquiry per setting (the integration's INQUIRIES;
# tests/test_demo_dashboard.py keeps the two in step).
READ_SETTINGS_SMS = 22
BUTTON_COSTS = {
    "restart": "1 SMS",
    "refresh_status": "1 SMS",
    "read_settings": f"{READ_SETTINGS_SMS} SMS",
    "restart_by_call": "a call, free of charge",
    "toggle_by_call": "a call, free of charge",
}
# The Alerts tile shows what the last alert was, and when.
ALERT_STATE_CONTENT = ["event_type", "last_changed"]
# Hours of temperature the graph shows: the last hour is what a demo session
# changes (``temp 27``, ``mains lost``, ...).
HISTORY_HOURS = 1.0
# A sections view: a section has 12 grid columns per view column it spans.
# The history section spans two view columns (24 grid columns): two thirds
# for the graph, the rest for the logbook. On a phone (one view column) the
# graph takes the full width and the logbook goes below it.
HISTORY_SPAN = 2
GRAPH_COLUMNS, LOGBOOK_COLUMNS = 16, 8


def dashboard(
    name: str,
    entities: dict[str, EntityInfo],
    *,
    history_hours: float = HISTORY_HOURS,
    incoming_sms: EntityInfo | None = None,
) -> dict[str, Any]:
    """One sections view: the device's history, the device, its entities.

    ``incoming_sms`` (the hub's Incoming SMS event entity) gets a section of
    its own: the SMS gateway, next to the device.

    On top, side by side, the temperature history graph and the alerts
    logbook; then the main features as tiles with the action buttons, and the
    remaining entities, settings and diagnostics.
    """
    enabled = {key: info for key, info in entities.items() if info.enabled}
    rest = sorted(
        ((key, info) for key, info in enabled.items() if key not in MAIN_KEYS),
        key=lambda item: item[1].entity_id,
    )
    buttons = [(key, i) for key, i in rest if i.entity_id.startswith("button.")]

    def listed(category: str | None) -> list[dict[str, Any]]:
        return [
            _row(info)
            for _, info in rest
            if info.category == category and not info.entity_id.startswith("button.")
        ]

    device: list[dict[str, Any]] = [{"type": "heading", "heading": name}]
    device += [_tile(key, enabled[key]) for key in MAIN_KEYS if key in enabled]
    device += [_button(key, info) for key, info in buttons]
    sections: list[dict[str, Any]] = []
    if history := _history_cards(enabled, history_hours):
        # On top and two columns wide: the graph needs the width.
        sections.append({"type": "grid", "column_span": HISTORY_SPAN, "cards": history})
    sections.append({"type": "grid", "cards": device})
    if incoming_sms is not None:
        sections.append(_gateway_section(incoming_sms))
    details = [
        {
            "type": "entities",
            "title": title,
            "entities": entities_of,
            # No switch in the header: it would switch every setting at once,
            # one SMS each.
            "show_header_toggle": False,
        }
        for title, category in (
            (name, None),
            ("Settings", "config"),
            ("Diagnostics", "diagnostic"),
        )
        if (entities_of := listed(category))
    ]
    if details:
        sections.append({"type": "grid", "cards": details})
    return {
        "title": "iSocket",
        "views": [
            {
                "title": name,
                "path": DASHBOARD_VIEW,
                "type": "sections",
                "max_columns": 3,
                "sections": sections,
            }
        ],
    }


def _named(card: dict[str, Any], info: EntityInfo) -> dict[str, Any]:
    """The entity's own name on the card: the section's heading names the device."""
    return card | ({"name": info.name} if info.name else {})


def _row(info: EntityInfo) -> dict[str, Any]:
    return _named({"entity": info.entity_id}, info)


def _tile(key: str, info: EntityInfo) -> dict[str, Any]:
    tile = _named({"type": "tile", "entity": info.entity_id}, info)
    if key == "alerts":
        tile["state_content"] = ALERT_STATE_CONTENT
    return tile


def _button(key: str, info: EntityInfo) -> dict[str, Any]:
    """A button card that presses on tap, after saying what it costs."""
    what = info.name or "this button"
    cost = BUTTON_COSTS.get(key, "an SMS")
    return _named(
        {
            "type": "button",
            "entity": info.entity_id,
            "tap_action": {
                "action": "perform-action",
                "perform_action": "button.press",
                "target": {"entity_id": info.entity_id},
                "confirmation": {"text": f"{what}: {cost}. Go ahead?"},
            },
            "hold_action": {"action": "more-info"},
        },
        info,
    )


def _gateway_section(incoming_sms: EntityInfo) -> dict[str, Any]:
    """The SMS gateway: the last SMS from a stranger (its time; sender and text on click)."""
    return {
        "type": "grid",
        "cards": [
            {"type": "heading", "heading": "SMS gateway"},
            # A tile, no second logbook: the alerts logbook is the page's one.
            _named({"type": "tile", "entity": incoming_sms.entity_id}, incoming_sms),
        ],
    }


def _history_cards(
    enabled: dict[str, EntityInfo], hours: float
) -> list[dict[str, Any]]:
    """Side by side: the temperature history graph and the alerts logbook."""
    cards: list[dict[str, Any]] = []
    if "temperature" in enabled:
        cards.append(
            {
                "type": "history-graph",
                "title": "Temperature",
                "hours_to_show": hours,
                "entities": [{"entity": enabled["temperature"].entity_id}],
                "grid_options": {"columns": GRAPH_COLUMNS},
            }
        )
    if "alerts" in enabled:
        cards.append(
            {
                "type": "logbook",
                "title": "Alerts",
                "target": {"entity_id": [enabled["alerts"].entity_id]},
                "grid_options": {"columns": LOGBOOK_COLUMNS},
            }
        )
    if cards:
        cards.insert(0, {"type": "heading", "heading": "Temperature and alerts"})
    return cards


async def ensure_dashboard(ws: HaWebSocket, config: dict[str, Any]) -> bool:
    """Create the demo's dashboard unless it exists; True when created."""
    dashboards = await ws.call("lovelace/dashboards/list")
    if any(item["url_path"] == DASHBOARD_URL_PATH for item in dashboards):
        return False
    await ws.call(
        "lovelace/dashboards/create",
        url_path=DASHBOARD_URL_PATH,
        title="iSocket",
        icon="mdi:power-socket-eu",
        show_in_sidebar=True,
        require_admin=False,
    )
    await ws.call("lovelace/config/save", url_path=DASHBOARD_URL_PATH, config=config)
    return True
