"""The Wayback Machine's CDX API lists captures oldest first, and `limit=N` keeps the N oldest: a page archived
more often than the limit never showed its new copies. `limit=-N` asks for the N newest. Its CDX limit is 24
requests a minute; the shared client paced it at 30."""

from __future__ import annotations

import json

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.net.settings import KNOWN_HOST_INTERVALS
from creatorwatch.core.sources.wayback import WaybackSource
from tests.source_api_helpers import config, fast_client

PAGE = "https://aigallery.example/p/8812"
HEADER = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]


def archive_of(server: HTTPServer, captures: int) -> list[str]:
    """A CDX endpoint that applies `limit` as the real one does: N keeps the oldest N, -N the newest N."""
    stamps = [f"2026{month:02d}{day:02d}120000" for month in range(1, 13) for day in range(1, 29)][:captures]

    def cdx(request: Request) -> Response:
        rows = [["aigallery,example)/p/8812", s, PAGE, "text/html", "200", f"D{s}", "1200"] for s in stamps]
        rows = [r for r in rows if r[1] >= request.args.get("from", "")]
        limit = int(request.args.get("limit", "0") or 0)
        rows = rows[:limit] if limit > 0 else rows[limit:] if limit < 0 else rows
        return Response(json.dumps([HEADER, *rows]), content_type="application/json")

    server.expect_request("/cdx/search/cdx").respond_with_handler(cdx)
    return stamps


def test_the_newest_captures_are_asked_for(httpserver: HTTPServer) -> None:
    stamps = archive_of(httpserver, 150)
    result = WaybackSource(config("wayback", httpserver, name="archive", urls=PAGE), fast_client(), []).poll({})
    found = [c.meta["timestamp"] for c in result.candidates]
    assert found == stamps[-100:]  # the hundred newest, oldest first
    assert result.cursor == {"newest": {PAGE: stamps[-1]}}
    assert httpserver.log[0][0].args["limit"] == "-100"


def test_the_cdx_api_is_paced_within_its_24_requests_a_minute() -> None:
    assert 60 / KNOWN_HOST_INTERVALS["web.archive.org"] <= 24
