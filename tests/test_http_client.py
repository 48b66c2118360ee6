"""The shared HTTP client against real HTTP on loopback: every way a public service answers or fails."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from creatorwatch.core.errors import (
    BadResponse,
    HttpStatusError,
    RateLimited,
    RedirectRefused,
    ServerError,
    SourceError,
    TimedOut,
    TokenMissing,
    TooLarge,
)
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.net.download import fetch_to_file
from creatorwatch.core.net.ratelimit import retry_after_seconds
from creatorwatch.core.net.settings import USER_AGENT
from creatorwatch.core.wording.retry import tried_once
from tests.sources_fixtures import RawServer, fast_client, http, raw_server

__all__ = ["http", "raw_server"]  # fixtures


def test_a_normal_answer_names_creatorwatch_and_parses(http: HttpClient, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/models", query_string="search=ada", headers={"User-Agent": USER_AGENT}
                              ).respond_with_json([{"id": "ada/voice"}])
    assert http.get_json(httpserver.url_for("/api/models"), params={"search": "ada"}) == [{"id": "ada/voice"}]
    assert USER_AGENT.startswith("CreatorWatch/") and "(+https://" in USER_AGENT


def test_conditional_get_gives_not_modified(http: HttpClient, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    httpserver.expect_request("/feed").respond_with_data("<rss/>", headers={"ETag": '"v1"'})
    first = http.get(httpserver.url_for("/feed"))
    again = http.get(httpserver.url_for("/feed"), etag=first.etag)
    assert first.content == b"<rss/>" and not first.not_modified
    assert again.not_modified and again.content == b""


@pytest.mark.parametrize("status", [401, 403])
def test_refused_token_says_how_to_store_one(httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_request("/notices/search.json").respond_with_json({"error": "no"}, status=status)
    client = fast_client(source="Lumen (lumen)", token_name="lumen")
    with pytest.raises(TokenMissing) as caught:
        client.get_json(httpserver.url_for("/notices/search.json"))
    assert str(caught.value).startswith("Lumen (lumen): refused access")
    assert "creatorwatch secret set lumen" in str(caught.value)


@pytest.mark.parametrize("status", [401, 403])
def test_a_refusal_to_a_source_that_takes_no_token_does_not_ask_for_one(httpserver: HTTPServer, status: int) -> None:
    """A page, feed or Common Crawl source sends no token: telling the creator to type `secret set NAME` (the
    word NAME itself) sent them to store a token nothing would read."""
    httpserver.expect_request("/collinfo.json").respond_with_json({"error": "no"}, status=status)
    client = fast_client(source="Common Crawl (crawl)", token_name=None)
    with pytest.raises(TokenMissing) as caught:
        client.get_json(httpserver.url_for("/collinfo.json"))
    message = str(caught.value)
    assert message.startswith(f"Common Crawl (crawl): refused access (HTTP {status})")
    assert "secret set" not in message and "sends no token" in message


def test_429_retry_after_is_waited_out_then_succeeds(http: HttpClient, httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/x").respond_with_data("slow down", status=429, headers={"Retry-After": "0"})
    httpserver.expect_ordered_request("/x").respond_with_json({"ok": True})
    assert http.get_json(httpserver.url_for("/x")) == {"ok": True}


def test_429_with_long_retry_after_is_not_waited_but_reported(http: HttpClient, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("wait five minutes", status=429,
                                                      headers={"Retry-After": "300"})
    with pytest.raises(RateLimited) as caught:
        http.get(httpserver.url_for("/x"))
    assert caught.value.retry_after == 300
    assert "slow down" in str(caught.value)
    assert tried_once(caught.value).endswith("Running the command again in 5 min may work.")
    assert len(httpserver.log) == 1  # not hammered


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Thu, 01 Jan 2026 12:01:30 GMT", now) == 90
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_503_storm_gives_up_after_bounded_retries(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("busy", status=503)
    client = fast_client(retries=2, source="Common Crawl (cc)")
    with pytest.raises(ServerError) as caught:
        client.get(httpserver.url_for("/x"))
    assert caught.value.status == 503 and "Common Crawl (cc): is having trouble" in str(caught.value)
    assert len(httpserver.log) == 3


def test_malformed_json_is_explained(http: HttpClient, httpserver: HTTPServer) -> None:
    """In words a creator reads on the Sources page: not "malformed JSON: Expecting value at character 28"."""
    httpserver.expect_request("/x").respond_with_data('{"items": [', content_type="application/json")
    httpserver.expect_request("/y").respond_with_data('{"items": ]}', content_type="application/json")
    with pytest.raises(BadResponse) as cut:
        http.get_json(httpserver.url_for("/x"))
    with pytest.raises(BadResponse) as garbled:
        http.get_json(httpserver.url_for("/y"))
    assert "sent data that could not be read (it was cut short)" in str(cut.value)
    assert "sent data that could not be read (it was garbled or cut short)" in str(garbled.value)
    assert not any(word in str(e.value) for e in (cut, garbled) for word in ("JSON", "character", "Expecting"))


def test_html_error_page_where_json_was_expected(http: HttpClient, httpserver: HTTPServer) -> None:
    page = "<!DOCTYPE html><html><body><h1>We'll be right back</h1></body></html>"
    httpserver.expect_request("/x").respond_with_data(page, content_type="text/html")
    with pytest.raises(BadResponse, match="web page instead of data"):
        http.get_json(httpserver.url_for("/x"))


def test_other_refusals_keep_the_body_for_the_connector(http: HttpClient, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_json({"message": "No Captures found for: x.org/*"}, status=404)
    with pytest.raises(HttpStatusError) as caught:
        http.get(httpserver.url_for("/x"))
    assert caught.value.status == 404 and b"No Captures" in caught.value.body
    assert http.get(httpserver.url_for("/x"), accept_status={404}).json()["message"].startswith("No Captures")


def test_a_body_cut_short_is_an_error_not_data(http: HttpClient, raw_server: type[RawServer]) -> None:
    server = raw_server(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: application/json\r\n\r\n[1,2")
    with pytest.raises(BadResponse, match="cut off"):
        http.get_json(server.url)


def test_a_stalled_read_times_out_with_a_clear_message(http: HttpClient, raw_server: type[RawServer]) -> None:
    server = raw_server(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[",
                        stall=True)
    with pytest.raises(TimedOut, match="stopped answering"):
        http.get_json(server.url)


def test_a_body_over_the_cap_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data(b"x" * 5000)
    httpserver.expect_request("/chunked").respond_with_handler(
        lambda request: Response(iter([b"x" * 3000, b"y" * 3000])))
    client = fast_client(max_bytes=4000)
    for path in ("/big", "/chunked"):
        with pytest.raises(TooLarge, match="larger than"):
            client.get(httpserver.url_for(path))
    assert client.get(httpserver.url_for("/big"), max_bytes=10_000).content == b"x" * 5000


def test_a_redirect_loop_is_refused(http: HttpClient, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    with pytest.raises(RedirectRefused, match="loop"):
        http.get(httpserver.url_for("/a"))


def test_at_most_five_redirects(http: HttpClient, httpserver: HTTPServer) -> None:
    for hop in range(6):
        httpserver.expect_request(f"/r{hop}").respond_with_data("", status=301, headers={"Location": f"/r{hop + 1}"})
    httpserver.expect_request("/r6").respond_with_data("arrived")
    fetched = http.get(httpserver.url_for("/r1"))  # r1 … r6: five hops
    assert fetched.content == b"arrived" and len(fetched.redirects) == 5
    assert fetched.final_url.endswith("/r6")
    with pytest.raises(RedirectRefused, match="more than 5 redirects"):
        http.get(httpserver.url_for("/r0"))  # six hops


def test_redirect_to_other_schemes_is_refused(http: HttpClient, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(RedirectRefused, match="not a web"):
        http.get(httpserver.url_for("/x"))


def test_public_source_may_not_reach_loopback(httpserver: HTTPServer) -> None:
    inside = httpserver.url_for("/admin").replace("localhost", "127.0.0.1")
    httpserver.expect_request("/x").respond_with_data("", status=302, headers={"Location": inside})
    httpserver.expect_request("/admin").respond_with_data("secret router page")
    public = fast_client(allow_private=False, source="Civitai (civitai)")
    for url in (httpserver.url_for("/x"), inside):  # the address connected to is checked, first hop or not
        with pytest.raises(RedirectRefused, match="private or local network"):
            public.get(url)
    assert httpserver.log == []  # nothing was sent there
    # A source the creator configured on their own machine may redirect within it.
    assert fast_client().get(httpserver.url_for("/x")).content == b"secret router page"


def test_credentials_stay_with_their_host_on_redirect(http: HttpClient, httpserver: HTTPServer) -> None:
    other = httpserver.url_for("/elsewhere").replace("localhost", "127.0.0.1")
    httpserver.expect_request("/x").respond_with_data("", status=302, headers={"Location": other})
    httpserver.expect_request("/elsewhere").respond_with_data("ok")
    http.get(httpserver.url_for("/x"), headers={"Authorization": "Bearer hf_secret"})
    assert "Authorization" not in httpserver.log[-1][0].headers


def test_unreachable_source_is_explained(http: HttpClient) -> None:
    with pytest.raises(SourceError, match="could not be reached"):
        http.get("http://127.0.0.1:9/")


def test_fetch_to_file_downloads_within_the_cap(httpserver: HTTPServer, tmp_path: object) -> None:
    httpserver.expect_request("/art.png").respond_with_data(b"\x89PNG....", content_type="image/png")
    path = fetch_to_file(httpserver.url_for("/art.png"))
    try:
        assert path.suffix == ".png" and path.read_bytes() == b"\x89PNG...."
    finally:
        path.unlink()
    with pytest.raises(TooLarge):
        fetch_to_file(httpserver.url_for("/art.png"), max_bytes=4)
