"""Two adds of one data folder at once (two `creatorwatch add`, or the window's and a command's): the one that
finished first said "7 files from your last add were not added before CreatorWatch closed", and offered to let them
go, although nothing had closed: they were the files the other add was still working on. Now an add in progress
holds a claim that dies with its process, so only the files of an add that is over are said (or offered by the
window); an add killed with kill -9 is still said as before. Each add here is a real process, held mid-way with
SIGSTOP (stopped outside any write to the data file) so that the other one runs while it is truly still going."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.unfinished import unfinished
from creatorwatch.core.library.works import Library
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from tests.conftest import CliRunner
from tests.media import make_picture
from tests.ui_fixtures import make_paths, open_window
from tests.window_adding import WINDOW_ADDING

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")
WAIT = 120.0
SAID = "from your last add"

@pytest.fixture
def paths(home: Path) -> Paths:
    return make_paths(home)


def pictures(folder: Path, count: int, first_seed: int) -> Path:
    folder.mkdir()
    for i in range(count):
        make_picture(folder / f"study {i:03}.png", seed=first_seed + i, size=(200, 150))
    return folder


def works_in(paths: Paths) -> dict[str, int]:
    """Path → work id of every work in the library."""
    with contextlib.closing(sqlite3.connect(paths.database, timeout=30)) as conn:
        try:
            return {path: work_id for work_id, path in conn.execute("SELECT id, path FROM works")}
        except sqlite3.OperationalError:  # not created yet
            return {}


def kept(paths: Paths) -> int:
    """How many files adds have kept as not yet added (running or not)."""
    with contextlib.closing(sqlite3.connect(paths.database, timeout=30)) as conn:
        return int(conn.execute("SELECT COUNT(DISTINCT path) FROM unfinished_adds").fetchone()[0])


def left_unfinished(paths: Paths) -> list[Path]:
    db = open_database(paths.database)
    try:
        return unfinished(db)
    finally:
        db.conn.close()


def started(home: Path, *args: str | Path, window: bool = False) -> subprocess.Popen[str]:
    """A real `creatorwatch add ARGS` (or the window adding the folder ARGS[0]) in a process of its own."""
    here = str(Path(__file__).resolve().parents[1])
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p),
    }
    if window:
        command = [sys.executable, "-c", WINDOW_ADDING, str(home), *map(str, args)]
    else:
        command = [sys.executable, "-m", "creatorwatch", "--home", str(home), "add", *map(str, args)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def held_once(process: subprocess.Popen[str], paths: Paths, ready: Callable[[], bool]) -> None:
    """Stop `process` (SIGSTOP) once `ready()`, at a moment it is not writing to the data file: a stopped writer
    would keep every other process waiting."""
    deadline = time.monotonic() + WAIT
    while not ready():
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "the add did not get far enough"
        time.sleep(0.01)
    while True:
        process.send_signal(signal.SIGSTOP)
        with contextlib.closing(sqlite3.connect(paths.database, timeout=0, isolation_level=None)) as conn:
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
                return
            except sqlite3.OperationalError:  # it was stopped inside a write: let it finish that one
                process.send_signal(signal.SIGCONT)
                time.sleep(0.01)


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    """The adds a test started: none is left running or stopped, whatever the test does."""
    started_here: list[subprocess.Popen[str]] = []
    yield started_here
    for process in started_here:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=WAIT)


def test_two_adds_at_once_neither_says_the_others_files_were_left(
    paths: Paths, home: Path, run_cli: CliRunner, tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    portfolio = pictures(tmp_path / "portfolio", 40, first_seed=0)
    sketches = pictures(tmp_path / "sketches", 12, first_seed=100)
    first = started(home, portfolio)
    processes.append(first)
    held_once(first, paths, lambda: len(works_in(paths)) >= 3)
    by_first = len(works_in(paths))
    second = started(home, sketches, portfolio, "--json")  # the same portfolio again, as tester 7 did
    processes.append(second)
    held_once(second, paths, lambda: len(works_in(paths)) >= by_first + 2)

    # both are mid-way: nothing is left by a closed add, for any command
    assert left_unfinished(paths) == [] and kept(paths) > 0
    one_more = run_cli("add", make_picture(tmp_path / "one more.png", seed=500))
    assert one_more.returncode == 0 and SAID not in one_more.stderr, one_more.stderr
    still = kept(paths)
    assert run_cli("add", "--forget-unfinished").returncode == 0
    assert kept(paths) == still  # the files of a running add are not "let go" behind its back

    first.send_signal(signal.SIGCONT)  # the first finishes while the second is still held mid-way
    out, err = first.communicate(timeout=WAIT)
    assert first.returncode == 0, err
    assert SAID not in err and out.strip().endswith("0 skipped.")
    assert left_unfinished(paths) == [] and kept(paths) > 0  # the second's files, its own

    second.send_signal(signal.SIGCONT)
    out, err = second.communicate(timeout=WAIT)
    assert second.returncode == 0, err
    assert SAID not in err
    report = json.loads(out)
    library = works_in(paths)
    assert len(library) == 40 + 12 + 1  # each file once
    assert report["skipped"] == [] and len(report["added"]) + len(report["already"]) == 40 + 12
    for row in report["already"]:  # named as the work the other add recorded for that very file
        work_id = library[str(Path(row["path"]).absolute())]
        assert row["work_id"] == work_id and row["reason"].startswith(f"already in the library as #{work_id} ")
    assert {Path(row["path"]).parent.name for row in report["already"]} == {"portfolio"}
    assert left_unfinished(paths) == [] and kept(paths) == 0


def test_a_command_add_is_not_offered_by_the_window_until_it_is_killed(
    qtbot: QtBot, paths: Paths, home: Path, tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    portfolio = pictures(tmp_path / "portfolio", 30, first_seed=0)
    adding = started(home, portfolio)
    processes.append(adding)
    held_once(adding, paths, lambda: len(works_in(paths)) >= 3)

    window = open_window(qtbot, paths)  # the window opens while the command adds
    assert not window.unfinished.isVisibleTo(window) and window.unfinished.files == []

    adding.kill()  # kill -9: now its files are left by an add that closed
    adding.communicate(timeout=WAIT)
    left = 30 - len(works_in(paths))
    assert left > 0
    again = open_window(qtbot, paths)  # the next start
    qtbot.waitUntil(again.unfinished.isVisible, timeout=10_000)
    assert again.unfinished.text.text() == f"{left} files from your last add were not added before CreatorWatch closed."
    assert len(again.unfinished.files) == left


def test_the_windows_add_is_not_said_by_a_command_until_the_window_is_killed(
    paths: Paths, home: Path, run_cli: CliRunner, tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    portfolio = pictures(tmp_path / "portfolio", 30, first_seed=0)
    window = started(home, portfolio, window=True)
    processes.append(window)
    held_once(window, paths, lambda: len(works_in(paths)) >= 3)

    added = run_cli("add", make_picture(tmp_path / "other.png", seed=300))
    assert added.returncode == 0 and SAID not in added.stderr, added.stderr
    finishing = run_cli("add", "--unfinished", "--json")  # nothing is unfinished: the window is still adding
    assert finishing.returncode == 0 and json.loads(finishing.stdout)["added"] == []

    window.kill()
    window.communicate(timeout=WAIT)
    left = 31 - len(works_in(paths))
    assert left > 0
    said = run_cli("add", make_picture(tmp_path / "another.png", seed=301)).stderr
    assert f"{left} files from your last add were not added before CreatorWatch closed." in said
    finished = run_cli("add", "--unfinished", "--json")
    assert len(json.loads(finished.stdout)["added"]) == left and left_unfinished(paths) == []
    assert len(works_in(paths)) == 32


def test_files_kept_by_an_older_creatorwatch_are_still_said(paths: Paths, tmp_path: Path) -> None:
    """A data file from before adds were named: its kept files belong to no running add, so they are said."""
    left = [make_picture(tmp_path / f"left {i}.png", seed=i) for i in range(2)]
    db = open_database(paths.database)
    try:
        db.execute("DROP TABLE unfinished_adds")
        db.execute("CREATE TABLE unfinished_adds (path TEXT PRIMARY KEY, queued_at TEXT NOT NULL)")
        db.conn.executemany(
            "INSERT INTO unfinished_adds VALUES (?, '2026-12-01T10:00:00+00:00')", [(str(p.absolute()),) for p in left]
        )
        db.execute("PRAGMA user_version = 21")
    finally:
        db.conn.close()
    assert left_unfinished(paths) == [p.absolute() for p in left]


def test_a_file_another_add_records_a_moment_before_is_already_in_the_library(paths: Paths, tmp_path: Path) -> None:
    """Both adds read the same file at once; the other records it between this one's look and its write (here:
    as this one starts writing, through SQLite's statement hook). It is "already in the library", not a failed
    add: the look is made under the write lock."""
    work = make_picture(tmp_path / "harbour.png", seed=3)
    db, other = open_database(paths.database), open_database(paths.database)
    writes, by_other = [], []

    def the_other_add_records_it_first(statement: str) -> None:
        if statement.startswith("BEGIN IMMEDIATE"):
            writes.append(statement)
            if len(writes) == 2:  # the first write is keeping the chosen files; the second records the work
                by_other.append(Library(other).add_paths([work]))

    db.conn.set_trace_callback(the_other_add_records_it_first)
    try:
        report = Library(db).add_paths([work])
    finally:
        db.conn.set_trace_callback(None)
        db.conn.close()
        other.conn.close()
    assert [len(r.added) for r in by_other] == [1]
    recorded = by_other[0].added[0].work
    assert recorded is not None and report.added == [] and report.skipped == []
    assert [o.reason for o in report.already] == [f'already in the library as #{recorded.id} "harbour"']
    assert len(works_in(paths)) == 1 and left_unfinished(paths) == []
