"""The Wayback Machine connector against a loopback archive answering in the real shapes (CDX arrays with a
header row, the availability answer with and without a snapshot, 429)."""

from __future__ import annotations

import json

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.errors import BadResponse, RateLimited, SourceError
from creatorwatch.core.sources.wayback import Snapshot, WaybackSource, closest_snapshot
from tests.source_api_helpers import HTML_ERROR, body, config, data, fast_client

PAGE = "https://aigallery.example/p/8812"
IMAGE = "https://aigallery.example/img/8812.png"


def archive(server: HTTPServer) -> None:
    """CDX as the Wayback Machine answers it: `from` is inclusive; an unknown URL gives []."""

    def cdx(request: Request) -> Response:
        rows = {PAGE: data("wayback/cdx.json"), IMAGE: data("wayback/cdx_image.json")}.get(
            request.args["url"], []
        )
        if rows and "from" in request.args:
            rows = [rows[0], *(r for r in rows[1:] if r[1] >= request.args["from"])]
        return Response(json.dumps(rows), content_type="application/json")

    server.expect_request("/cdx/search/cdx").respond_with_handler(cdx)


def source(server: HTTPServer, urls: str = PAGE) -> WaybackSource:
    return WaybackSource(config("wayback", server, name="archive", urls=urls), fast_client(), [])


def test_new_archived_copies_of_a_url_are_found(httpserver: HTTPServer) -> None:
    archive(httpserver)
    result = source(httpserver, f"{PAGE},{IMAGE}").poll({})
    assert [c.meta["timestamp"] for c in result.candidates] == ["20261101093012", "20261115170101", "20261115170200"]
    page = result.candidates[1]
    assert page.url == httpserver.url_for(f"/web/20261115170101/{PAGE}")
    assert page.published == "2026-11-15T17:01:01Z" and page.media_url is None  # a web page: nothing to fingerprint
    image = result.candidates[2]
    assert image.media_url == httpserver.url_for(f"/web/20261115170200id_/{IMAGE}")  # the original bytes
    assert result.cursor == {"newest": {PAGE: "20261115170101", IMAGE: "20261115170200"}}
    [first, *_] = [r for r, _ in httpserver.log]
    assert first.args["output"] == "json" and first.args["collapse"] == "digest"


def test_a_second_run_with_the_cursor_returns_nothing_new(httpserver: HTTPServer) -> None:
    archive(httpserver)
    first = source(httpserver).poll({})
    httpserver.clear_log()
    again = source(httpserver).poll(first.cursor)
    assert again.candidates == [] and again.cursor == first.cursor
    assert httpserver.log[0][0].args["from"] == "20261115170101"


def test_a_url_never_archived_gives_nothing(httpserver: HTTPServer) -> None:
    archive(httpserver)
    result = source(httpserver, "https://aigallery.example/p/9999").poll({})
    assert result.candidates == [] and result.cursor == {"newest": {}}


def test_availability_gives_the_closest_snapshot_or_none(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/wayback/available", query_string={"url": PAGE}).respond_with_data(
        body("wayback/available.json"), content_type="application/json"
    )
    httpserver.expect_request("/wayback/available").respond_with_data(
        body("wayback/available_none.json"), content_type="application/json"
    )
    found = closest_snapshot(fast_client(), PAGE, base_url=httpserver.url_for("/"))
    assert found == Snapshot(
        "http://web.archive.org/web/20261115170101/https://aigallery.example/p/8812", "20261115170101", "200"
    )
    assert source(httpserver).closest("https://aigallery.example/p/9999", "20261201") is None
    assert httpserver.log[-1][0].args["timestamp"] == "20261201"


def test_429_without_retry_after_keeps_away_for_a_good_while(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/cdx/search/cdx").respond_with_data("Too Many Requests", status=429)
    with pytest.raises(RateLimited, match="Wayback Machine \\(archive\\)") as caught:
        source(httpserver).poll({})
    assert caught.value.retry_after == 900


def test_429_with_retry_after_keeps_the_services_wait(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/cdx/search/cdx").respond_with_data(
        "Too Many Requests", status=429, headers={"Retry-After": "3600"}
    )
    with pytest.raises(RateLimited) as caught:
        source(httpserver).poll({})
    assert caught.value.retry_after == 3600


def test_malformed_json_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/cdx/search/cdx").respond_with_data('[["urlkey","timestamp"', content_type="text/plain")
    with pytest.raises(BadResponse, match="could not be read"):
        source(httpserver).poll({})


def test_an_html_error_page_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/cdx/search/cdx").respond_with_data(HTML_ERROR, content_type="text/html")
    with pytest.raises(BadResponse, match="web page instead of data"):
        source(httpserver).poll({})


def test_without_urls_it_says_which_setting_to_add(httpserver: HTTPServer) -> None:
    with pytest.raises(SourceError, match="--set urls="):
        source(httpserver, "").poll({})
