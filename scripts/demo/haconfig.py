"""Write a Home Assistant config directory for the demo and the tests.

Only what is needed is listed in ``configuration.yaml``: ``default_config:``
half-fails on machines without network access (go2rtc wants a binary; cloud
and assist have nothing to reach).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
import json
import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
INTEGRATION_SOURCE = ROOT / "custom_components" / "isocket"
BLUEPRINT_SOURCE = ROOT / "blueprints" / "automation" / "isocket"

# The onboarding steps other than creating the user. Marking them done before
# the first start keeps HA from setting up the onboarding integrations (met,
# google_translate, radio_browser, shopping_list: the first installs packages,
# the others reach the internet); the user step is then done over the API.
ONBOARDING_STEPS_PRESET = ("core_config", "analytics", "integration")
ONBOARDING_STORAGE_VERSION = 4

# The modem's port as HA sees it: a symlink in the config directory to the
# simulator's own (per-process) pty symlink, so the hub's config entry stays
# valid when the demo is started again.
MODEM_LINK = "simulated-modem"


@dataclass(frozen=True, kw_only=True)
class HaConfig:
    """What goes into configuration.yaml."""

    port: int = 8123
    host: str = "127.0.0.1"
    # The UI needs the frontend, history and logbook; the e2e tests and
    # benchmarks do with the APIs (lighter and quicker to start).
    with_ui: bool = True
    log_level: str = "warning"
    # Debug logs of the integration (the e2e tests keep them for a failure).
    debug_integration: bool = False


def configuration_yaml(config: HaConfig) -> str:
    """The text of configuration.yaml."""
    components = ["api:", "config:", "websocket_api:"]
    if config.with_ui:
        components += [
            "frontend:",
            "history:",
            "logbook:",
            "automation: !include automations.yaml",
            "script:",
            "blueprint:",
        ]
    logs = f"logger:\n  default: {config.log_level}\n"
    if config.debug_integration:
        logs += "  logs:\n    custom_components.isocket: debug\n"
    return (
        "# Written by scripts/demo/haconfig.py; edit freely, it is not rewritten.\n"
        "homeassistant:\n"
        "  name: iSocket demo\n"
        "  unit_system: metric\n"
        "  time_zone: UTC\n"
        "  country: GB\n"
        "  currency: GBP\n"
        "  latitude: 51.5\n"
        "  longitude: -0.12\n"
        "  elevation: 0\n" + logs + "".join(f"{line}\n" for line in components)
    )


def write_config(
    config_dir: Path, config: HaConfig, *, overwrite: bool = False
) -> None:
    """Create the config directory; an existing configuration.yaml is kept.

    ``overwrite`` rewrites configuration.yaml (temporary configs of tests).
    """
    config_dir.mkdir(parents=True, exist_ok=True)
    yaml_path = config_dir / "configuration.yaml"
    if overwrite or not yaml_path.exists():
        yaml_path.write_text(configuration_yaml(config), encoding="utf-8")
    automations = config_dir / "automations.yaml"
    if not automations.exists():
        automations.write_text("[]\n", encoding="utf-8")
    _link(config_dir / "custom_components" / "isocket", INTEGRATION_SOURCE)
    _link(
        config_dir / "blueprints" / "automation" / "isocket",
        BLUEPRINT_SOURCE,
        optional=True,
    )
    _preset_onboarding(config_dir / ".storage")
    write_http_settings(config_dir / ".storage", config)


def write_http_settings(storage: Path, config: HaConfig) -> None:
    """Set HA's port and listen address, before HA starts.

    Since HA 2026.10 the HTTP settings live in ``.storage/http``: YAML
    ``http:`` is imported once as an unconfirmed trial that HA reverts (and
    restarts on the default port) unless someone confirms it in the UI within
    five minutes. Writing the confirmed ("stable") settings avoids that.
    """
    from homeassistant.components.http.config import (  # heavy: only when used
        HTTP_STORAGE_SCHEMA,
        STORAGE_MINOR_VERSION,
        STORAGE_VERSION,
    )

    path = storage / "http"
    stable = HTTP_STORAGE_SCHEMA(
        {"server_port": config.port, "server_host": [config.host]}
    )
    document: dict[str, Any] = {
        "version": STORAGE_VERSION,
        "minor_version": STORAGE_MINOR_VERSION,
        "key": "http",
        "data": {"stable": {}, "pending": None, "yaml_migration_done": True},
    }
    if path.exists():
        document = json.loads(path.read_text(encoding="utf-8"))
    # Keep what a person changed in the UI; only port and address are ours.
    document["data"]["stable"] = {
        **stable,
        **{
            k: v
            for k, v in document["data"]["stable"].items()
            if k not in {"server_port", "server_host"}
        },
        "created_at": datetime.now(UTC).isoformat(),
        "error": None,
        "error_message": None,
    }
    document["data"]["pending"] = None
    document["data"]["yaml_migration_done"] = True
    storage.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")


def link_modem(config_dir: Path, simulator_path: str) -> str:
    """Point the config directory's stable modem link at the simulator's pty."""
    link = config_dir / MODEM_LINK
    temporary = config_dir / f"{MODEM_LINK}.new"
    temporary.unlink(missing_ok=True)
    os.symlink(simulator_path, temporary)
    temporary.replace(link)
    return str(link)


def _link(path: Path, target: Path, *, optional: bool = False) -> None:
    """A symlink to the repository's sources, so edits show after a restart."""
    if optional and not target.exists():
        return
    if path.is_symlink() and path.resolve() == target.resolve():
        return
    if path.is_symlink():
        path.unlink()
    elif path.exists():
        # A real directory was put there by hand: leave it alone.
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target, target_is_directory=True)


def _preset_onboarding(storage: Path) -> None:
    """Mark every onboarding step but the user's done (first start only)."""
    path = storage / "onboarding"
    if path.exists():
        return
    storage.mkdir(parents=True, exist_ok=True)
    document = {
        "version": ONBOARDING_STORAGE_VERSION,
        "minor_version": 1,
        "key": "onboarding",
        "data": {"done": list(ONBOARDING_STEPS_PRESET)},
    }
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
