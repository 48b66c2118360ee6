"""Retroactive matching: a work added today is matched against what the sources showed last month.

Each recorded candidate keeps its fingerprint (never its media) for the retention window the creator chose
(`keep_fingerprints_days`, default 90), and an audio candidate with speech its voice (core/voice/kept.py). When works
are added, those fingerprints are matched against the new works only; when a voice is enrolled, the kept voices
against that voice only; every hit is recorded exactly as a check would have recorded it. `rescan(db)` with no
works matches every remembered candidate against the whole library and every voice as they are now
(`creatorwatch check --rescan`). Each new find then gets a copy of the material where one can still be had
(recapture.py), or says in its evidence why it has none.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from creatorwatch.core.fingerprint.registry import KINDS, modality
from creatorwatch.core.library.works import Library
from creatorwatch.core.matching.index import LibraryIndex
from creatorwatch.core.matching.match import Matcher
from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.records.allowlist import Allowlist
from creatorwatch.core.records.findings import record_match
from creatorwatch.core.store.db import transaction
from creatorwatch.core.store.events import EventHub
from creatorwatch.core.store.preferences import get_preference, load_preferences, set_preference
from creatorwatch.core.voice.installed import NOT_INSTALLED
from creatorwatch.core.voice.kept import each_kept, forget_voices
from creatorwatch.core.voice.matcher import VoiceMatcher, voice_matcher
from creatorwatch.core.voice.store import VoiceStore
from creatorwatch.core.watch.recapture import keep_copies

log = logging.getLogger(__name__)
# Works added at or after this time (UTC, as works.added_at) still wait to be matched against remembered prints.
# A time, not a work id: SQLite hands the id of a removed newest work to the next one added.
RESCAN_FROM = "rescan.works_added_from"
VOICES_FROM = "rescan.voices_enrolled_from"  # the same for works enrolled as a voice (voice_works.enrolled_at)
_BATCH = 500
_RUNNING = threading.Lock()  # one rescan of new works at a time in this process (the scheduler runs checks in parallel)


@dataclass
class RescanSummary:
    """What one rescan did: remembered candidates matched, against how many works, new finds recorded."""

    candidates: int = 0
    works: int = 0
    matches: int = 0
    forgotten: int = 0  # fingerprints dropped because they passed the retention window
    voices: int = 0  # enrolled voices matched against the kept voices of candidates
    voice_note: str = ""  # why voices were not matched, in plain words (the voice extra is missing)

    def as_json(self) -> dict[str, Any]:
        return dict(vars(self))


def remember_print(db: sqlite_utils.Database, candidate_id: int, kind: str, blob: bytes, now: str) -> None:
    """Keep a candidate's fingerprint (call inside the transaction that records the candidate)."""
    db.execute("INSERT INTO candidate_prints (candidate_id, kind, version, data, kept_at) VALUES (?, ?, ?, ?, ?)"
               " ON CONFLICT(candidate_id) DO UPDATE SET kind = excluded.kind, version = excluded.version,"
               " data = excluded.data, kept_at = excluded.kept_at",
               [candidate_id, kind, modality(kind).VERSION, blob, now])


def remember_same_content(db: sqlite_utils.Database, candidate_id: int, sha256: str, now: str) -> None:
    """A candidate whose content was seen before under another address shares that one's fingerprint."""
    db.execute("INSERT OR REPLACE INTO candidate_prints (candidate_id, kind, version, data, kept_at)"
               " SELECT ?, p.kind, p.version, p.data, ? FROM candidate_prints p JOIN candidates c"
               " ON c.id = p.candidate_id WHERE c.sha256 = ? AND c.id != ? LIMIT 1",
               [candidate_id, now, sha256, candidate_id])


def forget_old_prints(db: sqlite_utils.Database, now: datetime | None = None) -> int:
    """Drop fingerprints and kept voices older than the retention window; returns how many prints were dropped."""
    days = max(0, load_preferences(db).keep_fingerprints_days)
    cutoff = ((now or datetime.now(UTC)) - timedelta(days=days)).isoformat(timespec="seconds")
    with transaction(db):
        forget_voices(db, cutoff)
        return db.execute("DELETE FROM candidate_prints WHERE kept_at < ?", [cutoff]).rowcount


