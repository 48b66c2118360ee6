"""A redirected POST: 307 and 308 keep the method and the body (RFC 9110 15.4.8/15.4.9), 303 (and 301/302, as
browsers do) become a GET without a body. The shared client used to turn every redirected POST into an empty
GET, so a moved API endpoint (Spawning's, with or without its trailing slash) answered a question never asked."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.sources.spawning import SpawningSource
from tests.sources_fixtures import fast_client


def echo(request: Request) -> Response:
    return Response(f"{request.method} {request.get_data(as_text=True)}", content_type="text/plain")


@pytest.mark.parametrize("status", [307, 308])
def test_307_and_308_keep_the_method_and_body(httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_request("/old", method="POST").respond_with_data(
        "", status=status, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_handler(echo)
    with fast_client() as client:
        fetched = client.post(httpserver.url_for("/old"), content=b"https://a.example/1\nhttps://a.example/2",
                              headers={"Content-Type": "text/plain"})
    assert fetched.text == "POST https://a.example/1\nhttps://a.example/2"
    assert httpserver.log[-1][0].headers["Content-Type"] == "text/plain"


@pytest.mark.parametrize("status", [301, 302, 303])
def test_other_redirects_of_a_post_become_a_get_without_body(httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_request("/old", method="POST").respond_with_data(
        "", status=status, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_handler(echo)
    with fast_client() as client:
        fetched = client.post(httpserver.url_for("/old"), content=b"body")
    assert fetched.text == "GET "


def test_spawning_asks_at_the_address_with_the_trailing_slash(httpserver: HTTPServer) -> None:
    def answer(request: Request) -> Response:
        urls = request.get_data(as_text=True).split("\n")
        return Response('{"urls": [' + ",".join(f'{{"url": "{u}", "optOut": true}}' for u in urls) + "]}",
                        content_type="application/json")

    httpserver.expect_request("/api/v2/query/urls/", method="POST").respond_with_handler(answer)
    config = SourceConfig("dnt", "spawning", httpserver.url_for("").rstrip("/"),
                          {"urls": "https://ada.example/art/1.png"})
    result = SpawningSource(config, fast_client(), [], "spawning-key-123").poll({})
    assert [c.meta["status"] for c in result.candidates] == ["opted-out"]
    assert httpserver.log[0][0].path == "/api/v2/query/urls/"
