"""A data file damaged in its middle still opens and still shows most pages: the window says so across its top
from the moment it opens (it looked healthy, every source "ok", until a check failed to record its finds), keeps
saying it, and stops once a backup is restored and the creator asks to check again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.integrity import damage
from tests.ui_fixtures import make_paths, open_window, seed, settle


def damage_a_page(database: Path, table: str = "matches") -> None:
    """Overwrite the first page of `table` with noise, as a disk fault would, leaving the file's header whole."""
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    with database.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(bytes(range(7, 256)) * (page_size // 249) + bytes(page_size % 249))


def test_the_quick_check_finds_a_damaged_page_and_passes_a_whole_file(tmp_path: Path) -> None:
    paths = make_paths(tmp_path)
    seed(paths)
    assert damage(open_database(paths.database), paths.database) is None
    damage_a_page(paths.database)
    said = damage(open_database(paths.database), paths.database)
    assert said is not None and "is damaged" in str(said) and "backup" in str(said)


def test_the_window_says_the_data_file_is_damaged_as_it_opens(qtbot: QtBot, tmp_path: Path) -> None:
    paths = make_paths(tmp_path)
    seed(paths)
    damage_a_page(paths.database)
    win = open_window(qtbot, paths, "overview")
    assert win.damaged.isVisible()
    assert "is damaged" in win.damaged.text.text() and "Restore it from a backup" in win.damaged.text.text()


def test_a_whole_data_file_shows_no_bar_and_a_damaged_one_keeps_it_till_hidden(qtbot: QtBot,
                                                                               tmp_path: Path) -> None:
    paths = make_paths(tmp_path)
    seed(paths)
    win = open_window(qtbot, paths, "overview")
    assert not win.damaged.isVisible()
    win.close()
    damage_a_page(paths.database)
    win = open_window(qtbot, paths, "overview")
    win.damaged.first.click()  # Check again: still damaged
    settle()
    assert win.damaged.isVisible()
    win.damaged.second.click()  # Hide
    assert not win.damaged.isVisible()
