"""Keeps a bundle on disk and its "exported" custody entries in step, whenever the export is killed.

The order: a *pending* row saying where the bundle goes is committed before writing starts; the finished
bundle waits under its partial name while its SHA-256 and the custody entries to write are added to the row;
the bundle is renamed into place; then, in one transaction, the pending row goes and the custody entries come.
A kill between two steps leaves a pending row, which the start-up sweep resolves: the bundle in place with that
hash → the custody entries are written; otherwise → the row is dropped (and the partial removed). So after the
next start either both the bundle and its entries exist, or neither.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from creatorwatch.core.evidence.custody import record_action
from creatorwatch.core.library.works import sha256_file
from creatorwatch.core.store.atomic import abandoned, partial_path
from creatorwatch.core.store.db import transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pending:
    id: int
    path: Path
    sha256: str
    match_ids: list[int]
    detail: dict[str, Any]
    at: str


def begin(db: sqlite_utils.Database, target: Path, match_ids: list[int], at: str) -> Pending:
    """Record (committed) that a bundle is being written to `target`, before its first byte: the partial of a
    killed export is found there at the next start."""
    target = target.absolute()
    with transaction(db):
        cur = db.execute("INSERT INTO pending_exports (path, sha256, matches, detail, at) VALUES (?, '', ?, '{}', ?)",
                         [str(target), json.dumps(match_ids), at])
    return Pending(int(cur.lastrowid or 0), target, "", match_ids, {}, at)


def ready(db: sqlite_utils.Database, pending: Pending, sha256: str, detail: dict[str, Any]) -> Pending:
    """Record (committed) the finished bundle's hash and custody entries, just before it is renamed into place.
    (Written afresh if a sweep in another process dropped the row before the partial existed.)"""
    done = Pending(pending.id, pending.path, sha256, pending.match_ids, detail, pending.at)
    with transaction(db):
        db.execute("INSERT OR REPLACE INTO pending_exports (id, path, sha256, matches, detail, at)"
                   " VALUES (?, ?, ?, ?, ?, ?)", [done.id, str(done.path), sha256, json.dumps(done.match_ids),
                                                  json.dumps(detail, ensure_ascii=False), done.at])
    return done


def complete(db: sqlite_utils.Database, pending: Pending) -> bool:
    """The bundle is in place: write its custody entries (once: False if the sweep already did)."""
    with transaction(db):
        if not db.execute("DELETE FROM pending_exports WHERE id = ?", [pending.id]).rowcount:
            return False
        for match_id in pending.match_ids:
            record_action(db, match_id, "exported", pending.detail, at=pending.at)
    return True


def abandon(db: sqlite_utils.Database, pending: Pending) -> None:
    """The bundle never appeared (the export failed): forget it."""
    with transaction(db):
        db.execute("DELETE FROM pending_exports WHERE id = ?", [pending.id])


def all_pending(db: sqlite_utils.Database) -> list[Pending]:
    rows = db.execute("SELECT id, path, sha256, matches, detail, at FROM pending_exports ORDER BY id").fetchall()
    return [Pending(r[0], Path(r[1]), r[2], json.loads(r[3]), json.loads(r[4]), r[5]) for r in rows]


def resolve(db: sqlite_utils.Database) -> tuple[list[Path], list[Path]]:
    """Settle exports a killed process left pending: (completed, dropped). One still being written by a live
    process (its partial locked) is left alone."""
    completed, dropped = [], []
    for pending in all_pending(db):
        partial = partial_path(pending.path)
        if pending.sha256 and _holds(pending.path, pending.sha256):
            if complete(db, pending):
                completed.append(pending.path)
            continue
        if partial.exists() and not abandoned(partial):
            continue  # a live export is still on its way to the rename
        partial.unlink(missing_ok=True)
        abandon(db, pending)
        dropped.append(pending.path)
    return completed, dropped


def interrupted_sentence(dropped: list[Path]) -> str:
    """What to tell the creator, once, about exports a killed CreatorWatch left unfinished and the sweep dropped:
    which bundles, that only their unfinished files went, and that exporting again is safe ('' for none)."""
    if not dropped:
        return ""
    names = [f"“{path.name}”" for path in dropped]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    one = len(dropped) == 1
    return (f"The evidence {'bundle' if one else 'bundles'} {listed} {'was' if one else 'were'} not finished: "
            f"CreatorWatch closed while writing {'it' if one else 'them'}. {'Its' if one else 'Their'} unfinished "
            f"{'file was' if one else 'files were'} removed and nothing else changed. You can export "
            f"{'it' if one else 'them'} again.")


def _holds(path: Path, sha256: str) -> bool:
    try:
        return path.is_file() and sha256_file(path) == sha256
    except OSError:
        return False
