"""A long message keeps the status bar one line high: an export with notes wrapped onto three lines there and
squeezed the page above it. The line is cut with "…"; the whole message is in its tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.message_bar import MessageBar
from tests.ui_fixtures import open_window, paths  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

SAVED = ("Saved the evidence bundle /home/me/evidence/day4-sway.zip, with a notice draft inside. Take note: the "
         "chosen find is not confirmed yet: the notice draft swears, under penalty of perjury, that what it lists is "
         "a copy of your work, so look at it again before you send it; a bundle was already at day4-sway.zip: it is "
         "kept beside the new one as day4-sway (earlier 1).zip.")


def test_a_long_message_stays_on_one_line(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    window = open_window(qtbot, paths)
    window.resize(1024, 600)
    bar = window.statusBar()
    assert isinstance(bar, MessageBar)
    bar.showMessage("Saved.", 0)
    QApplication.processEvents()
    central = window.centralWidget()
    assert central is not None
    short_bar, page = bar.height(), central.height()
    bar.showMessage(SAVED, 0)
    QApplication.processEvents()
    assert bar.height() == short_bar and central.height() == page  # the page is not squeezed
    assert bar.label.height() < 2 * bar.label.fontMetrics().lineSpacing()
    shown = bar.label.text()
    assert shown.endswith("…") and SAVED.startswith(shown[:-1].rstrip())
    assert bar.label.fontMetrics().horizontalAdvance(shown) <= bar.label.width()
    assert bar.label.toolTip() == SAVED and bar.currentMessage() == SAVED
    bar.clearMessage()
    window.resize(1000, 600)
    QApplication.processEvents()
    assert bar.label.text() == ""  # a cleared message does not come back when the window is resized
