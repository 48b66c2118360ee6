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


STOP_BUDGET = 2.0  # seconds from Ctrl-C or SIGTERM until the process has ended


def _held_by_retry_after(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/busy.xml").respond_with_data("busy", status=429, headers={"Retry-After": "20"})


def _ends_soon_after(process: subprocess.Popen[str], sig: int, httpserver: HTTPServer) -> tuple[float, str, str]:
    """Once the source has been asked (and told to wait 20 s), send `sig`; how long until the process ended."""
    try:
        deadline = time.monotonic() + 60
        while not httpserver.log:
            assert time.monotonic() < deadline and process.poll() is None, "the source was never asked"
            time.sleep(0.05)
        time.sleep(0.5)  # now waiting out the Retry-After
        sent = time.monotonic()
        process.send_signal(sig)
        out, err = process.communicate(timeout=30)
        return time.monotonic() - sent, out, err
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_check_waiting_out_retry_after_ends_within_two_seconds_of_a_signal(
        run_cli: CliRunner, home: Path, httpserver: HTTPServer, sig: int) -> None:
    _held_by_retry_after(httpserver)
    run_cli("sources", "add", "feed", "--name", "busy", "--set", f"url={httpserver.url_for('/busy.xml')}")
    check = subprocess.Popen([sys.executable, "-m", "creatorwatch", "--home", str(home), "check", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    took, out, err = _ends_soon_after(check, sig, httpserver)
    assert check.returncode == 130 and "Traceback" not in err, err
    assert took < STOP_BUDGET, f"`check` ended {took:.1f} s after {signal.Signals(sig).name}"
    assert {s["name"]: s["state"] for s in json.loads(out)["sources"]} == {"busy": "stopped"}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_run_during_a_check_waiting_out_retry_after_ends_within_two_seconds_of_a_signal(
        run_cli: CliRunner, home: Path, httpserver: HTTPServer, sig: int) -> None:
    from datetime import UTC, datetime, timedelta

    from creatorwatch.core.records.source_store import SourceStore
    from creatorwatch.core.store.db import open_database
    from creatorwatch.paths import resolve_paths

    _held_by_retry_after(httpserver)
    run_cli("sources", "add", "feed", "--name", "busy", "--set", f"url={httpserver.url_for('/busy.xml')}")
    db = open_database(resolve_paths(home).database)
    try:  # due in a second, so `run` checks it at once instead of within its start spread
        SourceStore(db).set_next_run("busy", datetime.now(UTC) + timedelta(seconds=1))
    finally:
        db.conn.close()
    run = subprocess.Popen([sys.executable, "-m", "creatorwatch", "--home", str(home), "run"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    took, _out, err = _ends_soon_after(run, sig, httpserver)
    assert run.returncode == 0 and "stopping" in err and "Traceback" not in err, err
    assert took < STOP_BUDGET, f"`run` ended {took:.1f} s after {signal.Signals(sig).name}"
