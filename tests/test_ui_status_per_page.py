"""A page's status message goes when the creator moves to another page: "Wrote robots.txt… Upload them…" from the
Website page stayed on the Library page, read as if about it. The window's own messages (a check's result) stay."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.message_bar import MessageBar
from tests.ui_fixtures import open_window, paths, seed  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

WROTE = "Wrote robots.txt, ai.txt into /home/me/site. Upload them to your site as README.txt says."


def test_a_pages_message_is_cleared_on_another_page(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths)
    win = open_window(qtbot, paths, page="website")
    win.website.message.emit(WROTE, 0)  # as the Website page says it once the files are saved
    assert win.statusBar().currentMessage() == WROTE
    win.show_page("library")
    bar = win.statusBar()
    assert isinstance(bar, MessageBar)
    assert bar.currentMessage() == "" and bar.label.text() == ""


def test_the_windows_own_message_stays_over_a_page_change(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    seed(paths)
    win = open_window(qtbot, paths, page="library")
    win.website.message.emit(WROTE, 0)
    win.statusBar().showMessage("Checked 3 sources: 2 new finds.", 0)  # as the desktop says a check's result
    win.show_page("review")
    assert win.statusBar().currentMessage() == "Checked 3 sources: 2 new finds."
