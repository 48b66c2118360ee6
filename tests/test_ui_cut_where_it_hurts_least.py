"""Names cut where it hurts least: at 1024 wide every Review find from one folder read "re_templates_….jpg in bulk2"
(the middle of the file name, the only part that told them apart, was cut), the Source "downl…watch", and the
search boxes "Search titles and …". Each cell's tooltip holds it whole."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.main_window import MainWindow
from tests.ui_fixtures import open_window, paths, seed  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")
NAMES = ["burnt_bark", "cliff", "corn_maze", "lighthouse", "mossy_bark", "mossy_log", "ocean_splash", "ocean_waves"]
WHERE, WORK, SOURCE = 3, 2, 4


def folder_finds(paths: Paths) -> None:  # noqa: F811
    """Finds of files alike but for their middle, from a folder source with a long name."""
    seed(paths, works=3, finds=len(NAMES) + 1)
    db = open_database(paths.database)
    with db.conn:
        db.execute("UPDATE sources SET name = 'downloads-watch'")
        for number, name in enumerate(NAMES, start=1):
            db.execute(
                "UPDATE candidates SET url = ?, source = 'downloads-watch' WHERE id = ?",
                [f"file:///home/ada/bulk2/re_templates_{name}.jpg.jpg", number],
            )
    db.conn.close()


def small_window(qtbot: QtBot, paths: Paths, page: str) -> MainWindow:  # noqa: F811
    window = open_window(qtbot, paths, page)
    window.resize(1024, 560)
    qtbot.waitExposed(window)
    return window


def shown(window: MainWindow, row: int, column: int) -> str:
    """A Review cell's text as drawn: cut to its column's width as its delegate cuts it."""
    table = window.matches.table
    index = table.model().index(row, column)
    option = QStyleOptionViewItem()
    option.textElideMode = table.textElideMode()
    delegate = table.itemDelegateForIndex(index)
    assert isinstance(delegate, QStyledItemDelegate)
    delegate.initStyleOption(option, index)
    room = table.horizontalHeader().sectionSize(column) - 8  # the margins of a cell, and a little more
    return option.fontMetrics.elidedText(str(index.data()), option.textElideMode, room)


def test_finds_from_one_folder_can_be_told_apart_at_1024_wide(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    folder_finds(paths)
    window = small_window(qtbot, paths, "review")
    model = window.matches.model
    rows = [r for r in range(model.rowCount()) if "bulk2" in str(model.index(r, WHERE).data())]
    assert len(rows) == len(NAMES)
    where = [shown(window, r, WHERE) for r in rows]
    assert len(set(where)) == len(NAMES), where  # no two read the same
    assert all(s.startswith("re_templates_") for s in where)
    assert shown(window, rows[0], SOURCE) == "downloads-watch"
    tip = str(model.index(rows[0], WORK).data(3))  # Qt.ToolTipRole
    assert tip.startswith(str(model.index(rows[0], WORK).data()))  # the work's whole title
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_search_boxes_show_their_words_whole(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    window = small_window(qtbot, paths, "library")
    boxes = [window.library.search, window.terms.entry]
    window.show_page("review")
    boxes.append(window.matches.search)
    for box in boxes:
        assert isinstance(box, QLineEdit)
        room = box.width() - 2 * box.fontMetrics().averageCharWidth() - 20  # its frame and the clear button
        assert box.fontMetrics().horizontalAdvance(box.placeholderText()) <= room, box.placeholderText()
        assert box.toolTip()  # the longer words, for who wants them
    assert QThreadPool.globalInstance().waitForDone(30_000)
