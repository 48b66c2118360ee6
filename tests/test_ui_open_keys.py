"""Ctrl+O adds files, as "Open…" brings files in everywhere; the original of a work opens with Enter on the list,
from "Open original", named so on the toolbar. The toolbar said "Open" while Ctrl+O asked for files to add. Every
toolbar tooltip names its key."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolButton, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui import library_view
from creatorwatch.ui.fitting_toolbar import FittingToolBar
from tests.ui_fixtures import open_window, paths, seed  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the window asked the desktop to open."""
    urls: list[str] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls


@pytest.fixture
def asked_for_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the "choose files" dialogs shown (each cancelled)."""
    titles: list[str] = []

    def choose(_parent: QWidget, title: str, *_folder: str) -> tuple[list[str], str]:
        titles.append(title)
        return [], ""

    monkeypatch.setattr(library_view.QFileDialog, "getOpenFileNames", choose)
    return titles


def test_ctrl_o_adds_files_and_enter_opens_the_chosen_original(qtbot: QtBot, paths: Paths, opened: list[str],  # noqa: F811
                                                               asked_for_files: list[str],
                                                               tmp_path: Path) -> None:
    seed(paths)
    db = open_database(paths.database)
    with db.conn:  # the works' files are there to open
        for work_id in (1, 2, 3):
            (tmp_path / f"{work_id}.txt").write_text("words", encoding="utf-8")
            db.execute("UPDATE works SET path = ? WHERE id = ?", [str(tmp_path / f"{work_id}.txt"), work_id])
    db.conn.close()
    win = open_window(qtbot, paths, "library")
    table = win.library.table
    table.selectRow(0)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert asked_for_files == ["Add your works"] and opened == []
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened == [win.library.model.work_at(0).path]
    assert asked_for_files == ["Add your works"]
    win.library.search.setFocus()
    qtbot.keyClick(win.library.search, Qt.Key.Key_Return)  # Enter in the search box opens nothing
    assert len(opened) == 1


def _tip(button: QToolButton) -> str:
    """The tooltip shown when the pointer rests on `button`."""
    middle = button.rect().center()
    QApplication.sendEvent(button, QHelpEvent(QHelpEvent.Type.ToolTip, middle, button.mapToGlobal(middle)))
    shown = QToolTip.text()
    QToolTip.hideText()
    return shown


def _button(toolbar: FittingToolBar, text: str) -> QToolButton:
    return next(b for b in toolbar.buttons() if b.defaultAction().text() == text)


def test_the_toolbars_name_open_original_and_show_each_key(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths)
    win = open_window(qtbot, paths, "library")
    toolbar = win.library.toolbar
    assert _button(toolbar, "Open original").text() == "Open original"  # the words on the button itself
    assert _tip(_button(toolbar, "Add files…")) == "Add files (Ctrl+O)"
    assert _tip(_button(toolbar, "Open original")) == "Open the original file (Return)"
    assert _tip(_button(toolbar, "Add folder…")) == "Add folder"  # no key: nothing added
    win.show_page("review")
    review = win.matches.toolbar
    assert _tip(_button(review, "Confirm")) == "Confirm the selected finds (C)"  # once, not "(C) (C)"
    assert _tip(_button(review, "Compare")) == "Compare (Return)"

