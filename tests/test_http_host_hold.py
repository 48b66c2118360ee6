"""A long Retry-After holds the whole host: the next request there fails at once with the time to wait, instead of
putting a worker to sleep for an hour (it could not stop, and quitting the app would wait for it)."""

from __future__ import annotations

import re

import pytest
from pytest_httpserver import HTTPServer

from creatorwatch.core.errors import RateLimited
from creatorwatch.core.wording.retry import tried_once
from tests.source_api_helpers import fast_client


def test_a_host_held_for_an_hour_is_not_waited_for(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/models").respond_with_data("slow down", status=429, headers={"Retry-After": "3600"})
    httpserver.expect_request("/datasets").respond_with_data("[]", content_type="application/json")
    client = fast_client(retries=3)
    try:
        with pytest.raises(RateLimited) as refused:
            client.get(httpserver.url_for("/models"))
        with pytest.raises(RateLimited, match="asked CreatorWatch to wait until") as held:
            client.get(httpserver.url_for("/datasets"))
    finally:
        client.close()
    assert "again in 60 min may work" in tried_once(refused.value)
    assert held.value.retry_after is not None and held.value.retry_after > 3000
    assert [request.path for request, _ in httpserver.log] == ["/models"]


def test_the_wait_left_on_a_held_host_reads_in_whole_seconds(httpserver: HTTPServer) -> None:
    """Two sources on one host: the second is told the wait left, which was "117.486 s" on the Sources page."""
    httpserver.expect_request("/models").respond_with_data("slow down", status=429, headers={"Retry-After": "100"})
    httpserver.expect_request("/datasets").respond_with_data("[]", content_type="application/json")
    client = fast_client()
    try:
        with pytest.raises(RateLimited) as refused:
            client.get(httpserver.url_for("/models"))
        with pytest.raises(RateLimited) as held:
            client.get(httpserver.url_for("/datasets"))
    finally:
        client.close()
    assert tried_once(refused.value).endswith("again in 100 s may work.")
    assert re.search(r"again in \d+ s may work\.$", tried_once(held.value)), tried_once(held.value)


def test_a_hold_keeps_to_its_port_another_service_on_the_machine_is_asked(httpserver: HTTPServer) -> None:
    """A local model server that asked for three hours' rest held a local mirror on another port of the same
    machine for three hours too."""
    httpserver.expect_request("/v1/chat/completions").respond_with_data("slow down", status=429,
                                                                        headers={"Retry-After": "10800"})
    other = HTTPServer(host=httpserver.host, port=0)  # the same machine by the same name
    other.expect_request("/feed.xml").respond_with_data("<rss/>", content_type="application/rss+xml")
    other.start()
    client = fast_client()
    try:
        with pytest.raises(RateLimited):
            client.get(httpserver.url_for("/v1/chat/completions"))
        assert client.get(other.url_for("/feed.xml")).status == 200
    finally:
        client.close()
        other.clear()
        other.stop()
