"""The lower layers stay free of Home Assistant (and protocol free of gsm)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "custom_components" / "isocket"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level and path.is_relative_to(PACKAGE):
                # relative import: resolve against the package it lives in
                parts = path.relative_to(PACKAGE.parent.parent).with_suffix("").parts
                base = parts[: len(parts) - node.level]
                names.add(".".join([*base, node.module or ""]).rstrip("."))
            elif node.module:
                names.add(node.module)
    return names


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("gsm", ("homeassistant", "custom_components.isocket.protocol")),
        ("protocol", ("homeassistant", "custom_components.isocket.gsm")),
    ],
)
def test_layer_does_not_import(layer: str, forbidden: tuple[str, ...]) -> None:
    """gsm/ and protocol/ could be published as libraries: no HA, no sideways imports."""
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files, f"{layer}/ has no modules"
    offenders = [
        f"{path.name}: {name}"
        for path in files
        for name in _imported_modules(path)
        if any(name == bad or name.startswith(f"{bad}.") for bad in forbidden)
    ]
    assert offenders == []


def test_checker_sees_forbidden_imports(tmp_path: Path) -> None:
    """The import scan itself detects HA imports, so the test above can fail."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from homeassistant.core import HomeAssistant\nimport homeassistant\n"
    )
    assert {"homeassistant.core", "homeassistant"} <= _imported_modules(bad)