def remembered(db: sqlite_utils.Database) -> int:
    """How many candidates' fingerprints are kept now."""
    return int(db.execute("SELECT count(*) FROM candidate_prints").fetchone()[0])


def rescan(db: sqlite_utils.Database, works: Sequence[int] | None = None, *, hub: EventHub | None = None,
           cache: Path | None = None, http: HttpClient | None = None) -> RescanSummary:
    """Match remembered candidates against `works` (default: the whole library) and record the new finds (`http`
    fetches their material again for a copy; default: a client of its own)."""
    library = Library(db)
    summary = RescanSummary(forgotten=forget_old_prints(db))
    if works is None:
        index = LibraryIndex.load(library, cache)
        summary.works = int(db.execute("SELECT count(*) FROM works").fetchone()[0])
    else:
        index = _index_of(library, works)
        summary.works = len(set(works))
    if summary.works == 0:
        return summary
    matcher = Matcher(library, index=index)
    hits: list[tuple[int, int, str, float, str]] = []
    for kind in KINDS:
        if works is not None and len(index.modality_index(kind)) == 0:
            continue
        version = modality(kind).VERSION
        rows = db.execute("SELECT p.candidate_id, p.data, c.sha256 FROM candidate_prints p JOIN candidates c"
                          " ON c.id = p.candidate_id WHERE p.kind = ? AND p.version = ?", [kind, version])
        for candidate_id, blob, sha256 in rows:
            summary.candidates += 1
            hits += [(candidate_id, m.work.id, m.kind, m.score, json.dumps(m.evidence))
                     for m in matcher.match_fingerprint(kind, blob, sha256=sha256)]
    if works is None:
        hits += _voice_hits(db, None, summary)
    _record_and_tell(db, hits, summary, hub, http)
    return summary


def rescan_voices(db: sqlite_utils.Database, voice_ids: Sequence[int] | None = None, *,
                  hub: EventHub | None = None) -> RescanSummary:
    """Match the kept voices of candidates against the enrolled voices `voice_ids` (default: all) and record the
    new finds, as a check would have, had the voice been enrolled when the candidate was seen."""
    summary = RescanSummary()
    forget_old_prints(db)
    hits = _voice_hits(db, voice_ids, summary)
    _record_and_tell(db, hits, summary, hub)
    return summary


def _record_and_tell(db: sqlite_utils.Database, hits: list[tuple[int, int, str, float, str]], summary: RescanSummary,
                     hub: EventHub | None, http: HttpClient | None = None) -> None:
    found = _record(db, hits)
    keep_copies(db, [(f["id"], f.pop("candidate_id")) for f in found], http)
    licensed = set(Allowlist(db).license_covered())
    found = [f for f in found if f["id"] not in licensed]
    summary.matches = len(found)
    if hub is not None:
        for finding in found:
            hub.publish("match_found", **finding)
        hub.publish("rescan_finished", **summary.as_json())


def _voice_hits(db: sqlite_utils.Database, voice_ids: Sequence[int] | None,
                summary: RescanSummary) -> list[tuple[int, int, str, float, str]]:
    """Voice matches of the kept candidates' voices against `voice_ids` (default: every voice), at the line a check
    alerts at; a candidate already found with one of a voice's works is not found again with another of them."""
    matcher = voice_matcher(db)
    if matcher is None:
        if VoiceStore(db).has_voices():  # enrolled with the extra, which is gone now
            summary.voice_note = f"{NOT_INSTALLED}; your voice was not matched"
        return []
    wanted = set(voice_ids) if voice_ids is not None else None
    matcher = VoiceMatcher([v for v in matcher.voices if wanted is None or v.id in wanted])
    summary.voices = len(matcher.voices)
    if not matcher.voices:
        return []
    already = set(db.execute("SELECT m.candidate_id, w.voice_id FROM matches m JOIN voice_works w"
                             " ON w.work_id = m.work_id WHERE m.type = 'match' AND m.kind = 'voice'").fetchall())
    hits = []
    for candidate_id, segments in list(each_kept(db)):
        summary.candidates += 1
        hits += [(candidate_id, hit.work_id, "voice", hit.score, json.dumps(hit.evidence))
                 for hit in matcher.match_segments(segments) if (candidate_id, hit.evidence["voice_id"]) not in already]
    return hits


