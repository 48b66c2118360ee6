"""A page sending one byte a second held `check` for 5 min 13 s: one request could take 300 s whatever it sent.
Now a request has 90 s, and one more second for every 32 KiB of body that came: a large answer at a fair pace
finishes, one that trickles is given up soon, in words naming the source, and the rest of the check goes on."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageOps
from pytest_httpserver import HTTPServer

from creatorwatch.core.errors import TimedOut
from creatorwatch.core.library.works import Library
from creatorwatch.core.net.settings import MB, HttpSettings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from tests.media import make_picture
from tests.sources_fixtures import SocketServer, fast_client

PAGE = b"<!doctype html><html><body><p>Latest renders</p>" + b"<p>more</p>" * 2000 + b"</body></html>"


class Paced(SocketServer):
    """Answers with `body` in `step`-byte pieces, `every` seconds apart (a trickle, or a large answer at a pace)."""

    path = "/page.html"

    def __init__(self, body: bytes, step: int, every: float) -> None:
        self.body, self.step, self.every = body, step, every
        super().__init__()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                if conn.recv(65536).startswith(b"GET /robots.txt "):  # no robots.txt: the page may be read
                    conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                else:
                    self.answer(conn)
            except OSError:
                pass

    def answer(self, conn: socket.socket) -> None:
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(self.body)}\r\n"
                     "Connection: close\r\n\r\n".encode())
        for i in range(0, len(self.body), self.step):
            if self._stop.is_set():
                return
            conn.sendall(self.body[i:i + self.step])
            time.sleep(self.every)


@pytest.fixture
def paced() -> Iterator[type[Paced]]:
    made: list[Paced] = []

    class Tracked(Paced):
        def __init__(self, body: bytes, step: int, every: float) -> None:
            super().__init__(body, step, every)
            made.append(self)

    yield Tracked
    for server in made:
        server.close()


def test_one_request_that_trickles_is_given_up_within_two_minutes_but_a_large_one_has_time() -> None:
    settings = HttpSettings()
    assert 60 <= settings.deadline <= 120  # it was 300 s, whatever came
    fifty_mb_at_100_kb_a_second = 50 * MB / (100 * 1024)
    assert settings.deadline + 50 * MB / settings.min_rate > fifty_mb_at_100_kb_a_second


def test_a_large_answer_at_a_fair_pace_outlasts_the_deadline(paced: type[Paced]) -> None:
    server = paced(b"x" * 400_000, step=20_000, every=0.1)  # 2 s at 200 kB/s
    with fast_client(deadline=1.0, min_rate=64 * 1024, read_timeout=5) as client:
        assert len(client.get(server.url).content) == 400_000  # it was cut off at 1 s


def test_a_trickle_is_given_up_at_the_deadline_in_words_naming_the_source(paced: type[Paced]) -> None:
    server = paced(PAGE, step=1, every=0.05)
    began = time.monotonic()
    with fast_client(deadline=1.5, read_timeout=5, source="renders (page)") as client, \
            pytest.raises(TimedOut) as said:
        client.get(server.url)
    assert time.monotonic() - began < 4
    assert str(said.value).startswith("renders (page): took longer than 1.5 s to answer (it was sending very slowly")
    assert "bytes of it came), so CreatorWatch gave up on " + server.url in str(said.value)


def test_a_check_goes_on_past_a_trickling_page(paced: type[Paced], httpserver: HTTPServer, tmp_path: Path) -> None:
    db = open_database(tmp_path / "data.sqlite3")
    work = make_picture(tmp_path / "harbour.png", seed=7)
    Library(db).add_paths([work])
    remix = tmp_path / "remix.jpg"
    ImageOps.mirror(Image.open(work).convert("RGB")).save(remix, quality=75)
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/gallery").respond_with_data('<html><body><img src="/remix.jpg"></body></html>',
                                                            content_type="text/html")
    httpserver.expect_request("/remix.jpg").respond_with_data(remix.read_bytes(), content_type="image/jpeg")
    trickle = paced(PAGE, step=1, every=0.05)
    store = SourceStore(db)
    store.add(SourceConfig("renders", "page", settings={"url": trickle.url}))
    store.add(SourceConfig("gallery", "page", settings={"url": httpserver.url_for("/gallery")}))

    summary = Monitor(db, http=fast_client(deadline=1.5, read_timeout=5)).check()

    by_name = {o.name: o for o in summary.sources}
    assert (by_name["gallery"].state, by_name["gallery"].matches) == ("ok", 1)
    assert by_name["renders"].state == "failing"
    assert (by_name["renders"].error or "").startswith("renders (page): took longer than 1.5 s to answer")
    assert "gave up on " + trickle.url in (by_name["renders"].error or "")
