"""A picture found on a web page is cited with the page it was on, not only by its own address: a takedown notice
has to name the page. Through the real `creatorwatch` command, a page served on loopback and a real bundle."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.conftest import CliRunner
from tests.media import make_picture

PAGE = """<!doctype html><html><head><title>Showcase</title></head><body><h1>Made with our model</h1>
<img src="/media/harbour-remix.png" alt="remix"></body></html>"""


def test_a_picture_on_a_page_is_cited_with_its_page(run_cli: CliRunner, httpserver: HTTPServer,
                                                    tmp_path: Path) -> None:
    work = make_picture(tmp_path / "harbour.png", seed=7)
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/showcase").respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/media/harbour-remix.png").respond_with_data(work.read_bytes(),
                                                                            content_type="image/png")
    page, picture = httpserver.url_for("/showcase"), httpserver.url_for("/media/harbour-remix.png")
    assert run_cli("add", work).returncode == 0
    assert run_cli("sources", "add", "page", "--name", "showcase", "--set", f"url={page}").returncode == 0
    checked = run_cli("check", "--json")
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["matches"] == 1

    [found] = json.loads(run_cli("matches", "--json").stdout)
    assert (found["candidate_url"], found["media_url"], found["page_url"]) == (picture, picture, page)
    assert f"{picture} on the page {page} [showcase]" in run_cli("matches").stdout

    assert run_cli("evidence-settings", "--name", "Ada Painter", "--email", "ada@example.org").returncode == 0
    bundle = tmp_path / "evidence.zip"
    exported = run_cli("export", str(found["id"]), "-o", bundle)
    assert exported.returncode == 0, exported.stderr
    with zipfile.ZipFile(bundle) as z:
        report, notice = z.read("report.html").decode(), z.read("notice.txt").decode()
        manifest = json.loads(z.read("manifest.json"))
    assert page in report and picture in report
    assert page in notice and picture in notice
    assert manifest["addresses"] == [{"match": found["id"], "candidate_url": picture, "page_url": page,
                                      "media_url": picture}]
    assert run_cli("verify", bundle).returncode == 0
