"""Start-up hygiene: an uncaught error leaves a crash log, and the creator is told where it is — now, or next start."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, qWarning
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from creatorwatch.ui.app import SMOKE_TEST_ENV
from creatorwatch.ui.crash import FATAL_LOG, CrashHandler, install_crash_handler, uninstall_crash_handler
from tests.conftest import ExpectLog

pytestmark = pytest.mark.qt_no_exception_capture  # the errors below are meant for our hook, not pytest-qt's


@pytest.fixture
def log_dir(tmp_path: Path) -> Path:
    return tmp_path / "logs"


@pytest.fixture
def crashes(log_dir: Path, expect_log: ExpectLog) -> Iterator[CrashHandler]:
    # the handler sends Qt's own messages to the log, this offscreen platform's complaint among them
    expect_log("creatorwatch.qt", "This plugin does not support propagateSizeHints", required=False)
    yield install_crash_handler(log_dir)
    uninstall_crash_handler()


def _crash_message() -> QMessageBox | None:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.objectName() == "crash-message" and w.isVisible()), None)


def _run_python(code: str, log_dir: Path) -> subprocess.CompletedProcess[str]:
    """A separate process, for what would end the test's own: a top-level error, a hard crash, no stderr."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), str(log_dir)],
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.expect_log("creatorwatch.ui.crash", "Uncaught error", level=logging.CRITICAL)
def test_an_error_in_a_slot_is_logged_and_its_path_shown(qtbot: QtBot, crashes: CrashHandler, log_dir: Path) -> None:
    def check_for_copies() -> None:
        raise RuntimeError("the index fell over")

    QTimer.singleShot(0, check_for_copies)
    qtbot.waitUntil(lambda: _crash_message() is not None)
    message = _crash_message()
    assert message is not None
    qtbot.addWidget(message)
    [crash_log] = log_dir.glob("crash-*.log")
    report = crash_log.read_text(encoding="utf-8")
    assert "in check_for_copies" in report and "RuntimeError: the index fell over" in report
    assert str(crash_log) in message.informativeText()
    assert crashes.untold_crash_logs() == [], "the creator was told now, so not again on the next start"


@pytest.mark.expect_log("creatorwatch.ui.crash", "Uncaught error in poller", level=logging.CRITICAL)
def test_an_error_no_one_saw_is_mentioned_once_on_the_next_start(qtbot: QtBot, crashes: CrashHandler,
                                                                  log_dir: Path) -> None:
    def background_work() -> None:
        raise ValueError("bad cursor from a source")

    worker = threading.Thread(target=background_work, name="poller")
    worker.start()
    worker.join()
    [crash_log] = log_dir.glob("crash-*.log")
    assert "ValueError: bad cursor from a source" in crash_log.read_text(encoding="utf-8")

    uninstall_crash_handler()  # the next start
    next_start = install_crash_handler(log_dir)
    parent = QWidget()
    qtbot.addWidget(parent)
    message = next_start.tell_about_earlier_crashes(parent)
    assert message is not None and str(crash_log) in message.informativeText()
    assert next_start.tell_about_earlier_crashes(parent) is None, "told once is enough"


def test_an_error_before_the_window_with_no_stderr_leaves_a_crash_log(log_dir: Path) -> None:
    """Windowed builds run with sys.stderr None; an error there must still be recorded, not crash the hook."""
    result = _run_python("""
        import sys
        from pathlib import Path
        sys.stdout = sys.stderr = None
        from creatorwatch.ui.crash import install_crash_handler
        install_crash_handler(Path(sys.argv[1]))
        print("nowhere to go")
        sys.stderr.write("libraries write to stderr directly")
        raise OSError("the data folder is read-only")
    """, log_dir)
    assert result.returncode == 1 and result.stderr == ""
    [crash_log] = log_dir.glob("crash-*.log")
    assert "OSError: the data folder is read-only" in crash_log.read_text(encoding="utf-8")


def test_a_hard_crash_becomes_a_crash_log_on_the_next_start(log_dir: Path, crashes: CrashHandler) -> None:
    uninstall_crash_handler()
    result = _run_python("""
        import faulthandler, sys
        from pathlib import Path
        from creatorwatch.ui.crash import install_crash_handler
        install_crash_handler(Path(sys.argv[1]))
        faulthandler._sigsegv()
    """, log_dir)
    assert result.returncode != 0 and not list(log_dir.glob("crash-*.log"))
    next_start = install_crash_handler(log_dir)
    [crash_log] = next_start.untold_crash_logs()
    assert "Segmentation fault" in crash_log.read_text(encoding="utf-8")
    assert (log_dir / FATAL_LOG).read_text(encoding="utf-8") == "", "ready for the next hard crash"


@pytest.mark.qt_log_ignore("a warning from Qt for the test")
@pytest.mark.expect_log("creatorwatch.qt", "a warning from Qt for the test")
def test_qt_warnings_go_into_the_log(crashes: CrashHandler, caplog: pytest.LogCaptureFixture) -> None:
    qWarning("a warning from Qt for the test")
    assert ("creatorwatch.qt", logging.WARNING, "a warning from Qt for the test") in caplog.record_tuples


def test_the_app_mentions_an_earlier_crash_and_its_smoke_test_quits(tmp_path: Path) -> None:
    """The whole start-up, in its own process as packaging/build.sh runs it: window shown, then a clean exit."""
    earlier = tmp_path / "logs" / "crash-2026-01-01-120000-000000.log"
    earlier.parent.mkdir()
    earlier.write_text("Traceback …", encoding="utf-8")
    env = {**os.environ, SMOKE_TEST_ENV: "1", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "creatorwatch", "--home", str(tmp_path)], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert (result.returncode, result.stdout) == (0, "smoke test: window shown\n"), result.stderr
    assert earlier.name in (tmp_path / "logs" / "crash-logs-told.txt").read_text(encoding="utf-8")
    assert not (tmp_path / "logs" / FATAL_LOG).read_text(encoding="utf-8"), "no hard crash on the way out"
