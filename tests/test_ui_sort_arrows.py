"""The Review lists the newest finds first under a ▼ (descending), and the Library its titles A to Z under a ▲:
Fusion drew them the other way round (the newest-first Review under a ▲ read as "oldest first"), unlike Windows,
macOS and the web."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QHeaderView
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.theme import Appearance
from tests.ui_fixtures import open_window, paths, seed  # noqa: F401


def arrow_points_down(header: QHeaderView, section: int) -> bool:
    """Whether the sort arrow drawn at the right of `section` is wider at its top (▼) than at its bottom (▲)."""
    image = header.grab().toImage()
    right = header.sectionViewportPosition(section) + header.sectionSize(section)
    background = image.pixelColor(right - 3, 2).lightness()
    widths = [sum(image.pixelColor(x, y).lightness() < background - 60 for x in range(right - 24, right - 1))
              for y in range(image.height())]
    drawn = [w for w in widths if 0 < w < 16]  # not the header's border line below
    assert len(drawn) >= 3, "no sort arrow drawn"
    return drawn[0] > drawn[-1]


def test_the_newest_first_review_shows_a_descending_arrow(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    Appearance(app)  # as the app starts: the style with its arrows
    seed(paths)
    window = open_window(qtbot, paths, page="review")
    qtbot.waitUntil(lambda: window.matches.model.rowCount() > 1, timeout=30_000)
    review = window.matches.table
    first, last = (review.model().index(row, 0).data() for row in (0, review.model().rowCount() - 1))
    assert first > last  # newest first
    assert arrow_points_down(review.horizontalHeader(), 0)
    window.show_page("library")
    qtbot.waitUntil(lambda: window.library.model.rowCount() > 1, timeout=30_000)
    assert not arrow_points_down(window.library.table.horizontalHeader(), 0)  # titles A to Z
