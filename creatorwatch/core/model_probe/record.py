"""Keeping probe exchanges: every request and answer of a run in one WARC file beside the data file, and each
find recorded like any match — a candidate, a match row and a kept capture (the model's words or picture, the
exchange as WARC request/response records, and the facts) that the evidence bundle carries."""

from __future__ import annotations

import io
import json
import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import sqlite_utils
from warcio.warcwriter import WARCWriter

from creatorwatch import __version__
from creatorwatch.core.evidence.capture import captures_dir
from creatorwatch.core.evidence.warc import write_exchange
from creatorwatch.core.library.works import sha256_file
from creatorwatch.core.records.findings import record_match
from creatorwatch.core.sources.model_endpoint import Exchange
from creatorwatch.core.store.atomic import (
    PARTIAL_SUFFIX,
    make_owned_folder,
    partial_path,
    place,
    place_folder,
    write_bytes,
)
from creatorwatch.core.wording.times import iso_z

PROBES_FOLDER = "probes"


@dataclass(frozen=True)
class Find:
    """A probe whose answer reproduced a work: everything needed to record it and show it later."""

    source: str
    work_id: int
    kind: str  # "text" | "image"
    score: float
    candidate_url: str
    title: str
    text: str  # the model's words (text), or the prompt (image)
    evidence: dict[str, Any]
    exchanges: list[Exchange]
    body: bytes  # what the model made: its reply as UTF-8 text, or the picture
    body_name: str  # candidate.txt, candidate.png …
    facts: dict[str, Any] = field(default_factory=dict)  # the probe: prompt, model, version, parameters


def candidate_url(exchange: Exchange, model: str, probe_key: str, work_id: int) -> str:
    """A stable address for one question about one work to one model: the endpoint, and what was asked."""
    return f"{exchange.url}#" + urlencode({"model": model, "probe": probe_key, "work": work_id})


def record_find(db: sqlite_utils.Database, find: Find) -> int | None:
    """Record `find` (call inside a transaction); the new match id, or None if it was recorded before."""
    now = iso_z(datetime.now(UTC))
    db.execute("INSERT INTO candidates (url, source, title, text, meta, first_seen) VALUES (?, ?, ?, ?, ?, ?)"
               " ON CONFLICT(url) DO NOTHING",
               [find.candidate_url, find.source, find.title, find.text[:20_000],
                json.dumps({"probe": find.facts}, default=str), now])
    candidate_id = int(db.execute("SELECT id FROM candidates WHERE url = ?", [find.candidate_url]).fetchone()[0])
    match_id = record_match(db, candidate_id, find.work_id, find.kind, find.score, json.dumps(find.evidence), now)
    if match_id is None:
        return None
    _keep(db, find)
    return match_id


def _keep(db: sqlite_utils.Database, find: Find) -> None:
    """The probe's answer as a capture, laid out and recorded as core/evidence/capture.py does: a locked partial
    folder, its row, and only then its name, so a row that cannot be saved (a full disk) leaves no folder."""
    root = captures_dir(db)
    root.mkdir(parents=True, exist_ok=True)
    at = find.exchanges[0].at
    name = f"{at.strftime('%Y%m%dT%H%M%SZ')}-{uuid.uuid4().hex[:12]}"
    work, lock = make_owned_folder(lambda: _fresh_folder(root / f".{name}{PARTIAL_SUFFIX}"))
    try:
        (work / find.body_name).write_bytes(find.body)
        (work / "probe.json").write_text(json.dumps(find.facts, indent=2, ensure_ascii=False), encoding="utf-8")
        facts: dict[str, Any] = {"candidate_url": find.candidate_url, "captured_at": iso_z(at), "probe": find.facts,
                                 "note": "A model's answer to a probe, as it was received."}
        files = [_describe(work / find.body_name, "candidate"), _describe(work / "probe.json", "probe")]
        write_exchanges(work / "capture.warc.gz", find.exchanges, {**facts, "files": files})
        files.append(_describe(work / "capture.warc.gz", "warc"))
        facts["files"] = files
        (work / "capture.json").write_text(json.dumps(facts, indent=2, ensure_ascii=False), encoding="utf-8")
        cur = db.execute("INSERT INTO captures (candidate_url, captured_at, folder, facts) VALUES (?, ?, ?, ?)",
                         [find.candidate_url, iso_z(at), name, json.dumps(facts)])
        try:
            place_folder(work, root / name)
        except OSError:
            db.execute("DELETE FROM captures WHERE id = ?", [cur.lastrowid])
            raise
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        if lock is not None:
            os.close(lock)


def _fresh_folder(path: Path) -> Path:
    path.mkdir(exist_ok=True)
    return path


def keep_run_log(db: sqlite_utils.Database, source: str, exchanges: Sequence[Exchange],
                 facts: dict[str, Any]) -> Path | None:
    """Every exchange of one run with one source, in a WARC file beside the data file (temp name, then rename)."""
    if not exchanges:
        return None
    folder = captures_dir(db).parent / PROBES_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in source)
    target = folder / f"{exchanges[0].at.strftime('%Y%m%dT%H%M%SZ')}-{safe}-{uuid.uuid4().hex[:6]}.warc.gz"
    temporary = partial_path(target)  # a name the start-up sweep knows, should this be killed half-way
    try:
        write_exchanges(temporary, exchanges, facts)
        place(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def keep_sample(db: sqlite_utils.Database, source: str, data: bytes, suffix: str, at: datetime) -> Path:
    """A generated picture that matched none of the works, kept as a style sample the creator can browse."""
    folder = captures_dir(db).parent / PROBES_FOLDER / "samples"
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in source)
    target = folder / f"{at.strftime('%Y%m%dT%H%M%SZ')}-{safe}-{uuid.uuid4().hex[:6]}{suffix}"
    write_bytes(target, data)
    return target


def write_exchanges(path: Path, exchanges: Sequence[Exchange], facts: dict[str, Any]) -> None:
    """A gzipped WARC 1.1: warcinfo, a response and a request record per exchange, then `facts` as metadata."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
        writer.write_record(writer.create_warcinfo_record(path.name, {
            "software": f"CreatorWatch {__version__}", "format": "WARC File Format 1.1",
            "description": "Exchanges with an AI model endpoint, recorded when CreatorWatch probed it",
        }))
        for exchange in exchanges:
            _write_exchange(writer, exchange)
        meta = json.dumps(facts, indent=2, sort_keys=True, default=str).encode()
        writer.write_record(writer.create_warc_record(
            exchanges[0].url if exchanges else "urn:creatorwatch:probe", "metadata",
            payload=io.BytesIO(meta), length=len(meta), warc_content_type="application/json"))


def _write_exchange(writer: WARCWriter, exchange: Exchange) -> None:
    write_exchange(writer, url=exchange.url, when=exchange.at, status=exchange.status,
                   response_headers=exchange.response_headers, response_body=io.BytesIO(exchange.response_body),
                   response_size=len(exchange.response_body), request_headers=exchange.request_headers,
                   method=exchange.method, request_body=exchange.request_body)


def _describe(path: Path, role: str) -> dict[str, Any]:
    return {"name": path.name, "role": role, "size": path.stat().st_size, "sha256": sha256_file(path)}
