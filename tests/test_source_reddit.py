"""The Reddit connector against a loopback Reddit answering in the real shapes (client-credentials token,
Listing with `after`, 401 for bad app credentials, X-Ratelimit headers, 429)."""

from __future__ import annotations

import base64

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch import __version__
from creatorwatch.core.errors import BadResponse, RateLimited, TokenMissing
from creatorwatch.core.sources.reddit import RedditSource
from tests.source_api_helpers import HTML_ERROR, body, config, data, fast_client

TERMS = ["Ada Lumen"]
CREDENTIALS = "app-id-123:app-secret-456"
BEARER = data("reddit/token.json")["access_token"]
TOKEN_PATH = "/api/v1/access_token"


def reddit(server: HTTPServer, remaining: str = "599.0") -> None:
    def token(request: Request) -> Response:
        basic = base64.b64encode(CREDENTIALS.encode()).decode()
        if request.headers.get("Authorization") != f"Basic {basic}":
            return Response(body("reddit/token_error.json"), status=401, content_type="application/json")
        assert request.form["grant_type"] == "client_credentials"
        return Response(body("reddit/token.json"), content_type="application/json")

    def search(request: Request) -> Response:
        if request.headers.get("Authorization") != f"bearer {BEARER}":
            return Response('{"message": "Unauthorized", "error": 401}', status=401)
        page = "2" if request.args.get("after") == "t3_1h0bbbb" else "1"
        headers = {"X-Ratelimit-Remaining": remaining, "X-Ratelimit-Used": "1", "X-Ratelimit-Reset": "420"}
        return Response(body(f"reddit/search_page{page}.json"), content_type="application/json", headers=headers)

    server.expect_request(TOKEN_PATH, method="POST").respond_with_handler(token)
    server.expect_request("/search").respond_with_handler(search)
    server.expect_request("/r/StableDiffusion/search").respond_with_handler(search)


def source(server: HTTPServer, token: str | None = CREDENTIALS, terms: list[str] = TERMS,
           **settings: str) -> RedditSource:
    return RedditSource(config("reddit", server, name="r", **settings), fast_client(), terms, token)


def searches(server: HTTPServer) -> list[Request]:
    return [r for r, _ in server.log if r.path.endswith("/search")]


def test_new_posts_naming_the_creator_are_found_across_pages(httpserver: HTTPServer) -> None:
    reddit(httpserver)
    result = source(httpserver, username="ada_lumen").poll({})
    assert [c.meta["post_id"] for c in result.candidates] == ["t3_1h0cccc", "t3_1h0bbbb", "t3_1h0aaaa"]
    lora = result.candidates[0]
    assert lora.url == "https://www.reddit.com/r/StableDiffusion/comments/1h0cccc/made_an_ada_lumen_style_lora_results_inside/"
    assert lora.media_url == "https://i.redd.it/abc123def456.png" and "lighthouse paintings" in lora.text
    assert lora.published == "2026-11-28T12:20:00Z"
    assert result.candidates[1].media_url is None  # a text post: nothing to fingerprint
    assert "Ada Lumen &co?" in result.candidates[2].text
    first, second = searches(httpserver)
    assert first.args["q"] == "Ada Lumen" and first.args["sort"] == "new" and second.args["after"] == "t3_1h0bbbb"
    user_agents = {r.headers["User-Agent"] for r, _ in httpserver.log}  # the token request and the searches
    assert user_agents == {f"desktop:creatorwatch:{__version__} (by /u/ada_lumen)"}
    assert result.cursor == {"newest": {"Ada Lumen": 1795868400.0}}


def test_a_second_run_with_the_cursor_returns_nothing_new(httpserver: HTTPServer) -> None:
    reddit(httpserver)
    first = source(httpserver).poll({})
    httpserver.clear_log()
    again = source(httpserver).poll(first.cursor)
    assert again.candidates == [] and again.cursor == first.cursor
    assert len(searches(httpserver)) == 1


def test_a_subreddit_setting_searches_only_there(httpserver: HTTPServer) -> None:
    reddit(httpserver)
    source(httpserver, subreddit="r/StableDiffusion", max_pages="1").poll({})
    [only] = searches(httpserver)
    assert only.path == "/r/StableDiffusion/search" and only.args["restrict_sr"] == "1"


def test_when_the_allowance_is_spent_the_run_stops_politely(httpserver: HTTPServer) -> None:
    reddit(httpserver, remaining="0.0")
    result = source(httpserver, terms=["Ada Lumen", "Harbour Lights"]).poll({})
    assert len(result.candidates) == 2 and len(searches(httpserver)) == 1
    assert set(result.cursor["newest"]) == {"Ada Lumen"}  # the other term is searched next time


def test_without_credentials_it_says_how_to_store_them(httpserver: HTTPServer) -> None:
    with pytest.raises(TokenMissing) as caught:
        source(httpserver, token=None).poll({})
    message = str(caught.value)
    assert "Reddit (r): needs an app id and secret" in message and "client_id:client_secret" in message
    assert "creatorwatch secret set reddit" in message and httpserver.log == []


def test_credentials_without_the_colon_are_explained(httpserver: HTTPServer) -> None:
    with pytest.raises(TokenMissing, match="client_id:client_secret, with a colon"):
        source(httpserver, token="just-an-id").poll({})


def test_refused_app_credentials_say_how_to_store_them_again(httpserver: HTTPServer) -> None:
    reddit(httpserver)
    with pytest.raises(TokenMissing) as caught:
        source(httpserver, token="app-id-123:wrong-secret").poll({})
    assert "Reddit (r): refused the stored app id and secret" in str(caught.value)
    assert "creatorwatch secret set reddit" in str(caught.value) and "wrong-secret" not in str(caught.value)


def test_a_refused_search_is_a_token_problem_too(httpserver: HTTPServer) -> None:
    httpserver.expect_request(TOKEN_PATH, method="POST").respond_with_data(
        body("reddit/token.json"), content_type="application/json"
    )
    httpserver.expect_request("/search").respond_with_data('{"message": "Forbidden", "error": 403}', status=403)
    with pytest.raises(TokenMissing, match="secret set reddit"):
        source(httpserver).poll({})


def test_429_with_retry_after_is_rate_limited(httpserver: HTTPServer) -> None:
    httpserver.expect_request(TOKEN_PATH, method="POST").respond_with_data(
        body("reddit/token.json"), content_type="application/json"
    )
    httpserver.expect_request("/search").respond_with_data(
        body("reddit/rate_limited.json"), status=429, headers={"Retry-After": "420"}, content_type="application/json"
    )
    with pytest.raises(RateLimited) as caught:
        source(httpserver).poll({})
    assert caught.value.retry_after == 420


def test_malformed_json_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request(TOKEN_PATH, method="POST").respond_with_data(
        body("reddit/token.json"), content_type="application/json"
    )
    cut_short = '{"kind": "Listing", "data": {'
    httpserver.expect_request("/search").respond_with_data(cut_short, content_type="application/json")
    with pytest.raises(BadResponse, match="could not be read"):
        source(httpserver).poll({})


def test_an_html_error_page_is_a_plain_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request(TOKEN_PATH, method="POST").respond_with_data(HTML_ERROR, content_type="text/html")
    with pytest.raises(BadResponse, match="web page instead of data"):
        source(httpserver).poll({})
