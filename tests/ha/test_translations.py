"""Translations: en.json is strings.json; German covers every key with the same placeholders."""

from __future__ import annotations

from collections.abc import Iterator
import json
from pathlib import Path
import re
from typing import Any

PACKAGE = Path(__file__).parents[2] / "custom_components" / "isocket"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PACKAGE / name).read_text(encoding="utf-8"))
    return data


def _leaves(
    node: Any, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    else:
        yield path, node


def test_english_is_strings_json() -> None:
    """HA loads translations/en.json for a custom integration: keep it in sync."""
    assert _load("translations/en.json") == _load("strings.json")


def test_german_is_complete() -> None:
    """Every English text has a German one with the same placeholders."""
    english = dict(_leaves(_load("strings.json")))
    german = dict(_leaves(_load("translations/de.json")))
    assert set(german) == set(english)
    for path, text in english.items():
        assert set(PLACEHOLDER.findall(german[path])) == set(
            PLACEHOLDER.findall(text)
        ), path