def rescan_new_works(db: sqlite_utils.Database, *, hub: EventHub | None = None, cache: Path | None = None,
                     http: HttpClient | None = None) -> RescanSummary | None:
    """Match remembered candidates against the works added since the last time; None when there were none, or
    when another thread of this process is already doing it (it leaves works added meanwhile for the next time)."""
    if not _RUNNING.acquire(blocking=False):
        return None
    try:
        started = _now()
        since = str(get_preference(db, RESCAN_FROM) or "")
        new = [int(r[0]) for r in db.execute("SELECT id FROM works WHERE added_at >= ? ORDER BY id", [since])]
        summary = None
        if new:
            summary = rescan(db, new, hub=hub, cache=cache, http=http) if remembered(db) \
                else RescanSummary(works=len(new))
        voices = _voices_enrolled_since(db, str(get_preference(db, VOICES_FROM) or ""))
        if voices:
            heard = rescan_voices(db, voices, hub=hub)
            summary = _joined(summary, heard) if summary else heard
        with transaction(db):
            set_preference(db, RESCAN_FROM, started)  # ">=": a work added in this second is matched twice, not never
            set_preference(db, VOICES_FROM, started)
        return summary
    finally:
        _RUNNING.release()


def mark_rescanned(db: sqlite_utils.Database, started: str) -> None:
    """Every work added and voice enrolled before `started` has been matched against what was remembered (a full
    rescan)."""
    with transaction(db):
        set_preference(db, RESCAN_FROM, started)
        set_preference(db, VOICES_FROM, started)


def _voices_enrolled_since(db: sqlite_utils.Database, since: str) -> list[int]:
    """Voices that learnt from a work at or after `since` (their profile changed: match them again)."""
    return [int(r[0]) for r in db.execute("SELECT DISTINCT voice_id FROM voice_works WHERE enrolled_at >= ?"
                                          " ORDER BY voice_id", [since])]


def _joined(works: RescanSummary, voices: RescanSummary) -> RescanSummary:
    return RescanSummary(candidates=works.candidates + voices.candidates, works=works.works,
                         matches=works.matches + voices.matches, forgotten=works.forgotten + voices.forgotten,
                         voices=voices.voices, voice_note=voices.voice_note)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _index_of(library: Library, works: Sequence[int]) -> LibraryIndex:
    """An index holding only `works`: matching 10,000 remembered candidates against a few new works stays quick."""
    wanted = set(works)
    index = LibraryIndex()
    for kind in KINDS:
        version = modality(kind).VERSION
        index.modality_index(kind).add_many(
            (work_id, blob) for work_id, v, blob in library.fingerprints(kind) if work_id in wanted and v == version)
    return index


def _record(db: sqlite_utils.Database, hits: list[tuple[int, int, str, float, str]]) -> list[dict[str, Any]]:
    """Insert the hits as a check would (one match per candidate, work and kind); returns the finds that are new,
    each with its candidate's id (for keep_copies)."""
    found: list[dict[str, Any]] = []
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for start in range(0, len(hits), _BATCH):
        with transaction(db):
            for candidate_id, work_id, kind, score, evidence in hits[start:start + _BATCH]:
                match_id = record_match(db, candidate_id, work_id, kind, score, evidence, now)
                if match_id is None:
                    continue
                url, source = db.execute("SELECT url, source FROM candidates WHERE id = ?",
                                         [candidate_id]).fetchone()
                found.append({"id": match_id, "type": "match", "work_id": work_id, "kind": kind, "score": score,
                              "candidate_url": url, "source": source, "rescan": True, "candidate_id": candidate_id})
    return found
