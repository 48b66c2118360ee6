"""States read the same in both themes. On a dark selected row an unticked Probe box was a solid dark square that
looked ticked; "Confirmed" was written in red, the colour of problems. Both are checked where the creator sees them:
the pixels drawn in the table."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.library_model import PROBE_COLUMN
from creatorwatch.ui.matches_model import STATUS_WORDS
from creatorwatch.ui.theme import Appearance
from tests.ui_fixtures import open_window, paths, seed  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")
STATUS_COLUMN = 6


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest) -> Iterator[str]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    appearance = Appearance(app, request.param)
    yield request.param
    appearance.apply("system")
    app.setPalette(before)


def cell_image(table: QTableView, row: int, column: int) -> tuple[QImage, QRect]:
    table.viewport().repaint()
    return table.viewport().grab().toImage(), table.visualRect(table.model().index(row, column))


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_an_unticked_box_on_a_selected_row_is_drawn_empty(qtbot: QtBot, paths: Paths, theme: str) -> None:  # noqa: F811
    seed(paths, works=1, finds=0)  # one text: a Probe box, unticked
    window = open_window(qtbot, paths)
    table = window.library.table
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 1)
    table.selectRow(0)
    image, cell = cell_image(table, 0, PROBE_COLUMN)
    row_colour = table.palette().color(QPalette.ColorRole.Highlight)
    pixels = [image.pixelColor(x, y) for x in range(cell.left(), cell.right())
              for y in range(cell.top(), cell.bottom())]
    filled = [p for p in pixels if p.lightness() < row_colour.lightness() - 60]  # a solid dark square reads ticked
    outline = [p for p in pixels if p.lightness() > row_colour.lightness() + 60]
    assert len(filled) < 10, f"{len(filled)} dark pixels in an unticked box on a selected row ({theme})"
    assert len(outline) >= 20  # the empty box is still there to be seen


def _box_inside(image: QImage, cell: QRect, background: QColor) -> QColor:
    """The colour in the middle of the check box drawn at the left of `cell`."""
    drawn = [(x, y) for x in range(cell.left(), cell.left() + 30) for y in range(cell.top(), cell.bottom())
             if abs(image.pixelColor(x, y).lightness() - background.lightness()) > 8]
    assert drawn, "no box drawn"
    xs, ys = [x for x, _ in drawn], [y for _, y in drawn]
    return image.pixelColor((min(xs) + max(xs)) // 2, (min(ys) + max(ys)) // 2)


def test_a_box_that_cannot_be_ticked_is_drawn_greyed(qtbot: QtBot, theme: str) -> None:
    """On dark, the "My voice" box of a sound too short to be a voice was an outline like one that can be ticked;
    on light it is filled grey. Both themes fill it apart from an enabled one."""
    model = QStandardItemModel(2, 1)
    for row, enabled in ((0, True), (1, False)):
        item = QStandardItem("")
        item.setCheckable(True)
        item.setCheckState(Qt.CheckState.Unchecked)
        item.setEnabled(enabled)
        model.setItem(row, 0, item)
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.show()
    qtbot.waitExposed(table)
    base = table.palette().color(QPalette.ColorRole.Base)
    image, cell = cell_image(table, 0, 0)
    can = _box_inside(image, cell, base)
    cannot = _box_inside(image, table.visualRect(model.index(1, 0)), base)
    assert abs(can.lightness() - cannot.lightness()) >= 12, f"{cannot.name()} like {can.name()} ({theme})"


def test_confirmed_is_not_written_in_red(qtbot: QtBot, paths: Paths, theme: str) -> None:  # noqa: F811
    seed(paths, works=3, finds=4)
    db = open_database(paths.database)
    with db.conn:
        db.execute("UPDATE matches SET status = 'confirmed' WHERE id = 1")
        db.execute("UPDATE matches SET status = 'licensed' WHERE id = 2")
        db.execute("UPDATE matches SET status = 'dismissed' WHERE id = 3")
    db.conn.close()
    window = open_window(qtbot, paths, page="review")
    review = window.matches
    review.show_filter.setCurrentIndex(review.show_filter.count() - 1)  # every find, whatever its status
    qtbot.waitUntil(lambda: review.model.rowCount() == 4)
    table = review.table
    table.clearSelection()
    base = table.palette().color(QPalette.ColorRole.Base)
    for row in range(4):
        status = table.model().index(row, STATUS_COLUMN).data()
        image, cell = cell_image(table, row, STATUS_COLUMN)
        background = image.pixelColor(cell.right() - 2, cell.center().y())
        ink = max((image.pixelColor(x, y) for x in range(cell.left(), cell.right())
                   for y in range(cell.top(), cell.bottom())),
                  key=lambda p: abs(p.red() - background.red()) + abs(p.green() - background.green())
                  + abs(p.blue() - background.blue()))
        assert contrast(ink, base) >= 4.5, f"{status} hard to read in {theme}: {ink.name()} on {base.name()}"
        if status == STATUS_WORDS["confirmed"]:
            hue = ink.hslHue()
            assert 25 < hue < 335, f"Confirmed drawn in red ({ink.name()}) in {theme}"
