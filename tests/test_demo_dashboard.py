"""The demo dashboard's layout (scripts/demo/dashboard.py); the browser test shows it."""

from __future__ import annotations

from typing import Any

from scripts.demo.dashboard import (
    HISTORY_HOURS,
    READ_SETTINGS_SMS,
    EntityInfo,
    dashboard,
)


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
        ("iSocket", [{"entity": "binary_sensor.isocket_probe"}]),
        ("Settings", [{"entity": "switch.isocket_sms_confirm"}]),
        ("Diagnostics", [{"entity": "sensor.isocket_signal"}]),
    ]


def test_no_header_toggle_on_the_entities_cards() -> None:
    """A header toggle would switch every setting at once: one SMS each."""
    entities = {
        **_entities("socket"),
        "sms_confirm": EntityInfo("switch.isocket_sms_confirm", "config", True),
        "power_alert": EntityInfo("switch.isocket_power_alert", "config", True),
    }
    _, details = _sections(dashboard("iSocket", entities))
    (settings,) = details["cards"]
    assert settings["title"] == "Settings"
    assert settings["show_header_toggle"] is False


def test_buttons_press_on_tap_after_saying_the_cost() -> None:
    """Tap: a confirmation with the cost, then button.press (no dialog first)."""
    entities = {
        "restart": EntityInfo("button.isocket_restart", None, True, "Restart"),
        "read_settings": EntityInfo(
            "button.isocket_read", "config", True, "Read settings (22 SMS)"
        ),
        "toggle_by_call": EntityInfo(
            "button.isocket_toggle", None, True, "Switch socket by call"
        ),
    }
    (device,) = _sections(dashboard("iSocket", entities))
    buttons = {card["entity"]: card for card in device["cards"][1:]}
    restart = buttons["button.isocket_restart"]
    assert restart["name"] == "Restart"
    assert restart["tap_action"] == {
        "action": "perform-action",
        "perform_action": "button.press",
        "target": {"entity_id": "button.isocket_restart"},
        "confirmation": {"text": "Restart: 1 SMS. Go ahead?"},
    }
    read = buttons["button.isocket_read"]["tap_action"]["confirmation"]["text"]
    assert read == "Read settings (22 SMS): 22 SMS. Go ahead?"
    toggle = buttons["button.isocket_toggle"]["tap_action"]["confirmation"]["text"]
    assert toggle == "Switch socket by call: a call, free of charge. Go ahead?"


def test_read_settings_cost_is_the_integrations() -> None:
    """The demo's figure is the number of inquiries Read settings sends."""
    from custom_components.isocket.settings import INQUIRIES

    assert len(INQUIRIES) == READ_SETTINGS_SMS


def test_names_without_the_device_prefix() -> None:
    """Tiles and rows carry the entity's own name; the socket keeps the device's."""
    entities = {
        "socket": EntityInfo("switch.isocket", None, True, None),
        "temperature": EntityInfo("sensor.isocket_t", None, True, "Temperature"),
        "probe": EntityInfo("binary_sensor.isocket_p", None, True, "Probe"),
    }
    _, device, details = _sections(dashboard("iSocket", entities))
    socket, temperature = device["cards"][1:]
    assert "name" not in socket
    assert temperature["name"] == "Temperature"
    assert details["cards"][0]["entities"] == [
        {"entity": "binary_sensor.isocket_p", "name": "Probe"}
    ]


def test_alerts_tile_shows_the_kind_of_alert() -> None:
    """Not just "18 seconds ago": the event type (translated) and when."""
    (_, device) = _sections(dashboard("iSocket", _entities("alerts")))
    (alerts,) = device["cards"][1:]
    assert alerts["entity"] == "event.isocket_alerts"
    assert alerts["state_content"] == ["event_type", "last_changed"]


def test_incoming_sms_section() -> None:
    """The hub's Incoming SMS event entity: a tile of its own, beside the device."""
    plain = _sections(dashboard("iSocket", _entities("socket")))
    incoming = EntityInfo("event.modem_incoming_sms", None, True, "Incoming SMS")
    config = dashboard("iSocket", _entities("socket"), incoming_sms=incoming)
    *others, gateway = _sections(config)
    assert others == plain
    assert _types(gateway) == ["heading", "tile"]
    assert gateway["cards"][1] == {
        "type": "tile",
        "entity": "event.modem_incoming_sms",
        "name": "Incoming SMS",  # not the modem's name before it
    }
