"""The toolbars are reached with the keyboard: Tab goes along their buttons in the order they are shown, and Space
presses the one it is on. "Add folder…" could only be reached with the mouse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton, QWidget
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui import library_view
from creatorwatch.ui.main_window import MainWindow
from tests.ui_fixtures import open_window, paths, seed, statuses  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _tab_along(qtbot: QtBot, win: MainWindow, start: QWidget) -> list[QToolButton]:
    """The toolbar buttons Tab goes to from `start`, in order, once round the window."""
    start.setFocus()
    reached: list[QToolButton] = []
    for _ in range(60):
        focused = win.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now = win.focusWidget()
        if now is start:
            break
        if isinstance(now, QToolButton) and now.defaultAction() is not None:
            reached.append(now)
    return reached


def test_tab_goes_along_the_library_toolbar_and_space_adds_a_folder(
        qtbot: QtBot, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    seed(paths)
    win = open_window(qtbot, paths, "library")
    reached = _tab_along(qtbot, win, win.library.table)
    assert [b.defaultAction().text() for b in reached] == [  # the list, reached by the keyboard, chose a work:
        "Add files…", "Add folder…", "Open original", "Protect copies…", "Probe with models…",  # its actions are on
        "Remove from library"]
    asked: list[str] = []

    def choose_folder(_parent: QWidget, title: str, *_folder: str) -> str:
        asked.append(title)
        return ""  # the creator cancels

    monkeypatch.setattr(library_view.QFileDialog, "getExistingDirectory", choose_folder)
    reached[1].setFocus()
    qtbot.keyClick(reached[1], Qt.Key.Key_Space)
    assert asked == ["Add a folder of your works"]


def test_tab_reaches_the_review_decisions_in_the_order_shown(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths)
    win = open_window(qtbot, paths, "review")
    win.matches.table.selectRow(0)
    reached = _tab_along(qtbot, win, win.matches.table)
    names = [b.defaultAction().text() for b in reached]
    assert names[:4] == ["Confirm", "Dismiss", "Licensed", "Back to new"]
    assert "Export evidence…" in names


def test_enter_on_a_review_button_presses_it_rather_than_opening_compare(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths)
    win = open_window(qtbot, paths, "review")
    view = win.matches
    view.table.selectRow(0)
    chosen = view.selected_ids()
    confirm = _tab_along(qtbot, win, view.table)[0]
    assert confirm.defaultAction().text() == "Confirm"
    confirm.setFocus()
    qtbot.keyClick(confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: statuses(paths)[chosen[0]] == "confirmed")
    assert view._dialogs == []  # Compare did not open
