"""The window opens where it was left: restarting it many times never walks it across the screen (it crept 3 px to
the left, and once up by a title bar, on every restart)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QThreadPool
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.main_window import MainWindow
from tests.ui_fixtures import paths, settle  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support propagateSizeHints"
)


def restarted(qtbot: QtBot, paths: Paths) -> MainWindow:  # noqa: F811
    win = MainWindow(paths)
    qtbot.addWidget(win)
    win.show()
    settle()
    return win


@pytest.mark.parametrize(
    "place", [QRect(58, 30, 1100, 700), QRect(300, 377, 1000, 700)], ids=["near the top", "near the bottom"]
)
def test_five_restarts_open_the_window_exactly_where_it_was_left(
    qtbot: QtBot,
    paths: Paths,  # noqa: F811
    place: QRect,
) -> None:
    win = restarted(qtbot, paths)
    win.setGeometry(place)
    settle()
    left = win.frameGeometry()
    for _ in range(5):
        win.save_state()
        win.close()
        win = restarted(qtbot, paths)
        assert win.frameGeometry() == left
        assert win.size() == place.size()
    assert QThreadPool.globalInstance().waitForDone(30_000)
