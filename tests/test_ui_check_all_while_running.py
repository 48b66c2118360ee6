"""Check all now pressed while a source is already being checked: that check is part of it, so the status bar waits
for it and counts what it found, as the tray's alert does. It said "Check finished on 1 source" for whichever source
finished first, and the alert counted finds the status bar left out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from creatorwatch.core.store.events import EventHub
from creatorwatch.paths import Paths
from creatorwatch.ui.desktop import Desktop
from creatorwatch.ui.notifications import Alert
from tests.ui_fixtures import RecordingScheduler, from_a_worker, paths, seed, start_desktop, tray_works  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


class OneAlreadyRunning(RecordingScheduler):
    """feed-b was being checked when the creator asked; feed-a is asked now."""

    def check_now(self, name: str | None = None) -> list[str]:
        super().check_now(name)
        return ["feed-a", "feed-b"]


@pytest.fixture
def desktop(qtbot: QtBot, paths: Paths, tray_works: None) -> Iterator[Desktop]:  # noqa: F811
    seed(paths, finds=4)

    def make(p: Paths, hub: EventHub) -> OneAlreadyRunning:
        return OneAlreadyRunning(p, hub)

    yield from start_desktop(qtbot, paths, tray=True, make_scheduler=make)


def _finished(desktop: Desktop, name: str, find_id: int, new: int) -> None:
    """As a source's scheduled check reports, from its worker thread: its find, then its check_finished."""
    outcome: dict[str, Any] = {"name": name, "type": "feed", "state": "ok", "new": new, "matches": 1, "mentions": 0}

    def publish() -> None:
        desktop.hub.publish("match_found", id=find_id, type="match", work_id=1, score=0.8,
                            candidate_url=f"https://copies.example/item/{find_id}", source=name)
        desktop.hub.publish("check_finished", sources=[outcome], new=new, matches=1, mentions=0, failed=[])

    from_a_worker(publish)


def test_the_status_bar_counts_the_check_already_running_as_the_alert_does(qtbot: QtBot, desktop: Desktop) -> None:
    shown: list[Alert] = []
    desktop.tray.alert_shown.connect(shown.append)
    bar = desktop.window.statusBar()
    desktop.window.show_page("sources")
    qtbot.waitUntil(lambda: desktop.window.sources.loaded)
    desktop.window.sources.check_all_button.click()

    _finished(desktop, "feed-b", 1, new=1)  # the check already running ends first
    QApplication.processEvents()  # its events delivered: feed-a is still being checked, so nothing is said yet
    assert bar.currentMessage() == "Checking all sources now…"
    _finished(desktop, "feed-a", 2, new=2)
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("Check finished"), timeout=10_000)
    assert bar.currentMessage() == ("Check finished on 2 sources: 3 new items, 2 new possible copies and 0 new "
                                    "mentions.")
    qtbot.waitUntil(lambda: sum(alert.count for alert in shown) == 2, timeout=10_000)
    assert "2 possible copies" in shown[-1].text
