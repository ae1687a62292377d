"""The release metadata agree: versions, changelog, license, hacs.json, README.

HACS installs GitHub releases and shows their notes; hassfest and the HACS
action check the manifest and hacs.json on GitHub. These tests catch here
what those would refuse there, and a release cut by half (one version bumped,
another forgotten).
"""

from __future__ import annotations

from importlib import metadata
import json
from pathlib import Path
import re
import tomllib
from typing import Any

from awesomeversion import AwesomeVersion, AwesomeVersionStrategy
from homeassistant.const import __version__ as ha_version
import pytest

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "custom_components" / "isocket" / "manifest.json"
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
# "## [1.2.3] - 2026-12-24" or, before the release is cut, "- Unreleased".
SECTION = re.compile(
    r"^## \[(?P<version>[^\]]+)\] - (?P<date>\d{4}-\d{2}-\d{2}|Unreleased)$",
    re.MULTILINE,
)
LINK = re.compile(r"^\[(?P<version>[^\]]+)\]: https://\S+$", re.MULTILINE)

# hacs.json keys as documented by HACS ("Publish → General → hacs.json"):
# key -> the JSON type HACS expects.
HACS_KEYS: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "content_in_root": bool,
    "zip_release": bool,
    "filename": str,
    "render_readme": bool,
    "hide_default_branch": bool,
    "country": (str, list),
    "homeassistant": str,
    "hacs": str,
    "persistent_directory": str,
}
# The manifest keys HACS requires of an integration ("Publish → Integrations").
HACS_MANIFEST_KEYS = (
    "domain",
    "documentation",
    "issue_tracker",
    "codeowners",
    "name",
    "version",
)


def _manifest() -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return manifest


def _hacs() -> dict[str, Any]:
    hacs: dict[str, Any] = json.loads((ROOT / "hacs.json").read_text(encoding="utf-8"))
    return hacs


def _changelog_sections() -> list[tuple[str, str]]:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return [(m["version"], m["date"]) for m in SECTION.finditer(text)]


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def test_versions_agree() -> None:
    """manifest.json, pyproject.toml and the changelog's top section: one version."""
    manifest_version = _manifest()["version"]
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    top_version, _ = _changelog_sections()[0]
    assert SEMVER.match(manifest_version), manifest_version
    assert pyproject["project"]["version"] == manifest_version
    assert top_version == manifest_version


def test_manifest_version_is_what_home_assistant_accepts() -> None:
    """HA loads a custom integration only with a version AwesomeVersion can read."""
    version = AwesomeVersion(_manifest()["version"])
    assert version.strategy == AwesomeVersionStrategy.SEMVER


def test_changelog_sections_are_well_formed() -> None:
    """Semantic versions, newest first, each with a link; only the top unreleased."""
    sections = _changelog_sections()
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    assert "Keep a Changelog" in text
    versions = [version for version, _ in sections]
    assert len(sections) >= 2
    assert all(SEMVER.match(version) for version in versions), versions
    assert versions == sorted(versions, key=_version_key, reverse=True)
    assert len(set(versions)) == len(versions)
    assert all(date != "Unreleased" for _, date in sections[1:])
    dates = [date for _, date in sections if date != "Unreleased"]
    assert dates == sorted(dates, reverse=True)
    assert {m["version"] for m in LINK.finditer(text)} == set(versions)


def test_each_changelog_section_says_what_changed() -> None:
    """Release notes come from these sections: none may be empty."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    bodies = SECTION.split(text)[3::3]  # text after each heading's groups
    assert bodies
    for body in bodies:
        section = body.split("\n## ", 1)[0]
        assert re.search(
            r"^### (Added|Changed|Deprecated|Removed|Fixed|Security)$",
            section,
            re.MULTILINE,
        ), section[:200]
        assert re.search(r"^- \S", section, re.MULTILINE), section[:200]


def test_license_is_apache_2_as_home_assistant() -> None:
    """LICENSE is the Apache License 2.0 word for word, as HA ships it.

    Only the appendix's copyright line is filled in. GitHub (and with it the
    HACS license check) recognises the license from this text.
    """
    ours = (ROOT / "LICENSE").read_text(encoding="utf-8")
    theirs = metadata.distribution("homeassistant").read_text("licenses/LICENSE.md")
    assert theirs is not None
    filled = theirs.replace(
        "Copyright [yyyy] [name of copyright owner]",
        "Copyright 2026 isocket contributors",
    )
    assert filled != theirs
    assert ours.strip() == filled.strip()
    assert ours.lstrip().startswith("Apache License\n")
    assert "Version 2.0, January 2004" in ours


def test_hacs_json_has_only_documented_keys_of_the_right_type() -> None:
    """hacs.json: a name, known keys with HACS's types, nothing else."""
    hacs = _hacs()
    assert set(hacs) <= set(HACS_KEYS), set(hacs) - set(HACS_KEYS)
    for key, value in hacs.items():
        assert isinstance(value, HACS_KEYS[key]), (key, value)
    assert hacs["name"].strip()
    # The integration lives in custom_components/, not in the root, and is
    # installed from the tagged source (no zip asset to build).
    assert not hacs.get("content_in_root", False)
    assert not hacs.get("zip_release", False)
    assert "filename" not in hacs


def test_hacs_json_renders_the_readme() -> None:
    """render_readme: HACS shows README.md (there is no info.md)."""
    assert _hacs()["render_readme"] is True
    assert (ROOT / "README.md").is_file()
    assert not (ROOT / "info.md").exists()


def test_hacs_minimum_home_assistant_version() -> None:
    """2026.10.0: what the integration is tested with, and what the README says."""
    minimum = _hacs()["homeassistant"]
    assert minimum == "2026.10.0"
    assert AwesomeVersion(minimum) <= AwesomeVersion(ha_version)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"Home Assistant (\d{4}\.\d+) or newer", readme)
    assert stated is not None
    assert f"{stated[1]}.0" == minimum


def test_one_integration_with_the_manifest_keys_hacs_requires() -> None:
    """HACS manages the only directory under custom_components/."""
    integrations = [
        path
        for path in (ROOT / "custom_components").iterdir()
        if path.is_dir() and not path.name.startswith((".", "__"))
    ]
    assert [path.name for path in integrations] == ["isocket"]
    manifest = _manifest()
    for key in HACS_MANIFEST_KEYS:
        assert manifest.get(key), key
    assert manifest["domain"] == "isocket"
    assert (integrations[0] / "brand" / "icon.png").is_file()


@pytest.mark.parametrize(
    ("heading", "words"),
    [
        ("## License", ("Apache License 2.0", "[LICENSE](LICENSE)")),
        ("### Release", ("CHANGELOG.md", "manifest.json", "pyproject.toml", "tag")),
    ],
)
def test_readme_sections(heading: str, words: tuple[str, ...]) -> None:
    """The README names the license and says how a release is cut."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"\n{heading}\n" in readme
    section = readme.split(f"\n{heading}\n", 1)[1].split("\n#", 1)[0]
    for word in words:
        assert word in section, word
