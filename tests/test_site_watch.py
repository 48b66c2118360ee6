"""Watching the creator's site: a remembered site is audited again (by the scheduler, or `audit --recheck`), and
when its opt-out weakens (a crawler kept out may now fetch, a TDMRep or noai signal is gone) an alert says so in
a plain sentence, through the same event hub as new finds. Real loopback sites, a real data file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from pytest_httpserver import HTTPServer

from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.optout.audit import audit_site
from creatorwatch.core.optout.site_watch import (
    WEAKENED,
    reaudit,
    reaudit_due,
    remember_site,
    watched_site,
    watched_sites,
    weakening,
)
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.events import Event, EventHub
from creatorwatch.core.watch.scheduler import MonitorScheduler
from tests.conftest import CliRunner
from tests.test_audit import serve_site
from tests.test_scheduler import Heard

META = '<meta name="robots" content="noai, noimageai"><meta name="tdm-reservation" content="1">'
AI_TXT = "User-Agent: *\nDisallow: /\n"


@pytest.fixture
def http() -> Iterator[HttpClient]:
    with HttpClient(source="test site", retries=0, backoff_base=0.0, host_interval=0.0) as client:
        yield client


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_database(tmp_path / "data.sqlite3")


def host(server: HTTPServer) -> str:
    return f"{server.host}:{server.port}"


def watched_strong_site(server: HTTPServer, db: sqlite_utils.Database, http: HttpClient) -> str:
    """A site keeping GPTBot and CCBot out, with noai tags, a TDMRep meta tag and ai.txt: watched, audited once."""
    url = serve_site(server, "User-agent: GPTBot\nUser-agent: CCBot\nDisallow: /\n", meta=META, ai_txt=AI_TXT)
    remember_site(db, url, 7, audit_site(http, url).as_json())
    server.clear()
    return url


def test_a_crawler_let_in_by_a_new_robots_txt_raises_one_plain_alert(
        httpserver: HTTPServer, db: sqlite_utils.Database, http: HttpClient) -> None:
    url = watched_strong_site(httpserver, db, http)
    serve_site(httpserver, "User-agent: CCBot\nDisallow: /\n", meta=META, ai_txt=AI_TXT)  # GPTBot lines deleted
    hub, heard = EventHub(), list[Event]()
    hub.subscribe(heard.append)

    changes = reaudit(db, http, url, hub)

    assert changes == [f"Your site {host(httpserver)} now lets GPTBot in: robots.txt changed."]
    assert [e.name for e in heard] == [WEAKENED]
    assert heard[0].data["text"] == changes[0] and heard[0].data["url"] == url
    site = watched_site(db, url)
    assert site is not None and site.changes == changes and site.audit is not None
    assert reaudit(db, http, url, hub) == [] and len(heard) == 1  # compared with the new baseline: nothing more


def test_a_robots_txt_gone_and_every_signal_dropped_are_each_said(
        httpserver: HTTPServer, db: sqlite_utils.Database, http: HttpClient) -> None:
    url = watched_strong_site(httpserver, db, http)
    serve_site(httpserver, None)  # robots.txt 404, no meta tags, no ai.txt

    changes = reaudit(db, http, url)

    assert changes[0] == f"Your site {host(httpserver)} now lets GPTBot and CCBot in: robots.txt is gone (HTTP 404)."
    assert changes[1] == (f"Your site {host(httpserver)} no longer reserves its rights to text and data mining: the "
                          "TDMRep signal (tdm-reservation) is gone (the tdm-reservation meta tag).")
    assert changes[2].endswith("no longer carries the noai and noimageai meta tags on " + url + ".")
    assert changes[3] == f"Your site {host(httpserver)} no longer has an ai.txt forbidding AI training (it is now " \
                         "missing)."


def test_a_site_that_cannot_be_reached_is_not_called_weakened(
        httpserver: HTTPServer, db: sqlite_utils.Database, http: HttpClient) -> None:
    url = watched_strong_site(httpserver, db, http)
    httpserver.stop()  # nothing answers: robots.txt unreadable keeps crawlers out; missing signals are not "gone"
    try:
        assert reaudit(db, http, url) == []
    finally:
        httpserver.start()


def test_a_stronger_site_is_no_alert() -> None:
    weak = {"url": "https://a.example/", "crawlers": [{"token": "GPTBot", "may_fetch": {"/": True}}],
            "page": {"noai": False}, "tdmrep": {"reserved": False}, "ai_txt": {"blocks_all": False}}
    strong = {"url": "https://a.example/", "crawlers": [{"token": "GPTBot", "may_fetch": {"/": False}}],
              "page": {"noai": True}, "tdmrep": {"reserved": True}, "ai_txt": {"blocks_all": True}}
    assert weakening(weak, strong) == []
    assert weakening(strong, weak)[0] == "Your site a.example now lets GPTBot in: robots.txt changed."


def test_a_bare_noai_kept_from_before_is_not_called_a_lost_noimageai(
        httpserver: HTTPServer, db: sqlite_utils.Database, http: HttpClient) -> None:
    """An audit kept when a bare noai was reported as noimageai too: audited again, the same page (noai only, now
    reported as it is) weakened nothing, since noai still covers the pictures."""
    url = serve_site(httpserver, None, meta='<meta name="robots" content="noai">')
    before: dict[str, Any] = audit_site(http, url).as_json()
    before["page"] = {**before["page"], "noimageai": True}  # as the audit kept before said it
    after: dict[str, Any] = audit_site(http, url).as_json()
    assert after["page"]["noai"] and not after["page"]["noimageai"]
    assert weakening(before, after) == []


def test_only_sites_whose_time_has_come_are_audited_again(
        httpserver: HTTPServer, db: sqlite_utils.Database, http: HttpClient) -> None:
    url = watched_strong_site(httpserver, db, http)
    serve_site(httpserver, None, meta=META, ai_txt=AI_TXT)
    assert reaudit_due(db, http) == {}  # audited a moment ago, weekly
    assert reaudit_due(db, http, now=datetime.now(UTC) + timedelta(days=8)) == {
        url: [f"Your site {host(httpserver)} now lets GPTBot and CCBot in: robots.txt is gone (HTTP 404)."]}
    with pytest.raises(ValueError, match="daily"):
        remember_site(db, url, 3)


def test_the_scheduler_audits_a_due_site_and_publishes_the_alert(tmp_path: Path, httpserver: HTTPServer,
                                                                 http: HttpClient) -> None:
    database = tmp_path / "data.sqlite3"
    db = open_database(database)
    watched_strong_site(httpserver, db, http)
    db.execute("UPDATE watched_sites SET checked_at = ?", [(datetime.now(UTC) - timedelta(days=8)).isoformat()])
    db.conn.close()
    serve_site(httpserver, "User-agent: CCBot\nDisallow: /\n", meta=META, ai_txt=AI_TXT)
    hub = EventHub()
    heard = Heard(hub)
    scheduler = MonitorScheduler(database, hub=hub, http=http, start_spread=0, takedown_delay=0)
    scheduler.start()
    try:
        heard.wait_for(WEAKENED)
    finally:
        scheduler.stop()
    event: Event = heard.named(WEAKENED)[0][0]
    assert event.data["text"] == f"Your site {host(httpserver)} now lets GPTBot in: robots.txt changed."
    assert [s.changes for s in watched_sites(open_database(database))] == [[event.data["text"]]]


def test_the_command_line_remembers_lists_rechecks_and_forgets(httpserver: HTTPServer, run_cli: CliRunner) -> None:
    url = serve_site(httpserver, "User-agent: GPTBot\nDisallow: /\n", meta=META, ai_txt=AI_TXT)
    done = run_cli("audit", url, "--remember", "--every", "daily", "--json")
    assert done.returncode == 1, done.stderr  # gaps (CCBot and others are let in), but remembered
    assert json.loads(done.stdout)["watched"]["every_days"] == 1
    listed = run_cli("audit", "--list", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout)["weakened"] == []
    assert run_cli("audit", "--list").stdout.rstrip().endswith("; 1 gap)")  # counted in words, not "1 gap(s)"
    httpserver.clear()
    serve_site(httpserver, "User-agent: *\nAllow: /\n", meta=META, ai_txt=AI_TXT)

    rechecked = run_cli("audit", "--recheck")

    assert rechecked.returncode == 1
    assert f"  ! Your site {host(httpserver)} now lets GPTBot in: robots.txt changed." in rechecked.stdout
    assert json.loads(run_cli("audit", "--list", "--json").stdout)["weakened"] == [
        f"Your site {host(httpserver)} now lets GPTBot in: robots.txt changed."]
    assert run_cli("audit", url, "--forget").returncode == 0
    assert "No watched sites" in run_cli("audit", "--list").stdout
    missing = run_cli("audit")
    assert missing.returncode == 2 and "needs a URL" in missing.stderr


def test_the_headless_scheduler_prints_the_alert(capsys: pytest.CaptureFixture[str]) -> None:
    from creatorwatch.commands.monitoring import _print_progress

    text = "Your site example.com now lets GPTBot in: robots.txt changed."
    _print_progress(Event(WEAKENED, {"url": "https://example.com/", "changes": [text], "text": text}))
    assert capsys.readouterr().err == f"ALERT: {text}\n"
