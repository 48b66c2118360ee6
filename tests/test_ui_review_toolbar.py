"""Review's actions are all in sight at the window's first size (1100 px wide): "Licensed uses…", the last of the
toolbar, was folded behind its » button, where a creator looking for the sites they allowed did not find it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from tests.ui_fixtures import open_window, paths  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def test_every_review_action_is_in_sight_at_the_first_size(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    window = open_window(qtbot, paths, "review")
    qtbot.waitExposed(window)
    review = window.matches

    def in_sight(action: QAction) -> bool:
        return any(b.isVisible() for b in review.findChildren(QToolButton) if b.defaultAction() is action)

    actions = [*review.decision_actions.values(), review.undo_action, review.allow_action, review.compare_action,
               review.export_action, review.allowlist_action]
    assert [a.text() for a in actions if not in_sight(a)] == []
    assert QThreadPool.globalInstance().waitForDone(30_000)
