"""Debian's ser2net in front of the simulated modem's pty, for the e2e tests.

``Ser2net(work_dir)`` writes a ser2net 4 YAML configuration with two
connections to the same device: raw TCP (``socket://``) and telnet with RFC
2217 (``rfc2217://``), both on free ports of 127.0.0.1, and runs
``ser2net -n -d -c <file>`` in the foreground (its own process group, so
stopping it leaves nothing behind). ``scripts/ensure_ser2net`` installs it.
"""

from __future__ import annotations

import os
from pathlib import Path
import shutil
import subprocess
import time

from scripts.demo.processes import free_port, stop_process

# Debian installs ser2net in /usr/sbin, not on every user's PATH.
BINARY = (
    os.environ.get("ISOCKET_SER2NET")
    or shutil.which("ser2net")
    or shutil.which("ser2net", path="/usr/sbin:/sbin")
    or "/usr/sbin/ser2net"
)
LISTEN = "0A"  # TCP state LISTEN in /proc/net/tcp

# The configuration documented in docs/hardware.md, with the device and the
# ports filled in. `kickolduser`: a hub that reconnects while its old
# connection is still half-open takes the port over instead of being refused.
# The modem speaks 8N1 at 115200 baud; `local` ignores the modem control lines
# (a pty has none, and a USB modem does not need them).
CONFIG = """\
%YAML 1.1
---
connection: &modem-raw
  accepter: tcp,127.0.0.1,{raw_port}
  connector: serialdev,{device},115200n81,local
  options:
    kickolduser: true

connection: &modem-rfc2217
  accepter: telnet(rfc2217),tcp,127.0.0.1,{rfc2217_port}
  connector: serialdev,{device},115200n81,local
  options:
    kickolduser: true
"""


class Ser2net:
    """One ser2net process serving one serial device; restartable."""

    def __init__(self, work_dir: Path) -> None:
        """Pick the ports; nothing runs until ``start``."""
        self.work_dir = work_dir
        self.config_path = work_dir / "ser2net.yaml"
        self.log_path = work_dir / "ser2net.log"
        self.raw_port = free_port()
        self.rfc2217_port = free_port()
        self.device: str | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def raw_url(self) -> str:
        """The hub's port for the raw TCP connection."""
        return f"socket://127.0.0.1:{self.raw_port}"

    @property
    def rfc2217_url(self) -> str:
        """The hub's port for the telnet/RFC 2217 connection."""
        return f"rfc2217://127.0.0.1:{self.rfc2217_port}"

    @property
    def running(self) -> bool:
        """The process is alive."""
        return self._process is not None and self._process.poll() is None

    def config(self, device: str) -> str:
        """The YAML text for ``device``."""
        return CONFIG.format(
            device=device, raw_port=self.raw_port, rfc2217_port=self.rfc2217_port
        )

    def start(self, device: str | None = None, within: float = 15.0) -> None:
        """Start serving ``device`` (the last one when None); wait until listening."""
        assert not self.running, "ser2net is already running"
        self.device = device or self.device
        assert self.device is not None
        self.config_path.write_text(self.config(self.device), encoding="utf-8")
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                [BINARY, "-n", "-d", "-c", str(self.config_path)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + within
        # Wait by reading the kernel's socket table: a probing connection
        # would make ser2net open the device.
        while not {self.raw_port, self.rfc2217_port} <= listening_ports():
            if not self.running:
                raise RuntimeError(
                    f"ser2net exited: {self.log_path.read_text(errors='replace')}"
                )
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError("ser2net did not start listening")
            time.sleep(0.05)

    def device_open(self) -> bool:
        """ser2net holds the device open (a client is or was just connected)."""
        if not self.running or self.device is None:
            return False
        assert self._process is not None
        device = os.path.realpath(self.device)
        fds = Path(f"/proc/{self._process.pid}/fd")
        try:
            return any(os.path.realpath(fd) == device for fd in fds.iterdir())
        except FileNotFoundError:  # exited meanwhile
            return False

    def wait_device_closed(self, within: float = 20.0) -> None:
        """Wait until ser2net let go of the device (its last client left).

        ser2net refuses a second connection while the device is open (its
        lock), so a test that connects right after another client must wait.
        """
        deadline = time.monotonic() + within
        while self.device_open():
            if time.monotonic() > deadline:
                raise TimeoutError("ser2net kept the device open")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop ser2net (SIGTERM): its clients' connections close."""
        if self._process is not None:
            stop_process(self._process, timeout=10)
            self._process = None


def listening_ports() -> set[int]:
    """TCP ports in LISTEN state on IPv4 (from /proc/net/tcp)."""
    ports: set[int] = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == LISTEN:
            ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports
