"""Headless Chromium logs in to the demo and opens the iSocket's device page.

The page is HA's own frontend (web components with shadow roots; Playwright's
text locators pierce them), so this proves the integration's device, entity
names, translations and states reach a person's browser.
"""

from __future__ import annotations

import json
from pathlib import Path
import re
import time
from typing import Any
import urllib.request

import pytest

from scripts.demo.provision import PASSWORD, USER
from scripts.demo.stack import Stack

# Generous: the first page load compiles the frontend's JavaScript.
# A wait, not a performance target: with other test runs sharing two cores,
# the frontend's first page took over 60 s to show (a CI run failed on it).
LOAD_MS = 180_000
# Screenshots are taken as bytes and written here: with ``path=`` Playwright
# writes the file from an executor thread that may outlive the test, and HA's
# test harness fails a test that leaves a thread behind.


def _log_in(page: Any, demo: Stack) -> None:
    page.goto(demo.url)
    page.get_by_role("textbox", name="Username").fill(USER)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # Logged in once the frontend has stored its tokens (storeToken=true).
    # Waiting for the redirect to the default dashboard instead was flaky:
    # on a fresh start the first page can sit at "/" for a long while.
    page.wait_for_function(
        "() => window.localStorage.getItem('hassTokens') !== null", timeout=LOAD_MS
    )


