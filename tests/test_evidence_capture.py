"""Capture: the WARC holds the response exactly as received, credentials are gone from every captured byte,
and a real check cycle keeps a capture for the match it records (the monitor's hook)."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_httpserver import HTTPServer
from warcio.archiveiterator import ArchiveIterator

from creatorwatch.core.evidence.capture import captures_for
from creatorwatch.core.library.works import Library
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.records.terms import Terms
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from tests.evidence_fixtures import SECRET, record_match
from tests.media import SCRIPT, make_picture


def test_warc_and_facts_record_the_exchange(tmp_path: Path, httpserver: HTTPServer) -> None:
    recorded = record_match(tmp_path / "data" / "cw.sqlite3", tmp_path / "files", httpserver)
    [capture] = captures_for(recorded.db, recorded.candidate_url)
    facts = json.loads((capture.folder / "capture.json").read_text())
    response = facts["response"]
    assert response["requested_url"].endswith("/old/copy.png?key=REDACTED")
    assert response["final_url"] == httpserver.url_for("/gallery/copy.png")
    assert response["redirects"] == [response["requested_url"]]
    assert response["status"] == 200 and response["fetched_at"].endswith("Z")
    with (capture.folder / "capture.warc.gz").open("rb") as handle:
        records = {r.rec_type: (r, r.content_stream().read()) for r in ArchiveIterator(handle)}
    record, body = records["response"]
    assert body == recorded.work_path.read_bytes()
    assert record.rec_headers.get_header("WARC-Target-URI") == response["final_url"]
    assert record.http_headers.get_statuscode() == "200"
    assert {"warcinfo", "request", "metadata"} <= set(records)
    for path in capture.folder.iterdir():
        assert SECRET.encode() not in path.read_bytes(), path.name
    with (capture.folder / "capture.warc.gz").open("rb") as handle:
        for r in ArchiveIterator(handle):
            assert SECRET not in str(r.http_headers or "") and SECRET.encode() not in r.content_stream().read()


def test_a_check_cycle_keeps_a_capture_of_what_it_matched(tmp_path: Path, httpserver: HTTPServer) -> None:
    db = open_database(tmp_path / "data" / "cw.sqlite3")
    work = make_picture(tmp_path / "work.png", seed=5)
    Library(db).add_paths([work])
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/art/copy.png").respond_with_data(work.read_bytes(), content_type="image/png")
    httpserver.expect_request("/art/other.png").respond_with_data(
        make_picture(tmp_path / "other.png", seed=77).read_bytes(), content_type="image/png")
    httpserver.expect_request("/gallery").respond_with_data(
        "<html><body><img src='/art/copy.png'><img src='/art/other.png'></body></html>", content_type="text/html")
    SourceStore(db).add(SourceConfig("gallery", "page", settings={"url": httpserver.url_for("/gallery")}))
    summary = Monitor(db).check()
    assert summary.total("matches") == 1
    [capture] = captures_for(db, httpserver.url_for("/art/copy.png"))
    candidate = next(f for f in capture.files if f["role"] == "candidate")
    assert (capture.folder / candidate["name"]).read_bytes() == work.read_bytes()
    assert captures_for(db, httpserver.url_for("/art/other.png")) == []  # no match, nothing kept
    assert sorted(p.name for p in capture.folder.parent.iterdir()) == [capture.folder.name]


def test_a_text_found_on_a_page_keeps_the_words_it_copied(tmp_path: Path, httpserver: HTTPServer) -> None:
    """A script quoted on a web page was matched, but its evidence bundle held no copy of what was copied: the
    words read there are kept, with the address, the time and a WARC record."""
    db = open_database(tmp_path / "data" / "cw.sqlite3")
    (tmp_path / "pilot.txt").write_text(SCRIPT, encoding="utf-8")
    Library(db).add_paths([tmp_path / "pilot.txt"])
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/blog/ai-wrote-this").respond_with_data(
        f"<html><body><h1>Look what the model wrote</h1><p>{SCRIPT}</p></body></html>", content_type="text/html")
    SourceStore(db).add(SourceConfig("blog", "page", settings={"url": httpserver.url_for("/blog/ai-wrote-this")}))
    summary = Monitor(db).check()
    assert summary.total("matches") == 1
    [capture] = captures_for(db, httpserver.url_for("/blog/ai-wrote-this"))
    candidate = next(f for f in capture.files if f["role"] == "candidate")
    kept = (capture.folder / candidate["name"]).read_text(encoding="utf-8")
    assert SCRIPT.split()[10] in kept and "Look what the model wrote" in kept
    assert "as extracted" in capture.facts["note"]
    with (capture.folder / "capture.warc.gz").open("rb") as handle:
        assert any(r.content_stream().read() == kept.encode() for r in ArchiveIterator(handle)
                   if r.rec_type == "resource")


def test_a_file_that_names_the_creator_is_kept_as_the_mention_s_evidence(tmp_path: Path) -> None:
    """A prompt list in a watched folder asking for work "in the style of" the creator: its bundle said "No capture of
    the candidate's content was kept", and the notice asked for a removal on a claim it did not quote. The file
    that names them is kept, as a copied work's is; a file that names nobody is not."""
    db = open_database(tmp_path / "data" / "cw.sqlite3")
    Terms(db).add(["Zoe Lindqvist"])
    folder = tmp_path / "watched"
    folder.mkdir()
    prompts = folder / "prompts.txt"
    prompts.write_text("a misty harbour at dawn, oil on canvas, in the style of Zoe Lindqvist, 8k\n" * 3)
    (folder / "other.txt").write_text("a lighthouse in a storm, watercolour, soft light, trending on artstation\n" * 3)
    SourceStore(db).add(SourceConfig("drop", "folder", settings={"path": str(folder)}))
    assert Monitor(db).check().total("mentions") == 1
    [capture] = captures_for(db, prompts.as_uri())
    candidate = next(f for f in capture.files if f["role"] == "candidate")
    assert (capture.folder / candidate["name"]).read_bytes() == prompts.read_bytes()
    assert captures_for(db, (folder / "other.txt").as_uri()) == []
