"""Fixtures shared by all tests: every user directory redirected into a temporary folder, and the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of the optional voice extra skip, saying why, on a machine without it."""
    from creatorwatch.core.voice.installed import NOT_INSTALLED, voice_installed

    if voice_installed():
        return
    for item in items:
        if item.get_closest_marker("needs_voice"):
            item.add_marker(pytest.mark.skip(reason=NOT_INSTALLED))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """CI installs everything, so a skipped test there means something is missing: fail the run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if os.environ.get("CI") and skipped and exitstatus == pytest.ExitCode.OK:
        print(f"\nCI: {len(skipped)} test(s) skipped; CI installs every extra, so none may skip.")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

CliRunner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the real home: HOME, the XDG folders and CREATORWATCH_HOME all point into a temp dir."""
    root = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("HOME", str(root))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(root / name.lower()))
    monkeypatch.setenv("CREATORWATCH_HOME", str(root / "creatorwatch"))
    return root


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A fresh CreatorWatch data home."""
    return tmp_path / "home"


@pytest.fixture
def run_cli(home: Path) -> CliRunner:
    """Run the real `creatorwatch` command in a subprocess against `home`; returns the completed process."""

    def run(*args: str | os.PathLike[str], input: str | None = None, prefix: tuple[str, ...] = (),
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
        command = [*prefix, sys.executable, "-m", "creatorwatch", "--home", str(home), *map(str, args)]
        return subprocess.run(command, capture_output=True, text=True, input=input, timeout=timeout, check=False)

    return run


@pytest.fixture
def keyring_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI's keyring, in a file (see tests/file_keyring.py)."""
    path = tmp_path / "keyring.json"
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.file_keyring.FileKeyring")
    monkeypatch.setenv("CREATORWATCH_TEST_KEYRING", str(path))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(Path(__file__).parent.parent),
                                                                     os.environ.get("PYTHONPATH")])))
    return path
