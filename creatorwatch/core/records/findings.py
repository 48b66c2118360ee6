"""What the monitor found and the creator's decisions about it: content matches against a work, and likeness
mentions (a candidate that names the creator or a work), each reviewed as new, confirmed, dismissed or licensed.

This module is the one writer of the `matches` table (tests/test_one_writer_per_table.py holds it to that): a check,
a rescan and a model probe record finds through record_match / record_mention, and a decision or a licence changes
a status through set_status, each inside the caller's one transaction for that change."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from creatorwatch.core.sources.base import page_of
from creatorwatch.core.store.db import transaction

STATUSES = ("new", "confirmed", "dismissed", "licensed")
# What a find is to the creator, in SQL over `matches m`: "match" (a possible copy), "voice" (a likeness of their
# voice, which copies no work) or "mention" (their name). Counted apart wherever finds are counted.
FIND_CLASS = "CASE WHEN m.kind = 'voice' THEN 'voice' ELSE m.type END"


@dataclass(frozen=True)
class Finding:
    id: int
    type: str  # "match" | "mention"
    status: str
    work_id: int | None  # matches only
    term: str | None  # mentions only: the watch term named
    kind: str | None  # matches only: image | audio | text
    score: float  # matches: the engine's score 0..1; mentions: 1.0 (the term appears as written)
    evidence: dict[str, Any]
    candidate_id: int
    candidate_url: str
    media_url: str | None
    title: str
    source: str
    found_at: str
    reviewed_at: str | None
    page_url: str | None = None  # the web page it appeared on (a picture's page), None when there is no page
    meta: dict[str, Any] = field(default_factory=dict)  # what its source said of the candidate (a crawl's site …)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "status": self.status, "work_id": self.work_id,
                "candidate_url": self.candidate_url, "source": self.source, "score": round(self.score, 4),
                "term": self.term, "kind": self.kind, "media_url": self.media_url, "title": self.title,
                "found_at": self.found_at, "reviewed_at": self.reviewed_at, "evidence": self.evidence,
                "page_url": self.page_url}


_SELECT = (
    "SELECT m.id, m.type, m.status, m.work_id, m.term, m.kind, m.score, m.evidence, c.id, c.url, c.media_url,"
    " c.title, c.source, m.found_at, m.reviewed_at, c.meta FROM matches m JOIN candidates c ON c.id = m.candidate_id"
)


class Findings:
    """The matches table (content matches and likeness mentions) over one open database connection."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def all(self, status: str | None = None, type_: str | None = None) -> list[Finding]:
        clauses, args = [], []
        if status:
            clauses.append("m.status = ?")
            args.append(status)
        if type_:
            clauses.append("m.type = ?")
            args.append(type_)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return [_finding(r) for r in self.db.execute(_SELECT + where + " ORDER BY m.id", args).fetchall()]

    def get(self, finding_id: int) -> Finding | None:
        row = self.db.execute(_SELECT + " WHERE m.id = ?", [finding_id]).fetchone()
        return _finding(row) if row else None

    def work_titles(self) -> dict[int, str]:
        """Each work's title by id, to name what a finding copies."""
        return {int(w): str(t) for w, t in self.db.execute("SELECT id, title FROM works").fetchall()}

    def candidate_words(self, finding: Finding) -> str:
        """The title and text the finding's candidate showed, as one passage ('' if it had none)."""
        row = self.db.execute("SELECT title, text FROM candidates WHERE id = ?", [finding.candidate_id]).fetchone()
        return f"{row[0] or ''}\n\n{row[1] or ''}".strip() if row else ""

    def review(self, finding_ids: Iterable[int], status: str) -> tuple[list[int], list[int]]:
        """Record the creator's decision; returns (changed ids, unknown ids). With any id unknown (a typo), none is
        changed: a decision half made is worse than one not made."""
        if status not in STATUSES:
            raise ValueError(f"unknown review status {status!r}")
        ids = list(finding_ids)
        known = {row[0] for row in self.db.execute(
            f"SELECT id FROM matches WHERE id IN ({', '.join('?' * len(ids))})", ids)} if ids else set()
        if unknown := [i for i in ids if i not in known]:
            return [], unknown
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with transaction(self.db):
            return set_status(self.db, ids, status, now)


