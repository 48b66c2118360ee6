"""Capture at the moment of a match: the candidate's bytes as fetched, where they came from (requested URL,
final URL, redirect chain), the status and headers, the UTC time, SHA-256 of every file and a WARC record.

Two steps, so that only matches cost disk space: a download worker *stages* every response it fetched
(cheap: a hard link to the downloaded file), and the monitor *keeps* the staged capture once a match is
recorded. Unkept staged captures vanish with the check's temporary folder.

    staged = stage_capture(fetched)                    # in the worker, right after http.download(...)
    keep_capture(db, staged, candidate_url=c.url)      # on the database thread, when a match was recorded
"""

from __future__ import annotations

import json
import logging
import mimetypes
import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from creatorwatch.core.evidence.exchange import StagedCapture
from creatorwatch.core.evidence.warc import write_file_warc, write_warc
from creatorwatch.core.library.works import sha256_file
from creatorwatch.core.net.fetched import Fetched
from creatorwatch.core.net.redact import redact_headers, redact_url
from creatorwatch.core.store.atomic import PARTIAL_SUFFIX, fsync_folder, make_owned_folder, place_folder
from creatorwatch.core.wording.times import iso_z

CAPTURES_FOLDER = "captures"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Capture:
    """A kept capture: its folder holds candidate.*, page.html (when there was a page), capture.warc.gz and
    capture.json; `files` lists each with role, size and SHA-256."""

    id: int
    candidate_url: str
    captured_at: str
    folder: Path
    facts: dict[str, Any]

    @property
    def files(self) -> list[dict[str, Any]]:
        return list(self.facts.get("files", []))


def stage_capture(fetched: Fetched, fetched_at: datetime | None = None) -> StagedCapture:
    """Hold on to a response the shared client returned (from get() or download()), before the caller
    deletes its temporary file. Call it straight after the request, so the time is the time of fetching."""
    when = fetched_at or datetime.now(UTC)
    body_path = None
    if fetched.path is not None:
        body_path = fetched.path.with_name(f"{fetched.path.name}.{uuid.uuid4().hex[:8]}.capture")
        try:
            os.link(fetched.path, body_path)
        except OSError:
            shutil.copyfile(fetched.path, body_path)
    return StagedCapture(
        requested_url=redact_url(fetched.url), final_url=redact_url(fetched.final_url),
        redirects=[redact_url(u) for u in fetched.redirects], status=fetched.status,
        headers=redact_headers(fetched.headers.multi_items()), fetched_at=when,
        body=None if body_path else fetched.content, body_path=body_path,
    )


def captures_dir(db: sqlite_utils.Database) -> Path:
    """Where captures live: beside the data file."""
    row = db.execute("PRAGMA database_list").fetchone()
    if not row or not row[2]:
        raise ValueError("captures need a data file on disk")
    return Path(row[2]).parent / CAPTURES_FOLDER


def keep_capture(db: sqlite_utils.Database, staged: StagedCapture, *, candidate_url: str,
                 page: StagedCapture | None = None) -> Capture:
    """Store `staged` (and the page it appeared on, if fetched) for good and record it, in the caller's
    transaction if any. The files are written into a partial folder (locked while it is written, see
    core/store/atomic.py), the row is inserted, and only then is the folder renamed into place: a capture folder
    appears only while its writer holds the data file's write lock, so the start-up sweep (core/watch/sweep.py), which
    takes that lock, can tell a folder whose row was lost with a killed process from one still being recorded."""
    root = captures_dir(db)
    root.mkdir(parents=True, exist_ok=True)
    name = f"{staged.fetched_at.strftime('%Y%m%dT%H%M%SZ')}-{uuid.uuid4().hex[:12]}"
    work = root / f".{name}{PARTIAL_SUFFIX}"
    work, lock = make_owned_folder(lambda: _fresh_folder(work))
    try:
        facts = _write_files(work, staged, redact_url(candidate_url), page)
        captured_at = iso_z(staged.fetched_at)
        row = _record_and_place(db, work, root / name, candidate_url, captured_at, facts)
        fsync_folder(root)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        if lock is not None:
            os.close(lock)
    staged.discard()
    if page is not None:
        page.discard()
    return Capture(row, candidate_url, captured_at, root / name, facts)


