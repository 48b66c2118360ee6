"""Without a tray, an alert shows as a banner over the window; once the creator goes to the finds (the Review
page), it goes away: it stayed over every page, saying "2 new finds", after they had been looked at."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.desktop import Desktop
from tests.ui_fixtures import paths, seed, start_desktop  # noqa: F401

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
