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


# The device's main features, shown as tiles in this order.
MAIN_KEYS = ("socket", "temperature", "mains_power", "alarm_input", "alerts")


def dashboard(name: str, entities: dict[str, EntityInfo]) -> dict[str, Any]:
    """One view: tiles for the main features, then actions, settings, diagnostics."""
    enabled = {key: info for key, info in entities.items() if info.enabled}
    tiles = [enabled[key].entity_id for key in MAIN_KEYS if key in enabled]
    rest = sorted(
        (info for key, info in enabled.items() if key not in MAIN_KEYS),
        key=lambda info: info.entity_id,
    )
    buttons = [i.entity_id for i in rest if i.entity_id.startswith("button.")]

    def listed(category: str | None) -> list[str]:
        return [
            i.entity_id
            for i in rest
            if i.category == category and not i.entity_id.startswith("button.")
        ]

    cards: list[dict[str, Any]] = [{"type": "tile", "entity": e} for e in tiles]
    if buttons:
        cards.append(
            {
                "type": "grid",
                "columns": 3,
                "square": False,
                "cards": [{"type": "button", "entity": b} for b in buttons],
            }
        )
    for title, category in (
        (name, None),
        ("Settings", "config"),
        ("Diagnostics", "diagnostic"),
    ):
        if entities_of := listed(category):
            cards.append({"type": "entities", "title": title, "entities": entities_of})
    if "alerts" in enabled:
        cards.append(
            {
                "type": "logbook",
                "title": "Alerts",
                "target": {"entity_id": [enabled["alerts"].entity_id]},
            }
        )
    return {
        "title": "iSocket",
        "views": [{"title": name, "path": DASHBOARD_VIEW, "cards": cards}],
    }


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
