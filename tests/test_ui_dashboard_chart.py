"""The finds-per-day chart's numbers are true: every grid line falls on a whole number of finds, so a label never
reads "3" beside a line at 3.5 (a busiest day of 14 finds gave lines at 0, 3.5, 7, 10.5 and 14, labelled
0, 3, 7, 10, 14)."""

from __future__ import annotations

from PySide6.QtCharts import QValueAxis
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.dashboard import DashboardView
from creatorwatch.ui.theme import dark_palette
from tests.ui_fixtures import paths, seed  # noqa: F401


def test_grid_lines_fall_on_whole_numbers_of_finds(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths, works=3, finds=71)  # about 14 finds on each of five days
    page = DashboardView(paths)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: any(isinstance(a, QValueAxis) for a in page.plot.axes()), timeout=10_000)
    axis = next(a for a in page.plot.axes() if isinstance(a, QValueAxis))
    assert axis.max() >= 14
    step = (axis.max() - axis.min()) / (axis.tickCount() - 1)
    assert step == int(step) and step >= 1, (axis.max(), axis.tickCount())


def test_the_chart_follows_a_switch_to_dark(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    """The creator's saved "Dark" is applied after the first overview may have drawn the chart, and a desktop
    switches at any time: the title and the numbers were left near-black on the dark page, unreadable."""
    seed(paths, works=3, finds=4)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    page = DashboardView(paths)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: any(isinstance(a, QValueAxis) for a in page.plot.axes()), timeout=10_000)
    try:
        app.setPalette(dark_palette())
        qtbot.waitUntil(lambda: page.plot.titleBrush().color() == dark_palette().color(QPalette.ColorRole.WindowText))
        for axis in page.plot.axes():
            assert axis.labelsBrush().color() == dark_palette().color(QPalette.ColorRole.WindowText)
    finally:
        app.setPalette(light)
