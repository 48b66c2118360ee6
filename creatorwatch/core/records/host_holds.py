"""Hosts that asked CreatorWatch to wait (a 429 with its Retry-After, or minutes when it gave none, or an answer saying
the quota is spent until a reset: `RateLimit: …;r=0;t=…`, `RateLimit-Remaining: 0`), kept in the data file: the HTTP
client holds a host only for its own process, and each `creatorwatch check` is a new process that would otherwise ask
again at once, and earn a longer block."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlite_utils

from creatorwatch.core.store.db import transaction


def held_hosts(db: sqlite_utils.Database) -> dict[str, tuple[str, float]]:
    """Host (and port) → the source whose request was refused, and the time (epoch seconds) it may be asked again."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return {host: (source, datetime.fromisoformat(until).timestamp()) for host, source, until in
            db.execute("SELECT host, source, until FROM host_holds WHERE until > ?", [now])}


def keep_held_hosts(db: sqlite_utils.Database, held: dict[str, tuple[str, float]]) -> None:
    """Record the hosts held now (a later time replaces an earlier one) and forget holds already over."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with transaction(db):
        db.execute("DELETE FROM host_holds WHERE until <= ?", [now])
        for host, (source, until) in held.items():
            when = datetime.fromtimestamp(until, UTC).isoformat(timespec="seconds")
            db.execute("INSERT INTO host_holds (host, source, until) VALUES (?, ?, ?) ON CONFLICT(host) DO UPDATE"
                       " SET source = excluded.source, until = excluded.until WHERE excluded.until > host_holds.until",
                       [host, source, when])