def _open(page: Any, url: str, marker: str) -> None:
    """Open ``url`` until ``marker`` shows; a fresh HA can hang at "Loading…".

    The first page of a freshly started Home Assistant sometimes stays on the
    frontend's splash screen; a reload gets past it, as it would for a person.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(3):
        page.goto(url)
        try:
            page.get_by_text(marker).first.wait_for(timeout=LOAD_MS // 3)
        except PlaywrightTimeout:
            continue
        return
    page.get_by_text(marker).first.wait_for(timeout=LOAD_MS)


@pytest.mark.usefixtures("socket_enabled")
def test_device_page_shows_socket_temperature_and_alarm(
    demo: Stack, page: Any, artifacts: Path
) -> None:
    """The device page lists the socket, the temperature and the alarm input."""
    # Playwright's sync API runs an event loop here: read HA synchronously.
    temperature = demo.state(demo.entity("temperature"))
    socket = demo.state(demo.entity("socket"))
    socket_name = socket["attributes"]["friendly_name"]
    # The demo refreshed the status after adding the device: values are known.
    assert temperature["state"] not in {"unknown", "unavailable"}

    _log_in(page, demo)
    screenshot = artifacts / "browser-device-page.png"
    try:
        _open(
            page,
            f"{demo.url}/config/devices/device/{demo.provisioned.device_id}",
            "Device info",
        )
        # Entity rows show names without the device's name.
        for name in ("Temperature", "Alarm input", "Mains power"):
            page.get_by_text(name, exact=True).first.wait_for(timeout=LOAD_MS)
        # The socket's row has on/off buttons named after the entity.
        page.get_by_role("button", name=f"Turn {socket_name} on", exact=True).wait_for(
            timeout=LOAD_MS
        )
        # A door sensor on the alarm input reads Open/Closed, not On/Off.
        # A regex, not exact=True: depending on how the row rendered, the state
        # text is a bare text node of the row (exact matching then misses it).
        page.get_by_text(re.compile(r"\bClosed\b")).first.wait_for(timeout=LOAD_MS)
        degrees = round(float(temperature["state"]))
        page.get_by_text(re.compile(rf"\b{degrees}(\.0)?\s?°C")).first.wait_for(
            timeout=LOAD_MS
        )
    finally:
        screenshot.write_bytes(page.screenshot(full_page=True))
    assert screenshot.stat().st_size > 10_000


def _temperature_steps(demo: Stack, degrees: tuple[int, ...]) -> None:
    """The probe reads each of ``degrees`` in turn; HA learns each by STATUS.

    Synchronous REST (Playwright's sync API owns this thread's event loop).
    """
    temperature = demo.entity("temperature")
    for value in degrees:
        demo.simulator.command(f"temp {value}")
        request = urllib.request.Request(
            f"{demo.url}/api/services/isocket/refresh",
            data=json.dumps({"device_id": demo.provisioned.device_id}).encode(),
            headers={
                "Authorization": f"Bearer {demo.token}",
                "Content-Type": "application/json",
            },
        )
        with urllib.request.urlopen(request, timeout=60):
            pass
        deadline = time.monotonic() + 30
        while float(demo.state(temperature)["state"]) != value:
            assert time.monotonic() < deadline, f"HA never showed {value} °C"
            time.sleep(0.2)
        time.sleep(2)  # a visible step on the graph's time axis


@pytest.mark.usefixtures("socket_enabled")
def test_demo_dashboard_shows_the_device(
    demo: Stack, page: Any, artifacts: Path
) -> None:
    """The demo's own dashboard: the tiles, the temperature graph, the alerts.

    The temperature history graph sits next to the alerts logbook and draws
    the sensor's line (a chart element with a drawn canvas or SVG inside).
    """
    _temperature_steps(demo, (24, 27))
    _log_in(page, demo)
    screenshot = artifacts / "browser-dashboard.png"
    try:
        _open(page, f"{demo.url}/isocket-demo/device", "Mains power")
        for name in ("Mains power", "Alarm input", "Temperature and alerts"):
            page.get_by_text(name).first.wait_for(timeout=LOAD_MS)
        # Playwright's CSS locators pierce the frontend's shadow roots.
        graph = page.locator("hui-history-graph-card")
        graph.wait_for(timeout=LOAD_MS)
        graph.locator("ha-chart-base").locator("canvas, svg").first.wait_for(
            timeout=LOAD_MS
        )
        # The legend names the sensor with its current reading.
        graph.get_by_text(re.compile(r"\b27(\.0)?\s?°C")).first.wait_for(
            timeout=LOAD_MS
        )
        logbook = page.locator("hui-logbook-card")
        logbook.wait_for(timeout=LOAD_MS)
        # Next to each other: the same row, the graph on the left.
        graph_box, logbook_box = graph.bounding_box(), logbook.bounding_box()
        assert graph_box is not None
        assert logbook_box is not None
        assert graph_box["x"] + graph_box["width"] <= logbook_box["x"] + 1
        assert abs(graph_box["y"] - logbook_box["y"]) < 5
        assert graph_box["width"] > 300  # wide enough to read
        page.wait_for_timeout(1000)  # the chart's drawing animation
    finally:
        screenshot.write_bytes(page.screenshot(full_page=True))
    assert screenshot.stat().st_size > 10_000
    (artifacts / "browser-temperature-graph.png").write_bytes(graph.screenshot())


@pytest.mark.usefixtures("socket_enabled")
def test_turning_the_socket_on_from_the_device_page(
    demo: Stack, page: Any, artifacts: Path
) -> None:
    """A click on the socket's "on" button switches the emulated relay by SMS."""
    assert demo.simulator.status()["device"]["socket_on"] is False
    socket_name = demo.state(demo.entity("socket"))["attributes"]["friendly_name"]
    _log_in(page, demo)
    _open(
        page,
        f"{demo.url}/config/devices/device/{demo.provisioned.device_id}",
        "Device info",
    )
    page.get_by_role("button", name=f"Turn {socket_name} on", exact=True).click(
        timeout=LOAD_MS
    )
    deadline = time.monotonic() + 20
    while not demo.simulator.status()["device"]["socket_on"]:
        assert time.monotonic() < deadline, "the relay did not switch on"
        time.sleep(0.1)
    deadline = time.monotonic() + 20
    while demo.state(demo.entity("socket"))["state"] != "on":
        assert time.monotonic() < deadline, "HA did not show the socket on"
        time.sleep(0.1)
    # The page follows HA's state live: the activity list gains "<name> On".
    screenshot = artifacts / "browser-socket-on.png"
    try:
        page.get_by_role(
            "button", name=re.compile(rf"^{re.escape(socket_name)} On ")
        ).first.wait_for(timeout=LOAD_MS)
    finally:
        screenshot.write_bytes(page.screenshot(full_page=True))
