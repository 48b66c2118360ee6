"""A text's first line in the Library's Details column is one line, cut at its end with "…", the whole line in the
tooltip: it was cut after a few words and then wrapped on below ("Chapter 1. Hac… / Slang and / Hacker Culture"),
so the words read out of order."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.library_columns import DETAILS
from tests.ui_fixtures import paths, shown_library  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")
FIRST = "Chapter 1. Hacker Slang and Hacker Culture"


def text_lines(image: QImage, left: int, top: int, right: int, bottom: int) -> int:
    """How many lines of text are drawn in the rectangle: runs of pixel rows with ink in them."""
    background = image.pixelColor(right - 1, top + 1).lightness()
    inked = [any(abs(image.pixelColor(x, y).lightness() - background) > 80 for x in range(left, right))
             for y in range(top, bottom)]
    return sum(1 for i, ink in enumerate(inked) if ink and (i == 0 or not inked[i - 1]))


def test_a_long_first_line_is_one_line_cut_at_its_end(qtbot: QtBot, paths: Paths, tmp_path: Path) -> None:  # noqa: F811
    text = tmp_path / "hacker-culture.txt"
    text.write_text(f"{FIRST}\n\n" + "The jargon of hackers, word after word. " * 40, encoding="utf-8")
    db = open_database(paths.database)
    Library(db).add_paths([text])
    db.conn.close()
    view = shown_library(qtbot, paths, 1)
    view.resize(1100, 600)
    model, table = view.model, view.table
    qtbot.waitUntil(lambda: model.index(0, DETAILS).data() == FIRST, timeout=10_000)
    QApplication.processEvents()
    cell = table.visualRect(model.index(0, DETAILS))
    assert table.fontMetrics().horizontalAdvance(FIRST) > cell.width()  # too long for the column: it must be cut
    table.viewport().repaint()
    image = table.viewport().grab().toImage()
    assert text_lines(image, cell.left() + 2, cell.top() + 1, cell.right() - 1, cell.bottom()) == 1
    assert FIRST in model.index(0, DETAILS).data(Qt.ItemDataRole.ToolTipRole)
