"""The background schedule: checks run on their own, next runs survive a restart, pause/resume/check-now work,
and stopping leaves no thread behind."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from creatorwatch.core.db import open_database
from creatorwatch.core.events import Event, EventHub
from creatorwatch.core.scheduler import MonitorScheduler
from creatorwatch.core.source_store import SourceStore, parse_iso
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.terms import Terms
from tests.sources_fixtures import fast_client

FEED = '<rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>Ada Lin voice</title>' \
       '<link>http://example.org/1</link></item></channel></rss>'


class Heard:
    def __init__(self, hub: EventHub) -> None:
        self.events: list[Event] = []
        self.changed = threading.Condition()
        hub.subscribe(self.hear)

    def hear(self, event: Event) -> None:
        with self.changed:
            self.events.append(event)
            self.changed.notify_all()

    def wait_for(self, name: str, count: int = 1) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: sum(e.name == name for e in self.events) >= count, timeout=30), \
                f"no {name} event"


@pytest.fixture
def database(tmp_path: Path, httpserver: HTTPServer) -> Path:
    httpserver.expect_request("/feed.xml").respond_with_data(FEED, content_type="application/rss+xml")
    path = tmp_path / "data.sqlite3"
    db = open_database(path)
    SourceStore(db).add(SourceConfig("gallery", "feed", settings={"url": httpserver.url_for("/feed.xml"),
                                                                   "interval": "60"}))
    Terms(db).add(["Ada Lin"])
    db.conn.close()
    return path


@pytest.fixture
def make_scheduler(database: Path) -> Iterator[type[MonitorScheduler]]:
    made: list[MonitorScheduler] = []

    def make(hub: EventHub) -> MonitorScheduler:
        scheduler = MonitorScheduler(database, hub=hub, http=fast_client(), start_spread=0)
        made.append(scheduler)
        return scheduler

    yield make  # type: ignore[misc]
    for scheduler in made:
        scheduler.stop()


def stored_health(database: Path) -> dict[str, str | None]:
    db = open_database(database)
    try:
        health = SourceStore(db).get("gallery")
        assert health is not None
        return {"last_run": health.health.last_run, "next_run": health.health.next_run}
    finally:
        db.conn.close()


def test_checks_run_on_their_own_and_the_next_run_survives_a_restart(database: Path, make_scheduler: type) -> None:
    hub = EventHub()
    heard = Heard(hub)
    scheduler = make_scheduler(hub)
    scheduler.start()
    heard.wait_for("mention_found")
    heard.wait_for("schedule_changed")
    scheduler.stop()
    stored = stored_health(database)
    next_run = parse_iso(stored["next_run"])
    assert stored["last_run"] and next_run
    assert timedelta(minutes=50) < next_run - datetime.now(UTC) < timedelta(minutes=70)

    again = make_scheduler(EventHub())
    again.start()
    assert abs((again.next_runs()["gallery"] - next_run).total_seconds()) < 1  # type: ignore[operator]


def test_pause_resume_and_check_now(database: Path, make_scheduler: type) -> None:
    hub = EventHub()
    heard = Heard(hub)
    scheduler = make_scheduler(hub)
    scheduler.start()
    heard.wait_for("schedule_changed")  # the first check has ended
    scheduler.pause()
    assert scheduler.paused
    scheduler.check_now("gallery")
    scheduler.resume()
    heard.wait_for("source_checked", 2)
    assert not scheduler.paused


def test_stopping_leaves_no_thread_running(make_scheduler: type) -> None:
    before = set(threading.enumerate())
    hub = EventHub()
    heard = Heard(hub)
    scheduler = make_scheduler(hub)
    scheduler.start()
    heard.wait_for("source_checked")
    scheduler.stop()
    left = [t for t in set(threading.enumerate()) - before if t.is_alive()]
    assert left == []


def test_open_takedowns_are_rechecked_on_their_own(tmp_path: Path, httpserver: HTTPServer) -> None:
    from creatorwatch.core.evidence.takedown import Takedowns
    from tests.evidence_fixtures import record_match

    recorded = record_match(tmp_path / "data.sqlite3", tmp_path / "files", httpserver)
    Takedowns(recorded.db).record(recorded.match_id, "sent", channel="email", recipient="host")
    httpserver.clear()
    httpserver.expect_request("/old/copy.png").respond_with_data("gone", status=410)
    hub = EventHub()
    heard = Heard(hub)
    scheduler = MonitorScheduler(tmp_path / "data.sqlite3", hub=hub, http=fast_client(), start_spread=0,
                                 takedown_delay=0)
    scheduler.start()
    try:
        heard.wait_for("takedown_changed")
    finally:
        scheduler.stop()
    takedown = Takedowns(open_database(tmp_path / "data.sqlite3")).get(recorded.match_id)
    assert takedown is not None and takedown.status == "removed"
