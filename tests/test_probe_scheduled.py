"""Probes on the schedule, with the real scheduler and a loopback memorising model: a model endpoint is asked on its
own, weekly unless its interval says otherwise, only about the works enabled for probing there, never past its
per-run budget, and a rate limit moves its next run to the time the service asked for. A model endpoint added from
the command line is picked up like any other source."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from pytest_httpserver import HTTPServer

from creatorwatch.core.library.works import Library
from creatorwatch.core.model_probe.consent import Consents
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore, parse_iso
from creatorwatch.core.records.terms import Terms
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.events import EventHub
from creatorwatch.core.watch.scheduled_probe import scheduled_probe
from tests.conftest import CliRunner
from tests.probe_model import MemorisingModel, make_story, openai_error
from tests.sources_fixtures import fast_client, running_scheduler
from tests.test_scheduler import FEED, Heard

WORKS = {"Saltmarsh Ledger": "memorised", "Quiet Ferry": "unrelated", "Glass Orchard": "memorised"}
ENABLED = ("Saltmarsh Ledger", "Quiet Ferry")  # Glass Orchard is never enabled: nothing of it may be sent
WEEK = timedelta(days=7)


def library(database: Path, folder: Path) -> tuple[MemorisingModel, dict[str, int], dict[str, str]]:
    """The works on disk and in the library, and a model that knows them as WORKS says."""
    folder.mkdir()
    model, texts = MemorisingModel(), {}
    for seed, (title, mode) in enumerate(WORKS.items()):
        texts[title] = make_story(seed)
        (folder / f"{title.replace(' ', '_')}.txt").write_text(texts[title], encoding="utf-8")
        model.add(title, texts[title], mode)
    db = open_database(database)
    try:
        Library(db).add_paths([folder])
        Terms(db).add(["Wren Aldane"])
        ids = {w.title.title(): w.id for w in Library(db).works()}
    finally:
        db.conn.close()
    return model, ids, texts


def enable(db: sqlite_utils.Database, ids: dict[str, int], source: str = "memo") -> None:
    record = SourceStore(db).get(source)
    assert record is not None
    library_ = Library(db)
    for title in ENABLED:
        work = library_.get(ids[title])
        assert work is not None
        Consents(db).give(work, record)


@pytest.fixture
def setup(tmp_path: Path, httpserver: HTTPServer) -> tuple[Path, MemorisingModel, dict[str, int], dict[str, str]]:
    database = tmp_path / "data" / "creatorwatch.sqlite3"
    model, ids, texts = library(database, tmp_path / "works")
    model.serve(httpserver, key=None)  # a local model: no key
    return database, model, ids, texts


def add_model_source(database: Path, server: HTTPServer, ids: dict[str, int], **settings: str) -> None:
    db = open_database(database)
    try:
        SourceStore(db).add(SourceConfig("memo", "openai-compatible", server.url_for("/v1"),
                                         {"model": "memo-1", **settings}))
        enable(db, ids)
    finally:
        db.conn.close()



def sent_prompts(model: MemorisingModel) -> list[str]:
    return [json.dumps(r["body"], ensure_ascii=False) for r in model.requests]


def mentions(prompts: list[str], text: str) -> bool:
    """Whether any prompt carries a passage of `text` (its words, as the prompts quote them)."""
    words = text.split()
    return any(" ".join(words[i:i + 8]) in p for p in prompts for i in range(0, len(words) - 8, 4))


def health(database: Path) -> tuple[str, str | None, str | None]:
    db = open_database(database)
    try:
        source = SourceStore(db).get("memo")
        assert source is not None
        return source.health.state, source.health.next_run, source.health.retry_at
    finally:
        db.conn.close()


def test_a_model_endpoint_is_probed_on_its_own_weekly_and_only_about_enabled_works(
        setup: tuple[Path, MemorisingModel, dict[str, int], dict[str, str]], httpserver: HTTPServer) -> None:
    database, model, ids, texts = setup
    add_model_source(database, httpserver, ids)
    hub = EventHub()
    heard = Heard(hub)
    with running_scheduler(database, hub) as scheduler:
        heard.wait_for("schedule_changed")  # the probe has run and its next run is kept
        next_run = scheduler.next_runs()["memo"]

    prompts = sent_prompts(model)
    assert prompts and len(httpserver.log) == len(model.requests)
    assert mentions(prompts, texts["Saltmarsh Ledger"]) and mentions(prompts, texts["Quiet Ferry"])
    assert not mentions(prompts, texts["Glass Orchard"]) and "Glass Orchard" not in "".join(prompts)
    found = Findings(open_database(database)).all()
    assert {(f.work_id, f.source, f.kind) for f in found} == {(ids["Saltmarsh Ledger"], "memo", "text")}
    (checked, checked_at), = heard.named("source_checked")
    assert checked.data["state"] == "ok" and checked.data["matches"] == len(found)
    assert [e.data["work_id"] for e, _ in heard.named("match_found")] == [ids["Saltmarsh Ledger"]] * len(found)
    assert next_run is not None and WEEK - timedelta(minutes=1) < next_run - checked_at < WEEK + timedelta(minutes=1)
    state, kept, _ = health(database)
    assert state == "ok" and abs(parse_iso(kept) - next_run) < timedelta(seconds=1)  # type: ignore[operator]


def test_a_scheduled_probe_never_passes_the_sources_budget(
        setup: tuple[Path, MemorisingModel, dict[str, int], dict[str, str]], httpserver: HTTPServer) -> None:
    database, model, ids, _ = setup
    add_model_source(database, httpserver, ids, max_requests="3")
    hub = EventHub()
    heard = Heard(hub)
    with running_scheduler(database, hub):
        heard.wait_for("schedule_changed")
    assert len(httpserver.log) == len(model.requests) == 3
    assert health(database)[0] == "ok"


def test_a_scheduled_probe_with_nothing_enabled_sends_nothing(
        setup: tuple[Path, MemorisingModel, dict[str, int], dict[str, str]], httpserver: HTTPServer) -> None:
    database, _, ids, _ = setup
    add_model_source(database, httpserver, ids)
    db = open_database(database)
    for work_id in ids.values():
        Consents(db).withdraw(work_id)
    db.conn.close()
    hub = EventHub()
    heard = Heard(hub)
    with running_scheduler(database, hub) as scheduler:
        heard.wait_for("schedule_changed")
        next_run = scheduler.next_runs()["memo"]
    assert httpserver.log == []
    assert next_run is not None and next_run - datetime.now(UTC) > WEEK - timedelta(minutes=1)


def test_a_rate_limit_moves_the_next_probe_to_the_time_the_service_asked_for(
        setup: tuple[Path, MemorisingModel, dict[str, int], dict[str, str]], httpserver: HTTPServer) -> None:
    database, _, ids, _ = setup
    httpserver.clear()
    httpserver.expect_request("/v1/chat/completions").respond_with_response(openai_error(
        429, "Rate limit reached for requests", "requests", "rate_limit_exceeded", {"retry-after": "7200"}))
    add_model_source(database, httpserver, ids)
    hub = EventHub()
    heard = Heard(hub)
    with running_scheduler(database, hub) as scheduler:
        heard.wait_for("schedule_changed")
        next_run = scheduler.next_runs()["memo"]
    (checked, checked_at), = heard.named("source_checked")
    assert checked.data["state"] == "failing" and "memo (openai-compatible)" in checked.data["error"]
    assert checked.data["error"].endswith(". It will be tried again in 2.0 h.")  # as next_run says, below
    assert len(httpserver.log) == 1  # one try: the two hours asked for are not waited out inside the run
    retry = parse_iso(checked.data["retry_at"])
    assert retry is not None and next_run is not None and abs(next_run - retry) < timedelta(seconds=1)
    assert timedelta(minutes=119) < next_run - checked_at < timedelta(hours=2, minutes=1)  # not a week away
    assert Findings(open_database(database)).all() == []


def test_a_model_endpoint_added_from_the_command_line_is_picked_up_with_its_interval(
        run_cli: CliRunner, home: Path, httpserver: HTTPServer, tmp_path: Path) -> None:
    database = home / "data" / "creatorwatch.sqlite3"
    assert run_cli("terms", "add", "Wren Aldane").returncode == 0  # makes the data file
    model, ids, _ = library(database, tmp_path / "works")
    model.serve(httpserver, key=None)
    hub = EventHub()
    heard = Heard(hub)
    with running_scheduler(database, hub) as scheduler:
        added = run_cli("sources", "add", "openai-compatible", "--name", "memo", "--base-url",
                        httpserver.url_for("/v1"), "--set", "model=memo-1")
        assert added.returncode == 0, added.stderr
        refused = run_cli("sources", "set", "memo", "--set", "max_requests=lots")
        assert refused.returncode == 2 and "max_requests= takes a whole number" in refused.stderr
        assert run_cli("sources", "set", "memo", "--set", "interval=1440", "--set", "max_requests=4").returncode == 0
        for title in ENABLED:
            assert run_cli("probe", "enable", ids[title], "--source", "memo").returncode == 0
        scheduler.sync()  # as the window and `creatorwatch run` do when the data file changes
        heard.wait_for("schedule_changed")
        next_run = scheduler.next_runs()["memo"]
    (checked, checked_at), = heard.named("source_checked")
    assert checked.data["state"] == "ok" and len(model.requests) == 4
    assert next_run is not None
    assert timedelta(hours=23, minutes=59) < next_run - checked_at < timedelta(days=1, minutes=1)  # its own interval


def test_check_all_now_leaves_model_endpoints_to_their_rhythm_but_a_named_one_is_probed(
        setup: tuple[Path, MemorisingModel, dict[str, int], dict[str, str]], httpserver: HTTPServer) -> None:
    database, model, ids, _ = setup
    httpserver.expect_request("/feed.xml").respond_with_data(FEED, content_type="application/rss+xml")
    add_model_source(database, httpserver, ids)
    later = datetime.now(UTC) + timedelta(days=3)
    db = open_database(database)
    store = SourceStore(db)
    store.add(SourceConfig("gallery", "feed", settings={"url": httpserver.url_for("/feed.xml"), "interval": "60"}))
    for name in ("memo", "gallery"):
        store.set_next_run(name, later)
    db.conn.close()
    hub = EventHub()
    heard = Heard(hub)
    with running_scheduler(database, hub) as scheduler:
        scheduler.check_now()  # "Check all now": the feed, not the paid, excerpt-sending probe
        heard.wait_for("source_checked")
        assert [e.data["source"] for e, _ in heard.named("source_checked")] == ["gallery"]
        assert model.requests == [] and abs(scheduler.next_runs()["memo"] - later) < timedelta(seconds=1)  # type: ignore[operator]
        scheduler.check_now("memo")  # named: probed now
        heard.wait_for("source_checked", 2)
    assert [e.data["source"] for e, _ in heard.named("source_checked")] == ["gallery", "memo"]
    assert model.requests


def test_a_budget_smaller_than_the_works_asks_each_in_turn(
        setup: tuple[Path, MemorisingModel, dict[str, int], dict[str, str]], httpserver: HTTPServer) -> None:
    database, model, ids, texts = setup
    add_model_source(database, httpserver, ids, max_requests="6")  # fewer than one work's questions and the next
    db = open_database(database)
    firsts: list[str] = []
    http = fast_client()
    try:
        for _ in range(3):
            before = len(model.requests)
            scheduled_probe(db, "memo", http=http, hub=EventHub(), stop=threading.Event())
            assert len(model.requests) - before == 6
            first = sent_prompts(model)[before]
            firsts.append(next(t for t in ENABLED if mentions([first], texts[t])))
    finally:
        http.close()
    assert firsts[0] != firsts[1]  # the second run starts with the work the first one's budget left out
    assert set(firsts) == set(ENABLED) and not mentions(sent_prompts(model), texts["Glass Orchard"])
