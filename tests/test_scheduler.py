"""The background schedule: checks run on their own, next runs survive a restart, pause/resume/check-now work,
a failing source runs next at its retry time (sooner than its interval, or later when a service asks), and
stopping leaves no thread behind."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from creatorwatch.core.errors import RateLimited, SourceError
from creatorwatch.core.records import source_store
from creatorwatch.core.records.overview import read_overview
from creatorwatch.core.records.source_store import Health, SourceStore, parse_iso
from creatorwatch.core.records.terms import Terms
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database, transaction
from creatorwatch.core.store.events import Event, EventHub
from creatorwatch.core.store.preferences import set_preference
from creatorwatch.core.watch.scheduler import MonitorScheduler
from tests.sources_fixtures import fast_client, running_scheduler

FEED = '<rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>Ada Lin voice</title>' \
       '<link>http://example.org/1</link></item></channel></rss>'


class Heard:
    def __init__(self, hub: EventHub) -> None:
        self.events: list[Event] = []
        self.times: list[datetime] = []  # when each event was heard
        self.changed = threading.Condition()
        hub.subscribe(self.hear)

    def hear(self, event: Event) -> None:
        with self.changed:
            self.events.append(event)
            self.times.append(datetime.now(UTC))
            self.changed.notify_all()

    def named(self, name: str) -> list[tuple[Event, datetime]]:
        with self.changed:
            return [(e, t) for e, t in zip(self.events, self.times, strict=True) if e.name == name]

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


def health_of(database: Path, name: str = "gallery") -> Health:
    db = open_database(database)
    try:
        source = SourceStore(db).get(name)
        assert source is not None
        return source.health
    finally:
        db.conn.close()


def failed(database: Path, error: SourceError, at: datetime, planned: datetime | None = None) -> None:
    """The gallery source failed at `at` with `error`, as a check records it (its next run `planned` before)."""
    db = open_database(database)
    store = SourceStore(db)
    gallery = store.get("gallery")
    assert gallery is not None
    with transaction(db):
        store.mark_failed(gallery.id, error, at)
        if planned is not None:
            store.set_next_run("gallery", planned)
    db.conn.close()


def stored_health(database: Path) -> dict[str, str | None]:
    health = health_of(database)
    return {"last_run": health.last_run, "next_run": health.next_run}


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
    assert abs((again.next_runs()["gallery"] - next_run).total_seconds()) < 1


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


def test_started_paused_it_checks_nothing_until_resumed(database: Path, make_scheduler: type) -> None:
    """A creator who paused monitoring and quit: the next start must not let the overdue first check slip out."""
    hub = EventHub()
    heard = Heard(hub)
    scheduler = make_scheduler(hub)
    scheduler.start(paused=True)
    assert scheduler.paused
    time.sleep(1.0)  # the first check is due at once (start_spread=0): had it started, it would have by now
    assert heard.named("source_checked") == [] and heard.named("check_started") == []
    scheduler.resume()
    heard.wait_for("source_checked")


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


DAILY = str(24 * 60)


def feed_source(tmp_path: Path, url: str, interval: str) -> Path:
    path = tmp_path / "data.sqlite3"
    db = open_database(path)
    SourceStore(db).add(SourceConfig("gallery", "feed", settings={"url": url, "interval": interval}))
    db.conn.close()
    return path



def close_to(when: datetime | None, expected: datetime | None) -> bool:
    return when is not None and expected is not None and abs(when - expected) <= timedelta(seconds=1)


def test_a_failing_daily_source_is_tried_again_at_its_retry_time_then_daily_again(
        tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source_store, "FIRST_RETRY", timedelta(seconds=2))  # the first retry in 2 s, not 2 minutes
    httpserver.expect_oneshot_request("/feed.xml").respond_with_data("down for maintenance", status=500)
    httpserver.expect_request("/feed.xml").respond_with_data(FEED, content_type="application/rss+xml")
    database = feed_source(tmp_path, httpserver.url_for("/feed.xml"), DAILY)
    hub = EventHub()
    heard = Heard(hub)
    with running_scheduler(database, hub) as scheduler:
        heard.wait_for("schedule_changed", 2)  # the failed check, then the retry, have each kept their next run
        after_success = scheduler.next_runs()["gallery"]

    (failed, _), (recovered, recovered_at) = heard.named("source_checked")[:2]
    (kept_after_failure, _), (kept_after_success, _) = heard.named("schedule_changed")[:2]
    assert failed.data["state"] == "failing" and "HTTP 500" in failed.data["error"]
    retry = parse_iso(failed.data["retry_at"])
    assert close_to(parse_iso(kept_after_failure.data["next_run"]), retry)  # not tomorrow: the retry time
    assert recovered.data["state"] == "ok" and retry is not None and recovered_at >= retry
    assert len(httpserver.log) == 2
    # Back on its daily rhythm, counted from the retry.
    assert after_success is not None and close_to(parse_iso(kept_after_success.data["next_run"]), after_success)
    assert timedelta(hours=23, minutes=59) < after_success - recovered_at < timedelta(days=1, minutes=1)
    health = health_of(database)
    assert health.state == "ok" and health.retry_at is None
    assert close_to(parse_iso(health.next_try), after_success)


def test_a_retry_after_longer_than_the_interval_pushes_the_next_run_later(tmp_path: Path,
                                                                         httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data("Too many requests", status=429,
                                                             headers={"Retry-After": "7200"})
    database = feed_source(tmp_path, httpserver.url_for("/feed.xml"), "60")
    hub = EventHub()
    heard = Heard(hub)
    with running_scheduler(database, hub) as scheduler:
        heard.wait_for("schedule_changed")
        next_run = scheduler.next_runs()["gallery"]
        (failed, failed_at), = heard.named("source_checked")

    retry = parse_iso(failed.data["retry_at"])
    assert failed.data["state"] == "failing" and "too many requests" in failed.data["error"]
    assert close_to(next_run, retry)  # the two hours asked for, not the hourly run in between
    assert next_run is not None and next_run - failed_at > timedelta(minutes=119)
    assert len(httpserver.log) == 1
    health = health_of(database)
    assert close_to(parse_iso(health.next_run), retry) and health.next_try == health.retry_at
    listed = SourceStore(open_database(database)).all()[0].as_json()  # what `creatorwatch sources --json` prints
    assert listed["next_try"] == listed["retry_at"] and close_to(parse_iso(listed["next_run"]), retry)
    assert {"health", "health_text", "retry_at", "last_run", "next_run"} <= set(listed)


def test_a_restart_keeps_a_failing_source_waiting_for_its_retry_time(database: Path) -> None:
    now = datetime.now(UTC)
    failed(database, RateLimited("gallery: asked CreatorWatch to slow down", 3 * 3600), now,
           planned=now + timedelta(minutes=10))  # planned before the service asked to wait
    retry = parse_iso(health_of(database).retry_at)

    with running_scheduler(database, EventHub()) as scheduler:
        assert close_to(scheduler.next_runs()["gallery"], retry)
    assert health_of(database).next_try == health_of(database).retry_at


def test_check_now_checks_a_failing_source_before_its_retry_time(database: Path) -> None:
    db = open_database(database)
    store = SourceStore(db)
    gallery = store.get("gallery")
    assert gallery is not None
    with transaction(db):
        store.mark_failed(gallery.id, SourceError("gallery: could not be reached"), datetime.now(UTC))
    db.conn.close()
    hub = EventHub()
    heard = Heard(hub)
    with running_scheduler(database, hub) as scheduler:
        scheduler.check_now("gallery")  # the creator asked: not held back until the retry time
        heard.wait_for("source_checked")
        heard.wait_for("schedule_changed")
        next_run = scheduler.next_runs()["gallery"]
    (checked, checked_at), = heard.named("source_checked")
    assert checked.data["state"] == "ok" and checked.data["mentions"] == 1
    assert next_run is not None and timedelta(minutes=59) < next_run - checked_at < timedelta(minutes=61)
    assert health_of(database).state == "ok"


def test_when_a_check_finishes_its_next_run_is_already_kept(database: Path) -> None:
    """The window reloads the Sources page on check_finished: by then the data file holds the next run."""
    hub = EventHub()
    heard = Heard(hub)
    read_at_finish: list[str | None] = []
    hub.subscribe(lambda e: read_at_finish.append(health_of(database).next_run) if e.name == "check_finished" else None)
    with running_scheduler(database, hub) as scheduler:
        heard.wait_for("check_finished")
        next_run = scheduler.next_runs()["gallery"]
    assert read_at_finish and close_to(parse_iso(read_at_finish[0]), next_run)


def test_a_new_source_shows_its_next_check_before_it_first_runs(database: Path) -> None:
    """The Overview's "Next check" is read from the data file: it must not say "not planned" for a source that is
    scheduled but has not run yet (one added from the command line while the window is open, say)."""
    scheduler = MonitorScheduler(database, hub=EventHub(), http=fast_client(), start_spread=3600)
    try:
        scheduler.start()
        planned = scheduler.next_runs()["gallery"]
        db = open_database(database)
        try:
            upcoming = read_overview(db).next_check
        finally:
            db.conn.close()
    finally:
        scheduler.stop()
    stored = parse_iso(upcoming)
    assert planned is not None and stored is not None
    assert abs((stored - planned).total_seconds()) < 1


def test_a_source_just_checked_from_the_command_line_is_not_checked_again_when_the_window_opens(
        database: Path) -> None:
    """`creatorwatch check` keeps no next run: the window's scheduler plans the next an interval after the last."""
    checked_at = datetime.now(UTC) - timedelta(minutes=5)
    db = open_database(database)
    store = SourceStore(db)
    gallery = store.get("gallery")
    assert gallery is not None
    with transaction(db):
        store.mark_ok(gallery.id, checked_at)
    db.conn.close()
    with running_scheduler(database, EventHub()) as scheduler:
        assert close_to(scheduler.next_runs()["gallery"], checked_at + timedelta(minutes=60))
    assert close_to(parse_iso(health_of(database).next_run), checked_at + timedelta(minutes=60))


