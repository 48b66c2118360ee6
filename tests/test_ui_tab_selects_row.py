"""Tabbing into Review's list showed a current cell but selected nothing, so D said "Select one or more finds
first."; the Library's list was the same for Delete. A list reached by the keyboard with nothing selected now
selects the row it is on (or the first), and the key acts on it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.main_window import MainWindow
from tests.ui_fixtures import open_window, paths, seed, statuses  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def window(qtbot: QtBot, paths: Paths) -> MainWindow:  # noqa: F811
    seed(paths, works=3, finds=4)
    return open_window(qtbot, paths, "review")


def test_d_after_tabbing_into_review_dismisses_the_find_tab_landed_on(qtbot: QtBot, window: MainWindow,
                                                                       paths: Paths) -> None:  # noqa: F811
    view = window.matches
    view.table.clearSelection()
    view.table.clearFocus()
    view.table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.table.hasFocus)
    first = view.model.finding_at(view.table.currentIndex().row()).id
    assert view.selected_ids() == [first]
    qtbot.keyClick(view.table, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: statuses(paths)[first] == "dismissed")


def test_tabbing_into_the_library_selects_a_work(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page("library")
    view = window.library
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    view.table.clearSelection()
    view.table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.table.hasFocus)
    assert len(view.selected_works()) == 1
