"""Two checks of one data folder at once: the second said "0 matches, 0 mentions" while the first recorded the
finds, because it counted them as nothing new. Now the second says plainly that a check is already running, and
exits 1; and a check killed with kill -9 leaves nothing locked. The first check is a real `creatorwatch` process,
held mid-check by a page on loopback that answers only when the test lets it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from PIL import Image, ImageOps
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.conftest import CliRunner
from tests.media import make_picture

PAGE = """<!doctype html><html><body><h1>Made with our model</h1><img src="/media/remix.jpg"></body></html>"""
WAIT = 60.0


class HeldPage:
    """The page answers once `release` is set; `asked` is set when a check has asked for it."""

    def __init__(self) -> None:
        self.asked, self.release = threading.Event(), threading.Event()

    def __call__(self, request: Request) -> Response:
        self.asked.set()
        self.release.wait(WAIT)
        return Response(PAGE, content_type="text/html")


def _serve(server: HTTPServer, work: Path, tmp_path: Path) -> HeldPage:
    remix = tmp_path / "remix.jpg"
    ImageOps.mirror(Image.open(work).convert("RGB")).save(remix, quality=75)
    held = HeldPage()
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/gallery").respond_with_handler(held)
    server.expect_request("/media/remix.jpg").respond_with_data(remix.read_bytes(), content_type="image/jpeg")
    return held


def _start_check(home: Path) -> subprocess.Popen[str]:
    here = str(Path(__file__).parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p)}
    return subprocess.Popen([sys.executable, "-m", "creatorwatch", "--home", str(home), "check", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _prepared(run_cli: CliRunner, httpserver: HTTPServer, tmp_path: Path) -> HeldPage:
    work = make_picture(tmp_path / "harbour.png", seed=7)
    held = _serve(httpserver, work, tmp_path)
    assert run_cli("add", work).returncode == 0
    page = httpserver.url_for("/gallery")
    assert run_cli("sources", "add", "page", "--name", "gallery", "--set", f"url={page}").returncode == 0
    return held


def test_a_second_check_says_one_is_already_running(run_cli: CliRunner, httpserver: HTTPServer, home: Path,
                                                    tmp_path: Path) -> None:
    held = _prepared(run_cli, httpserver, tmp_path)
    first = _start_check(home)
    try:
        assert held.asked.wait(WAIT), "the first check never asked for the page"
        second = run_cli("check", "--json")
        assert second.returncode == 1
        assert "a check is already running" in second.stderr
        said = json.loads(second.stdout)
        assert said["busy"] == ["gallery"] and said["matches"] == 0
        assert said["sources"][0]["state"] == "busy"
        assert "another check is reading this source" in said["sources"][0]["error"]
        in_words = run_cli("check")
        assert in_words.returncode == 1 and "0 matches" not in in_words.stdout + in_words.stderr
    finally:
        held.release.set()
        out, err = first.communicate(timeout=WAIT)
    assert first.returncode == 0, err
    assert json.loads(out)["matches"] == 1
    assert len(json.loads(run_cli("matches", "--json").stdout)) == 1
    assert run_cli("check", "--json").returncode == 0  # the first has finished: its claim is gone


def test_a_check_killed_mid_way_leaves_nothing_locked(run_cli: CliRunner, httpserver: HTTPServer, home: Path,
                                                      tmp_path: Path) -> None:
    held = _prepared(run_cli, httpserver, tmp_path)
    first = _start_check(home)
    try:
        assert held.asked.wait(WAIT), "the first check never asked for the page"
        first.send_signal(signal.SIGKILL)
        first.wait(WAIT)
    finally:
        held.release.set()
        first.communicate(timeout=WAIT)
    checked = run_cli("check", "--json")
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["matches"] == 1


def test_the_windows_scheduled_check_and_a_command_check_never_read_one_source_together(
        run_cli: CliRunner, httpserver: HTTPServer, home: Path, tmp_path: Path) -> None:
    """The window checks through MonitorScheduler in its own threads: while it reads a source, a command's check
    says so; while a command reads it, the scheduled check skips it (its finds are recorded by the command)."""
    from creatorwatch.core.store.db import open_database
    from creatorwatch.core.store.process_locks import claimed
    from creatorwatch.core.watch.monitor import Monitor

    held = _prepared(run_cli, httpserver, tmp_path)
    database = next(home.rglob("*.sqlite3"))

    def scheduled() -> None:
        db = open_database(database)
        try:
            Monitor(db, scheduled=True).check(["gallery"])
        finally:
            db.conn.close()

    window = threading.Thread(target=scheduled)
    window.start()
    try:
        assert held.asked.wait(WAIT)
        assert run_cli("check", "--json").returncode == 1
    finally:
        held.release.set()
        window.join(WAIT)
    with claimed(database.parent, ["gallery"]) as mine:  # as a command's check holds it, in another process
        assert mine == {"gallery"}
        db = open_database(database)
        try:
            timed = Monitor(db, scheduled=True).check(["gallery"], respect_retry=True)  # its own timed run
            asked = Monitor(db, scheduled=True).check(["gallery"], respect_retry=False)  # the creator's Check now
        finally:
            db.conn.close()
    assert [o.state for o in timed.sources] == ["skipped"]
    assert [o.state for o in asked.sources] == ["busy"] and asked.as_json()["busy"] == ["gallery"]
