"""The Library's titles and Review's works stay readable in a narrow window (966 px: half a 1920 px screen, beside a
terminal): the table scrolls sideways instead of squeezing them to nothing; in a wide window they take the room
the other columns leave, with nothing to scroll."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.library_columns import TITLE, TITLE_ROOM
from tests.ui_fixtures import open_window, paths, seed  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.mark.parametrize("page", ["library", "review"])
def test_the_column_that_names_the_work_is_readable_in_a_narrow_window(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                                      page: str) -> None:
    seed(paths)
    win = open_window(qtbot, paths, page)
    table: QTableView = win.library.table if page == "library" else win.matches.table
    column, least = (TITLE, TITLE_ROOM) if page == "library" else (2, win.matches.work_column.least)
    header = table.horizontalHeader()
    win.resize(966, 700)
    qtbot.waitUntil(lambda: header.sectionSize(column) >= least, timeout=15_000)
    assert table.horizontalScrollBar().maximum() > 0  # the columns beyond it are a scroll away
    win.resize(1600, 700)
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0, timeout=15_000)
    others = sum(header.sectionSize(c) for c in range(header.count()) if c != column and not header.isSectionHidden(c))
    assert header.sectionSize(column) >= table.viewport().width() - others - 2  # it took the room left
