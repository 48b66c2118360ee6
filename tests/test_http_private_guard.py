"""The private-address guard checks the address actually connected to. It used to look each name up once and
remember the answer for good (a failed look-up as "public"), while the connection made a look-up of its own: a
DNS answer that changed in between reached the creator's router or a service on their own machine."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from creatorwatch.core.errors import RedirectRefused
from creatorwatch.core.net.guard import is_private_url
from tests.sources_fixtures import fast_client

REAL_LOOKUP = socket.getaddrinfo


def rebinding(monkeypatch: pytest.MonkeyPatch, port: int, first: str | None) -> None:
    """`rebind.example` answers `first` (a public address, or no answer) once, then loopback."""
    asked = {"n": 0}

    def lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.example":
            return REAL_LOOKUP(host, *args, **kwargs)
        asked["n"] += 1
        if asked["n"] == 1:
            if first is None:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (first, port))]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", lookup)


@pytest.mark.parametrize("first", ["93.184.215.14", None])
def test_a_name_that_changes_to_loopback_is_refused_at_connection(
        httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, first: str | None) -> None:
    httpserver.expect_request("/admin").respond_with_data("router admin page")
    rebinding(monkeypatch, httpserver.port, first)
    url = f"http://rebind.example:{httpserver.port}/admin"
    assert not is_private_url(url)  # the look-up the monitor makes says public (or nothing)
    public = fast_client(source="Feed (f)", allow_private=False)  # as the monitor sets it for a public source
    with public as client, pytest.raises(RedirectRefused, match="private or local"):
        client.get(url)  # the connection's own look-up says loopback: refused before anything is sent
    assert httpserver.log == []


def test_a_kept_alive_connection_to_a_local_service_is_not_lent_to_a_public_request(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("local")
    with fast_client() as client:
        assert client.get(httpserver.url_for("/x")).content == b"local"  # a source configured on this machine
        public = client.configured(allow_private=False)
        with pytest.raises(RedirectRefused, match="private or local"):
            public.get(httpserver.url_for("/x"))  # same pool, same host: still refused
    assert len(httpserver.log) == 1


def test_a_host_name_no_dns_can_hold_is_not_a_crash() -> None:
    assert is_private_url("http://a..b/x.png") is False
    with fast_client() as client, pytest.raises(Exception, match="could not be reached"):
        client.get("http://a..b/x.png")
