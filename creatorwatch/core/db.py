"""The one SQLite file that holds the library and everything CreatorWatch finds.

WAL journal with synchronous=NORMAL: a crash or a killed process loses at most the transaction in flight.
Schema changes are numbered migrations recorded in PRAGMA user_version; a file from a newer CreatorWatch is
refused rather than guessed at. Open one connection per thread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from creatorwatch.core.errors import StorageError


def _v1_library(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE works (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            kind TEXT NOT NULL,
            format TEXT NOT NULL,
            path TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime REAL NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            added_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'ok',
            facts TEXT NOT NULL DEFAULT '{}'
        )"""
    )
    db.execute(
        """CREATE TABLE fingerprints (
            work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            version INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (work_id, kind)
        )"""
    )


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1_library]
SCHEMA_VERSION = len(MIGRATIONS)


def open_database(path: Path) -> sqlite_utils.Database:
    """Open (creating or upgrading) the data file at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, timeout=15, isolation_level=None, check_same_thread=True)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 15000")
        db = sqlite_utils.Database(conn)
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        if found > SCHEMA_VERSION:
            conn.close()
            raise StorageError(
                f"The data file {path} was written by a newer version of CreatorWatch. "
                "Install the newer version to open it; nothing in it was changed."
            )
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        _migrate(db, found)
    except sqlite3.DatabaseError as exc:
        raise storage_error(exc, path) from exc
    return db


def _migrate(db: sqlite_utils.Database, found: int) -> None:
    for number in range(found, SCHEMA_VERSION):
        with transaction(db):
            MIGRATIONS[number](db)
            db.execute(f"PRAGMA user_version = {number + 1}")


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Writes inside happen together or not at all."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def storage_error(exc: sqlite3.Error, path: Path | None = None) -> StorageError:
    """Translate an SQLite failure into words a creator can act on."""
    where = f" ({path})" if path else ""
    text = str(exc).lower()
    if "disk is full" in text or "disk i/o" in text:
        return StorageError(f"The disk is full, so CreatorWatch could not save{where}. Free some space and try again.")
    if "locked" in text or "busy" in text:
        return StorageError(f"The data file{where} is busy in another CreatorWatch window. Try again in a moment.")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StorageError(
            f"The data file{where} is damaged. Restore it from a backup, or move it aside to start afresh."
        )
    if "readonly" in text or "unable to open" in text:
        return StorageError(f"CreatorWatch cannot write its data file{where}: check the folder's permissions.")
    return StorageError(f"The data file{where} could not be used: {exc}")
