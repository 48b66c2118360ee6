"""A find made by `check --rescan` keeps a copy of the material, as a check's find does, fetched again through its
source; when no copy can be had, the find's evidence says why in one sentence. The real `creatorwatch` command, a
feed served on loopback, a real data file and a real bundle."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.conftest import CliRunner
from tests.media import make_picture

FEED = """<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>AI images</title><id>urn:x</id><updated>2026-01-02T00:00:00Z</updated>
<entry><id>urn:1</id><title>Harbour remix</title><updated>2026-01-02T00:00:00Z</updated>
  <link href="{base}/post/1"/><link rel="enclosure" type="image/png" href="{base}/img/1.png"/></entry>
</feed>"""


def _seen_before_the_work_was_added(run_cli: CliRunner, httpserver: HTTPServer, tmp_path: Path) -> Path:
    """A feed checked once, showing a copy of a picture not yet in the library; then the picture is added."""
    work = make_picture(tmp_path / "harbour.png", seed=7)
    httpserver.expect_request("/feed.xml").respond_with_data(
        FEED.format(base=httpserver.url_for("").rstrip("/")), content_type="application/atom+xml")
    httpserver.expect_request("/img/1.png").respond_with_data(work.read_bytes(), content_type="image/png")
    assert run_cli("sources", "add", "feed", "--name", "gallery", "--set",
                   f"url={httpserver.url_for('/feed.xml')}").returncode == 0
    first = run_cli("check", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["matches"] == 0
    assert run_cli("add", work).returncode == 0
    return work


def _rescan_find(run_cli: CliRunner) -> dict[str, object]:
    rescanned = run_cli("check", "--rescan", "--json")
    assert rescanned.returncode == 0, rescanned.stderr
    assert json.loads(rescanned.stdout)["rescan"]["matches"] == 1
    [found] = json.loads(run_cli("matches", "--json").stdout)
    return dict(found)


def test_a_rescan_find_keeps_a_copy_fetched_again(run_cli: CliRunner, httpserver: HTTPServer, tmp_path: Path) -> None:
    work = _seen_before_the_work_was_added(run_cli, httpserver, tmp_path)
    found = _rescan_find(run_cli)
    assert "no_copy" not in found["evidence"]  # type: ignore[operator]

    bundle = tmp_path / "bundle.zip"
    exported = run_cli("export", str(found["id"]), "-o", bundle)
    assert exported.returncode == 0, exported.stderr
    assert "no capture" not in exported.stdout + exported.stderr
    with zipfile.ZipFile(bundle) as z:
        kept = [n for n in z.namelist() if "/capture-" in n and "/candidate." in n]
        assert kept and z.read(kept[0]) == work.read_bytes()


@pytest.mark.parametrize("what", ["gone", "disabled"])
def test_a_rescan_find_without_a_copy_says_why(run_cli: CliRunner, httpserver: HTTPServer, tmp_path: Path,
                                               what: str) -> None:
    _seen_before_the_work_was_added(run_cli, httpserver, tmp_path)
    if what == "gone":
        httpserver.clear()
        httpserver.expect_request("/img/1.png").respond_with_data("gone", status=404)
        httpserver.expect_request("/feed.xml").respond_with_data("", status=304)
    else:
        assert run_cli("sources", "disable", "gallery").returncode == 0
    found = _rescan_find(run_cli)

    said = found["evidence"]["no_copy"]  # type: ignore[index]
    expected = "(HTTP 404)" if what == "gone" else 'its source "gallery" is disabled'
    assert said.startswith("No copy of the material was kept: ") and expected in said
    exported = run_cli("export", str(found["id"]), "-o", tmp_path / "bundle.zip")
    assert exported.returncode == 0, exported.stderr
    assert expected in exported.stdout + exported.stderr
    with zipfile.ZipFile(tmp_path / "bundle.zip") as z:
        assert not [n for n in z.namelist() if "/capture-" in n]
        assert "Copy of the material" in z.read("report.html").decode()
