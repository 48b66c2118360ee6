"""One truth, two faces: the open window shows what the command line changes in the same data file — works added,
a decision recorded, a source added (which the window's own scheduler then checks) — without a restart."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.desktop import Desktop, monitor_scheduler
from tests.media import make_picture
from tests.ui_fixtures import make_paths, seed, start_desktop

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def paths(home: Path) -> Paths:
    return make_paths(home)


@pytest.fixture
def desktop(qtbot: QtBot, paths: Paths) -> Iterator[Desktop]:
    seed(paths, works=2, finds=3)
    yield from start_desktop(qtbot, paths, tray=False, make_scheduler=monitor_scheduler)


def cli(home: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real command, as another process, while the window is open (started off the main thread's loop)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run([sys.executable, "-m", "creatorwatch", "--home", str(home), *map(str, args)],
                          capture_output=True, text=True, timeout=300, env=env, check=False)


def test_the_window_shows_what_the_command_line_changed(qtbot: QtBot, desktop: Desktop, home: Path,
                                                        tmp_path: Path) -> None:
    window = desktop.window
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 2 and window.matches.loaded, timeout=20_000)

    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "2 works in your library", timeout=10_000)
    added = cli(home, "add", make_picture(tmp_path / "lighthouse.png", seed=3))
    assert added.returncode == 0, added.stderr
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 3, timeout=10_000)
    library = window.library.model
    assert "lighthouse" in {library.work_at(row).title for row in range(library.rowCount())}
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "3 works in your library", timeout=10_000)

    reviewed = cli(home, "review", "1", "--status", "dismissed")
    assert reviewed.returncode == 0, reviewed.stderr
    model = window.matches.model
    window.matches.show_filter.setCurrentText("Dismissed")  # where the creator would look for it
    qtbot.waitUntil(lambda: 1 in {model.finding_at(row).id for row in range(model.rowCount())}, timeout=10_000)

    folder = tmp_path / "watched"
    folder.mkdir()
    assert cli(home, "sources", "add", "folder", "--name", "from-terminal", "--set", f"path={folder}").returncode == 0
    qtbot.waitUntil(lambda: "from-terminal" in desktop.scheduler.next_runs(), timeout=10_000)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "from-terminal" in {s.config.name for s in window.sources.sources}, timeout=10_000)
