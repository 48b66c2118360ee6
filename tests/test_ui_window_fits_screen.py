"""The window fits a 1024 × 600 screen: a fresh start opened at 1100 × 700, and a size saved on a larger screen came
back as it was, cutting off the right-hand column and the status bar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QThreadPool
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.main_window import MainWindow
from tests.ui_fixtures import paths, settle  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                       "This plugin does not support propagateSizeHints")


def laptop() -> QScreen:
    """The 1024 × 600 screen beside the desktop one (tests/offscreen_screens.json)."""
    [screen] = [s for s in QGuiApplication.screens() if s.availableGeometry().size().toTuple() == (1024, 600)]
    return screen


def opened(qtbot: QtBot, paths: Paths) -> MainWindow:  # noqa: F811
    win = MainWindow(paths)
    qtbot.addWidget(win)
    win.show()
    settle()
    return win


def test_a_fresh_start_on_a_small_screen_fits_it(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    room = laptop().availableGeometry()
    QCursor.setPos(room.center())  # the window opens where the creator is working
    try:
        win = opened(qtbot, paths)
        assert win.frameGeometry().width() <= room.width() and win.frameGeometry().height() <= room.height()
        assert win.statusBar().isVisible()
    finally:
        QCursor.setPos(QPoint(10, 10))
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_a_size_saved_on_a_larger_screen_is_brought_inside_the_small_one(qtbot: QtBot,
                                                                        paths: Paths) -> None:  # noqa: F811
    room = laptop().availableGeometry()
    first = opened(qtbot, paths)
    handle = first.windowHandle()
    assert handle is not None
    handle.setScreen(laptop())
    first.setGeometry(QRect(room.left() + 300, room.top() + 100, 1300, 900))  # as left on a big monitor
    first.save_state()
    first.close()

    win = opened(qtbot, paths)
    assert room.contains(win.frameGeometry()), (win.frameGeometry(), room)  # all of it, frame and status bar too
    assert win.width() >= room.width() - 40  # as much of the screen as it can take, not a small window
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_the_takedowns_window_fits_the_small_screen_with_re_check_now_in_sight(qtbot: QtBot,
                                                                               paths: Paths) -> None:  # noqa: F811
    """Takedowns opened 1075 × 620 on a 1024 × 600 laptop: Re-check now showed only as "Re-c", under the panel."""
    room = laptop().availableGeometry()
    QCursor.setPos(room.center())
    try:
        win = opened(qtbot, paths)
        win.move(room.topLeft())  # where the window manager put it, on the laptop
        dialog = win.open_takedowns()
        settle()
        assert dialog.width() < room.width() and dialog.height() < room.height(), dialog.size()
        button = dialog.recheck_button
        assert button.isVisible()
        assert button.mapTo(dialog, button.rect().bottomRight()).x() < dialog.width()
        dialog.close()
    finally:
        QCursor.setPos(QPoint(10, 10))
    assert QThreadPool.globalInstance().waitForDone(30_000)
