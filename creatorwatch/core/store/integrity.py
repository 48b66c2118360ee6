"""Whether the data file is whole. A file damaged in its middle (a disk fault, a bad copy or restore) still opens and
still shows most of what it holds, so nothing said so until a write failed, and a check that could not record its
finds looked like a quiet one. SQLite's quick check reads every page once: a second or so for a large library,
asked in the background when the window opens and after a check could not record what it found."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from creatorwatch.core.errors import DamagedDataFile
from creatorwatch.core.store.db import damaged, storage_error


def damage(db: sqlite_utils.Database, path: Path | None = None) -> DamagedDataFile | None:
    """What is wrong with the data file `db` (at `path`), in a creator's words, or None when it is whole; StorageError
    when it cannot be checked now (in use by another program: that says nothing of its pages)."""
    try:
        said = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        error = storage_error(exc, path)
        if isinstance(error, DamagedDataFile):
            return error
        raise error from exc
    return None if said == ["ok"] else damaged(path)
