"""The running stack shared by the end-to-end tests of a module.

Starting ``hass`` takes a while, so one stack serves a module's tests, which
run in file order as one scenario. pytest-homeassistant-custom-component
blocks sockets in every test (pytest-socket); these tests talk to real
processes over 127.0.0.1, so sockets are enabled for the stack and each test
asks for ``socket_enabled``.
"""

from __future__ import annotations

from collections.abc import Iterator
import contextlib
from pathlib import Path
import shutil
from typing import Any

import pytest
import pytest_socket

from scripts.demo.haconfig import ROOT
from scripts.demo.stack import Stack, demo_stack

ARTIFACTS = ROOT / ".artifacts"


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Stack]:
    """Simulator + hass with the hub and one device; logs kept on failure."""
    work_dir = tmp_path_factory.mktemp("e2e")
    with running_stack(work_dir, request) as running:
        yield running


@contextlib.contextmanager
def running_stack(
    work_dir: Path, request: pytest.FixtureRequest, **options: Any
) -> Iterator[Stack]:
    """``demo_stack(work_dir, **options)`` with sockets on; logs kept on failure."""
    pytest_socket.enable_socket()
    name = request.module.__name__.rsplit(".", 1)[-1]
    failed_before = request.session.testsfailed
    try:
        with demo_stack(work_dir, **options) as running:
            yield running
    except BaseException:
        _keep_logs(work_dir, name)
        raise
    if request.session.testsfailed > failed_before:
        _keep_logs(work_dir, name)


def _keep_logs(work_dir: Path, name: str) -> None:
    """Copy the processes' logs under .artifacts/ for a failed scenario."""
    target = ARTIFACTS / f"{name}-logs"
    target.mkdir(parents=True, exist_ok=True)
    for log in (
        "hass.log",
        "simulator.log",
        "ser2net.log",
        "ser2net.yaml",
        "config/home-assistant.log",
    ):
        if (work_dir / log).exists():
            shutil.copy(work_dir / log, target / Path(log).name)
