"""What each source has told the creator, in sentences: real checks of Common Crawl and Spawning (loopback
services in the real shapes) read back from what the monitor recorded, and counts for the sources that find copies."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from creatorwatch.core.records.source_reports import SourceReport, source_reports
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from tests.source_api_helpers import body, fast_client
from tests.test_source_commoncrawl import NEWEST, OLDER
from tests.test_source_spawning import HARBOUR, KEY, LIGHTHOUSE, spawning


def _database(tmp_path: Path) -> sqlite_utils.Database:
    return open_database(tmp_path / "creatorwatch.sqlite3")


def _check(db: sqlite_utils.Database, config: SourceConfig) -> None:
    if SourceStore(db).get(config.name) is None:
        SourceStore(db).add(config)
    summary = Monitor(db, http=fast_client(), secret=lambda _name: KEY).check([config.name])
    assert not summary.failed, summary.as_json()


def _crawl_index(server: HTTPServer) -> None:
    """Common Crawl's index, with the creator's gallery in the newest crawl and their quiet blog in none."""
    def captures(request: Request) -> Response:
        if request.path == f"/{NEWEST}-index" and request.args["url"] == "adalumen.example":
            return Response(body("commoncrawl/cdx_adalumen.jsonl"), content_type="text/x-ndjson")
        return Response(body("commoncrawl/no_captures.json"), status=404, content_type="application/json")

    server.expect_request("/collinfo.json").respond_with_data(body("commoncrawl/collinfo.json"),
                                                              content_type="application/json")
    server.expect_request(f"/{NEWEST}-index").respond_with_handler(captures)
    server.expect_request(f"/{OLDER}-index").respond_with_handler(captures)


def test_common_crawl_says_how_many_pages_are_in_which_crawl(httpserver: HTTPServer, tmp_path: Path) -> None:
    _crawl_index(httpserver)
    db = _database(tmp_path)
    _check(db, SourceConfig("crawls", "commoncrawl", httpserver.url_for("").rstrip("/"),
                            {"domains": "adalumen.example,quiet.example"}))
    assert source_reports(db)["crawls"] == SourceReport(
        "1 of your 2 sites is in Common Crawl's newest crawl.",
        ["3 pages of adalumen.example are in Common Crawl's November 2026 Index (CC-MAIN-2026-47).",
         f"quiet.example is in none of the 2 crawls checked (newest {NEWEST})."])


def test_one_site_in_common_crawl_is_the_headline_itself(httpserver: HTTPServer, tmp_path: Path) -> None:
    _crawl_index(httpserver)
    db = _database(tmp_path)
    _check(db, SourceConfig("crawls", "commoncrawl", httpserver.url_for("").rstrip("/"),
                            {"domains": "adalumen.example"}))
    report = source_reports(db)["crawls"]
    assert report.headline == "3 pages of adalumen.example are in Common Crawl's November 2026 Index (CC-MAIN-2026-47)."


def test_spawning_says_which_addresses_are_opted_out_and_follows_a_change(httpserver: HTTPServer,
                                                                          tmp_path: Path) -> None:
    spawning(httpserver)
    db = _database(tmp_path)
    config = SourceConfig("do-not-train", "spawning", httpserver.url_for("").rstrip("/"),
                          {"urls": f"{LIGHTHOUSE},{HARBOUR}"})
    _check(db, config)
    assert source_reports(db)["do-not-train"] == SourceReport(
        "1 of your 2 addresses is opted out of AI training.",
        ["1 of your 2 addresses is opted out of AI training.", f"{HARBOUR}: no opt-out recorded",
         f"{LIGHTHOUSE}: opted out of AI training"])

    httpserver.clear()
    spawning(httpserver, "spawning/urls_changed.json")
    _check(db, config)
    assert source_reports(db)["do-not-train"].headline == "All 2 of your addresses are opted out of AI training."


def test_a_source_that_finds_copies_counts_what_it_looked_at(tmp_path: Path) -> None:
    db = _database(tmp_path)
    SourceStore(db).add(SourceConfig("gallery", "feed", settings={"url": "https://gallery.example/feed.xml"}))
    SourceStore(db).add(SourceConfig("quiet", "feed", settings={"url": "https://quiet.example/feed.xml"}))
    SourceStore(db).add(SourceConfig("never-checked", "feed", settings={"url": "https://new.example/feed.xml"}))
    now = datetime.now(UTC).isoformat()
    with db.conn:
        for n, source in enumerate(["gallery"] * 3 + ["quiet"]):
            db.execute("INSERT INTO candidates (url, source, first_seen) VALUES (?, ?, ?)",
                       [f"https://x.example/{n}", source, now])
        db.execute("INSERT INTO works (title, kind, format, path, size, mtime, sha256, added_at, facts) VALUES"
                   " ('Lighthouse', 'image', 'png', '/w.png', 1, 0, 'ab', ?, '{}')", [now])
        db.execute("INSERT INTO matches (type, candidate_id, work_id, kind, score, evidence, found_at) VALUES"
                   " ('match', 1, 1, 'image', 0.9, '{}', ?)", [now])
        db.execute("INSERT INTO matches (type, candidate_id, term, score, found_at) VALUES"
                   " ('mention', 2, 'Ada Lin', 1.0, ?)", [now])
    reports = source_reports(db)
    assert reports["gallery"].headline == "Looked at 3 items: 1 possible copy, 1 mention of you."
    assert reports["quiet"].headline == "Looked at 1 item; nothing of yours so far."
    assert "never-checked" not in reports
    with db.conn:  # one item copying two works is two copies, in one item: never more copies than items, unsaid
        db.execute("INSERT INTO works (title, kind, format, path, size, mtime, sha256, added_at, facts) VALUES"
                   " ('Harbour', 'image', 'png', '/h.png', 1, 0, 'cd', ?, '{}')", [now])
        db.execute("INSERT INTO matches (type, candidate_id, work_id, kind, score, evidence, found_at) VALUES"
                   " ('match', 1, 2, 'image', 0.8, '{}', ?)", [now])
    assert source_reports(db)["gallery"].headline == \
        "Looked at 3 items: 2 possible copies in 1 of them, 1 mention of you."


def test_what_a_folder_could_not_read_is_named_on_the_sources_page(tmp_path: Path) -> None:
    """Nothing is matched in a file that could not be read: the source's report says how many, and which."""
    from creatorwatch.core.library.works import Library
    from tests.media import make_picture

    works, watched = tmp_path / "works", tmp_path / "watched"
    works.mkdir()
    watched.mkdir()
    Library(_database(tmp_path)).add_paths([make_picture(works / "Harbour study.png", seed=7)])
    make_picture(watched / "holiday.png", seed=8)
    (watched / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)  # a download cut short
    db = _database(tmp_path)
    SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(watched)}))
    Monitor(db).check()
    report = source_reports(db)["downloads"]
    assert report.headline == "Looked at 2 items; nothing of yours so far. 1 could not be read."
    assert len(report.details) == 2 and "broken.png" in report.details[1], report.details
    assert report.details[1].startswith("Could not read ")
