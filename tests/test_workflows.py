"""The GitHub workflows: valid YAML whose steps the actions they use accept.

The workflows cannot run here, so their structure is checked against each
action's documented inputs (its ``action.yml`` / README, as of writing):

- ``home-assistant/actions/hassfest``: no inputs; it validates the checked-out
  workspace, so a checkout must come first.
- ``hacs/action``: ``category`` (required; appdaemon, integration, plugin,
  python_script, template, theme), ``ignore`` (space-separated checks),
  ``repository``. It validates the workspace when run for this repository.
- ``actions/setup-python``: ``python-version``, ``cache`` (pip, pipenv,
  poetry), ``cache-dependency-path``, ... (``pip-install`` was removed in v7).
- ``actions/upload-artifact``: ``path`` (required), ``name``,
  ``include-hidden-files``, ... (``archive`` since v7).

GitHub's own actions are referenced by a major tag. Which major is current
changes; the test holds a floor instead of one version: the first major that
runs on Node 24 (GitHub retired Node 20 for actions), so an action left on a
retired runtime fails here while a newer major passes.
"""

from __future__ import annotations

from pathlib import Path
import re
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"

# action (without @ref) -> (documented inputs, required inputs)
ACTIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "home-assistant/actions/hassfest": (frozenset(), frozenset()),
    "hacs/action": (
        frozenset({"category", "ignore", "repository"}),
        frozenset({"category"}),
    ),
    "actions/checkout": (
        frozenset(
            {
                "repository", "ref", "token", "ssh-key", "ssh-known-hosts",
                "ssh-strict", "ssh-user", "persist-credentials", "path", "clean",
                "filter", "sparse-checkout", "sparse-checkout-cone-mode",
                "fetch-depth", "fetch-tags", "show-progress", "lfs", "submodules",
                "set-safe-directory", "github-server-url",
            }
        ),
        frozenset(),
    ),
    "actions/setup-python": (
        frozenset(
            {
                "python-version", "python-version-file", "cache", "architecture",
                "check-latest", "token", "cache-dependency-path",
                "update-environment", "allow-prereleases", "freethreaded",
                "pip-version",
            }
        ),
        frozenset(),
    ),
    "actions/upload-artifact": (
        frozenset(
            {
                "name", "path", "if-no-files-found", "retention-days",
                "compression-level", "overwrite", "include-hidden-files",
                "archive",
            }
        ),
        frozenset({"path"}),
    ),
}  # fmt: skip
HACS_CATEGORIES = {
    "appdaemon",
    "integration",
    "plugin",
    "python_script",
    "template",
    "theme",
}
# The branches the HA and HACS actions' documentation tells integrations to use.
BRANCHES = {
    "home-assistant/actions/hassfest": "master",
    "hacs/action": "main",
}
# GitHub's actions: the first major on Node 24 (checkout v5, setup-python v6,
# upload-artifact v6: v5 still declared node20). Any later major passes.
NODE24_MAJORS = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/upload-artifact": 6,
}
MAJOR_TAG = re.compile(r"^v(\d+)$")
CRON_FIELD = re.compile(r"^[\d*/,-]+$")


def _load(name: str) -> dict[str, Any]:
    workflow: dict[str, Any] = yaml.safe_load(
        (WORKFLOWS / name).read_text(encoding="utf-8")
    )
    return workflow


def _triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True;
    # GitHub reads it as the string. Accept either spelling.
    triggers: dict[str, Any] = workflow.get("on", workflow.get(True))
    return triggers


def _steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (job_id, step)
        for job_id, job in workflow["jobs"].items()
        for step in job["steps"]
    ]


def _uses(step: dict[str, Any]) -> tuple[str, str]:
    """(action, ref) of a ``uses`` step; ("", "") for a ``run`` step."""
    action, _, ref = step.get("uses", "").partition("@")
    return action, ref


def _ref_ok(action: str, ref: str) -> bool:
    """The documented branch, or a major tag no older than the first on Node 24."""
    if action in BRANCHES:
        return ref == BRANCHES[action]
    major = MAJOR_TAG.match(ref)
    return major is not None and int(major.group(1)) >= NODE24_MAJORS[action]


