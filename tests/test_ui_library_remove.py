"""Removing works from the library asks first when they have finds, saying how many are confirmed and what removal
does to them (they stay in Review without the work; evidence for them no longer includes it): it was one click,
even for a work whose confirmed copies the creator was about to send notices for. Works with no finds go at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QItemSelectionModel, QThreadPool
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from creatorwatch.core.records.findings import Findings
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.library_view import LibraryView
from tests.ui_fixtures import paths, seed, shown_library  # noqa: F401

SelectionFlag = QItemSelectionModel.SelectionFlag


@pytest.fixture
def library(qtbot: QtBot, paths: Paths) -> Iterator[LibraryView]:  # noqa: F811
    """Works 0-2 with a find each (work 0's confirmed), work 3 with none."""
    seed(paths, works=4, finds=4)
    db = open_database(paths.database)
    Findings(db).review([1], "confirmed")
    db.conn.close()
    yield shown_library(qtbot, paths, 4)
    assert QThreadPool.globalInstance().waitForDone(30_000)


def titles(view: LibraryView) -> list[str]:
    return sorted(view.model.work_at(row).title for row in range(view.model.rowCount()))


def select(view: LibraryView, *chosen: str) -> None:
    view.table.clearSelection()
    for row in range(view.model.rowCount()):
        if view.model.work_at(row).title in chosen:
            view.table.selectionModel().select(view.model.index(row, 0), SelectionFlag.Select | SelectionFlag.Rows)


def boxes(view: LibraryView) -> list[QMessageBox]:
    return [box for box in view.findChildren(QMessageBox, "remove-works") if box.isVisible()]


def asked(qtbot: QtBot, view: LibraryView) -> QMessageBox:
    qtbot.waitUntil(lambda: len(boxes(view)) == 1)
    return boxes(view)[0]


def test_works_with_finds_are_removed_only_once_the_creator_agrees(qtbot: QtBot, library: LibraryView) -> None:
    select(library, "Work 0", "Work 1")
    library.remove_action.trigger()
    box = asked(qtbot, library)
    said = box.text()
    assert "2 finds of “Work 0” and “Work 1” (1 confirmed)" in said  # what goes, by name
    assert "no longer name your work" in said
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(300)
    library.reload(check_files=False)
    qtbot.wait(300)
    assert titles(library) == ["Work 0", "Work 1", "Work 2", "Work 3"]  # nothing removed

    select(library, "Work 0", "Work 1")
    library.remove_action.trigger()
    box = asked(qtbot, library)
    [remove] = [b for b in box.buttons() if b.text() == "Remove"]
    remove.click()
    qtbot.waitUntil(lambda: titles(library) == ["Work 2", "Work 3"])


def test_a_work_with_no_finds_is_removed_in_one_click(qtbot: QtBot, library: LibraryView) -> None:
    select(library, "Work 3")
    library.remove_action.trigger()
    qtbot.waitUntil(lambda: titles(library) == ["Work 0", "Work 1", "Work 2"])
    assert not boxes(library)


def test_the_question_names_the_one_work_it_would_remove(qtbot: QtBot, library: LibraryView) -> None:
    """It said "1 find of this work" of a work chosen in a list of hundreds: the creator reads which one."""
    select(library, "Work 2")
    library.remove_action.trigger()
    box = asked(qtbot, library)
    assert "1 find of “Work 2” (none confirmed)" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
