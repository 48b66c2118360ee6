"""Check-cycle benchmark: 10 feed sources (one of them dead) and 1,000 candidates with images on a loopback server.

Reports peak memory, that every request carried connect and read timeouts, and what the dead source cost the
cycle compared with its own timeout. Run by hand: python -m tests.bench.monitor
"""

from __future__ import annotations

import io
import resource
import socket
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from PIL import Image

from creatorwatch.core.library.works import Library
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.events import Event, EventHub
from creatorwatch.core.watch.monitor import Monitor
from tests.media import make_picture

LIVE_SOURCES, PER_SOURCE = 9, 112  # 9 × 112 = 1,008 candidates
READ_TIMEOUT = 3.0


def build_images(folder: Path) -> dict[str, bytes]:
    """Ten distinct small pictures (three of them library works), served under many URLs."""
    images = {}
    for seed in range(10):
        path = make_picture(folder / f"{seed}.png", seed=seed, size=(160, 120))
        buffer = io.BytesIO()
        Image.open(path).convert("RGB").save(buffer, "JPEG", quality=80)
        images[str(seed)] = buffer.getvalue()
    return images


def feed(source: int, port: int) -> bytes:
    items = "".join(
        f"<item><guid>{source}-{i}</guid><title>Item {i}</title><link>http://127.0.0.1:{port}/p/{source}/{i}</link>"
        f'<enclosure url="http://127.0.0.1:{port}/img/{source}/{i}/{(source * PER_SOURCE + i) % 10}.jpg" '
        'type="image/jpeg" length="1"/></item>' for i in range(PER_SOURCE))
    return f'<rss version="2.0"><channel><title>s{source}</title>{items}</channel></rss>'.encode()


def serve(images: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = self.path.strip("/").split("/")
            if parts[0] == "feed":
                body, kind = feed(int(parts[1]), server.server_port), "application/rss+xml"
            elif parts[0] == "img":
                body, kind = images[parts[-1].removesuffix(".jpg")], "image/jpeg"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def dead_server() -> socket.socket:
    """Accepts connections and never answers."""
    sock = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def hold() -> None:
        for _ in range(100):
            held.append(sock.accept()[0])

    threading.Thread(target=hold, daemon=True).start()
    return sock


def run_cycle(home: Path, port: int, dead_port: int | None) -> tuple[float, int, list[str], int, dict[str, float]]:
    db = open_database(home / "data.sqlite3")
    store = SourceStore(db)
    for s in range(LIVE_SOURCES):
        store.add(SourceConfig(f"feed-{s}", "feed", settings={"url": f"http://127.0.0.1:{port}/feed/{s}"}))
    if dead_port:
        store.add(SourceConfig("dead", "feed", settings={"url": f"http://127.0.0.1:{dead_port}/feed"}))
    untimed: list[str] = []
    count = 0

    def check_timeout(request: httpx.Request) -> None:
        nonlocal count
        count += 1
        timeout = request.extensions.get("timeout", {})
        if not timeout or timeout.get("connect") is None or timeout.get("read") is None:
            untimed.append(str(request.url))

    http = HttpClient(read_timeout=READ_TIMEOUT, connect_timeout=READ_TIMEOUT, host_interval=0, host_intervals={},
                      on_request=check_timeout)
    hub, finished = EventHub(), dict[str, float]()
    started = time.perf_counter()

    def note(event: Event) -> None:
        if event.name == "source_checked":
            finished.setdefault(event.data["source"], time.perf_counter() - started)

    hub.subscribe(note)
    summary = Monitor(db, http=http, workers=4, hub=hub).check()
    elapsed = time.perf_counter() - started
    http.close()
    assert summary.total("new") == LIVE_SOURCES * PER_SOURCE, summary.as_json()
    return elapsed, summary.total("matches"), untimed, count, finished


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        images = build_images(root)
        server = serve(images)
        dead = dead_server()
        port, dead_port = server.server_address[1], dead.getsockname()[1]
        results = {}
        for label, with_dead in (("without dead source", None), ("with dead source", dead_port)):
            home = root / label.replace(" ", "-")
            home.mkdir()
            works = Library(open_database(home / "data.sqlite3"))
            works.add_paths([root / "0.png", root / "1.png", root / "2.png"])
            results[label] = run_cycle(home, port, with_dead)
        server.shutdown()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    base, dead_run = results["without dead source"], results["with dead source"]
    lines = [
        "| measure | value |", "|---|---|",
        f"| sources × candidates | {LIVE_SOURCES} live + 1 dead, {LIVE_SOURCES * PER_SOURCE} candidates |",
        f"| cycle without the dead source | {base[0]:.1f} s ({base[3]} requests, {base[1]} matches) |",
        f"| cycle with the dead source | {dead_run[0]:.1f} s ({dead_run[3]} requests, {dead_run[1]} matches) |",
        f"| dead source gave up after | {dead_run[4]['dead']:.1f} s (its read timeout: {READ_TIMEOUT:.0f} s) |",
        f"| last live source finished (without / with dead) | {max(base[4].values()):.1f} s / "
        f"{max(v for k, v in dead_run[4].items() if k != 'dead'):.1f} s |",
        f"| requests without connect+read timeout | {len(base[2]) + len(dead_run[2])} |",
        f"| peak resident memory (whole process) | {rss:.0f} MB |",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
