"""The data file held by another program (a backup tool, a sqlite3 shell): what the window does with it fails in
words a creator understands, where a review decision said only "database is locked"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from creatorwatch.core.records.terms import Terms
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.data import query
from tests.ui_fixtures import make_paths, open_window, seed


def test_a_data_file_locked_by_another_program_is_said_in_words(qtbot: QtBot, tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data", tmp_path / "config", tmp_path / "cache", tmp_path / "logs").ensure()
    open_database(paths.database).conn.close()
    other = sqlite3.connect(paths.database, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds it, as `sqlite3 FILE 'BEGIN EXCLUSIVE;'` does
    failed: list[BaseException] = []
    try:
        query(paths, lambda db: Terms(db).add(["Wren Aldane"]), lambda _: None, failed.append)
        qtbot.waitUntil(lambda: bool(failed), timeout=60_000)  # after the data file's own wait for the lock
    finally:
        other.execute("ROLLBACK")
        other.close()
    said = str(failed[0])
    assert "is in use by another program or another CreatorWatch window" in said and "Try again" in said
    assert "database is locked" not in said


def test_a_watch_term_that_could_not_be_saved_goes_back_in_its_box(qtbot: QtBot, tmp_path: Path) -> None:
    """The box was cleared at Enter and the term lost when the data file was held: it is typed in again for the
    creator, ready for another Enter once the file is free."""
    paths = make_paths(tmp_path)
    seed(paths, works=1, finds=0)
    win = open_window(qtbot, paths)
    other = sqlite3.connect(paths.database, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        qtbot.keyClicks(win.terms.entry, "Wren Aldane")
        win.terms.add_button.click()
        qtbot.waitUntil(lambda: "could not be changed" in win.statusBar().currentMessage(), timeout=60_000)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert win.terms.entry.text() == "Wren Aldane"
