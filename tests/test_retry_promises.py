"""Only the scheduler tries a failing source again, so only it says "it will be tried again", with the wait it
really keeps; `check` and `match` try once and say what happened and that running them again may work. Errors
once carried the scheduler's promise into every command (and `match` rewrote it with a regular expression)."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from creatorwatch.core.errors import SourceError
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.core.wording.retry import tried_again, tried_once
from tests.conftest import CliRunner
from tests.sources_fixtures import RawServer, fast_client, raw_server

__all__ = ["raw_server"]

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


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/"


def _answering(server: HTTPServer, body: str, status: int = 200, **headers: str) -> str:
    server.expect_request("/x").respond_with_data(body, status=status, headers=headers,
                                                  content_type="text/html" if body.startswith("<") else None)
    return server.url_for("/x")


FAILURES: dict[str, Callable[[HTTPServer, type[RawServer]], str]] = {
    "unreachable": lambda server, raw: _closed_port(),
    "in trouble": lambda server, raw: _answering(server, "busy", 503),
    "too many requests": lambda server, raw: _answering(server, "no", 429),
    "web page for data": lambda server, raw: _answering(server, "<!doctype html><p>Maintenance</p>"),
    "cut short": lambda server, raw: raw(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}").url,
    "stopped answering": lambda server, raw: raw(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", True).url,
    "redirect loop": lambda server, raw: _answering(server, "", 302, Location="/x"),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_a_passing_failure_says_what_happened_and_each_caller_its_own_retry(
        failure: str, httpserver: HTTPServer, raw_server: type[RawServer]) -> None:
    """The error itself promises nothing; a command says running it again may work, the scheduler when it tries."""
    url = FAILURES[failure](httpserver, raw_server)
    client: HttpClient = fast_client(retries=0)
    try:
        with pytest.raises(SourceError) as caught:
            client.get_json(url)
    finally:
        client.close()
    error = caught.value
    assert error.passing and not PROMISE.search(str(error)), str(error)
    assert re.fullmatch(r".+\. Running the command again( in [\d.]+ (s|min|h))? may work\.", tried_once(error))
    assert tried_again(error, 240).endswith(". It will be tried again in 4 min.")
