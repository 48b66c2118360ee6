"""Home and End go to the first and last row of the Library and of Review, and choose it, as in a file manager. End
in the Library scrolled it sideways instead, to the last column of the same work."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.main_window import MainWindow
from tests.ui_fixtures import open_window, paths, seed  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _chosen_rows(win: MainWindow, page: str) -> list[int]:
    table = win.library.table if page == "library" else win.matches.table
    return sorted({index.row() for index in table.selectionModel().selectedRows()})


@pytest.mark.parametrize("page", ["library", "review"])
def test_end_and_home_choose_the_last_and_first_row(qtbot: QtBot, paths: Paths, page: str) -> None:  # noqa: F811
    seed(paths, works=8, finds=8)
    win = open_window(qtbot, paths, page)
    win.resize(960, 700)  # narrow: the table scrolls sideways, which End did
    table = win.library.table if page == "library" else win.matches.table
    last = table.model().rowCount() - 1
    table.selectRow(0)
    table.setFocus()
    sideways = table.horizontalScrollBar().value()
    qtbot.keyClick(table, Qt.Key.Key_End)
    assert _chosen_rows(win, page) == [last]
    assert table.horizontalScrollBar().value() == sideways
    qtbot.keyClick(table, Qt.Key.Key_Home)
    assert _chosen_rows(win, page) == [0]
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ShiftModifier)
    assert _chosen_rows(win, page) == list(range(last + 1))  # Shift+End chooses down to the last, as elsewhere
