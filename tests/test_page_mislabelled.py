"""A `page` source reads what the server sends by its body, as `match` does, not by its Content-Type alone: an
HTML page labelled `image/png` was taken for a picture, and `check` said "1 new item, 0 matches" while `match` on
the same address found the copy on it. Through the real `creatorwatch` command against pages on loopback."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageOps
from pytest_httpserver import HTTPServer

from tests.conftest import CliRunner
from tests.media import make_picture

PAGE = """<html><body><h1>Our model's latest</h1><img src="/files/remix.jpg" alt="remix"><p>hello</p></body></html>"""


def _serve_copy(server: HTTPServer, work: Path, tmp_path: Path, content_type: str) -> None:
    remix = tmp_path / "remix.jpg"
    ImageOps.mirror(Image.open(work).convert("RGB")).save(remix, quality=75)
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/files/remix.jpg").respond_with_data(remix.read_bytes(), content_type=content_type)


def test_a_page_served_as_a_picture_is_read_as_the_page_it_is(run_cli: CliRunner, httpserver: HTTPServer,
                                                              tmp_path: Path) -> None:
    work = make_picture(tmp_path / "harbour.png", seed=7)
    _serve_copy(httpserver, work, tmp_path, "image/jpeg")
    httpserver.expect_request("/gallery.html").respond_with_data(PAGE, content_type="image/png")
    page = httpserver.url_for("/gallery.html")
    assert run_cli("add", work).returncode == 0
    assert run_cli("sources", "add", "page", "--name", "gallery", "--set", f"url={page}").returncode == 0

    checked = run_cli("check", "--json")
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["matches"] == 1  # it was 0: the page's HTML was "matched" as a picture
    [found] = json.loads(run_cli("matches", "--json").stdout)
    assert (found["page_url"], found["media_url"]) == (page, httpserver.url_for("/files/remix.jpg"))
    matched = json.loads(run_cli("match", "--json", page).stdout)
    assert [m["work_id"] for m in matched["matches"]] == [found["work_id"]]  # check and match agree


def test_a_picture_served_as_html_at_the_page_address_is_still_matched(run_cli: CliRunner, httpserver: HTTPServer,
                                                                       tmp_path: Path) -> None:
    work = make_picture(tmp_path / "harbour.png", seed=7)
    _serve_copy(httpserver, work, tmp_path, "text/html")
    picture = httpserver.url_for("/files/remix.jpg")
    assert run_cli("add", work).returncode == 0
    assert run_cli("sources", "add", "page", "--name", "direct", "--set", f"url={picture}").returncode == 0

    checked = run_cli("check", "--json")
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["matches"] == 1
