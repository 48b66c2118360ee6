"""The Common Crawl connector against a loopback index answering in the real shapes (collinfo.json, one JSON
object per line, 404 "No Captures found", and the 503 it answers eager clients with)."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request

from creatorwatch.core.errors import BadResponse, RateLimited, SourceError
from creatorwatch.core.sources.commoncrawl import CommonCrawlSource
from tests.source_api_helpers import HTML_ERROR, body, config, fast_client, recorded

NEWEST, OLDER = "CC-MAIN-2026-47", "CC-MAIN-2026-43"


def index(server: HTTPServer) -> None:
    server.expect_request("/collinfo.json").respond_with_data(
        body("commoncrawl/collinfo.json"), content_type="application/json"
    )
    server.expect_request(f"/{NEWEST}-index").respond_with_data(
        body("commoncrawl/cdx_adalumen.jsonl"), content_type="text/x-ndjson"
    )
    server.expect_request(f"/{OLDER}-index").respond_with_data(
        body("commoncrawl/no_captures.json"), status=404, content_type="application/json"
    )


def source(server: HTTPServer, retries: int = 0, **settings: str) -> CommonCrawlSource:
    settings = {"domains": "adalumen.example", **settings}
    return CommonCrawlSource(config("commoncrawl", server, name="cc", **settings), fast_client(retries=retries), [])


def cdx_calls(server: HTTPServer) -> list[Request]:
    return [r for r, _ in server.log if r.path.endswith("-index")]


def test_the_creators_domain_found_in_the_newest_crawls(httpserver: HTTPServer) -> None:
    index(httpserver)
    result = source(httpserver).poll({})
    [found] = result.candidates  # the older crawl answered "No Captures found": nothing, and no error
    assert found.meta["domain"] == "adalumen.example" and found.meta["crawl"] == NEWEST
    assert found.meta["captures"] == 3 and found.meta["complete"]
    assert "https://adalumen.example/gallery/lighthouse.jpg" in found.meta["urls"]
    assert found.meta["mime_types"] == {"text/html": 2, "image/jpeg": 1}
    assert found.published == "2026-11-10T12:34:56Z"
    assert found.url.startswith(httpserver.url_for(f"/{NEWEST}-index?url=adalumen.example"))
    [first, second] = cdx_calls(httpserver)
    assert first.args["matchType"] == "domain" and first.args["output"] == "json"
    assert first.args["filter"] == "=status:200" and second.path == f"/{OLDER}-index"
    assert result.cursor == {"checked": {"adalumen.example": [NEWEST, OLDER]}}


def test_a_second_run_asks_only_for_the_crawl_list(httpserver: HTTPServer) -> None:
    index(httpserver)
    first = source(httpserver).poll({})
    httpserver.clear_log()
    again = source(httpserver).poll(first.cursor)
    assert again.candidates == [] and again.cursor == first.cursor
    assert cdx_calls(httpserver) == []


def test_only_a_crawl_not_yet_checked_is_queried(httpserver: HTTPServer) -> None:
    index(httpserver)
    result = source(httpserver).poll({"checked": {"adalumen.example": [OLDER]}})
    assert [c.meta["crawl"] for c in result.candidates] == [NEWEST]
    assert [r.path for r in cdx_calls(httpserver)] == [f"/{NEWEST}-index"]


def test_the_first_503_stops_the_run_without_asking_again(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/collinfo.json").respond_with_data(
        body("commoncrawl/collinfo.json"), content_type="application/json"
    )
    httpserver.expect_request(f"/{NEWEST}-index").respond_with_data(
        body("commoncrawl/slow_down.html"), status=503, content_type="text/html"
    )
    with pytest.raises(RateLimited, match=r"Common Crawl \(cc\).*stopped this check") as caught:
        source(httpserver, retries=3).poll({})  # the shared client would retry a 503: this source must not
    assert caught.value.retry_after == 3600
    assert len(cdx_calls(httpserver)) == 1


def test_a_503_with_retry_after_keeps_the_services_wait(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/collinfo.json").respond_with_data(
        "Service Unavailable", status=503, headers={"Retry-After": "900"}
    )
    with pytest.raises(RateLimited) as caught:
        source(httpserver, retries=3).poll({})
    assert caught.value.retry_after == 900
    assert len(httpserver.log) == 1


def test_429_with_retry_after_is_rate_limited(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/collinfo.json").respond_with_data(
        "Too Many Requests", status=429, headers={"Retry-After": "600"}
    )
    with pytest.raises(RateLimited) as caught:
        source(httpserver).poll({})
    assert caught.value.retry_after == 600


def test_a_malformed_line_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/collinfo.json").respond_with_data(
        body("commoncrawl/collinfo.json"), content_type="application/json"
    )
    httpserver.expect_request(f"/{NEWEST}-index").respond_with_data(
        '{"urlkey": "example,adalumen)/", "timestamp": "2026\n', content_type="text/x-ndjson"
    )
    with pytest.raises(BadResponse, match=r"Common Crawl \(cc\).*could not be read"):
        source(httpserver).poll({})


def test_an_html_error_page_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/collinfo.json").respond_with_data(HTML_ERROR, content_type="text/html")
    with pytest.raises(BadResponse, match="web page instead of data"):
        source(httpserver).poll({})


def test_a_404_for_an_unknown_crawl_is_not_mistaken_for_no_captures(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/collinfo.json").respond_with_data(
        body("commoncrawl/collinfo.json"), content_type="application/json"
    )
    httpserver.expect_request(f"/{NEWEST}-index").respond_with_data(
        '{"message": "Index not found"}', status=404, content_type="application/json"
    )
    with pytest.raises(SourceError, match="not found in the index"):
        source(httpserver).poll({})


def test_without_domains_it_says_which_setting_to_add(httpserver: HTTPServer) -> None:
    cc = CommonCrawlSource(config("commoncrawl", httpserver), fast_client(), [])
    with pytest.raises(SourceError, match="--set domains="):
        cc.poll({})


def test_a_profile_on_a_shared_host_is_asked_about_by_path_prefix(httpserver: HTTPServer) -> None:
    index(httpserver)
    result = source(httpserver, domains="adalumen.example, artstation.example/adalumen/", crawls="1").poll({})
    asked = {r.args["url"]: r.args["matchType"] for r in cdx_calls(httpserver)}
    assert asked == {"adalumen.example": "domain", "artstation.example/adalumen": "prefix"}
    profile = next(c for c in result.candidates if c.meta["domain"] == "artstation.example/adalumen")
    assert profile.meta["match"] == "prefix" and "matchType=prefix" in profile.url
    assert "FineWeb" in profile.text and NEWEST in profile.text  # which crawl, and what is built on such crawls


def test_the_recorded_index_answers_are_read(httpserver: HTTPServer) -> None:
    """Common Crawl's real collinfo.json, NDJSON captures and 404 "No Captures found"."""
    collinfo, cdx, none = (recorded("commoncrawl", n) for n in ("collinfo", "cdx_query", "no_captures_404"))
    httpserver.expect_request("/collinfo.json").respond_with_json(collinfo["body"])
    httpserver.expect_request("/CC-MAIN-2025-33-index").respond_with_data(
        cdx["body_text"], content_type="text/x-ndjson")
    httpserver.expect_request("/CC-MAIN-2025-30-index").respond_with_data(
        none["body_text"], status=404, content_type="application/json; charset=utf-8")
    result = source(httpserver, domains="commoncrawl.org").poll({})
    assert [c.meta["crawl"] for c in result.candidates] == ["CC-MAIN-2025-33"]
    found = result.candidates[0]
    assert found.title == "commoncrawl.org in August 2025 Index" and found.meta["captures"] == 3
    assert found.meta["warc_files"][0].startswith("crawl-data/CC-MAIN-2025-33/")
    assert set(result.cursor["checked"]["commoncrawl.org"]) == {"CC-MAIN-2025-33", "CC-MAIN-2025-30"}
