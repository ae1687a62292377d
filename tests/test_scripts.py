"""The set-up scripts behave on a machine unlike this one (a GitHub runner).

``scripts/find_python`` must take the ``python3.14`` on PATH and need nothing
beside the repository; ``scripts/apt_install`` (used by ``ensure_browser`` and
``ensure_ser2net``) must go through ``sudo -n`` when not root and fail loudly
when it cannot install. Each test runs the real script with a PATH of stub
commands in a temporary directory, so nothing is installed.
"""

from __future__ import annotations

from pathlib import Path
import shutil
import subprocess
import sys

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
# Real tools the scripts call besides the stubs.
TOOLS = ("bash", "dirname", "cat", "sed")


def _bin(tmp_path: Path, stubs: dict[str, str]) -> Path:
    """A directory of stub commands (shell bodies) plus links to TOOLS."""
    directory = tmp_path / "bin"
    directory.mkdir()
    for tool in TOOLS:
        found = shutil.which(tool)
        assert found is not None, tool
        (directory / tool).symlink_to(found)
    for name, body in stubs.items():
        stub = directory / name
        stub.write_text(f"#!{shutil.which('bash')}\n{body}\n", encoding="utf-8")
        stub.chmod(0o755)
    return directory


def _run(
    script: str, path: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(path / "bash"), str(SCRIPTS / script), *args],
        env={"PATH": str(path), **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _real_python() -> str:
    """This interpreter without the venv (a Python >= 3.14.2 with ssl, sqlite3)."""
    base: str = getattr(sys, "_base_executable", sys.executable)
    return str(Path(base).resolve())


def _no_installer(tmp_path: Path) -> dict[str, str]:
    """Environment of a machine without ../shared (a GitHub runner)."""
    return {
        "ISOCKET_PYTHON_INSTALLER": str(tmp_path / "absent"),
        "ISOCKET_PYTHON_INSTALLED": str(tmp_path / "absent-python"),
    }


def test_find_python_takes_python314_from_path(tmp_path: Path) -> None:
    """The python3.14 on PATH wins; the installer is not run."""
    marker = tmp_path / "installer-ran"
    installer = tmp_path / "install-python3.14"
    installer.write_text(f"touch {marker}\n", encoding="utf-8")
    path = _bin(tmp_path, {})
    (path / "python3.14").symlink_to(_real_python())
    result = _run("find_python", path, env={"ISOCKET_PYTHON_INSTALLER": str(installer)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(path / "python3.14")
    assert not marker.exists()


def test_find_python_without_python_or_installer_says_what_to_do(
    tmp_path: Path,
) -> None:
    """No python3.14 and no ../shared: a clear error naming the remedies."""
    path = _bin(tmp_path, {})
    result = _run(
        "find_python",
        path,
        env=_no_installer(tmp_path),
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Python >= 3.14.2 is required" in result.stderr
    assert "actions/setup-python" in result.stderr


def test_find_python_runs_the_installer_only_as_fallback(tmp_path: Path) -> None:
    """No python3.14 on PATH, the installer exists: it runs, its python is used."""
    path = _bin(tmp_path, {})
    installer = tmp_path / "install-python3.14"
    installer.write_text(
        f"{shutil.which('ln')} -s {_real_python()} {path / 'python3.14'}\n",
        encoding="utf-8",
    )
    result = _run("find_python", path, env={"ISOCKET_PYTHON_INSTALLER": str(installer)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(path / "python3.14")
    assert "running the fallback installer" in result.stderr


def test_find_python_names_an_unusable_python314(tmp_path: Path) -> None:
    """A python3.14 older than 3.14.2 is reported, not silently skipped."""
    path = _bin(
        tmp_path,
        {
            "python3.14": 'if [ "$1" = --version ]; then echo "Python 3.14.0"; fi\nexit 1'
        },
    )
    result = _run(
        "find_python",
        path,
        env=_no_installer(tmp_path),
    )
    assert result.returncode == 1
    assert "is not usable" in result.stderr
    assert "Python 3.14.0" in result.stderr


def test_bootstrap_needs_no_shared_directory() -> None:
    """Only find_python knows the toolchain installer, and only as a fallback."""
    mentions = [
        script.name
        for script in SCRIPTS.iterdir()
        if script.is_file() and "shared/toolchain" in script.read_text("utf-8")
    ]
    assert mentions == ["find_python"]
    assert "scripts/find_python" in (SCRIPTS / "bootstrap").read_text("utf-8")


APT_LOG_STUBS = {
    "sudo": 'echo "sudo $*" >> "$LOG"\n[ "$1" = -n ] && shift\nexec "$@"',
    "apt-get": 'echo "apt-get $*" >> "$LOG"',
}


def test_apt_install_as_a_runner_user_goes_through_sudo(tmp_path: Path) -> None:
    """Not root (GitHub's `runner`): `sudo -n apt-get update`, then install."""
    log = tmp_path / "log"
    path = _bin(tmp_path, {"id": "echo 1001", **APT_LOG_STUBS})
    result = _run("apt_install", path, "ser2net", env={"LOG": str(log)})
    assert result.returncode == 0, result.stderr
    assert log.read_text(encoding="utf-8").splitlines() == [
        "sudo -n apt-get update -qq",
        "apt-get update -qq",
        "sudo -n apt-get install -y -qq --no-install-recommends ser2net",
        "apt-get install -y -qq --no-install-recommends ser2net",
    ]


def test_apt_install_as_root_runs_apt_get_directly(tmp_path: Path) -> None:
    """Root (these machines): no sudo."""
    log = tmp_path / "log"
    path = _bin(tmp_path, {"id": "echo 0", **APT_LOG_STUBS})
    result = _run("apt_install", path, "chromium", env={"LOG": str(log)})
    assert result.returncode == 0, result.stderr
    assert log.read_text(encoding="utf-8").splitlines() == [
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends chromium",
    ]


@pytest.mark.parametrize(
    ("stubs", "reason"),
    [
        ({"id": "echo 1001", "apt-get": "exit 0"}, "not root and no sudo"),
        ({"id": "echo 0"}, "apt-get is not available"),
        ({"id": "echo 0", "apt-get": '[ "$1" = update ]'}, "did not succeed"),
    ],
    ids=["no-sudo", "no-apt", "install-fails"],
)
def test_apt_install_fails_loudly(
    tmp_path: Path, stubs: dict[str, str], reason: str
) -> None:
    """When nothing can be installed the caller gets a non-zero exit and why."""
    result = _run("apt_install", _bin(tmp_path, stubs), "ser2net")
    assert result.returncode == 1
    assert reason in result.stderr


@pytest.mark.parametrize(
    ("script", "variable"),
    [("ensure_ser2net", "ISOCKET_SER2NET"), ("ensure_browser", "ISOCKET_CHROMIUM")],
)
def test_ensure_scripts_fail_loudly_never_skip(
    tmp_path: Path, script: str, variable: str
) -> None:
    """A missing tool is a failure with a banner, never a quiet exit 0."""
    result = subprocess.run(
        ["bash", str(SCRIPTS / script)],
        env={
            "PATH": f"{ROOT / '.venv' / 'bin'}:/usr/bin:/bin",
            variable: str(tmp_path / "missing"),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert f"{script}: FAILED" in result.stderr
    assert "does not run" in result.stderr
