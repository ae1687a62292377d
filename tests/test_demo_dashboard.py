"""The demo dashboard's layout (scripts/demo/dashboard.py); the browser test shows it."""

from __future__ import annotations

from typing import Any

from scripts.demo.dashboard import HISTORY_HOURS, EntityInfo, dashboard


def _entities(*keys: str) -> dict[str, EntityInfo]:
    domains = {"temperature": "sensor", "alerts": "event", "socket": "switch"}
    return {
        key: EntityInfo(f"{domains.get(key, 'sensor')}.isocket_{key}", None, True)
        for key in keys
    }


def _sections(config: dict[str, Any]) -> list[dict[str, Any]]:
    (view,) = config["views"]
    assert view["type"] == "sections"
    sections: list[dict[str, Any]] = view["sections"]
    return sections


def _types(section: dict[str, Any]) -> list[str]:
    return [card["type"] for card in section["cards"]]


def test_temperature_graph_next_to_the_alerts_logbook() -> None:
    """A two-column section: the temperature history graph, then the logbook."""
    config = dashboard("iSocket", _entities("socket", "temperature", "alerts"))
    history, device = _sections(config)
    assert _types(device) == ["heading", "tile", "tile", "tile"]
    assert history["column_span"] == 2
    heading, graph, logbook = history["cards"]
    assert heading["heading"] == "Temperature and alerts"
    assert graph == {
        "type": "history-graph",
        "title": "Temperature",
        "hours_to_show": HISTORY_HOURS,
        "entities": [{"entity": "sensor.isocket_temperature"}],
        "grid_options": {"columns": 16},
    }
    assert logbook["type"] == "logbook"
    assert logbook["target"] == {"entity_id": ["event.isocket_alerts"]}
    # Side by side: together they fill the section's 2 × 12 grid columns.
    assert graph["grid_options"]["columns"] + logbook["grid_options"]["columns"] == 24


def test_graph_window_is_configurable() -> None:
    """The browser test shows minutes, the demo an hour."""
    config = dashboard("iSocket", _entities("temperature"), history_hours=0.05)
    (history, _) = _sections(config)
    assert history["cards"][1]["hours_to_show"] == 0.05
    assert HISTORY_HOURS == 1.0


def test_only_what_exists_is_shown() -> None:
    """Without an alerts entity the graph stands alone; without both, no section."""
    (alone, _) = _sections(dashboard("iSocket", _entities("temperature")))
    assert _types(alone) == ["heading", "history-graph"]
    assert len(_sections(dashboard("iSocket", _entities("socket")))) == 1


def test_disabled_temperature_is_not_graphed() -> None:
    """A disabled entity has no history to show."""
    entities = _entities("temperature", "alerts")
    entities["temperature"] = EntityInfo("sensor.isocket_temperature", None, False)
    (history, _) = _sections(dashboard("iSocket", entities))
    assert _types(history) == ["heading", "logbook"]


def test_settings_and_diagnostics_in_their_own_section() -> None:
    """The remaining entities follow as entities cards, by category."""
    entities = {
        **_entities("socket"),
        "restart": EntityInfo("button.isocket_restart", None, True),
        "signal": EntityInfo("sensor.isocket_signal", "diagnostic", True),
        "sms_confirm": EntityInfo("switch.isocket_sms_confirm", "config", True),
        "probe": EntityInfo("binary_sensor.isocket_probe", None, True),
    }
    device, details = _sections(dashboard("iSocket", entities))
    assert _types(device) == ["heading", "tile", "button"]
    assert [(c["title"], c["entities"]) for c in details["cards"]] == [
        ("iSocket", ["binary_sensor.isocket_probe"]),
        ("Settings", ["switch.isocket_sms_confirm"]),
        ("Diagnostics", ["sensor.isocket_signal"]),
    ]


def test_incoming_sms_section() -> None:
    """The hub's Incoming SMS event entity: a tile of its own, beside the device."""
    plain = _sections(dashboard("iSocket", _entities("socket")))
    config = dashboard(
        "iSocket", _entities("socket"), incoming_sms="event.modem_incoming_sms"
    )
    *others, gateway = _sections(config)
    assert others == plain
    assert _types(gateway) == ["heading", "tile"]
    assert gateway["cards"][1] == {"type": "tile", "entity": "event.modem_incoming_sms"}
