"""A takedown notice in the Lumen database that names the creator is a record of a request someone sent to a
service, not a dataset or a model: exporting it drafted an AI-training opt-out letter "to the maintainer of the
dataset, model or service". It now gets a note saying what the notice is and what the creator can do, and nothing to
fill in or sign; beside other mentions, the opt-out request leaves it out and says why."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from pytest_httpserver import HTTPServer
from sqlite_utils import Database

from creatorwatch.core.evidence.bundle import export_bundle
from creatorwatch.core.evidence.verify import verify_bundle
from creatorwatch.core.records.findings import record_mention
from creatorwatch.core.sources.base import Candidate
from creatorwatch.core.store.db import open_database
from tests.test_source_lumen import lumen, source

NOW = datetime(2026, 12, 8, tzinfo=UTC).isoformat()


def _candidate(db: Database, candidate: Candidate) -> int:
    cur = db.execute(
        "INSERT INTO candidates (url, source, title, text, meta, first_seen) VALUES (?, ?, ?, ?, ?, ?)",
        [candidate.url, candidate.source, candidate.title, candidate.text, json.dumps(candidate.meta), NOW],
    )
    return int(cur.lastrowid or 0)


def _mention(db: Database, candidate_id: int, *terms: str) -> int:
    found = record_mention(db, candidate_id, list(terms), NOW)
    assert found is not None
    return found


def test_a_lumen_notice_gets_a_note_not_an_opt_out_letter(httpserver: HTTPServer, tmp_path: Path) -> None:
    lumen(httpserver)
    notice = source(httpserver).poll({}).candidates[0]  # a DMCA notice sent by "Ada Lumen Studio LLC" to Google
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    listed = _candidate(db, notice)
    result = export_bundle(db, [_mention(db, listed, "Ada Lumen", "Lumen")], tmp_path / "notices.zip")
    with zipfile.ZipFile(result.path) as bundle:
        note = bundle.read("notice.txt").decode()
    assert note.startswith("NOTHING TO SEND — 1 TAKEDOWN NOTICE IN THE LUMEN DATABASE THAT NAMES YOU OR YOUR WORKS")
    assert "maintainer" not in note and "dataset, model or service" not in note and "opt-out)" not in note
    assert "[FILL IN" not in note and "sign" not in note.split("What you can do:")[0]
    assert f"Notice 1: {notice.url}" in note
    for fact in ("Sent by: Ada Lumen Studio LLC", "On behalf of: Ada Lumen", "Sent to: Google LLC"):
        assert fact in note
    assert 'The words matched: "Ada Lumen", "Lumen"' in note
    assert result.notice_copy is None and not list(tmp_path.glob("notices notice*"))  # nothing to fill in beside it
    assert verify_bundle(result.path).ok


def test_beside_another_mention_the_request_leaves_the_notice_out_and_says_why(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    lumen(httpserver)
    notice = source(httpserver).poll({}).candidates[0]
    card = Candidate(
        url="https://data.example/ada-lumen-style",
        source="hub",
        title="ada-lumen-style",
        text="a style model trained on paintings by Ada Lumen",
    )
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    ids = [_mention(db, _candidate(db, notice), "Ada Lumen"), _mention(db, _candidate(db, card), "Ada Lumen")]
    result = export_bundle(db, ids, tmp_path / "mentions.zip")
    with zipfile.ZipFile(result.path) as bundle:
        request = bundle.read("notice.txt").decode()
    assert "REQUEST TO REMOVE" in request and "Place 1: https://data.example/ada-lumen-style" in request
    assert "Place 2" not in request
    assert f"{notice.url} — a takedown notice in the Lumen database that names me" in request
