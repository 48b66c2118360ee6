"""Removing a work with no finds happens at once, so a slip of the Delete key must be undoable: the status bar
says how, and Ctrl+Z puts the work back as it was — same id, same fingerprint, its find naming it again, and
copies of it found again — without reading its file a second time (it may be gone by then)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.matching.match import Matcher
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.library_view import LibraryView
from tests.test_image_matching import artwork
from tests.ui_fixtures import paths, shown_library  # noqa: F401

SelectionFlag = QItemSelectionModel.SelectionFlag


@pytest.fixture
def library(qtbot: QtBot, paths: Paths, tmp_path: Path) -> Iterator[LibraryView]:  # noqa: F811
    """A library of two pictures, "chime" (with a find naming it) and "harbour"."""
    for name, seed in (("chime", 41), ("harbour", 42)):
        artwork(seed).save(tmp_path / f"{name}.png")
    db = open_database(paths.database)
    Library(db).add_paths([tmp_path / "chime.png", tmp_path / "harbour.png"])
    with db.conn:
        db.execute("INSERT INTO candidates (url, source, title, first_seen) VALUES ('https://x.example/1', 'feed',"
                   " 'Item', '2026-01-01')")
        db.execute("INSERT INTO matches (type, candidate_id, work_id, kind, score, evidence, found_at) VALUES"
                   " ('match', 1, 1, 'image', 0.9, '{}', '2026-01-01')")
    db.conn.close()
    yield shown_library(qtbot, paths, 2)
    assert QThreadPool.globalInstance().waitForDone(30_000)


def stored(home: Paths) -> dict[str, object]:
    db = open_database(home.database)
    try:
        return {
            "works": db.execute("SELECT id, title, path, size, mtime, sha256, added_at, facts FROM works").fetchall(),
            "fingerprints": db.execute("SELECT * FROM fingerprints ORDER BY work_id").fetchall(),
            "find names": db.execute("SELECT work_id FROM matches").fetchall(),
        }
    finally:
        db.conn.close()


def titles(view: LibraryView) -> list[str]:
    return sorted(view.model.work_at(row).title for row in range(view.model.rowCount()))


def test_ctrl_z_puts_a_removed_work_back_as_it_was(qtbot: QtBot, library: LibraryView,
                                                  paths: Paths, tmp_path: Path) -> None:  # noqa: F811
    before = stored(paths)
    said: list[str] = []
    library.message.connect(lambda text, _ms: said.append(text))
    [row] = [r for r in range(library.model.rowCount()) if library.model.work_at(r).title == "chime"]
    library.table.selectionModel().select(library.model.index(row, 0), SelectionFlag.Select | SelectionFlag.Rows)
    library.remove_action.trigger()
    qtbot.waitUntil(lambda: any(b.isVisible() for b in library.findChildren(QMessageBox, "remove-works")))
    [box] = library.findChildren(QMessageBox, "remove-works")  # chime has a find: the creator agrees
    [remove] = [b for b in box.buttons() if b.text() == "Remove"]
    remove.click()
    qtbot.waitUntil(lambda: titles(library) == ["harbour"])
    qtbot.waitUntil(lambda: "Removed “chime”. Ctrl+Z puts it back." in said)
    assert stored(paths) != before

    (tmp_path / "chime.png").unlink()  # the file need not be there to be put back (it is then said to be missing)
    library.table.setFocus()
    library.activateWindow()
    qtbot.waitUntil(library.table.hasFocus)
    qtbot.keyClick(library.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: titles(library) == ["chime", "harbour"])
    assert stored(paths) == before  # same ids, rows and fingerprints; the find names chime again
    assert not library.undo_action.isEnabled()  # once

    artwork(41).save(tmp_path / "copy.png")
    db = open_database(paths.database)
    try:
        assert [m.work.title for m in Matcher(Library(db)).match_file(tmp_path / "copy.png")] == ["chime"]
    finally:
        db.conn.close()
