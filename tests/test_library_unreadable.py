"""A data file the window cannot read just now (damaged, or on a full disk) is said where the works are listed, with
a way to try again: the Library never says "Your library is empty" about works it could not read."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.library_view import LibraryView
from tests.media import make_picture


@pytest.mark.expect_log("creatorwatch.ui.tasks", "background work failed")
def test_works_that_cannot_be_read_are_not_shown_as_an_empty_library(qtbot: QtBot, tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data", tmp_path / "config", tmp_path / "cache", tmp_path / "logs").ensure()
    db = open_database(paths.database)
    Library(db).add_paths([make_picture(tmp_path / "harbour.png", seed=3)])
    db.conn.close()
    kept = paths.database.read_bytes()
    paths.database.write_bytes(b"this is not the data file any more" * 100)
    view = LibraryView(paths)
    qtbot.addWidget(view)
    view.show()
    view.reload()
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.unread)
    said = view.unread.label.text()
    assert "Your library could not be read just now" in said and "damaged" in said
    assert "Nothing in it was changed or lost" in said

    paths.database.write_bytes(kept)  # the backup restored
    view.unread.button.click()
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.table)
    assert [view.model.work_at(row).title for row in range(view.model.rowCount())] == ["harbour"]
    assert QThreadPool.globalInstance().waitForDone(30_000)