def _record_and_place(db: sqlite_utils.Database, work: Path, folder: Path, candidate_url: str, captured_at: str,
                      facts: dict[str, Any]) -> int:  # fmt: skip
    """The capture's row (its id returned) first, then its folder under its own name: a row that cannot be saved
    (a full disk) leaves no folder behind, and a folder that cannot be placed takes its row back."""
    cur = db.execute("INSERT INTO captures (candidate_url, captured_at, folder, facts) VALUES (?, ?, ?, ?)",
                     [candidate_url, captured_at, folder.name, json.dumps(facts)])
    try:
        place_folder(work, folder)
    except OSError:
        db.execute("DELETE FROM captures WHERE id = ?", [cur.lastrowid])
        raise
    return int(cur.lastrowid or 0)


def _fresh_folder(path: Path) -> Path:
    path.mkdir(exist_ok=True)
    return path


def keep_for_match(db: sqlite_utils.Database, staged: StagedCapture, candidate_url: str) -> Capture | None:
    """keep_capture for the monitor: a capture that cannot be written (disk full, no data file) is logged and
    skipped, never costing the match it belongs to."""
    try:
        return keep_capture(db, staged, candidate_url=candidate_url)
    except (OSError, ValueError):
        log.exception("could not keep the capture of %s", redact_url(candidate_url))
        return None


def keep_file_capture(db: sqlite_utils.Database, path: Path, candidate_url: str,
                      expected_sha256: str | None = None) -> Capture | None:
    """Keep a local file a folder source offered: its bytes, SHA-256, path, size and times, in the same folder
    layout as a web capture (candidate.*, capture.warc.gz with a WARC resource record, capture.json). None when
    the file is gone or no longer holds the content that matched."""
    try:
        stat = path.stat()
        sha = sha256_file(path)
    except OSError:
        return None
    if expected_sha256 and sha != expected_sha256:
        return None
    file_facts = {"path": str(path.absolute()), "size": stat.st_size, "sha256": sha,
                  "modified": iso_z(datetime.fromtimestamp(stat.st_mtime, UTC)),
                  "changed": iso_z(datetime.fromtimestamp(stat.st_ctime, UTC))}
    suffix = path.suffix.lower() if 0 < len(path.suffix) <= 6 else ".bin"
    return _keep_body(db, candidate_url, suffix, lambda body: shutil.copyfile(path, body),
                      {"file": file_facts, "note": "A copy of the file as it was in the watched folder when it was "
                                                   "matched."})


def keep_text_capture(db: sqlite_utils.Database, text: str, candidate_url: str) -> Capture:
    """Keep the text a source read at `candidate_url` (a page's or a post's words, as extracted), laid out as a web
    capture: a text found on a page otherwise left its evidence bundle without any copy of what was copied."""
    return _keep_body(db, candidate_url, ".txt", lambda body: body.write_text(text, encoding="utf-8"),
                      {"note": "The text CreatorWatch read at this address when it was matched, as extracted from "
                               "what the address served (the page itself was not kept)."})


def keep_text_for_match(db: sqlite_utils.Database, text: str, candidate_url: str) -> Capture | None:
    """keep_text_capture for the monitor: a failure is logged, never costing the match."""
    try:
        return keep_text_capture(db, text, candidate_url)
    except (OSError, ValueError):
        log.exception("could not keep the text read at %s", redact_url(candidate_url))
        return None


