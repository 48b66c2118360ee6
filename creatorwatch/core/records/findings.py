"""What the monitor found and the creator's decisions about it: content matches against a work, and likeness
mentions (a candidate that names the creator or a work), each reviewed as new, confirmed, dismissed or licensed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

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

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "status": self.status, "work_id": self.work_id,
                "candidate_url": self.candidate_url, "source": self.source, "score": round(self.score, 4),
                "term": self.term, "kind": self.kind, "media_url": self.media_url, "title": self.title,
                "found_at": self.found_at, "reviewed_at": self.reviewed_at, "evidence": self.evidence}


_SELECT = (
    "SELECT m.id, m.type, m.status, m.work_id, m.term, m.kind, m.score, m.evidence, c.id, c.url, c.media_url,"
    " c.title, c.source, m.found_at, m.reviewed_at FROM matches m JOIN candidates c ON c.id = m.candidate_id"
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

    def review(self, finding_ids: Iterable[int], status: str) -> tuple[list[int], list[int]]:
        """Record the creator's decision; returns (changed ids, unknown ids)."""
        if status not in STATUSES:
            raise ValueError(f"unknown review status {status!r}")
        now = datetime.now(UTC).isoformat(timespec="seconds")
        changed: list[int] = []
        unknown: list[int] = []
        with transaction(self.db):
            for finding_id in finding_ids:
                cur = self.db.execute("UPDATE matches SET status = ?, reviewed_at = ? WHERE id = ?",
                                      [status, now, finding_id])
                (changed if cur.rowcount else unknown).append(finding_id)
        return changed, unknown


def _finding(row: tuple[Any, ...]) -> Finding:
    return Finding(id=row[0], type=row[1], status=row[2], work_id=row[3], term=row[4], kind=row[5], score=row[6],
                   evidence=json.loads(row[7] or "{}"), candidate_id=row[8], candidate_url=row[9], media_url=row[10],
                   title=row[11], source=row[12], found_at=row[13], reviewed_at=row[14])
