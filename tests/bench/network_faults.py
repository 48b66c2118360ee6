"""How long `creatorwatch check` takes, and what it says, when a service misbehaves (issue 13's network rows).

Run by hand: `python -m tests.bench.network_faults [--quick]`. Each case serves a feed source on loopback that
misbehaves one way and times the real CLI against it; `--quick` skips the five-minute drip. The figures depend on
the machine's load: they are for comparing before and after, not for a pass/fail.
"""

from __future__ import annotations

import argparse
import gzip
import json
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

Answer = Callable[[BaseHTTPRequestHandler], None]


def serve(answer: Answer) -> tuple[ThreadingHTTPServer, list[str]]:
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            answer(self)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, asked


def status(code: int, headers: dict[str, str]) -> Answer:
    def answer(h: BaseHTTPRequestHandler) -> None:
        h.send_response(code)
        for name, value in {**headers, "Content-Length": "0"}.items():
            h.send_header(name, value)
        h.end_headers()

    return answer


def drip(h: BaseHTTPRequestHandler) -> None:
    """Headers one byte a second, never finished (until the client hangs up)."""
    try:
        h.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        for _ in range(10_000):
            h.wfile.write(b"a")
            h.wfile.flush()
            time.sleep(1)
    except OSError:
        pass


def healthy(h: BaseHTTPRequestHandler) -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>q</title></channel></rss>'
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def cli(home: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "creatorwatch", "--home", str(home), *args]


def check_case(answer: Answer, sig: int | None = None) -> str:
    server, asked = serve(answer)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        url = f"http://127.0.0.1:{server.server_port}/feed.xml"
        subprocess.run(cli(home, "sources", "add", "feed", "--name", "f", "--set", f"url={url}"),
                       check=True, capture_output=True)
        started = time.monotonic()
        run = subprocess.Popen(cli(home, "check", "--json"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if sig is not None:
            while not asked:
                time.sleep(0.05)
            time.sleep(1)
            started = time.monotonic()
            run.send_signal(sig)
        out, err = run.communicate()
        took = time.monotonic() - started
    server.shutdown()
    try:
        said = json.loads(out)["sources"][0].get("error") or json.loads(out)["sources"][0]["state"]
    except (ValueError, LookupError):
        said = (err.strip().splitlines() or ["(nothing)"])[-1]
    return f"{took:6.1f} s | exit {run.returncode} | {len(asked)} request(s) | {said[:110]}"


def gzip_bomb_peak() -> str:
    from creatorwatch.core.errors import TooLarge
    from creatorwatch.core.net.client import HttpClient
    from creatorwatch.core.net.settings import MB

    packed = gzip.compress(bytes(300 * MB), 9)

    def answer(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Encoding", "gzip")
        h.send_header("Content-Length", str(len(packed)))
        h.end_headers()
        h.wfile.write(packed)

    server, _ = serve(answer)
    tracemalloc.start()
    try:
        with HttpClient() as client:  # the default 50 MB cap
            client.get(f"http://127.0.0.1:{server.server_port}/x")
        said = "read whole"
    except TooLarge as exc:
        said = str(exc)[:80]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    server.shutdown()
    return f"peak {peak / MB:6.1f} MB (Python allocations) | {said}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the five-minute drip")
    parser.add_argument("only", nargs="*", help="run only the cases whose name contains one of these words")
    args = parser.parse_args()
    cases: list[tuple[str, Callable[[], str]]] = [
        ("a healthy feed (the baseline)", lambda: check_case(healthy)),
        ("429, Retry-After: inf", lambda: check_case(status(429, {"Retry-After": "inf"}))),
        ("429, Retry-After: 1e13", lambda: check_case(status(429, {"Retry-After": "1e13"}))),
        ("503, Retry-After: 119", lambda: check_case(status(503, {"Retry-After": "119"}))),
        ("429, Retry-After: 119", lambda: check_case(status(429, {"Retry-After": "119"}))),
        ("429 without Retry-After", lambda: check_case(status(429, {}))),
        ("Ctrl-C while a source drips", lambda: check_case(drip, signal.SIGINT)),
        ("SIGTERM while a source drips", lambda: check_case(drip, signal.SIGTERM)),
        ("gzip bomb (300 MB unpacked)", gzip_bomb_peak),
    ]
    if not args.quick:
        cases.append(("headers at one byte a second", lambda: check_case(drip)))
    print(f"{'case':<32} | figure")
    for name, run in cases:
        if args.only and not any(word in name for word in args.only):
            continue
        print(f"{name:<32} | {run()}", flush=True)
    return 0


if __name__ == "__main__":
    socket.setdefaulttimeout(None)
    sys.exit(main())
