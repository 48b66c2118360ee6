"""Only the scheduler tries a failing source again, so only it says "it will be tried again", with the wait it
really keeps; `check` and `match` try once and say what happened and that running them again may work. Errors
once carried the scheduler's promise into every command (and `match` rewrote it with a regular expression)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

from pytest_httpserver import HTTPServer

from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from tests.conftest import CliRunner
from tests.sources_fixtures import fast_client

PROMISE = re.compile(r"tried again|try again|will (be )?(try|tried|wait|leave)", re.IGNORECASE)


def test_the_scheduler_says_it_will_try_again_after_the_wait_it_keeps(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data("busy", status=503)
    db = open_database(tmp_path / "data.sqlite3")
    SourceStore(db).add(SourceConfig("busy", "feed", settings={"url": httpserver.url_for("/feed.xml")}))
    monitor = Monitor(db, http=fast_client(retries=0), scheduled=True)

    for minutes in (2, 4):  # a source that keeps failing is put off longer each time
        outcome, = monitor.check().sources
        health = SourceStore(db).get("busy").health  # type: ignore[union-attr]
        said = f"busy (feed): is having trouble (HTTP 503). It will be tried again in {minutes} min."
        assert outcome.error == health.last_error == said
        waited = datetime.fromisoformat(health.retry_at or "") - datetime.fromisoformat(health.last_run or "")
        assert waited == timedelta(minutes=minutes)  # the time said is the time the scheduler runs it


def test_check_says_what_happened_and_that_running_it_again_may_work(run_cli: CliRunner,
                                                                     httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data("slow down", status=429, headers={"Retry-After": "600"})
    run_cli("sources", "add", "feed", "--name", "busy", "--set", f"url={httpserver.url_for('/feed.xml')}")

    checked = run_cli("check", "--json")

    what = "busy (feed): asked CreatorWatch to slow down (too many requests)."
    outcome, = json.loads(checked.stdout)["sources"]
    assert outcome["error"] == f"{what} Running the command again in 10 min may work."
    assert outcome["error"] in checked.stderr and not PROMISE.search(checked.stderr)
    listed, = json.loads(run_cli("sources", "--json").stdout)
    assert listed["error"] == what  # kept as what happened: no scheduler ran this check, none promised to retry


def test_match_on_a_busy_address_says_when_running_it_again_may_work(run_cli: CliRunner,
                                                                    httpserver: HTTPServer) -> None:
    httpserver.expect_request("/picture.png").respond_with_data("busy", status=503, headers={"Retry-After": "600"})

    matched = run_cli("match", "--json", httpserver.url_for("/picture.png"))

    error = json.loads(matched.stdout)["error"]
    assert matched.returncode == 1 and not PROMISE.search(error)
    assert error.endswith(": is having trouble (HTTP 503). Running the command again in 10 min may work.")
