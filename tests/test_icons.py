"""Every icon the integration names is one of Home Assistant's (Material Design) icons.

An unknown ``mdi:`` name renders as nothing at all in the frontend, so the
names are checked against the icon list of the installed frontend package
(``hass_frontend``, a dependency of Home Assistant and of the tests).
"""

from __future__ import annotations

from collections.abc import Iterator
import json
from pathlib import Path
import re
from typing import Any

import hass_frontend

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "custom_components" / "isocket"
ICON_LIST = Path(hass_frontend.where()) / "static" / "mdi" / "iconList.json"
# ``_attr_icon = "mdi:..."``, ``icon="mdi:..."`` and the like in Python and YAML.
ICON_IN_SOURCE = re.compile(r"""["'](mdi:[a-z0-9-]+)["']""")


def _mdi_names() -> frozenset[str]:
    entries = json.loads(ICON_LIST.read_text(encoding="utf-8"))
    return frozenset(f"mdi:{entry['name']}" for entry in entries)


def _icons_json(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _icons_json(value)
    elif isinstance(node, str):
        yield node


def _icons_in_sources() -> Iterator[tuple[Path, str]]:
    sources = [
        *PACKAGE.rglob("*.py"),
        *(ROOT / "scripts").rglob("*.py"),
        *(ROOT / "blueprints").rglob("*.yaml"),
    ]
    for path in sources:
        for icon in ICON_IN_SOURCE.findall(path.read_text(encoding="utf-8")):
            yield path, icon


def test_the_icon_list_is_the_frontends() -> None:
    """The list is HA's own: thousands of names, the everyday ones among them."""
    names = _mdi_names()
    assert len(names) > 5000
    assert {"mdi:power-socket-eu", "mdi:thermometer"} <= names
    assert "mdi:message-refresh-outline" not in names  # never in MDI's set


def test_every_icon_in_icons_json_exists() -> None:
    """icons.json (entities, their states and the actions) names only real icons."""
    icons = json.loads((PACKAGE / "icons.json").read_text(encoding="utf-8"))
    found = list(_icons_json(icons))
    assert len(found) > 40
    unknown = sorted(icon for icon in found if icon not in _mdi_names())
    assert unknown == []


def test_every_icon_in_the_sources_exists() -> None:
    """``_attr_icon``, the demo dashboard's icon and the like name only real icons."""
    found = list(_icons_in_sources())
    assert any(path.name == "dashboard.py" for path, _ in found)
    unknown = sorted(
        f"{path.relative_to(ROOT)}: {icon}"
        for path, icon in found
        if icon not in _mdi_names()
    )
    assert unknown == []
