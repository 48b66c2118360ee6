"""The feed and page connectors against loopback sites: entries that carry neither guid nor link stay apart,
and robots.txt is read as RFC 9309 says (4xx allows, 5xx keeps out, wildcards and the longest match win)."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from creatorwatch.core.sources.feed import FeedSource
from creatorwatch.core.sources.page import PageSource, RobotsRefused
from tests.source_api_helpers import config, fast_client

PAGE = "<html><head><title>Gallery</title></head><body><p>New AI art</p><img src='/a.png'></body></html>"
FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>AI gallery</title>
<item><title>New image</title><description>A lighthouse at dusk</description>
  <enclosure url="https://img.example/1.png" type="image/png" length="1"/></item>
<item><title>New image</title><description>A harbour at dawn</description>
  <enclosure url="https://img.example/2.png" type="image/png" length="1"/></item>
</channel></rss>"""


def page_source(server: HTTPServer, path: str = "/art/page") -> PageSource:
    return PageSource(config("page", server, url=server.url_for(path)), fast_client(), [])


def serve_page(server: HTTPServer, path: str = "/art/page") -> None:
    server.expect_request(path).respond_with_data(PAGE, content_type="text/html")


def test_feed_entries_without_guid_or_link_are_kept_apart_and_recognised_next_time(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(FEED, content_type="application/rss+xml")
    source = FeedSource(config("feed", httpserver, url=httpserver.url_for("/feed.xml")), fast_client(), [])
    first = source.poll({})
    entries = [c for c in first.candidates if c.text]
    assert [c.text for c in entries] == ["A lighthouse at dusk", "A harbour at dawn"]
    assert len({c.url for c in entries}) == 2  # two finds, not one collapsed into the feed's address
    assert {c.media_url for c in entries} == {"https://img.example/1.png", "https://img.example/2.png"}
    assert source.poll(first.cursor).candidates == []


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_a_robots_txt_answering_4xx_allows_the_page(httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("Forbidden", status=status)
    serve_page(httpserver)
    found = page_source(httpserver).poll({})
    assert found.candidates[0].title == "Gallery"


@pytest.mark.parametrize("status", [500, 503])
def test_a_robots_txt_answering_5xx_keeps_creatorwatch_away(httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("Down", status=status)
    serve_page(httpserver)
    with pytest.raises(RobotsRefused, match=f"HTTP {status}"):
        page_source(httpserver).poll({})
    assert [entry[0].path for entry in httpserver.log] == ["/robots.txt"]


def test_robots_wildcards_and_the_longest_match_decide(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /art/\nAllow: /art/*page$\nDisallow: /*.png$\n"
    )
    serve_page(httpserver)
    serve_page(httpserver, "/art/other")
    assert page_source(httpserver).poll({}).candidates  # Allow /art/*page$ is longer than Disallow /art/
    with pytest.raises(RobotsRefused, match="asks robots not to read"):
        page_source(httpserver, "/art/other").poll({})


def test_a_robots_txt_served_as_an_html_page_blocks_nothing(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("<html><body>Welcome</body></html>",
                                                               content_type="text/html")
    serve_page(httpserver)
    assert page_source(httpserver).poll({}).candidates