def _keep_body(db: sqlite_utils.Database, candidate_url: str, suffix: str, write: Callable[[Path], object],
               more: dict[str, Any]) -> Capture:
    """A capture folder holding candidate`suffix` (as `write` makes it), its WARC resource record and
    capture.json (the address, the time, `more`), recorded and placed whole as keep_capture does: written into a
    locked partial folder, its row inserted, and only then renamed into place, so a row that cannot be saved (a
    full disk) leaves no folder, and the start-up sweep never takes one still being written."""
    when = datetime.now(UTC)
    root = captures_dir(db)
    root.mkdir(parents=True, exist_ok=True)
    name = f"{when.strftime('%Y%m%dT%H%M%SZ')}-{uuid.uuid4().hex[:12]}"
    work, lock = make_owned_folder(lambda: _fresh_folder(root / f".{name}{PARTIAL_SUFFIX}"))
    try:
        body = work / f"candidate{suffix}"
        write(body)
        facts: dict[str, Any] = {"candidate_url": candidate_url, "captured_at": iso_z(when), **more}
        files = [_describe(body, "candidate")]
        write_file_warc(work / "capture.warc.gz", body, candidate_url, when, {**facts, "files": files})
        files.append(_describe(work / "capture.warc.gz", "warc"))
        facts["files"] = files
        (work / "capture.json").write_text(json.dumps(facts, indent=2), encoding="utf-8")
        captured_at = iso_z(when)
        row = _record_and_place(db, work, root / name, candidate_url, captured_at, facts)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        if lock is not None:
            os.close(lock)
    return Capture(row, candidate_url, captured_at, root / name, facts)


def keep_file_for_match(db: sqlite_utils.Database, path: Path, candidate_url: str,
                        expected_sha256: str | None = None) -> Capture | None:
    """keep_file_capture for the monitor and the rescan: a failure is logged, never costing the match."""
    try:
        return keep_file_capture(db, path, candidate_url, expected_sha256)
    except (OSError, ValueError):
        log.exception("could not keep the capture of %s", path)
        return None


def captures_for(db: sqlite_utils.Database, candidate_url: str) -> list[Capture]:
    """Every capture of `candidate_url`, oldest first."""
    root = captures_dir(db)
    try:
        rows = db.execute("SELECT id, candidate_url, captured_at, folder, facts FROM captures WHERE candidate_url"
                          " = ? ORDER BY captured_at, id", [candidate_url]).fetchall()
    except sqlite3.OperationalError:
        return []
    return [Capture(r[0], r[1], r[2], root / r[3], json.loads(r[4])) for r in rows]


def captured_candidate(captures: list[Capture]) -> Path | None:
    """The captured candidate content (the file the match was made on), newest capture first."""
    for capture in reversed(captures):
        for f in capture.files:
            if f["role"] == "candidate" and (capture.folder / f["name"]).is_file():
                return capture.folder / f["name"]
    return None


def _write_files(folder: Path, staged: StagedCapture, candidate_url: str, page: StagedCapture | None) -> dict[str, Any]:
    files: list[dict[str, Any]] = []
    body_name = f"candidate{_extension(staged)}"
    _place_body(staged, folder / body_name)
    files.append(_describe(folder / body_name, "candidate"))
    exchanges: Sequence[StagedCapture] = [staged]
    if page is not None:
        _place_body(page, folder / "page.html")
        files.append(_describe(folder / "page.html", "page"))
        exchanges = [staged, page]
    facts: dict[str, Any] = {"candidate_url": candidate_url, "captured_at": iso_z(staged.fetched_at),
                             "response": staged.facts(), "page": page.facts() if page else None,
                             "note": "Bodies are stored as delivered after HTTP content decoding (gzip, br …)."}
    write_warc(folder / "capture.warc.gz", exchanges, {**facts, "files": files})
    files.append(_describe(folder / "capture.warc.gz", "warc"))
    facts["files"] = files
    (folder / "capture.json").write_text(json.dumps(facts, indent=2), encoding="utf-8")
    for kept in folder.iterdir():  # on disk before the row that vouches for them is committed
        with kept.open("rb") as handle:
            os.fsync(handle.fileno())
    return facts


def _place_body(staged: StagedCapture, dest: Path) -> None:
    if staged.body_path is not None:
        try:
            os.link(staged.body_path, dest)
        except OSError:
            shutil.copyfile(staged.body_path, dest)
    else:
        dest.write_bytes(staged.body or b"")


def _describe(path: Path, role: str) -> dict[str, Any]:
    return {"name": path.name, "role": role, "size": path.stat().st_size, "sha256": sha256_file(path)}


def _extension(staged: StagedCapture) -> str:
    suffix = Path(urlsplit(staged.final_url).path).suffix.lower()
    if suffix and len(suffix) <= 6 and suffix[1:].isalnum():
        return suffix
    return mimetypes.guess_extension(staged.content_type or "") or ".bin"
