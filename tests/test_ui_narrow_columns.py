"""In a window 960 px wide (966 px: it goes no narrower) the columns a creator reads and ticks are in sight
without scrolling sideways: Review's Score and Status, the Library's "My voice" and "Probe" (the file's details
come after them). They were a sideways scroll away. At 1366 px every column of both is in sight."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.main_window import MainWindow
from tests.ui_fixtures import open_window, paths, seed  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _in_sight(table: QTableView) -> list[str]:
    """The headers of the columns wholly inside the table, as it is scrolled now."""
    header, width = table.horizontalHeader(), table.viewport().width()
    return [str(table.model().headerData(column, header.orientation())) for column in range(header.count())
            if header.sectionViewportPosition(column) >= 0
            and header.sectionViewportPosition(column) + header.sectionSize(column) <= width]


def _sized(win: MainWindow, width: int, height: int) -> None:
    """The window as near `width` as it goes (it goes no narrower than 966 px)."""
    win.resize(width, height)
    QApplication.processEvents()
    assert win.width() <= max(width, 966)


@pytest.mark.parametrize(("page", "wanted"), [
    ("review", ["Found", "What", "Your work or name", "Where", "Score", "Status"]),
    ("library", ["Title", "Kind", "Status", "My voice", "Probe"])])
def test_the_columns_that_matter_are_in_sight_at_960_px_and_all_are_at_1366(
        qtbot: QtBot, paths: Paths, page: str, wanted: list[str]) -> None:  # noqa: F811
    seed(paths, works=6, finds=6)
    win = open_window(qtbot, paths, page)
    table = win.matches.table if page == "review" else win.library.table
    every = set(win.matches.model.HEADERS if page == "review" else win.library.model.HEADERS)
    _sized(win, 960, 1000)
    assert set(wanted) <= set(_in_sight(table))
    _sized(win, 1366, 768)
    assert set(_in_sight(table)) == every
