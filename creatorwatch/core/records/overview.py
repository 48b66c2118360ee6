"""One read of everything the dashboard shows, so the window asks once and draws from a plain value."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlite_utils

from creatorwatch.core.records.findings import FIND_CLASS
from creatorwatch.core.records.source_reports import SourceReport, source_reports
from creatorwatch.core.records.source_store import ConfiguredSource, SourceStore
from creatorwatch.core.records.takedown_steps import CLOSED


@dataclass(frozen=True)
class Overview:
    works_by_kind: dict[str, int]
    new_matches: int  # possible copies of works
    new_mentions: int
    per_day: list[tuple[date, int]]  # findings recorded per day, oldest first, days without any included
    sources: list[ConfiguredSource] = field(default_factory=list)
    last_check: str | None = None
    next_check: str | None = None
    open_takedowns: int = 0
    new_voices: int = 0  # voice likenesses: like a mention, about the creator rather than a work
    reports: dict[str, SourceReport] = field(default_factory=dict)  # source name → what it has told the creator

    @property
    def works(self) -> int:
        return sum(self.works_by_kind.values())


def read_overview(db: sqlite_utils.Database, days: int = 60) -> Overview:
    works = dict(db.execute("SELECT kind, COUNT(*) FROM works GROUP BY kind").fetchall())
    new = dict(db.execute(f"SELECT {FIND_CLASS}, COUNT(*) FROM matches m WHERE m.status = 'new' GROUP BY 1")
               .fetchall())
    today = datetime.now(UTC).date()
    first = today - timedelta(days=days - 1)
    counted = dict(db.execute("SELECT substr(found_at, 1, 10), COUNT(*) FROM matches WHERE found_at >= ?"
                              " GROUP BY 1", [first.isoformat()]).fetchall())
    per_day = [(first + timedelta(d), counted.get((first + timedelta(d)).isoformat(), 0)) for d in range(days)]
    last, upcoming = db.execute("SELECT MAX(last_run), MIN(next_run) FROM source_health h JOIN sources s"
                                " ON s.id = h.source_id WHERE s.enabled").fetchone()
    return Overview(works, new.get("match", 0), new.get("mention", 0), per_day,
                    SourceStore(db).all(), last, upcoming, _open_takedowns(db), new.get("voice", 0),
                    source_reports(db))


def _open_takedowns(db: sqlite_utils.Database) -> int:
    """Takedowns recorded and not yet removed or refused (as `takedown list` counts them), when the evidence module
    keeps them (0 before it does)."""
    if "takedowns" not in db.table_names():
        return 0
    columns = {c.name for c in db.table("takedowns").columns}
    if "status" in columns:
        return int(db.execute(f"SELECT COUNT(*) FROM takedowns WHERE status NOT IN ({', '.join('?' * len(CLOSED))})",
                              list(CLOSED)).fetchone()[0])
    return int(db.execute("SELECT COUNT(*) FROM takedowns").fetchone()[0])
