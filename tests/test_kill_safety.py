"""kill -9 at random moments while the real `creatorwatch add`, `check` (a feed on loopback) and `export` work,
then what a creator relies on: the data file is sound, everything committed before the kill is still there and
whole, and once the next command has started (its start-up sweep) nothing half-done is left — no capture folder
without its record, no partial file, no temporary check folder, no bundle without its "exported" custody entry.

Seeded and reproducible (CREATORWATCH_KILL_SEED); CREATORWATCH_KILL_RUNS sets the runs per command (20).
To measure what an older version leaves behind, point CREATORWATCH_KILL_CLI_PATH at its source folder: the
commands then run from there, and the test tallies their leftovers (printed) instead of sweeping them.
Each kill falls at a random delay after the command has visibly started working (its first write, the feed's
first request, the bundle's partial file), within the time a full run of it takes."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.store.atomic import PARTIAL_SUFFIX
from creatorwatch.core.watch.sweep import sweep
from tests.media import make_picture

RUNS = int(os.environ.get("CREATORWATCH_KILL_RUNS", "20"))
# Twenty kills per command, each a fresh process: far longer than an ordinary test may take.
pytestmark = pytest.mark.timeout(1800)
SEED = int(os.environ.get("CREATORWATCH_KILL_SEED", "13"))
PER_RUN = 4  # works added, or candidates matched, per run
OTHER_VERSION = os.environ.get("CREATORWATCH_KILL_CLI_PATH")


@dataclass
class Home:
    root: Path
    temp: Path  # the commands' TMPDIR: their check folders land here, apart from other tests'
    left: dict[str, set[str]] = field(default_factory=dict)  # what the kills left, before the next start

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def database(self) -> Path:
        return self.data / "creatorwatch.sqlite3"

    def start(self, *args: str | Path) -> subprocess.Popen[bytes]:
        env = {**os.environ, "TMPDIR": str(self.temp)}
        here = str(Path(__file__).resolve().parents[1])  # this source, whatever the working folder
        env["PYTHONPATH"] = OTHER_VERSION or os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p)
        return subprocess.Popen([sys.executable, "-m", "creatorwatch", "--home", str(self.root), *map(str, args)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                                cwd=self.temp)  # not the source folder: `-m` would import the code found there

    def run(self, *args: str | Path) -> None:
        done = self.start(*args)
        _, err = done.communicate(timeout=600)
        assert done.returncode == 0, err.decode()

    def query(self, sql: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.database, timeout=30) as conn:
            return conn.execute(sql).fetchall()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    root = tmp_path_factory.mktemp("killsafe")
    (root / "tmp").mkdir()
    return Home(root / "home", root / "tmp")


def _kill_at_random(home: Home, rng: random.Random, args: list[str | Path], working: Callable[[], bool],
                    window: float) -> float:
    """Start the command, wait until it is working, kill -9 it `uniform(0, window)` later. Returns the delay
    (or -1 when it finished first)."""
    process = home.start(*args)
    while not working() and process.poll() is None:
        time.sleep(0.005)
    delay = rng.uniform(0, window)
    time.sleep(delay)
    finished = process.poll() is not None
    if not finished:
        process.send_signal(signal.SIGKILL)
    process.communicate()
    return -1.0 if finished else delay


def _timed(home: Home, args: list[str | Path], working: Callable[[], bool]) -> float:
    """A full run: seconds from "working" to the end (the kill window)."""
    process = home.start(*args)
    while not working() and process.poll() is None:
        time.sleep(0.005)
    began = time.monotonic()
    _, err = process.communicate(timeout=600)
    assert process.returncode == 0, err.decode()
    return time.monotonic() - began


def _snapshot(home: Home) -> dict[str, set[tuple[object, ...]]]:
    return {
        "works": set(home.query("SELECT w.id, w.sha256, f.kind, length(f.data) FROM works w JOIN fingerprints f"
                                " ON f.work_id = w.id")),
        "matches": set(home.query("SELECT id, candidate_id, work_id FROM matches")),
        "captures": set(home.query("SELECT id, folder, facts FROM captures")),
        "custody": set(home.query("SELECT id, match_id, action, detail FROM custody")),
    }


def _leftovers(home: Home, targets: list[Path]) -> dict[str, list[str]]:
    """What a killed run left half-done."""
    captures = home.data / "captures"
    rows = {r[0] for r in home.query("SELECT folder FROM captures")}
    found: dict[str, list[str]] = {
        "capture folders without a record": [p.name for p in captures.glob("*") if p.name not in rows]
        if captures.is_dir() else [],
        "partial files": [str(p) for folder in {home.root, *(t.parent for t in targets)}
                          for p in folder.rglob("*") if p.name.endswith((PARTIAL_SUFFIX, ".partial"))],
        "temporary check folders": [p.name for p in home.temp.glob("creatorwatch-*")],
        "pending exports": [str(r[0]) for r in home.query("SELECT path FROM pending_exports")]
        if home.query("SELECT 1 FROM sqlite_master WHERE name = 'pending_exports'") else [],
    }
    exported = {json.loads(str(r[0]))["bundle_sha256"] for r in home.query(
        "SELECT detail FROM custody WHERE action = 'exported'")}
    found["bundles without an exported entry"] = [t.name for t in targets if t.is_file()
                                                  and hashlib.sha256(t.read_bytes()).hexdigest() not in exported]
    return {k: v for k, v in found.items() if v}


def _after_kill(home: Home, before: dict[str, set[tuple[object, ...]]], targets: list[Path]) -> None:
    assert home.query("PRAGMA integrity_check") == [("ok",)]
    after = _snapshot(home)
    for table, rows in before.items():
        assert rows <= after[table], f"{table} committed before the kill are gone or changed"
    assert not home.query("SELECT id FROM works WHERE id NOT IN (SELECT work_id FROM fingerprints)"), \
        "a work was recorded without its fingerprint"
    for name, files in _leftovers(home, targets).items():
        home.left.setdefault(name, set()).update(files)
    if OTHER_VERSION:
        return
    sweep(home.database, [home.data, home.root / "cache"], temp=home.temp)  # what the next command does first
    assert _leftovers(home, targets) == {}
    for _, folder, facts in home.query("SELECT id, folder, facts FROM captures"):
        for f in json.loads(str(facts))["files"]:  # every recorded capture whole, byte for byte
            path = home.data / "captures" / str(folder) / f["name"]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == f["sha256"]


def _picture_bytes(seed: int, folder: Path) -> bytes:
    """The work made with `seed`, as a JPEG copy (what a remix site would serve)."""
    out = io.BytesIO()
    Image.open(make_picture(folder / f"copy-{seed}.png", seed=seed)).convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()


def test_kill_add_check_export_at_random_moments(home: Home, httpserver: HTTPServer, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    report: list[str] = []

    # -- add: a folder of PER_RUN fresh pictures each run --
    def folder(run: int) -> Path:
        made = tmp_path / f"works-{run}"
        made.mkdir()
        for k in range(PER_RUN):
            make_picture(made / f"w{k}.png", seed=1000 + run * PER_RUN + k)
        return made

    home.run("add", folder(0))
    def count() -> int:
        return len(home.query("SELECT id FROM works"))

    def grew(known: int) -> Callable[[], bool]:
        return lambda: count() > known

    known = count()
    window = _timed(home, ["add", folder(1)], lambda: count() > known)
    delays = []
    for run in range(2, RUNS + 2):
        before, known = _snapshot(home), count()
        delays.append(_kill_at_random(home, rng, ["add", folder(run)], grew(known), window))
        _after_kill(home, before, [])
    report.append(_line("add", window, delays, home))

    # -- check: each run the feed offers PER_RUN new posts whose images copy works in the library --
    works = [seed for seed in range(1000, 1000 + PER_RUN * 2)]
    images = {seed: _picture_bytes(seed, tmp_path) for seed in works}
    state: dict[str, Any] = {"run": 0, "asked": False}
    base = httpserver.url_for("").rstrip("/")

    def feed(_request: Request) -> Response:
        state["asked"] = True
        entries = "".join(
            f'<entry><id>urn:{state["run"]}-{k}</id><title>Remix {k}</title><updated>2026-01-02T00:00:00Z</updated>'
            f'<link href="{base}/post/{state["run"]}-{k}"/><link rel="enclosure" type="image/jpeg" '
            f'href="{base}/img/{state["run"]}-{k}.jpg"/></entry>' for k in range(PER_RUN))
        return Response('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>AI</title>'
                        f'<id>urn:x</id><updated>2026-01-02T00:00:00Z</updated>{entries}</feed>',
                        content_type="application/atom+xml")

    def image(request: Request) -> Response:
        k = int(request.path.rsplit("-", 1)[1].split(".")[0])
        return Response(images[works[k % len(works)]], content_type="image/jpeg")

    httpserver.expect_request("/feed.xml").respond_with_handler(feed)
    httpserver.expect_request(re.compile(r"/img/.*")).respond_with_handler(image)
    home.run("sources", "add", "feed", "--name", "remixes", "--set", f"url={httpserver.url_for('/feed.xml')}")

    def asked() -> bool:
        return bool(state["asked"])

    state["run"], state["asked"] = 1, False
    window = check_window = _timed(home, ["check"], asked)
    assert home.query("SELECT 1 FROM captures"), "the calibration check kept no capture"
    delays = []
    for run in range(2, RUNS + 2):
        before = _snapshot(home)
        state["run"], state["asked"] = run, False
        delays.append(_kill_at_random(home, rng, ["check"], asked, window))
        _after_kill(home, before, [])
    report.append(_line("check", window, delays, home))

    # -- export: every match into a new bundle each run --
    ids = [str(r[0]) for r in home.query("SELECT id FROM matches WHERE type = 'match' ORDER BY id")]
    out = tmp_path / "bundles"
    out.mkdir()
    targets: list[Path] = []

    def partial(target: Path) -> Callable[[], bool]:
        return lambda: any(p.name.startswith(f".{target.name}") for p in out.glob(".*")) if out.is_dir() else False

    targets.append(out / "calibration.zip")
    window = _timed(home, ["export", *ids, "-o", targets[-1], "--no-timestamp"], partial(targets[-1]))
    delays = []
    for run in range(RUNS):
        before = _snapshot(home)
        targets.append(out / f"run-{run}.zip")
        delays.append(_kill_at_random(home, rng, ["export", *ids, "-o", targets[-1], "--no-timestamp"],
                                      partial(targets[-1]), window))
        _after_kill(home, before, targets)
    report.append(_line("export", window, delays, home))

    # the real next command sweeps too: kill a check mid-way, start `add`, find nothing half-done
    state["run"], state["asked"] = RUNS + 10, False
    _kill_at_random(home, rng, ["check"], asked, check_window)
    home.run("add", folder(RUNS + 10))
    assert home.query("PRAGMA integrity_check") == [("ok",)]
    print("\n".join(report))
    assert OTHER_VERSION or _leftovers(home, targets) == {}


def _line(command: str, window: float, delays: list[float], home: Home) -> str:
    killed = [d for d in delays if d >= 0]
    left = ", ".join(f"{len(n)} {what}" for what, n in home.left.items()) or "nothing"
    home.left = {}
    return (f"{command}: {len(killed)}/{len(delays)} runs killed (window {window:.2f} s after it started working,"
            f" kills at {min(killed, default=0):.2f}–{max(killed, default=0):.2f} s); the kills left {left};"
            f" after the next start: {'not swept (an older version)' if OTHER_VERSION else 'nothing'}")
