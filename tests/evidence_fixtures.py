"""A recorded match with a real capture, built the way the monitor builds one: a work in the library, its copy
served over loopback, fetched with the shared client, staged, kept, and a match row recorded."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils
from pytest_httpserver import HTTPServer

from creatorwatch.core.evidence.capture import keep_capture, stage_capture
from creatorwatch.core.library.works import Library
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.store.db import open_database
from tests.media import make_picture

SECRET = "sk-test-9f8e7d6c5b4a-do-not-leak"
WORK_TITLE = "Harbour at Dawn"


@dataclass
class Recorded:
    db: sqlite_utils.Database
    match_id: int
    work_id: int
    candidate_url: str
    media_url: str
    work_path: Path


def record_match(db_path: Path, folder: Path, server: HTTPServer, media: bytes | None = None,
                 work_bytes: bytes | None = None) -> Recorded:
    """A work, its copy served (behind one redirect, with a credential in the URL and headers), captured and
    recorded as match; `media`/`work_bytes` replace the generated picture (e.g. for the benchmark)."""
    db = open_database(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    work_path = folder / f"{WORK_TITLE.replace(' ', '_')}.png"
    if work_bytes is None:
        make_picture(work_path, seed=3)
    else:
        work_path.write_bytes(work_bytes)
    Library(db).add_paths([work_path])
    work_id = int(db.execute("SELECT id FROM works").fetchone()[0])
    body = media if media is not None else work_path.read_bytes()
    server.expect_request("/old/copy.png").respond_with_data(
        "", status=302, headers={"Location": server.url_for("/gallery/copy.png")})
    server.expect_request("/gallery/copy.png").respond_with_data(
        body, content_type="image/png", headers={"Set-Cookie": f"session={SECRET}", "Server": "loopback"})
    media_url = server.url_for("/old/copy.png") + f"?key={SECRET}"
    page_url = server.url_for("/gallery/42")
    with HttpClient(allow_private=True) as http:
        download = folder / "download.tmp"
        fetched = http.download(media_url, download, headers={"Authorization": f"Bearer {SECRET}"})
        staged = stage_capture(fetched)
        download.unlink()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    cur = db.execute("INSERT INTO candidates (url, source, title, media_url, sha256, first_seen) VALUES"
                     " (?, 'gallery', 'harbour (AI remix)', ?, ?, ?)",
                     [page_url, media_url, _sha(body), now])
    candidate_id = int(cur.lastrowid or 0)
    evidence = {"method": "whole-picture hash (PDQ)", "pdq_distance": 4, "work_box": [0.1, 0.1, 0.9, 0.9],
                "candidate_box": [0.1, 0.1, 0.9, 0.9], "transform": "identity"}
    cur = db.execute("INSERT INTO matches (type, candidate_id, work_id, kind, score, evidence, found_at) VALUES"
                     " ('match', ?, ?, 'image', 0.97, ?, ?)", [candidate_id, work_id, json.dumps(evidence), now])
    keep_capture(db, staged, candidate_url=page_url)
    return Recorded(db, int(cur.lastrowid or 0), work_id, page_url, media_url, work_path)


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
