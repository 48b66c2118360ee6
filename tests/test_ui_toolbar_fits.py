"""Every action of the Review and Library toolbars stays in sight in a narrower window: their names go under the
icons instead of the last actions going behind the toolbar's » (Export evidence… did at 966 px)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolBar
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from tests.ui_fixtures import open_window, paths, seed  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _hidden(toolbar: QToolBar) -> list[str]:
    return [action.text() for action in toolbar.actions() if not action.isSeparator()
            and not toolbar.widgetForAction(action).isVisible()]


@pytest.mark.parametrize("page", ["review", "library"])
def test_every_action_is_in_sight_at_a_narrow_window_and_named_beside_its_icon_at_a_wide_one(
        qtbot: QtBot, paths: Paths, page: str) -> None:  # noqa: F811
    seed(paths)
    win = open_window(qtbot, paths, page)
    toolbar = win.matches.toolbar if page == "review" else win.library.toolbar
    win.resize(966, 700)
    qtbot.waitUntil(lambda: not _hidden(toolbar), timeout=15_000)
    assert toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextUnderIcon
    win.resize(1400, 700)
    qtbot.waitUntil(lambda: toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon, timeout=15_000)
    QApplication.processEvents()
    assert not _hidden(toolbar)


def test_an_action_turning_on_or_off_keeps_the_narrow_toolbar_as_it_is(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    """Undo turns on after a decision: that must not put the names back beside the icons, and Export out of sight."""
    seed(paths)
    win = open_window(qtbot, paths, "review")
    toolbar = win.matches.toolbar
    win.resize(966, 700)
    qtbot.waitUntil(lambda: toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextUnderIcon, timeout=15_000)
    win.matches.undo_action.setEnabled(True)
    win.matches.undo_action.setEnabled(False)
    QApplication.processEvents()
    assert toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextUnderIcon
    assert not _hidden(toolbar)
