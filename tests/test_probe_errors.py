"""Model endpoints misbehaving mid-run — a refused key, an unknown model, a rate limit with Retry-After, an
overloaded service, an HTML page, a 10 MB answer, an answer that streams forever: each ends in a plain message
naming the source, within bounded time and bytes, never past the budget and never recording anything twice."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.library.works import Library
from creatorwatch.core.model_probe.consent import Consents
from creatorwatch.core.model_probe.prepare import Options, plan_run
from creatorwatch.core.model_probe.run import ModelProber, ProbeReport
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.records.terms import Terms
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from tests.probe_model import KEY, MemorisingModel, TrickleServer, anthropic_error, make_story, openai_error
from tests.sources_fixtures import RawServer, fast_client


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    folder = tmp_path / "works"
    folder.mkdir()
    (folder / "Saltmarsh_Ledger.txt").write_text(make_story(0), encoding="utf-8")
    Library(db).add_paths([folder])
    Terms(db).add(["Wren Aldane"])
    return db


def model_for(db: sqlite_utils.Database) -> MemorisingModel:
    model = MemorisingModel()
    for work in Library(db).works():
        model.add(work.title, Path(work.path).read_text(encoding="utf-8"), "memorised")
    return model


def add(db: sqlite_utils.Database, url: str, kind: str = "openai-compatible", model: str = "memo-1",
        **settings: str) -> None:
    record = SourceStore(db).add(SourceConfig("memo", kind, url.rstrip("/"), {"model": model, **settings}))
    for work in Library(db).works():
        Consents(db).give(work, record)


def run(db: sqlite_utils.Database, key: str | None = KEY, **options: object) -> ProbeReport:
    plan = plan_run(db, Options(**options))  # type: ignore[arg-type]
    return ModelProber(db, http=fast_client(), secret=lambda name: key, wait=lambda s: None).run(plan)


def test_a_refused_key_stops_the_endpoint_and_says_how_to_store_one(db: sqlite_utils.Database,
                                                                      httpserver: HTTPServer) -> None:
    model_for(db).serve(httpserver)
    add(db, httpserver.url_for("/"))
    report = run(db, key="sk-wrong-key-000000")
    result = report.sources[0]
    assert result.state == "failed" and "memo (openai-compatible)" in (result.error or "")
    assert "creatorwatch secret set openai" in (result.error or "")
    assert len(httpserver.log) == 1 and report.requests == 1 and Findings(db).all() == []
    assert SourceStore(db).get("memo").health.state == "waiting_for_token"  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", ["openai-compatible", "anthropic"])
def test_an_unknown_model_is_named_in_plain_words(db: sqlite_utils.Database, httpserver: HTTPServer,
                                                  kind: str) -> None:
    model_for(db).serve(httpserver)
    add(db, httpserver.url_for("/"), kind, model="gpt-9-imaginary")
    result = run(db).sources[0]
    assert result.state == "failed"
    assert "does not offer the model 'gpt-9-imaginary'" in (result.error or "")
    assert "change it with: creatorwatch sources set memo --set model=" in (result.error or "")  # not "add again"
    assert len(httpserver.log) == 1


def flaky(model: MemorisingModel, path: str, fail: Callable[[int], Response | None]) -> Callable[[Request], Response]:
    """A handler that answers with `fail(n)` for the n-th request when that is not None, else as the model does."""
    inner = {"/v1/chat/completions": model.chat_handler(KEY), "/v1/messages": model.messages_handler(KEY)}[path]
    count = [0]

    def handle(request: Request) -> Response:
        count[0] += 1
        return fail(count[0]) or inner(request)

    return handle


def test_a_rate_limit_mid_run_is_waited_out_and_counted(db: sqlite_utils.Database, httpserver: HTTPServer) -> None:
    model = model_for(db)
    limited = openai_error(429, "Rate limit reached for requests", "requests", "rate_limit_exceeded",
                           {"retry-after": "0.2", "x-ratelimit-remaining-requests": "0",
                            "x-ratelimit-reset-requests": "0.2s"})
    httpserver.expect_request("/v1/chat/completions").respond_with_handler(
        flaky(model, "/v1/chat/completions", lambda n: limited if n == 3 else None))
    add(db, httpserver.url_for("/"))
    report = run(db, max_requests=6)
    assert report.sources[0].state == "stopped"  # the budget, not the rate limit, ended it
    assert len(httpserver.log) == report.requests == 6  # the refused try counted
    assert [r.status_code for _, r in httpserver.log].count(429) == 1
    found = Findings(db).all()  # one per question reproduced (continuation, recall), though one was asked again
    assert sorted(f.evidence["probe"] for f in found) == ["continuation", "recall"]


def test_a_long_retry_after_ends_the_endpoints_run_with_a_plain_message(db: sqlite_utils.Database,
                                                                           httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/messages").respond_with_response(
        anthropic_error(429, "rate_limit_error", "Number of requests has exceeded your rate limit",
                        {"retry-after": "3600"}))
    add(db, httpserver.url_for("/"), "anthropic")
    result = run(db).sources[0]
    assert result.state == "failed" and "slow down" in (result.error or "")
    assert "memo (anthropic)" in (result.error or "")
    assert (result.error or "").endswith("Running the command again in 60 min may work.")  # it tries once
    assert len(httpserver.log) == 1


def test_an_overloaded_service_is_tried_again_then_given_up_on(db: sqlite_utils.Database,
                                                              httpserver: HTTPServer) -> None:
    model = model_for(db)
    overloaded = anthropic_error(529, "overloaded_error", "Overloaded")
    httpserver.expect_request("/v1/messages").respond_with_handler(
        flaky(model, "/v1/messages", lambda n: overloaded if n in (2, 5, 6, 7) else None))
    add(db, httpserver.url_for("/"), "anthropic")
    report = run(db)
    result = report.sources[0]
    assert result.error == "memo (anthropic): is overloaded (HTTP 529). Running the command again may work."
    assert len(httpserver.log) == report.requests == 7  # 1 ok, 529 then ok, ok, then three 529s
    assert result.left_out > 0


@pytest.mark.parametrize(("answer", "words"), [
    (Response("<!DOCTYPE html><html><body>Bad gateway</body></html>", content_type="text/html"), "web page"),
    (Response(b"{" + b" " * (10 * 1024 * 1024) + b"}", content_type="application/json"), "larger than"),
    (Response(json.dumps({"object": "list", "data": []}), content_type="application/json"), "unexpected shape"),
])
def test_answers_that_are_not_a_models_answer_end_the_run_plainly(db: sqlite_utils.Database, httpserver: HTTPServer,
                                                                  answer: Response, words: str) -> None:
    httpserver.expect_request("/v1/chat/completions").respond_with_response(answer)
    add(db, httpserver.url_for("/"))
    report = run(db)
    assert report.sources[0].state == "failed"
    error = report.sources[0].error or ""
    assert words in error and "memo (openai-compatible)" in error
    assert len(httpserver.log) == 1 and Findings(db).all() == []


def test_an_answer_that_streams_forever_is_cut_off_in_bounded_time(db: sqlite_utils.Database) -> None:
    server = TrickleServer()
    try:
        add(db, server.url, timeout="1")
        report = run(db)
    finally:
        server.close()
    assert report.sources[0].state == "failed" and "took longer than" in (report.sources[0].error or "")
    assert server.connections == 1 and report.requests == 1


def test_a_prompt_refused_as_bad_request_is_skipped_and_the_rest_go_on(db: sqlite_utils.Database,
                                                                       httpserver: HTTPServer) -> None:
    model = model_for(db)
    too_long = openai_error(400, "This model's maximum context length is 8 tokens.", "invalid_request_error",
                            "context_length_exceeded")
    httpserver.expect_request("/v1/chat/completions").respond_with_handler(
        flaky(model, "/v1/chat/completions", lambda n: too_long if n == 1 else None))
    add(db, httpserver.url_for("/"))
    report = run(db)
    assert report.sources[0].state == "ok"
    assert any("maximum context length" in e for w in report.works for e in w["errors"])
    assert report.works[0]["verdict"] == "find"


def test_an_endpoint_that_never_answers_times_out_with_a_plain_message(db: sqlite_utils.Database) -> None:
    server = RawServer(b"", stall=True)  # takes the request, then says nothing
    try:
        add(db, server.url, timeout="1")
        report = run(db)
    finally:
        server.stop()
    result = report.sources[0]
    assert result.state == "failed" and "memo (openai-compatible)" in (result.error or "")
    assert "stopped answering (nothing for 1 s)" in (result.error or "")
    assert server.connections == 1 and report.requests == 1 and Findings(db).all() == []
    assert SourceStore(db).get("memo").health.state == "failing"  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", ["openai-compatible", "anthropic"])
def test_a_refusal_that_repeats_the_key_never_shows_it(db: sqlite_utils.Database, httpserver: HTTPServer,
                                                       kind: str) -> None:
    """Some proxies answer a bad request by quoting what they were sent, the key among it."""
    path = {"openai-compatible": "/v1/chat/completions", "anthropic": "/v1/messages"}[kind]
    httpserver.expect_request(path).respond_with_handler(lambda request: Response(json.dumps(
        {"error": {"message": "bad request from " + (request.headers.get("Authorization")
                                                     or request.headers.get("x-api-key", "")),
                   "type": "invalid_request_error"}}), status=400, content_type="application/json"))
    add(db, httpserver.url_for("/"), kind=kind)
    report = run(db)
    said = json.dumps([report.sources[0].error, [w["errors"] for w in report.works]])
    assert "bad request from" in said  # the refusal is told
    assert KEY not in said


def test_a_failing_endpoint_leaves_the_budget_to_the_working_one(db: sqlite_utils.Database,
                                                                  httpserver: HTTPServer) -> None:
    """A dead endpoint configured first once took the whole budget: it failed at its first request and the working
    one, planned after it, was sent nothing. Now what it did not spend goes on, and next time it comes last."""
    model_for(db).serve(httpserver)
    url = httpserver.url_for("/").rstrip("/")
    for name, model in (("dead", "gpt-9-imaginary"), ("live", "memo-1")):
        record = SourceStore(db).add(SourceConfig(name, "openai-compatible", url, {"model": model}))
        for work in Library(db).works():
            Consents(db).give(work, record)
    budget = len(plan_run(db, Options(sources=("live",))).probes)

    first = {s.name: s for s in run(db, max_requests=budget).sources}
    assert (first["dead"].state, first["dead"].requests) == ("failed", 1)
    assert "does not offer the model 'gpt-9-imaginary'" in (first["dead"].error or "")
    assert (first["live"].state, first["live"].requests) == ("ok", budget - 1)

    second = run(db, max_requests=budget)
    assert [(s.name, s.requests) for s in second.sources] == [("live", budget), ("dead", 0)]
    assert second.sources[1].left_out == budget and second.requests == budget
