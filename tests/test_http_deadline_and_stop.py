"""One deadline per request, covering connect, headers and body, and a stop that reaches every wait and read.
A server dripping one byte a second once kept `check` running 905 s (the deadline was 300 s), and Ctrl-C on a
check whose source asked to wait ended it only 30 s later."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.errors import Stopped, TimedOut
from creatorwatch.core.net.client import HttpClient
from tests.conftest import CliRunner
from tests.sources_fixtures import SocketServer, fast_client

BODY = b'{"items": [' + b"1," * 40 + b"1]}"


class Drip(SocketServer):
    """Answers each connection a byte at a time (`every` seconds apart), in the headers or in the body, for
    `lasts` seconds in all; then sends the rest at once, so a client without a deadline eventually succeeds."""

    path = "/feed.xml"

    def __init__(self, where: str, every: float = 0.1, lasts: float = 20.0) -> None:
        self.where, self.every, self.lasts = where, every, lasts
        super().__init__()

    @property
    def served(self) -> int:
        return self.connections

    def answer(self, conn: socket.socket) -> None:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(BODY)}\r\n\r\n".encode()
        end = time.monotonic() + self.lasts
        if self.where == "headers":
            slow, rest = head, BODY
        else:
            conn.sendall(head)
            slow, rest = BODY, b""
        for i in range(len(slow)):
            if time.monotonic() > end or self._stop.is_set():
                conn.sendall(slow[i:])
                break
            conn.sendall(slow[i:i + 1])
            time.sleep(self.every)
        conn.sendall(rest)


@pytest.fixture
def drip() -> Iterator[type[Drip]]:
    made: list[Drip] = []

    class Tracked(Drip):
        def __init__(self, where: str, every: float = 0.1, lasts: float = 20.0) -> None:
            super().__init__(where, every, lasts)
            made.append(self)

    yield Tracked
    for server in made:
        server.close()


@pytest.mark.parametrize("where", ["headers", "body"])
def test_a_dripping_server_is_cut_off_at_the_deadline(drip: type[Drip], where: str) -> None:
    server = drip(where)
    with fast_client(deadline=1.5, read_timeout=5) as client, \
            pytest.raises(TimedOut, match=r"took longer than 1\.5 s to answer"):
        client.get_json(server.url)


def test_stopping_ends_a_read_under_way(drip: type[Drip]) -> None:
    server = drip("body", lasts=30)
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    with HttpClient(stop=stop) as client, pytest.raises(Stopped, match="stopped"):
        client.get_json(server.url)


def test_stopping_ends_a_retry_wait(httpserver: HTTPServer) -> None:
    stop = threading.Event()

    def busy(request: Request) -> Response:  # stop half a second after the answer, so a slow machine still asks once
        threading.Timer(0.5, stop.set).start()
        return Response("busy", status=503, headers={"Retry-After": "25"})

    httpserver.expect_request("/x").respond_with_handler(busy)
    with HttpClient(stop=stop, host_interval=0.0) as client, pytest.raises(Stopped):
        client.get(httpserver.url_for("/x"))
    assert len(httpserver.log) == 1


def test_a_stopped_client_sends_nothing_more(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_json({})
    stop = threading.Event()
    stop.set()
    with fast_client(stop=stop) as client, pytest.raises(Stopped):
        client.get(httpserver.url_for("/x"))
    assert httpserver.log == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_and_sigterm_end_a_check_at_once_and_keep_what_was_done(
        run_cli: CliRunner, home: Path, httpserver: HTTPServer, drip: type[Drip], sig: int) -> None:
    server = drip("body", every=0.5, lasts=60)
    httpserver.expect_request("/quick.xml").respond_with_data(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>q</title></channel></rss>',
        content_type="application/rss+xml")
    run_cli("sources", "add", "feed", "--name", "slow", "--set", f"url={server.url}")
    run_cli("sources", "add", "feed", "--name", "quick", "--set", f"url={httpserver.url_for('/quick.xml')}")
    check = subprocess.Popen([sys.executable, "-m", "creatorwatch", "--home", str(home), "check", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while server.served == 0 or not httpserver.log:  # both sources are being checked
            assert time.monotonic() < deadline and check.poll() is None
            time.sleep(0.05)
        time.sleep(0.5)
        check.send_signal(sig)
        out, err = check.communicate(timeout=15)  # it used to go on for the rest of the drip (a minute)
    finally:
        if check.poll() is None:
            check.kill()
    assert check.returncode == 130, err
    assert "stopped" in err and "Traceback" not in err
    outcomes = {s["name"]: s["state"] for s in json.loads(out)["sources"]}
    assert outcomes == {"slow": "stopped", "quick": "ok"}
    health = {s["name"]: s["health"] for s in json.loads(run_cli("sources", "--json").stdout)}
    assert health == {"slow": "new", "quick": "ok"}  # stopping is not a failure of the source
