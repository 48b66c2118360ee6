"""In the Library, at the window's first size, a work's title is shown whole beside its thumbnail (over two lines
if need be): two recordings named "pingus-1" and "pingus-5" both read "pingu…" when the title column was left
whatever the others did not use; the details beside it stay readable too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.library_model import THUMB_ROW
from tests.media import make_picture, make_recording
from tests.ui_fixtures import open_window, paths, window  # noqa: F401

TITLES = ("harbour-study-1", "harbour-study-5", "theme for the night ferry")


def test_titles_are_not_cut_at_the_first_window_size(qtbot: QtBot, paths: Paths, tmp_path: Path) -> None:  # noqa: F811
    make_picture(tmp_path / f"{TITLES[0]}.png", seed=1)
    make_picture(tmp_path / f"{TITLES[1]}.png", seed=5)
    make_recording(tmp_path / f"{TITLES[2]}.wav", seed=3, seconds=3)
    Library(open_database(paths.database)).add_paths([tmp_path])
    win = open_window(qtbot, paths)
    table = win.library.table
    qtbot.waitUntil(lambda: win.library.model.rowCount() == 3, timeout=30_000)
    qtbot.waitExposed(win)
    metrics = table.fontMetrics()
    room = table.columnWidth(0) - THUMB_ROW.width() - 16  # the thumbnail, and the cell's margins around the text
    for title in TITLES:  # wrapped between words, as the table wraps it: no word is cut, two lines fit the row
        laid = metrics.boundingRect(QRect(0, 0, room, 1000), Qt.TextFlag.TextWordWrap, title)
        assert laid.width() <= room and laid.height() <= 2 * metrics.lineSpacing(), (title, table.columnWidth(0))
        assert laid.height() <= table.rowHeight(0)
    assert metrics.horizontalAdvance("1920 × 1080 px") <= table.columnWidth(2) - 12  # the details stay readable


def test_every_library_action_and_the_search_are_in_sight(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    """At the window's first size nothing hides behind the toolbar's overflow arrow: "Remove from library", the
    kind filter and the search box were out of sight until the creator found the arrow."""
    win = open_window(qtbot, paths)
    qtbot.waitExposed(win)
    library = win.library
    for action in library.toolbar.actions():
        widget = library.toolbar.widgetForAction(action)
        if widget is not None and action.isVisible():
            assert widget.isVisible(), action.text() or action.toolTip()
    assert library.kind_filter.isVisible() and library.search.isVisible()


def test_a_missing_file_is_said_in_sight(qtbot: QtBot, paths: Paths, tmp_path: Path) -> None:  # noqa: F811
    """"Missing" sits beside the kind, inside the view at the first window size (it was in the sixth column,
    scrolled out of sight to the right); pointing at it says the long form."""
    gone = make_picture(tmp_path / "harbour-study-1.png", seed=1)
    Library(open_database(paths.database)).add_paths([gone])
    gone.unlink()
    win = open_window(qtbot, paths)
    table = win.library.table
    qtbot.waitUntil(lambda: win.library.model.rowCount() == 1, timeout=30_000)
    qtbot.waitExposed(win)
    status = win.library.model.index(0, 5)
    qtbot.waitUntil(lambda: status.data() == "Missing", timeout=30_000)  # looked at after the list shows
    cell = table.visualRect(status)
    assert cell.right() <= table.viewport().width(), (cell, table.viewport().width())
    assert table.fontMetrics().horizontalAdvance("Missing") <= cell.width()
    assert status.data(Qt.ItemDataRole.ToolTipRole).startswith("File missing: it is no longer where it was added")
