"""An add killed halfway (kill -9 at file 120 of 200) is said on the next start: the library held 120 works and
nothing said that 80 chosen files were never added. The window offers to add them, or to forget them; `creatorwatch
add` says it too, in one line on stderr; a Stop the creator pressed is not offered again."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.unfinished import queue, unfinished
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.main_window import MainWindow
from tests.conftest import CliRunner
from tests.media import make_picture
from tests.ui_fixtures import make_paths, open_window
from tests.window_adding import WINDOW_ADDING

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")
CHOSEN, KILLED_AT = 200, 120

@pytest.fixture
def paths(home: Path) -> Paths:
    return make_paths(home)


def works_in(paths: Paths) -> int:
    with sqlite3.connect(paths.database, timeout=30) as conn:
        try:
            return int(conn.execute("SELECT COUNT(*) FROM works").fetchone()[0])
        except sqlite3.OperationalError:  # not created yet
            return 0


def left_unfinished(paths: Paths) -> list[Path]:
    db = open_database(paths.database)
    try:
        return unfinished(db)
    finally:
        db.conn.close()


def kill_while_adding(home: Path, paths: Paths, folder: Path) -> int:
    """Start the window adding `folder`, SIGKILL it once KILLED_AT works are in; how many were."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1]), *sys.path])}
    window = subprocess.Popen([sys.executable, "-c", WINDOW_ADDING, str(home), str(folder)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=folder.parent)
    try:
        deadline = time.monotonic() + 120
        while works_in(paths) < KILLED_AT:
            assert window.poll() is None, window.stderr.read().decode() if window.stderr else ""
            assert time.monotonic() < deadline, "the add did not get far enough"
            time.sleep(0.01)
        window.send_signal(signal.SIGKILL)
    finally:
        window.kill()
        window.wait(30)
        if window.stderr:
            window.stderr.close()
    return works_in(paths)


def test_an_add_killed_halfway_is_said_on_the_next_start_and_the_rest_is_added(qtbot: QtBot, home: Path,
                                                                                paths: Paths, tmp_path: Path) -> None:
    folder = tmp_path / "portfolio"
    folder.mkdir()
    for i in range(CHOSEN):
        make_picture(folder / f"study {i:03}.png", seed=i, size=(240, 180))
    added = kill_while_adding(home, paths, folder)
    assert KILLED_AT <= added < CHOSEN
    assert len(left_unfinished(paths)) == CHOSEN - added  # each ticked off with its work: none lost, none twice

    window = open_window(qtbot, paths)  # the next start
    bar = window.unfinished
    qtbot.waitUntil(bar.isVisible, timeout=10_000)
    assert bar.text.text() == f"{CHOSEN - added} files from your last add were not added before CreatorWatch closed."
    bar.add_button.click()
    assert not bar.isVisible() and window.current_page() == "library"
    qtbot.waitUntil(lambda: not window.library.is_adding() and window.library.model.rowCount() == CHOSEN,
                    timeout=120_000)
    assert works_in(paths) == CHOSEN and left_unfinished(paths) == []
    assert QThreadPool.globalInstance().waitForDone(30_000)

    again = MainWindow(paths)  # and the start after: nothing more to say
    qtbot.addWidget(again)
    assert QThreadPool.globalInstance().waitForDone(30_000)
    qtbot.wait(50)
    assert not again.unfinished.isVisibleTo(again) and again.unfinished.files == []


def test_forget_them_is_kept_and_the_command_line_says_it_in_one_line(qtbot: QtBot, paths: Paths,
                                                                      run_cli: CliRunner, tmp_path: Path) -> None:
    left = [make_picture(tmp_path / f"left {i}.png", seed=i) for i in range(3)]
    db = open_database(paths.database)
    try:
        queue(db, left, "a killed add")  # as a killed add leaves them
    finally:
        db.conn.close()
    other = make_picture(tmp_path / "another.png", seed=9)
    added = run_cli("add", other, "--json")
    assert added.returncode == 0, added.stderr
    said = [line for line in added.stderr.splitlines() if "not added" in line]
    assert said == ["3 files from your last add were not added before CreatorWatch closed. Add them with: "
                    "creatorwatch add --unfinished, or let them go with: creatorwatch add --forget-unfinished (the "
                    "window offers the same)."]
    assert len(json.loads(added.stdout)["added"]) == 1  # its JSON as ever

    window = open_window(qtbot, paths)
    bar = window.unfinished
    qtbot.waitUntil(bar.isVisible, timeout=10_000)
    assert bar.text.text() == "3 files from your last add were not added before CreatorWatch closed."
    bar.forget_button.click()
    assert not bar.isVisible()
    qtbot.waitUntil(lambda: left_unfinished(paths) == [], timeout=10_000)
    assert "not added" not in run_cli("add", other).stderr


def test_a_stop_the_creator_pressed_is_not_offered_again(qtbot: QtBot, paths: Paths, tmp_path: Path) -> None:
    folder = tmp_path / "portfolio"
    folder.mkdir()
    for i in range(40):
        make_picture(folder / f"study {i:02}.png", seed=i)
    window = open_window(qtbot, paths)
    assert window.library.add_paths([folder])
    qtbot.waitUntil(lambda: window.library.progress.value() >= 1, timeout=30_000)
    assert window.library.progress.text().endswith(" of 40")  # the count on the bar: it only moved before
    window.library.cancel_button.click()
    qtbot.waitUntil(lambda: not window.library.is_adding(), timeout=30_000)
    assert "(stopped before the end)" in window.statusBar().currentMessage()
    assert works_in(paths) < 40 and left_unfinished(paths) == []


def test_the_command_line_adds_or_lets_go_what_is_left_and_counts_only_what_is_left(paths: Paths, run_cli: CliRunner,
                                                                                   tmp_path: Path) -> None:
    """A file added again another way, or gone from the disk, is no longer counted as left (71 were said, and
    "Add them" found 28 already in the library); `add --unfinished` and `--forget-unfinished` do from the command
    line what the window's buttons do."""
    left = [make_picture(tmp_path / f"left {i}.png", seed=i) for i in range(4)]
    db = open_database(paths.database)
    try:
        queue(db, left, "a killed add")
    finally:
        db.conn.close()
    assert run_cli("add", left[0]).returncode == 0  # added again by name
    left[1].unlink()  # gone since
    said = [line for line in run_cli("add", make_picture(tmp_path / "other.png", seed=9)).stderr.splitlines()
            if "not added" in line]
    assert said and said[0].startswith("2 files from your last add were not added")
    finished = run_cli("add", "--unfinished", "--json")
    assert finished.returncode == 0, finished.stderr
    added = sorted(Path(row["path"]).name for row in json.loads(finished.stdout)["added"])
    assert added == ["left 2.png", "left 3.png"]
    assert left_unfinished(paths) == [] and "not added" not in finished.stderr

    db = open_database(paths.database)
    try:
        queue(db, [make_picture(tmp_path / "late.png", seed=12)], "a killed add")
    finally:
        db.conn.close()
    assert run_cli("add", "--forget-unfinished").returncode == 0 and left_unfinished(paths) == []
    assert run_cli("add").returncode == 2  # nothing named, nothing asked: wrong usage
