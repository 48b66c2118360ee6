"""A new "Check every" moves the next check at once, in the real scheduler and on the Overview: the tester chose
24 hours, then 1 hour, and the next check stayed a day away (the one planned on the old interval was kept)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.watch.scheduler import MonitorScheduler
from creatorwatch.core.wording.times import local_short
from creatorwatch.paths import Paths
from creatorwatch.ui.desktop import Desktop, monitor_scheduler
from tests.test_scheduler import source_checked
from tests.ui_fixtures import paths, start_desktop  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")
CHECKED_AGO = timedelta(minutes=10)


@pytest.fixture
def last_check(paths: Paths) -> datetime:  # noqa: F811
    """A feed source checked ten minutes ago, its next check planned on the 6-hour default (a watched folder has a
    pace of its own)."""
    checked_at = datetime.now(UTC) - CHECKED_AGO
    source_checked(paths.database, SourceConfig("drop", "feed", settings={"url": "https://feed.example/rss"}),
                   checked_at, checked_at + timedelta(hours=6))
    return checked_at


@pytest.fixture
def desktop(qtbot: QtBot, paths: Paths, last_check: datetime) -> Iterator[Desktop]:  # noqa: F811
    yield from start_desktop(qtbot, paths, tray=False, make_scheduler=monitor_scheduler)


def next_check_after(qtbot: QtBot, desktop: Desktop, hours: int, last_check: datetime) -> datetime:
    """Choose "Check every `hours` hours", save, and wait for the scheduler to plan the next check from it."""
    page = desktop.window.settings_page
    qtbot.waitUntil(lambda: page.interval.value() > 0)  # the settings are loaded
    page.interval.setValue(hours)
    with qtbot.waitSignal(page.saved):
        page.save_button.click()
    scheduler = desktop.scheduler
    assert isinstance(scheduler, MonitorScheduler)
    earliest = last_check + timedelta(hours=hours) - timedelta(seconds=1)  # the data file keeps whole seconds
    latest = earliest + timedelta(hours=hours) * scheduler.jitter  # the spread that keeps services unhammered

    def planned() -> bool:
        when = scheduler.next_runs().get("drop")
        return when is not None and earliest <= when <= latest

    qtbot.waitUntil(planned, timeout=10_000)
    when = scheduler.next_runs()["drop"]
    assert when is not None
    return when


def test_a_new_check_interval_counts_from_the_last_check_at_once(qtbot: QtBot, desktop: Desktop,
                                                                 last_check: datetime) -> None:
    next_check_after(qtbot, desktop, 24, last_check)  # a day after the last check, not the 6 hours before
    hourly = next_check_after(qtbot, desktop, 1, last_check)  # then an hour after it, not a day
    overview = desktop.window.dashboard
    qtbot.waitUntil(lambda: f"Next check: {local_short(hourly.isoformat())}" in overview.checks.text(),
                    timeout=10_000)  # the Overview says so too (it reads the data file)

