"""Fixtures for the monitoring tests: a fast-failing shared HTTP client and a raw socket server for answers
a well-behaved web framework refuses to send (a body cut short)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.store.events import EventHub
from creatorwatch.core.watch.scheduler import MonitorScheduler


def fast_client(**changes: object) -> HttpClient:
    """A client with test-sized timeouts and backoff, so failures are quick and retries do not wait."""
    settings: dict[str, Any] = {"connect_timeout": 1.0, "read_timeout": 0.5, "backoff_base": 0.01,
                                   "backoff_max": 0.05, "max_retry_wait": 1.0, "host_interval": 0.0,
                                   "host_intervals": {}}
    settings.update(changes)
    return HttpClient(**settings)



@contextmanager
def running_scheduler(database: Path, hub: EventHub) -> Iterator[MonitorScheduler]:
    """The real scheduler over `database`: due sources at once, no retries inside one request, no jitter."""
    http = fast_client(retries=0)
    scheduler = MonitorScheduler(database, hub=hub, http=http, start_spread=0, jitter=0, takedown_delay=3600)
    scheduler.start()
    try:
        yield scheduler
    finally:
        scheduler.stop()
        http.close()

@pytest.fixture
def http() -> Iterator[HttpClient]:
    client = fast_client()
    yield client
    client.close()


class SocketServer:
    """A loopback server that hands each connection to `answer` on a thread of its own, until `close()`: for
    answers a well-behaved web framework refuses to send (cut short, dripped, streamed forever)."""

    path = "/"

    def __init__(self) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.2)
        self._stop = threading.Event()
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}{self.path}"

    def answer(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                self.answer(conn)
            except OSError:
                pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()


class RawServer(SocketServer):
    """Answers every connection with the same raw bytes, then closes it — or, with `stall`, keeps it open
    saying nothing more until the test ends (a service that stopped answering)."""

    def __init__(self, answer: bytes, stall: bool = False) -> None:
        self.raw, self.stall = answer, stall
        super().__init__()

    def answer(self, conn: socket.socket) -> None:
        conn.sendall(self.raw)
        if self.stall:
            self._stop.wait()

    def stop(self) -> None:
        self.close()


@pytest.fixture
def raw_server() -> Iterator[type[RawServer]]:
    started: list[RawServer] = []

    class Tracked(RawServer):
        def __init__(self, answer: bytes, stall: bool = False) -> None:
            super().__init__(answer, stall)
            started.append(self)

    yield Tracked
    for server in started:
        server.stop()
