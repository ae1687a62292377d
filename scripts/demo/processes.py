"""Start and stop the simulator and ``hass`` processes (demo, e2e tests, benchmarks).

Both are child processes in their own process group, so stopping one also
stops whatever it started, and nothing is left behind when a test fails.
"""

from __future__ import annotations

from collections.abc import Iterator
import contextlib
import ctypes
from dataclasses import dataclass
import json
import os
from pathlib import Path
import signal
import socket
import subprocess
import sys
import time
from typing import IO, Any
import urllib.request

from .haconfig import ROOT

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the parent dies (Linux), even by SIGKILL.

    The children run in their own session (so that Ctrl-C reaches only the
    parent, which stops them in order); this keeps a killed test run or demo
    from leaving a hass or simulator behind.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def stop_process(process: subprocess.Popen[Any], timeout: float = 20.0) -> int:
    """SIGTERM the process group, SIGKILL it after ``timeout``; the exit code."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
    return process.returncode


@dataclass
class SimulatorProcess:
    """The simulator in its own process, driven over its JSON control API."""

    process: subprocess.Popen[bytes]
    control_url: str
    modem_path: str
    device_number: str
    owner_number: str
    modem_number: str
    device_password: str | None

    def command(self, text: str) -> str:
        """Run one console command (``mains lost``, ``temp 21.5``, ...); its output."""
        reply = self._request("/api/command", {"command": text})
        if not reply.get("ok"):
            raise RuntimeError(f"simulator: {text!r}: {reply.get('output')}")
        return str(reply.get("output", ""))

    def status(self) -> dict[str, Any]:
        """The emulated device's and the modem's state."""
        result: dict[str, Any] = self._request("/api/status")
        return result

    def wire_log(self, since: int = 0) -> list[dict[str, Any]]:
        """SMS that reached or left the modem, from index ``since`` on."""
        result: list[dict[str, Any]] = self._request(f"/api/wire?since={since}")
        return result

    def _request(self, path: str, payload: dict[str, Any] | None = None) -> Any:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(
            f"{self.control_url}{path}",
            data=data,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def stop(self) -> int:
        """Stop the simulator."""
        return stop_process(self.process, timeout=10)


def start_simulator(
    work_dir: Path,
    *,
    control_port: int = 0,
    stdin: int | IO[Any] | None = subprocess.DEVNULL,
    log: IO[Any] | int | None = None,
    extra_args: tuple[str, ...] = (),
    timeout: float = 30.0,
) -> SimulatorProcess:
    """Start ``python -m scripts.demo.simserver``; returns once its modem is up."""
    work_dir.mkdir(parents=True, exist_ok=True)
    ready = work_dir / "simulator-ready.json"
    ready.unlink(missing_ok=True)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scripts.demo.simserver",
            "--control-port",
            str(control_port),
            "--ready-file",
            str(ready),
            *extra_args,
        ],
        cwd=ROOT,
        stdin=stdin,
        stdout=log,
        stderr=subprocess.STDOUT if log is not None else None,
        start_new_session=True,
        preexec_fn=_die_with_parent,  # noqa: PLW1509 - ctypes call only
    )
    deadline = time.monotonic() + timeout
    while not ready.exists():
        if process.poll() is not None:
            raise RuntimeError(f"the simulator exited with {process.returncode}")
        if time.monotonic() > deadline:
            stop_process(process)
            raise TimeoutError("the simulator did not start")
        time.sleep(0.05)
    info = json.loads(ready.read_text(encoding="utf-8"))
    return SimulatorProcess(process=process, **info)


def start_hass(
    config_dir: Path, *, log: IO[Any] | int | None = None
) -> subprocess.Popen[bytes]:
    """Start ``hass --config config_dir`` with this interpreter's environment."""
    return subprocess.Popen(
        [sys.executable, "-m", "homeassistant", "--config", str(config_dir)],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT if log is not None else None,
        start_new_session=True,
        preexec_fn=_die_with_parent,  # noqa: PLW1509 - ctypes call only
    )


@contextlib.contextmanager
def running(process: subprocess.Popen[Any], timeout: float = 30.0) -> Iterator[None]:
    """Stop ``process`` on leaving the block, whatever happened inside."""
    try:
        yield
    finally:
        stop_process(process, timeout)
