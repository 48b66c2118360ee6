"""One malformed address a server sends (a typo'd link `http://[::1:bad/` on a page, a feed item's link or file) is
skipped on its own: the rest of the page or feed is read and the copy on it found. One such tag made the whole page
unreadable ("answered in an unexpected shape … running again may work"; `match`: "an unexpected ValueError"), so a
gallery could hide every copy on it. Through the real `creatorwatch` command against pages served on loopback."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageOps
from pytest_httpserver import HTTPServer

from creatorwatch.core.records.allowlist import allow_choices, pattern_covers
from tests.conftest import CliRunner
from tests.media import make_picture

PAGE = """<html><head><title>Gallery</title></head><body>
<a href="http://[::1:bad/">link</a><p>see</p><img src="http://[::1:bad"><img srcset="http://[::1:bad 2x">
<a href="http://127.0.0.1:port/x.jpg">port</a><img src="/files/remix.jpg"></body></html>"""

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>AI gallery</title><link>{site}</link>
<description>d</description>
<item><title>typo</title><link>http://[::1:bad/post</link><guid>a</guid>
<description>&lt;p&gt;new&lt;/p&gt;&lt;img src="http://[::1:bad/y.jpg"&gt;</description>
<enclosure url="http://[::1:bad/x.jpg" type="image/jpeg" length="1"/></item>
<item><title>remix</title><link>{site}post/2</link><guid>b</guid>
<enclosure url="{site}files/remix.jpg" type="image/jpeg" length="1"/></item>
</channel></rss>"""


def _serve_copy(server: HTTPServer, work: Path, tmp_path: Path) -> str:
    remix = tmp_path / "remix.jpg"
    ImageOps.mirror(Image.open(work).convert("RGB")).save(remix, quality=80)
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/files/remix.jpg").respond_with_data(remix.read_bytes(), content_type="image/jpeg")
    return server.url_for("/files/remix.jpg")


def test_a_page_with_a_malformed_link_is_read_and_the_copy_on_it_found(
    run_cli: CliRunner, httpserver: HTTPServer, tmp_path: Path
) -> None:
    work = make_picture(tmp_path / "harbour.png", seed=7)
    picture = _serve_copy(httpserver, work, tmp_path)
    httpserver.expect_request("/gallery.html").respond_with_data(PAGE, content_type="text/html")
    page = httpserver.url_for("/gallery.html")
    assert run_cli("add", work).returncode == 0

    matched = run_cli("match", "--json", page)
    assert matched.returncode == 0, matched.stdout
    [line] = [json.loads(text) for text in matched.stdout.splitlines()]
    assert "error" not in line
    assert [(m["work_id"], m["evidence"]["media_url"]) for m in line["matches"]] == [(1, picture)]

    assert run_cli("sources", "add", "page", "--name", "gallery", "--set", f"url={page}").returncode == 0
    checked = run_cli("check", "--json")
    assert checked.returncode == 0, checked.stdout
    said = json.loads(checked.stdout)
    assert said["matches"] == 1 and said["unreadable"] == []
    [found] = json.loads(run_cli("matches", "--json").stdout)
    assert (found["media_url"], found["page_url"]) == (picture, page)


def test_a_feed_item_with_a_malformed_address_leaves_the_others_read(
    run_cli: CliRunner, httpserver: HTTPServer, tmp_path: Path
) -> None:
    work = make_picture(tmp_path / "harbour.png", seed=7)
    picture = _serve_copy(httpserver, work, tmp_path)
    httpserver.expect_request("/feed.xml").respond_with_data(
        FEED.format(site=httpserver.url_for("/")), content_type="application/rss+xml"
    )
    assert run_cli("add", work).returncode == 0
    assert run_cli("allow", "--add", "partner.example").returncode == 0  # a site rule reads every find's host
    assert run_cli("terms", "add", "typo").returncode == 0  # the item whose own link is malformed is recorded too
    feed = httpserver.url_for("/feed.xml")
    assert run_cli("sources", "add", "feed", "--name", "gallery", "--set", f"url={feed}").returncode == 0

    checked = run_cli("check", "--json")
    assert checked.returncode == 0, checked.stdout
    said = json.loads(checked.stdout)
    assert said["matches"] == 1 and said["unreadable"] == []  # the malformed addresses skipped, each on its own
    found = json.loads(run_cli("matches", "--json").stdout)
    assert [(f["type"], f["media_url"]) for f in found if f["type"] == "match"] == [("match", picture)]
    [mention] = [f for f in found if f["type"] == "mention"]
    assert mention["candidate_url"].startswith(f"{feed}#entry-")  # a place that can be opened, not the typo
    assert "Traceback" not in run_cli("matches").stderr


def test_a_malformed_address_kept_from_earlier_does_not_stop_the_allowlist() -> None:
    """A find recorded before (an older version kept the typo as its address) is read by every site rule at each
    check: its malformed address is covered by none, and Allow site offers it alone."""
    assert not pattern_covers("partner.example", "http://[::1:bad/post")
    assert [choice.pattern for choice in allow_choices("http://[::1:bad/post")] == ["http://[[]::1:bad/post"]


def test_an_api_item_whose_file_address_is_malformed_is_that_items_problem_alone(
    run_cli: CliRunner, httpserver: HTTPServer, tmp_path: Path
) -> None:
    work = make_picture(tmp_path / "harbour.png", seed=7)
    picture = _serve_copy(httpserver, work, tmp_path)
    bad = {"id": 1, "url": "http://[::1:bad/a.jpeg", "username": "farm", "meta": {"prompt": "in the style of Ada Lin"}}
    good = {"id": 2, "url": picture, "username": "farm", "meta": {"prompt": "harbour at dusk"}}
    httpserver.expect_request("/api/v1/images").respond_with_json({"items": [bad, good], "metadata": {}})
    httpserver.expect_request("/api/v1/models").respond_with_json({"items": [], "metadata": {}})
    assert run_cli("add", work).returncode == 0
    assert run_cli("terms", "add", "Ada Lin").returncode == 0
    base = httpserver.url_for("").rstrip("/")
    added = run_cli("sources", "add", "civitai", "--name", "civ", "--base-url", base, "--set", "username=farm")
    assert added.returncode == 0, added.stderr

    checked = run_cli("check", "--json")
    assert checked.returncode == 0, checked.stdout
    said = json.loads(checked.stdout)
    assert (said["matches"], said["mentions"]) == (1, 1)  # the good image matched, the bad one's prompt still read
    [unread] = said["unreadable"]
    assert unread["url"] == f"{base}/images/1"
    assert unread["reason"] == "the address of its file (http://[::1:bad/a.jpeg) is malformed, so it cannot be fetched"
    again = json.loads(run_cli("check", "--json").stdout)
    assert again["unreadable"] == []  # not offered again: a malformed address never comes good