def test_a_check_that_can_record_nothing_says_why_and_the_next_one_goes_on(database: Path,
                                                                           make_scheduler: type) -> None:
    hub = EventHub()
    heard = Heard(hub)
    scheduler = make_scheduler(hub)
    scheduler.start()
    heard.wait_for("schedule_changed")  # the first check has ended
    kept = database.read_bytes()
    database.write_bytes(b"this is not the data file any more" * 200)  # as a full disk or a damaged file leaves it
    scheduler.check_now("gallery")
    heard.wait_for("check_failed")
    failed = heard.named("check_failed")[0][0].data
    assert failed["source"] == "gallery"
    assert "is damaged. Restore it from a backup" in failed["text"]  # said to the window, which has no record of it
    database.write_bytes(kept)
    scheduler.check_now("gallery")
    heard.wait_for("source_checked", 2)  # the schedule carried on


def test_a_source_that_failed_from_the_command_line_is_tried_again_at_its_retry_time(database: Path) -> None:
    """`creatorwatch check` failed and said it may work in 2 minutes; the window's scheduler, started then, waited a
    whole interval after the failure instead."""
    failed_at = datetime.now(UTC)
    failed(database, SourceError("gallery: could not be reached", passing=True), failed_at)
    retry = parse_iso(health_of(database).retry_at)
    assert retry is not None and retry - failed_at < timedelta(minutes=10)
    with running_scheduler(database, EventHub()) as scheduler:
        assert close_to(scheduler.next_runs()["gallery"], retry)