def set_status(db: sqlite_utils.Database, finding_ids: Iterable[int], status: str,
               now: str, by: str = "") -> tuple[list[int], list[int]]:
    """Set each finding's status (call inside a transaction), `by` a licensed use's pattern when that rule decided
    it rather than the creator; returns (changed ids, unknown ids)."""
    if status not in STATUSES:
        raise ValueError(f"unknown review status {status!r}")
    changed: list[int] = []
    unknown: list[int] = []
    for finding_id in finding_ids:
        cur = db.execute("UPDATE matches SET status = ?, reviewed_at = ? WHERE id = ?", [status, now, finding_id])
        (changed if cur.rowcount else unknown).append(finding_id)
        if cur.rowcount:  # each decision in the append-only custody log, where the status keeps only the latest
            detail = {"status": status, **({"by": by} if by else {})}  # (dismissed, then undone: both shown)
            db.execute("INSERT INTO custody (match_id, at, action, detail) VALUES (?, ?, 'reviewed', ?)",
                       [finding_id, now, json.dumps(detail)])
    return changed, unknown


def record_match(db: sqlite_utils.Database, candidate_id: int, work_id: int, kind: str, score: float,
                 evidence: str, found_at: str) -> int | None:
    """Record that a candidate matches a work (call inside a transaction); the new finding's id, or None if this
    candidate already matched this work in this kind."""
    cur = db.execute("INSERT OR IGNORE INTO matches (type, candidate_id, work_id, kind, score, evidence, found_at)"
                     " VALUES ('match', ?, ?, ?, ?, ?, ?)", [candidate_id, work_id, kind, score, evidence, found_at])
    return int(cur.lastrowid or 0) if cur.rowcount else None


def note_in_evidence(db: sqlite_utils.Database, finding_id: int, key: str, note: str) -> None:
    """Add a fact to a finding's evidence (call inside a transaction), e.g. why it holds no copy of the material."""
    db.execute("UPDATE matches SET evidence = json_set(evidence, '$.' || ?, ?) WHERE id = ?", [key, note, finding_id])


def record_mention(db: sqlite_utils.Database, candidate_id: int, terms: list[str], found_at: str) -> int | None:
    """Record that a candidate names watch terms (call inside a transaction): one mention per candidate, under the
    first (most specific) of `terms`, the others kept in its evidence; the new finding's id, or None when there is
    no term or the candidate was recorded as a mention before (two finds for one page, one per overlapping term,
    were one thing said twice in Review; mentions an older version recorded so are kept as they are)."""
    if not terms or db.execute("SELECT 1 FROM matches WHERE type = 'mention' AND candidate_id = ?",
                               [candidate_id]).fetchone():
        return None
    evidence = json.dumps({"terms": terms} if len(terms) > 1 else {})
    cur = db.execute("INSERT OR IGNORE INTO matches (type, candidate_id, term, score, evidence, found_at)"
                     " VALUES ('mention', ?, ?, 1.0, ?, ?)", [candidate_id, terms[0], evidence, found_at])
    return int(cur.lastrowid or 0) if cur.rowcount else None


def _finding(row: tuple[Any, ...]) -> Finding:
    return Finding(id=row[0], type=row[1], status=row[2], work_id=row[3], term=row[4], kind=row[5], score=row[6],
                   evidence=json.loads(row[7] or "{}"), candidate_id=row[8], candidate_url=row[9], media_url=row[10],
                   title=row[11], source=row[12], found_at=row[13], reviewed_at=row[14],
                   page_url=page_of(row[9], row[10], _meta(row[15])), meta=_meta(row[15]))


def _meta(raw: str | None) -> dict[str, Any]:
    meta = json.loads(raw or "{}")
    return meta if isinstance(meta, dict) else {}


def newest_find(db: sqlite_utils.Database) -> int:
    """The id of the newest find (0 when there is none)."""
    return int(db.execute("SELECT coalesce(max(id), 0) FROM matches").fetchone()[0])


def finds_after(db: sqlite_utils.Database, after: int) -> list[dict[str, Any]]:
    """The finds still new recorded after find `after`, as the monitor announces them: what another process (a
    check from the command line) found, for the window to alert about as it does about its own."""
    rows = db.execute(_SELECT + " WHERE m.id > ? AND m.status = 'new' ORDER BY m.id", [after]).fetchall()
    titles = dict(db.execute("SELECT id, title FROM works WHERE id IN (SELECT work_id FROM matches WHERE id > ?)",
                             [after]).fetchall())
    return [{"id": f.id, "type": f.type, "work_id": f.work_id, "kind": f.kind, "score": f.score, "term": f.term,
             "candidate_url": f.candidate_url, "source": f.source, "work_title": titles.get(f.work_id, "")}
            for f in map(_finding, rows)]
