"""The keyboard keeps its place: after Delete in the Library no row was selected and Down went back to the first
work of 1180; after Ctrl+Z in Review the find put back was not selected, so Enter opened its neighbour instead."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QThreadPool
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.library_view import LibraryView
from tests.ui_fixtures import open_window, paths, seed, shown_library, statuses  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")
SelectionFlag = QItemSelectionModel.SelectionFlag


def selected_titles(view: LibraryView) -> list[str]:
    return [work.title for work in view.selected_works()]


def test_delete_selects_the_work_that_took_the_removed_ones_place(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths, works=4, finds=0)  # "Work 0" … "Work 3", by title; no finds, so Delete removes at once
    view = shown_library(qtbot, paths, 4)
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    view.table.selectionModel().setCurrentIndex(view.model.index(1, 0), SelectionFlag.ClearAndSelect
                                                | SelectionFlag.Rows)
    assert selected_titles(view) == ["Work 1"]
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    qtbot.waitUntil(lambda: selected_titles(view) == ["Work 2"])  # the next one, where "Work 1" was
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert selected_titles(view) == ["Work 3"]  # on from there, not back at the top

    qtbot.keyClick(view.table, Qt.Key.Key_Delete)  # the last work: the one above it is chosen
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    qtbot.waitUntil(lambda: selected_titles(view) == ["Work 2"])
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_ctrl_z_in_review_selects_the_find_it_put_back(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths, works=3, finds=6)
    view = open_window(qtbot, paths, "review").matches
    qtbot.waitUntil(lambda: view.model.rowCount() == 6)
    shown = [view.model.finding_at(row).id for row in range(view.model.rowCount())]
    view._select({shown[2]})
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: view.model.rowCount() == 5)
    assert view.selected_ids() == [shown[3]]  # the next find, as before
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.model.rowCount() == 6)
    assert statuses(paths)[shown[2]] == "new"
    assert view.selected_ids() == [shown[2]]  # Enter now opens the find put back
    assert view.table.currentIndex().row() == view.model.row_of(shown[2])
    assert QThreadPool.globalInstance().waitForDone(30_000)
