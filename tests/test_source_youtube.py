"""The YouTube connector against a loopback Data API answering in the real shapes (searchListResponse,
nextPageToken, Google's error bodies for a spent quota, a bad key and a disabled API)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.errors import BadResponse, RateLimited, TokenMissing
from creatorwatch.core.sources.youtube import YouTubeSource, seconds_until_quota_reset
from tests.source_api_helpers import HTML_ERROR, body, config, fast_client

TERMS = ["Ada Lumen"]
KEY = "AIzaSyTEST-key-123"
SEARCH = "/youtube/v3/search"


def youtube(server: HTTPServer) -> None:
    def search(request: Request) -> Response:
        page = "2" if request.args.get("pageToken") == "CAIQAA" else "1"
        return Response(body(f"youtube/search_page{page}.json"), content_type="application/json; charset=UTF-8")

    server.expect_request(SEARCH).respond_with_handler(search)


def source(server: HTTPServer, key: str | None = KEY, **settings: str) -> YouTubeSource:
    return YouTubeSource(config("youtube", server, name="yt", **settings), fast_client(), TERMS, key)


def google_error(server: HTTPServer, name: str, status: int) -> None:
    server.expect_request(SEARCH).respond_with_data(
        body(f"youtube/{name}.json"), status=status, content_type="application/json; charset=UTF-8"
    )


def test_new_videos_naming_the_creator_are_found_across_pages(httpserver: HTTPServer) -> None:
    youtube(httpserver)
    result = source(httpserver, max_pages="2").poll({})
    assert [c.meta["video_id"] for c in result.candidates] == ["dQw4w9WgXcA", "abcDEF12345", "zzzYYYxxx11"]
    cover = result.candidates[0]
    assert cover.url == "https://www.youtube.com/watch?v=dQw4w9WgXcA"
    assert cover.title == 'Ada Lumen AI cover - "Harbour Lights" (RVC)'  # unescaped
    assert "Ada Lumen's voice" in cover.text
    assert cover.media_url == "https://i.ytimg.com/vi/dQw4w9WgXcA/hqdefault.jpg"
    first = httpserver.log[0][0]
    assert first.args["q"] == "Ada Lumen" and first.args["order"] == "date" and first.args["type"] == "video"
    assert first.args["key"] == KEY and "publishedAfter" not in first.args
    assert result.cursor == {"newest": {"Ada Lumen": "2026-11-22T15:00:07Z"}}


def test_one_page_per_term_by_default_to_spare_the_quota(httpserver: HTTPServer) -> None:
    youtube(httpserver)
    result = source(httpserver).poll({})
    assert len(result.candidates) == 2 and len(httpserver.log) == 1


def test_a_second_run_asks_only_for_videos_published_after_the_cursor(httpserver: HTTPServer) -> None:
    youtube(httpserver)
    first = source(httpserver).poll({})
    httpserver.clear_log()
    again = source(httpserver).poll(first.cursor)
    assert again.candidates == [] and again.cursor == first.cursor
    assert httpserver.log[0][0].args["publishedAfter"] == "2026-11-22T15:00:07Z"


def test_without_a_key_it_says_how_to_store_one(httpserver: HTTPServer) -> None:
    with pytest.raises(TokenMissing) as caught:
        source(httpserver, key=None).poll({})
    assert "YouTube (yt): needs an API key" in str(caught.value)
    assert "creatorwatch secret set youtube" in str(caught.value)
    assert httpserver.log == []


def test_an_invalid_key_says_how_to_store_it_again(httpserver: HTTPServer) -> None:
    google_error(httpserver, "key_invalid", 400)
    with pytest.raises(TokenMissing) as caught:
        source(httpserver).poll({})
    assert "not valid" in str(caught.value) and "creatorwatch secret set youtube" in str(caught.value)
    assert KEY not in str(caught.value)


def test_a_disabled_api_says_to_enable_it(httpserver: HTTPServer) -> None:
    google_error(httpserver, "forbidden", 403)
    with pytest.raises(TokenMissing, match="YouTube Data API v3 is not enabled"):
        source(httpserver).poll({})


def test_a_spent_daily_quota_waits_until_tomorrow(httpserver: HTTPServer) -> None:
    google_error(httpserver, "quota_exceeded", 403)
    with pytest.raises(RateLimited, match=r"daily quota .* used up \(Google resets it at midnight") as caught:
        source(httpserver).poll({})
    assert caught.value.retry_after is not None and 0 < caught.value.retry_after <= 25 * 3600


def test_the_quota_resets_just_after_midnight_in_california() -> None:
    late_evening_pacific = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # 23:00 PST on the 23rd
    assert seconds_until_quota_reset(late_evening_pacific) == 65 * 60


def test_429_with_retry_after_is_rate_limited(httpserver: HTTPServer) -> None:
    httpserver.expect_request(SEARCH).respond_with_data("", status=429, headers={"Retry-After": "120"})
    with pytest.raises(RateLimited) as caught:
        source(httpserver).poll({})
    assert caught.value.retry_after == 120


def test_malformed_json_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request(SEARCH).respond_with_data('{"kind": "youtube#searchListResponse", "items": [',
                                                        content_type="application/json")
    with pytest.raises(BadResponse, match="could not be read"):
        source(httpserver).poll({})


def test_an_html_error_page_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request(SEARCH).respond_with_data(HTML_ERROR, content_type="text/html")
    with pytest.raises(BadResponse, match="web page instead of data"):
        source(httpserver).poll({})
