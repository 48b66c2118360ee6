"""The Lumen connector against a loopback Lumen answering in the real shapes (token header, page/next_page,
403 without a token, 429 text/plain)."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.sources.base import RateLimited, TokenMissing
from creatorwatch.core.sources.http import BadResponse
from creatorwatch.core.sources.lumen import LumenSource
from tests.source_api_helpers import HTML_ERROR, body, config, fast_client

TERMS = ["Ada Lumen"]
TOKEN = "lumen-secret-token"


def lumen(server: HTTPServer, seen: list[Request] | None = None) -> None:
    def search(request: Request) -> Response:
        if seen is not None:
            seen.append(request)
        if request.headers.get("X-Authentication-Token") != TOKEN:
            return Response(body("lumen/error_401.json"), status=401, content_type="application/json")
        page = request.args.get("page", "1")
        return Response(body(f"lumen/search_page{page}.json"), content_type="application/json; charset=utf-8")

    server.expect_request("/notices/search.json").respond_with_handler(search)


def source(server: HTTPServer, token: str | None = TOKEN, **settings: str) -> LumenSource:
    return LumenSource(config("lumen", server, name="takedowns", **settings), fast_client(), TERMS, token)


def test_notices_naming_the_creator_are_found_across_pages(httpserver: HTTPServer) -> None:
    seen: list[Request] = []
    lumen(httpserver, seen)
    result = source(httpserver).poll({})
    assert [c.url for c in result.candidates] == [
        httpserver.url_for(f"/notices/{n}") for n in (41234567, 41230001, 40000001)
    ]
    first = result.candidates[0]
    assert "Lighthouse at Dusk" in first.text and first.published == "2026-11-20T14:02:11Z"
    assert first.meta["works"][0]["infringing_urls"] == ["aigallery.example"]  # host names for plain tokens
    second = result.candidates[1]
    assert second.meta["works"][0]["infringing_urls"] == [
        "https://huggingface.co/pixelsmith/ada-lumen-style-lora"  # full URLs for researcher tokens
    ]
    assert [r.args["page"] for r in seen] == ["1", "2"]
    assert seen[0].args["term"] == "Ada Lumen" and seen[0].args["sort_by"] == "date_received desc"
    assert result.cursor == {"newest": {"Ada Lumen": "2026-11-20T14:02:11Z"}}


def test_a_second_run_with_the_cursor_returns_nothing_new_and_reads_one_page(httpserver: HTTPServer) -> None:
    seen: list[Request] = []
    lumen(httpserver, seen)
    first = source(httpserver).poll({})
    seen.clear()
    again = source(httpserver).poll(first.cursor)
    assert again.candidates == [] and again.cursor == first.cursor
    assert len(seen) == 1


def test_without_a_token_it_says_how_to_store_one_and_asks_nothing(httpserver: HTTPServer) -> None:
    seen: list[Request] = []
    lumen(httpserver, seen)
    with pytest.raises(TokenMissing) as caught:
        source(httpserver, token=None).poll({})
    assert "Lumen Database (takedowns)" in str(caught.value)
    assert "creatorwatch secret set lumen" in str(caught.value)
    assert seen == []


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_token_says_how_to_store_it_again(httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_request("/notices/search.json").respond_with_data(
        body("lumen/error_401.json"), status=status, content_type="application/json"
    )
    with pytest.raises(TokenMissing) as caught:
        source(httpserver, token="wrong-token").poll({})
    message = str(caught.value)
    assert "Lumen Database (takedowns): refused the stored API token" in message
    assert "creatorwatch secret set lumen" in message and "wrong-token" not in message


def test_429_in_plain_text_waits_the_five_minutes_lumen_asks_for(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/notices/search.json").respond_with_data(
        body("lumen/rate_limited.txt"), status=429, content_type="text/plain"
    )
    with pytest.raises(RateLimited, match="five minutes") as caught:
        source(httpserver).poll({})
    assert caught.value.retry_after == 300


def test_429_with_retry_after_keeps_lumens_wait(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/notices/search.json").respond_with_data(
        body("lumen/rate_limited.txt"), status=429, headers={"Retry-After": "240"}, content_type="text/plain"
    )
    with pytest.raises(RateLimited) as caught:
        source(httpserver).poll({})
    assert caught.value.retry_after == 240


def test_past_the_last_searchable_page_lumen_404s_and_the_run_keeps_what_it_found(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/notices/search.json", query_string={
        "term": "Ada Lumen", "sort_by": "date_received desc", "page": "1", "per_page": "50",
    }).respond_with_data(body("lumen/search_page1.json"), content_type="application/json")
    httpserver.expect_request("/notices/search.json").respond_with_data("Not Found", status=404)
    result = source(httpserver).poll({})
    assert len(result.candidates) == 2


def test_malformed_json_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/notices/search.json").respond_with_data(
        '{"notices": [{"id": 1,', content_type="application/json"
    )
    with pytest.raises(BadResponse, match="could not be read"):
        source(httpserver).poll({})


def test_an_html_error_page_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/notices/search.json").respond_with_data(HTML_ERROR, content_type="text/html")
    with pytest.raises(BadResponse, match="web page instead of data"):
        source(httpserver).poll({})