@contextmanager
def held_scheduler(database: Path) -> Iterator[MonitorScheduler]:
    """The real scheduler, started paused: what it plans is the point, not the checks."""
    scheduler = MonitorScheduler(database, hub=EventHub(), http=fast_client(), start_spread=0, jitter=0)
    scheduler.start(paused=True)
    try:
        yield scheduler
    finally:
        scheduler.stop()


def source_checked(database: Path, config: SourceConfig, at: datetime, next_run: datetime) -> None:
    """A source "drop", checked `at`, its next check planned for `next_run`."""
    db = open_database(database)
    try:
        store = SourceStore(db)
        store.add(config)
        drop = store.get("drop")
        assert drop is not None
        with transaction(db):
            store.mark_ok(drop.id, at)
            store.set_next_run("drop", next_run)
    finally:
        db.conn.close()


def every(database: Path, minutes: int) -> None:
    db = open_database(database)
    try:
        set_preference(db, "check_interval_minutes", minutes)
    finally:
        db.conn.close()


def test_a_new_check_interval_counts_from_the_last_check_even_across_a_restart(tmp_path: Path) -> None:
    """Checked three hours ago on a daily rhythm, then hourly: overdue, so checked now (not in 21 hours); back to
    daily: a day after that last check; changed on the command line while the window was shut: the same."""
    database = tmp_path / "data.sqlite3"
    checked_at = datetime.now(UTC) - timedelta(hours=3)
    source_checked(database, SourceConfig("drop", "feed", settings={"url": "https://feed.example/rss"}), checked_at,
                   checked_at + timedelta(days=1))
    every(database, 24 * 60)
    with held_scheduler(database) as scheduler:
        assert close_to(scheduler.next_runs()["drop"], checked_at + timedelta(days=1))  # the kept rhythm
        every(database, 60)
        scheduler.sync()
        assert close_to(scheduler.next_runs()["drop"], datetime.now(UTC))
        every(database, 24 * 60)
        scheduler.sync()
        assert close_to(scheduler.next_runs()["drop"], checked_at + timedelta(days=1))
    every(database, 60)  # `creatorwatch settings` while the window is shut
    with held_scheduler(database) as scheduler:
        assert close_to(scheduler.next_runs()["drop"], datetime.now(UTC))
    assert close_to(parse_iso(health_of(database, "drop").next_run), datetime.now(UTC))


