"""Without a tray, an alert shows as a banner over the window; once the creator goes to the finds (the Review
page), it goes away: it stayed over every page, saying "2 new finds", after they had been looked at. It lies below
the pages: when it came and went, above them, it pushed every page down 42 px and grew the window, and a click meant
for "Add folder" landed on the banner's "Show"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.desktop import Desktop
from tests.ui_fixtures import paths, seed, settle, start_desktop  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def desktop(qtbot: QtBot, paths: Paths) -> Iterator[Desktop]:  # noqa: F811
    seed(paths)
    yield from start_desktop(qtbot, paths, tray=False)


def test_the_banner_goes_once_the_finds_are_looked_at(qtbot: QtBot, desktop: Desktop) -> None:
    window = desktop.window
    window.show_page("library")
    for i in range(2):
        desktop.hub.publish("match_found", id=1 + i, type="match", work_id=1, score=0.8,
                            candidate_url=f"https://copies.example/item/{i}", source="feed-a")
    banner = window.banner
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert "2 new finds" in banner.text.text()
    window.show_page("sources")  # elsewhere: it stays
    assert banner.isVisible()
    window.show_page("review")
    assert not banner.isVisible()


def test_the_banner_moves_no_button_and_grows_no_window(qtbot: QtBot, desktop: Desktop) -> None:
    window = desktop.window
    window.show()
    window.show_page("library")
    add_folder = window.library.toolbar.widgetForAction(window.library.add_folder_action)
    qtbot.waitUntil(add_folder.isVisible)
    settle()
    where, size = add_folder.mapToGlobal(QPoint(0, 0)), window.size()
    desktop.hub.publish("match_found", id=1, type="match", work_id=1, score=0.8,
                        candidate_url="https://copies.example/item/1", source="feed-a")
    banner = window.banner
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    settle()  # any layout the banner caused is done, as it is by a creator's next click
    assert add_folder.mapToGlobal(QPoint(0, 0)) == where
    assert window.size() == size
    column = banner.parentWidget()
    assert column is not None
    assert not banner.geometry().intersects(QRect(add_folder.mapTo(column, QPoint(0, 0)), add_folder.size()))
    assert banner.width() == column.width()  # across the pages, readable
    stack = window.stack.geometry()
    assert stack.bottom() < banner.geometry().top()  # the pages end above it: nothing hidden under it (Save was)
    banner.dismiss_button.click()
    settle()
    assert add_folder.mapToGlobal(QPoint(0, 0)) == where
    assert window.size() == size
