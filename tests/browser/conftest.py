"""A running demo (simulator + hass with the frontend) and headless Chromium.

Chromium is Debian's package driven by Playwright through ``executable_path``
(Playwright's own browser download does not work on these machines).
``scripts/ensure_browser`` installs both; when either is missing the test
fails with that instruction: it never skips.
"""

from __future__ import annotations

from collections.abc import Iterator
import os
from pathlib import Path

import pytest
import pytest_socket

from scripts.demo.haconfig import ROOT
from scripts.demo.stack import Stack, demo_stack

CHROMIUM = os.environ.get("ISOCKET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu"]
ARTIFACTS = ROOT / ".artifacts"
GRAPH_HOURS = 0.05
MISSING = (
    "{what} is missing: run scripts/ensure_browser (installs Debian's chromium "
    "and the playwright package)"
)


def _require_browser() -> None:
    """Fail (never skip) when Chromium or Playwright is missing."""
    if not Path(CHROMIUM).exists():
        pytest.fail(MISSING.format(what=f"Chromium ({CHROMIUM})"), pytrace=False)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail(MISSING.format(what="Playwright for Python"), pytrace=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The demo stack with the frontend, in a temporary directory."""
    _require_browser()  # before spending time on starting HA
    pytest_socket.enable_socket()
    work_dir = tmp_path_factory.mktemp("browser")
    # The temperature graph shows the last 3 minutes instead of the demo's
    # hour, so that the minute of history this test run makes fills it.
    with demo_stack(
        work_dir, with_ui=True, refresh=True, history_hours=GRAPH_HOURS
    ) as running:
        yield running


@pytest.fixture
def page(socket_enabled: None) -> Iterator[object]:
    """A fresh page of headless Chromium (a Playwright ``Page``)."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 1100})
        finally:
            browser.close()


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots go (.artifacts/, ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