def test_check_now_while_that_source_is_being_checked_is_that_check(tmp_path: Path, httpserver: HTTPServer) -> None:
    """Check all now, clicked while the window's first check of a source was still fetching (a slow server): the
    scheduler was asked to run the job again, skipped it, and logged a warning. The check running is the one the
    creator asked for: it alone runs, and says what it found."""
    from werkzeug import Request, Response

    release = threading.Event()

    def slow_feed(_request: Request) -> Response:
        release.wait(20)
        return Response(FEED, content_type="application/rss+xml")

    httpserver.expect_request("/feed.xml").respond_with_handler(slow_feed)
    path = tmp_path / "data.sqlite3"
    db = open_database(path)
    SourceStore(db).add(SourceConfig("gallery", "feed", settings={"url": httpserver.url_for("/feed.xml"),
                                                                   "interval": "60"}))
    db.conn.close()
    hub = EventHub()
    heard = Heard(hub)
    with running_scheduler(path, hub) as scheduler:
        heard.wait_for("source_started")
        scheduler.check_now("gallery")
        assert scheduler.check_now() == ["gallery"]  # what it reports on: the check running is that check
        release.set()
        heard.wait_for("check_finished")
        time.sleep(1.0)  # a second check, had one been started, would have begun by now
    assert len(heard.named("source_started")) == 1 and len(heard.named("check_finished")) == 1


def test_a_watched_folder_is_looked_at_every_few_minutes_whatever_the_check_interval(tmp_path: Path) -> None:
    """Files dropped into a watched folder waited for the next check, six hours away: a folder is read on this
    computer, and only files new or changed since are read, so it is looked at every 5 minutes (the check interval
    is for the services), and the Sources page's next run says so."""
    database = tmp_path / "data.sqlite3"
    (tmp_path / "drop").mkdir()
    checked_at = datetime.now(UTC) - timedelta(minutes=2)
    source_checked(database, SourceConfig("drop", "folder", settings={"path": str(tmp_path / "drop")}), checked_at,
                   checked_at + timedelta(hours=6))  # as planned before, on the creator's check interval
    every(database, 6 * 60)
    with held_scheduler(database) as scheduler:
        assert close_to(scheduler.next_runs()["drop"], checked_at + timedelta(minutes=5))
    assert close_to(parse_iso(health_of(database, "drop").next_run), checked_at + timedelta(minutes=5))
