"""The chain of custody: an append-only record, with UTC times, of everything that happened to a match —
found, captured, reviewed, exported, notice drafted and sent, the takedown's course. The data file refuses to
change or delete a custody entry (triggers), and facts recorded elsewhere (found, captured, reviewed) are
read from where they live rather than copied."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from creatorwatch.core.evidence.capture import captures_for
from creatorwatch.core.net.redact import redact_url


@dataclass(frozen=True)
class CustodyEntry:
    at: str  # ISO 8601, UTC
    match_id: int
    action: str  # detected, captured, reviewed, exported, notice_drafted, takedown_sent, url_gone, note …
    detail: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"at": self.at, "match_id": self.match_id, "action": self.action, "detail": self.detail}

    def line(self) -> str:
        return json.dumps(self.as_json(), sort_keys=True, ensure_ascii=False)


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def record_action(db: sqlite_utils.Database, match_id: int, action: str, detail: dict[str, Any] | None = None,
                  at: str | None = None) -> CustodyEntry:
    """Append one entry (within the caller's transaction, if any)."""
    entry = CustodyEntry(at or utc_now(), match_id, action, detail or {})
    db.execute("INSERT INTO custody (match_id, at, action, detail) VALUES (?, ?, ?, ?)",
               [match_id, entry.at, action, json.dumps(entry.detail, ensure_ascii=False)])
    return entry


def history(db: sqlite_utils.Database, match_id: int) -> list[CustodyEntry]:
    """Everything that happened to the match, oldest first."""
    entries = _derived(db, match_id)
    rows = db.execute("SELECT at, action, detail FROM custody WHERE match_id = ? ORDER BY id", [match_id])
    entries += [CustodyEntry(at, match_id, action, json.loads(detail)) for at, action, detail in rows]
    return sorted(entries, key=lambda e: _sortable(e.at))


def _derived(db: sqlite_utils.Database, match_id: int) -> list[CustodyEntry]:
    row = db.execute("SELECT m.found_at, m.reviewed_at, m.status, m.score, c.url, c.source FROM matches m JOIN"
                     " candidates c ON c.id = m.candidate_id WHERE m.id = ?", [match_id]).fetchone()
    if row is None:
        return []
    found_at, reviewed_at, status, score, url, source = row
    shown = redact_url(url)
    entries = [CustodyEntry(found_at, match_id, "detected", {"source": source, "url": shown, "score": score})]
    for capture in captures_for(db, url):
        files = {f["name"]: f["sha256"] for f in capture.files}
        entries.append(CustodyEntry(capture.captured_at, match_id, "captured", {"url": shown, "sha256": files}))
    logged = db.execute("SELECT 1 FROM custody WHERE match_id = ? AND action = 'reviewed'", [match_id]).fetchone()
    if reviewed_at and not logged:  # decided before every decision was logged: the latest, from the find itself
        entries.append(CustodyEntry(reviewed_at, match_id, "reviewed", {"status": status}))
    return entries


def _sortable(at: str) -> datetime:
    try:
        when = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)