@pytest.mark.parametrize(
    ("action", "ref", "accepted"),
    [
        ("actions/checkout", "v4", False),  # Node 20: retired
        ("actions/checkout", "v7", True),
        ("actions/checkout", "v12", True),  # a later major passes unchanged
        ("actions/checkout", "main", False),  # a moving branch is no release
        ("actions/upload-artifact", "v5", False),  # still node20
        ("actions/setup-python", "v6.1.0", False),  # pinned minor: no major tag
        ("hacs/action", "main", True),
        ("hacs/action", "v2", False),
    ],
)
def test_ref_rule(action: str, ref: str, accepted: bool) -> None:
    """The rule itself can refuse: retired majors, branches, pinned minors."""
    assert _ref_ok(action, ref) is accepted


def test_only_the_two_workflows() -> None:
    """validate.yml and tests.yml, nothing half-finished beside them."""
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == [
        "tests.yml",
        "validate.yml",
    ]


@pytest.mark.parametrize("name", ["validate.yml", "tests.yml"])
def test_workflow_structure(name: str) -> None:
    """Triggers, read-only token, jobs on ubuntu-latest with named steps."""
    workflow = _load(name)
    assert isinstance(workflow["name"], str)
    triggers = _triggers(workflow)
    assert {"push", "pull_request", "schedule"} <= set(triggers)
    for entry in triggers["schedule"]:
        fields = entry["cron"].split()
        assert len(fields) == 5
        assert all(CRON_FIELD.match(field) for field in fields), fields
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]
    for job in workflow["jobs"].values():
        assert job["runs-on"] == "ubuntu-latest"
        assert job["steps"]
        for step in job["steps"]:
            assert isinstance(step.get("name"), str), step
            assert ("uses" in step) != ("run" in step), step


@pytest.mark.parametrize("name", ["validate.yml", "tests.yml"])
def test_steps_use_documented_actions_and_inputs(name: str) -> None:
    """Every action is known, at its documented ref, with documented inputs only."""
    for _, step in _steps(_load(name)):
        if "uses" not in step:
            continue
        action, ref = _uses(step)
        assert action in ACTIONS, action
        assert _ref_ok(action, ref), step["uses"]
        documented, required = ACTIONS[action]
        given = set(step.get("with", {}))
        assert given <= documented, given - documented
        assert required <= given, required - given


@pytest.mark.parametrize("name", ["validate.yml", "tests.yml"])
def test_each_job_checks_out_the_repository_first(name: str) -> None:
    """hassfest, HACS and scripts/test all work on the checked-out workspace."""
    for job in _load(name)["jobs"].values():
        first = job["steps"][0]
        action, ref = _uses(first)
        assert action == "actions/checkout"
        assert _ref_ok(action, ref), ref


def test_validate_runs_hassfest_and_hacs_for_an_integration() -> None:
    """One job each, so one failing check does not hide the other."""
    jobs = _load("validate.yml")["jobs"]
    actions = {
        job_id: [_uses(step)[0] for step in job["steps"] if "uses" in step]
        for job_id, job in jobs.items()
    }
    assert actions == {
        "hassfest": ["actions/checkout", "home-assistant/actions/hassfest"],
        "hacs": ["actions/checkout", "hacs/action"],
    }
    (hacs_step,) = [s for s in jobs["hacs"]["steps"] if _uses(s)[0] == "hacs/action"]
    assert hacs_step["with"]["category"] == "integration"
    assert hacs_step["with"]["category"] in HACS_CATEGORIES
    # Nothing ignored: the HACS checks must pass as they are.
    assert "ignore" not in hacs_step["with"]


def test_tests_workflow_runs_scripts_test_on_python_3_14() -> None:
    """setup-python 3.14 with the pip cache, then the README's test command."""
    (job,) = _load("tests.yml")["jobs"].values()
    steps = job["steps"]
    setup = next(s for s in steps if _uses(s)[0] == "actions/setup-python")
    # A string: YAML would read 3.14 as a float (and 3.10 as 3.1).
    assert setup["with"]["python-version"] == "3.14"
    assert setup["with"]["cache"] == "pip"
    dependency_files = sorted(ROOT.glob(setup["with"]["cache-dependency-path"]))
    assert [p.name for p in dependency_files] == [
        "requirements.txt",
        "requirements_test.txt",
    ]
    runs = [s["run"] for s in steps if "run" in s]
    assert runs == ["bash scripts/test"]
    assert steps.index(setup) < next(i for i, s in enumerate(steps) if "run" in s)
    assert (ROOT / "scripts" / "test").is_file()
    assert job["timeout-minutes"] <= 60
    upload = next(s for s in steps if _uses(s)[0] == "actions/upload-artifact")
    assert upload["if"] == "always()"
    assert upload["with"]["path"] == ".artifacts/"
    assert upload["with"]["include-hidden-files"] is True
