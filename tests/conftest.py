"""Fixtures shared by all tests: every user directory redirected into a temporary folder, the real CLI, and the
test habits every test keeps — no work left running after it (tests/dangling_work.py), no warning logged that it
did not expect (tests/log_fail.py), a time limit (pytest-timeout, pyproject.toml)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.cli_in_process import run_in_process
from tests.dangling_work import Watch
from tests.log_fail import LogFail

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # A desktop-sized first screen, where the window opens at its first size (offscreen's own is 800 × 800, smaller
    # than that size, which the window now shrinks to fit), and beside it a 1024 × 600 laptop screen the window
    # must fit, and offscreen's own 800 × 800 (narrower than Compare's usual size).
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={Path(__file__).with_name('offscreen_screens.json')}"
pytest_plugins = ("pytester",)  # tests/test_test_habits.py runs pytest on this conftest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "expect_log(logger, text, level=logging.WARNING, required=True): the test "
                                       "expects this logged warning (tests/log_fail.py)")


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
ExpectLog = Callable[..., None]


@pytest.fixture(autouse=True)
def log_fail(request: pytest.FixtureRequest) -> Iterator[LogFail]:
    """Fails the test on a WARNING (or worse) it did not declare with `expect_log` or `@pytest.mark.expect_log`."""
    handler = LogFail()
    for marker in request.node.iter_markers("expect_log"):
        handler.expect(*marker.args, **marker.kwargs)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
    if problems := handler.unexpected():
        pytest.fail("logged warnings the test did not expect:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def expect_log(log_fail: LogFail) -> ExpectLog:
    """`expect_log("creatorwatch.x", "words", level=logging.WARNING, required=True)` declares a logged warning."""
    return log_fail.expect


@pytest.fixture(autouse=True)
def no_dangling_work(log_fail: LogFail, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fails the test if a thread, QThread, thread-pool task or timer it started still runs after a short grace."""
    watch = Watch()
    watch.start(monkeypatch)
    yield
    if left := watch.leftovers():
        watch.stop()
        pytest.fail("the test left work running:\n" + "\n".join(left), pytrace=False)


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
def run_cli(home: Path, log_fail: LogFail) -> CliRunner:
    """Run the real `creatorwatch` command against `home`; returns the completed process. In this process
    (tests/cli_in_process.py), unless a `prefix` (a memory ceiling, another user) needs a process of its own."""

    def run(*args: str | os.PathLike[str], input: str | None = None, prefix: tuple[str, ...] = (),
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
        argv = ["--home", str(home), *map(str, args)]
        if not prefix:
            return run_in_process(argv, input, log_fail)
        command = [*prefix, sys.executable, "-m", "creatorwatch", *argv]
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
