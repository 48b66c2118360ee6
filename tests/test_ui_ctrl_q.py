"""Ctrl+Q did nothing: with the tray keeping CreatorWatch running, closing the window does not quit, and a creator
had to find the tray's menu. Ctrl+Q in the window quits as that menu's Quit does: the window goes and, once the
scheduler has stopped, CreatorWatch leaves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.desktop import Desktop
from tests.ui_fixtures import paths, seed, start_desktop, tray_works  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen cannot raise windows


@pytest.fixture
def with_tray(qtbot: QtBot, paths: Paths, tray_works: None) -> Iterator[Desktop]:  # noqa: F811
    seed(paths)
    yield from start_desktop(qtbot, paths, tray=True)


def test_ctrl_q_quits_even_with_a_tray(qtbot: QtBot, with_tray: Desktop, monkeypatch: pytest.MonkeyPatch) -> None:
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(True)))
    window = with_tray.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    focused = window.focusWidget() or window
    qtbot.keyClick(focused, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(quits))  # once the scheduler has stopped, off the main thread
    assert not window.isVisible()
