"""Deciding from the keyboard: a decided find left "Needs review" and the selection with it, so the next C said
"Select one or more finds first."; Compare's buttons had no keys; and after a decision in Compare, Ctrl+Z did nothing
until the list was clicked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.matches_view import MatchesView
from tests.ui_fixtures import open_window, paths, seed, statuses  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def view(qtbot: QtBot, paths: Paths) -> MatchesView:  # noqa: F811
    seed(paths, works=3, finds=6)
    return open_window(qtbot, paths, "review").matches


def _ids(view: MatchesView) -> list[int]:
    return [view.model.finding_at(row).id for row in range(view.model.rowCount())]


def _decide_by_key(qtbot: QtBot, view: MatchesView, key: Qt.Key, rows_after: int) -> None:
    qtbot.keyClick(view.table, key)
    qtbot.waitUntil(lambda: view.model.rowCount() == rows_after)


def test_c_c_d_goes_down_the_list(qtbot: QtBot, view: MatchesView, paths: Paths) -> None:  # noqa: F811
    shown = _ids(view)
    view._select({shown[1]})
    view.table.setFocus()
    _decide_by_key(qtbot, view, Qt.Key.Key_C, 5)
    assert view.selected_ids() == [shown[2]]  # the find that took its place
    _decide_by_key(qtbot, view, Qt.Key.Key_C, 4)
    assert view.selected_ids() == [shown[3]]
    _decide_by_key(qtbot, view, Qt.Key.Key_D, 3)
    assert [statuses(paths)[i] for i in shown[1:4]] == ["confirmed", "confirmed", "dismissed"]

    view._select({shown[-1]})  # the last find: the one above it is chosen next
    _decide_by_key(qtbot, view, Qt.Key.Key_L, 2)
    assert view.selected_ids() == [shown[4]]


def test_compare_decides_with_review_keys_and_ctrl_z_undoes_it(qtbot: QtBot, view: MatchesView,
                                                              paths: Paths) -> None:  # noqa: F811
    shown = _ids(view)
    view._select({shown[0]})
    view.compare_selected()
    dialog = view._dialogs[-1]
    qtbot.waitUntil(dialog.isActiveWindow)
    tips = {b.text(): b.toolTip() for b in dialog.findChildren(QPushButton)}
    assert (tips["Confirm"], tips["Dismiss"], tips["Licensed"]) == (
        "Mark this find confirmed (C)", "Mark this find dismissed (D)", "Mark this find licensed (L)")
    qtbot.keyClick(dialog, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: statuses(paths)[shown[0]] == "dismissed")
    qtbot.waitUntil(lambda: view.selected_ids() == [shown[1]])

    focused = QApplication.focusWidget()  # where the creator's next key goes
    assert isinstance(focused, QWidget) and view.isAncestorOf(focused)
    qtbot.keyClick(focused, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: statuses(paths)[shown[0]] == "new")
