"""The Spawning connector against a loopback Do Not Train API answering in the real shapes (text/plain body
of several lines, `Authorization: API <key>`, {"urls": [{url, optIn, optOut}]})."""

from __future__ import annotations

import json

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.errors import BadResponse, RateLimited, SourceError, TokenMissing
from creatorwatch.core.sources.spawning import SpawningSource
from tests.source_api_helpers import HTML_ERROR, body, config, data, fast_client

KEY = "spawning-key-789"
QUERY = "/api/v2/query/urls/"  # trailing slash, as Spawning's own client sends it
LIGHTHOUSE = "https://adalumen.example/gallery/lighthouse.jpg"
HARBOUR = "https://adalumen.example/gallery/harbour.jpg"


def spawning(server: HTTPServer, answer: str = "spawning/urls.json") -> None:
    def query(request: Request) -> Response:
        if request.headers.get("Authorization") != f"API {KEY}":
            return Response(body("spawning/unauthorized.json"), status=401, content_type="application/json")
        lines = request.get_data(as_text=True).splitlines()
        if len(lines) < 2:
            return Response('{"detail": "At least two lines are required."}', status=400)
        known = {e["url"]: e for e in data(answer)["urls"]}  # one entry per line sent, as the API answers
        entries = [known.get(line, {"url": line, "optIn": False, "optOut": False}) for line in lines]
        return Response(json.dumps({"urls": entries}), content_type="application/json")

    server.expect_request(QUERY, method="POST").respond_with_handler(query)


def source(server: HTTPServer, key: str | None = KEY, urls: str = f"{LIGHTHOUSE},{HARBOUR}") -> SpawningSource:
    return SpawningSource(config("spawning", server, name="dnt", urls=urls), fast_client(), [], key)


def test_the_status_of_each_of_the_creators_urls_is_reported(httpserver: HTTPServer) -> None:
    spawning(httpserver)
    result = source(httpserver).poll({})
    status = {c.url: c.meta["status"] for c in result.candidates}
    assert status == {LIGHTHOUSE: "opted-out", HARBOUR: "no-reservation"}
    assert result.candidates[0].title == f"{LIGHTHOUSE}: opted out of AI training"
    [sent] = [r for r, _ in httpserver.log]
    assert sent.get_data(as_text=True).splitlines() == [LIGHTHOUSE, HARBOUR]
    assert sent.headers["Content-Type"].startswith("text/plain")
    assert result.cursor == {"status": {LIGHTHOUSE: "opted-out", HARBOUR: "no-reservation"}}


def test_a_second_run_reports_nothing_when_nothing_changed(httpserver: HTTPServer) -> None:
    spawning(httpserver)
    first = source(httpserver).poll({})
    again = source(httpserver).poll(first.cursor)
    assert again.candidates == [] and again.cursor == first.cursor


def test_a_changed_status_is_reported_with_what_it_was(httpserver: HTTPServer) -> None:
    spawning(httpserver, "spawning/urls_changed.json")
    result = source(httpserver).poll({"status": {LIGHTHOUSE: "opted-out", HARBOUR: "no-reservation"}})
    [changed] = result.candidates
    assert changed.url == HARBOUR and changed.meta["opt_out"] and changed.meta["previous_status"] == "no-reservation"
    assert changed.meta["revision"] == "opted-out"  # so the monitor records the change for a URL it has seen


def test_a_single_url_is_sent_on_two_lines_as_the_api_requires(httpserver: HTTPServer) -> None:
    spawning(httpserver)
    result = source(httpserver, urls=LIGHTHOUSE).poll({})
    assert [c.url for c in result.candidates] == [LIGHTHOUSE]


def test_many_urls_are_asked_about_in_batches(httpserver: HTTPServer) -> None:
    spawning(httpserver)
    many = [f"https://adalumen.example/gallery/{n}.jpg" for n in range(150)]
    result = source(httpserver, urls=",".join(many)).poll({})
    assert len(result.candidates) == 150 and len(httpserver.log) == 2


def test_without_a_key_it_says_how_to_store_one(httpserver: HTTPServer) -> None:
    with pytest.raises(TokenMissing) as caught:
        source(httpserver, key=None).poll({})
    assert "Spawning (dnt): needs an API key" in str(caught.value)
    assert "creatorwatch secret set spawning" in str(caught.value) and httpserver.log == []


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_key_says_how_to_store_it_again(httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_request(QUERY, method="POST").respond_with_data(
        body("spawning/unauthorized.json"), status=status, content_type="application/json"
    )
    with pytest.raises(TokenMissing) as caught:
        source(httpserver, key="stale-key").poll({})
    assert "refused the stored API key" in str(caught.value) and "secret set spawning" in str(caught.value)
    assert "stale-key" not in str(caught.value)


def test_a_refused_query_is_reported_in_spawnings_words(httpserver: HTTPServer) -> None:
    httpserver.expect_request(QUERY, method="POST").respond_with_data('{"detail": "Malformed URL list"}', status=400)
    with pytest.raises(SourceError, match="Malformed URL list"):
        source(httpserver).poll({})


def test_429_with_retry_after_is_rate_limited(httpserver: HTTPServer) -> None:
    httpserver.expect_request(QUERY, method="POST").respond_with_data(
        '{"detail": "Request was throttled."}', status=429, headers={"Retry-After": "3000"}
    )
    with pytest.raises(RateLimited) as caught:
        source(httpserver).poll({})
    assert caught.value.retry_after == 3000


def test_malformed_json_is_a_plain_error(httpserver: HTTPServer) -> None:
    cut_short = '{"urls": [{"url": '
    httpserver.expect_request(QUERY, method="POST").respond_with_data(cut_short, content_type="application/json")
    with pytest.raises(BadResponse, match="could not be read"):
        source(httpserver).poll({})


def test_an_html_error_page_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request(QUERY, method="POST").respond_with_data(HTML_ERROR, content_type="text/html")
    with pytest.raises(BadResponse, match="web page instead of data"):
        source(httpserver).poll({})


def test_without_urls_it_says_which_setting_to_add(httpserver: HTTPServer) -> None:
    with pytest.raises(SourceError, match="--set urls="):
        source(httpserver, urls="").poll({})
