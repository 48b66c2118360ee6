"""The finds-per-day chart's numbers are true: every grid line falls on a whole number of finds, so a label never
reads "3" beside a line at 3.5 (a busiest day of 14 finds gave lines at 0, 3.5, 7, 10.5 and 14, labelled
0, 3, 7, 10, 14)."""

from __future__ import annotations

from PySide6.QtCharts import QValueAxis
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.dashboard import DashboardView
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
