"""The files of an add not yet finished: kept in the data file before adding starts, and each ticked off in the
transaction that records it, so a CreatorWatch killed halfway (kill -9, a crash, a power cut) can say on its next
start which files were never added, and add them, instead of leaving the creator to count."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from creatorwatch.core.store.db import transaction
from creatorwatch.core.wording.words import counted


def stored_path(path: Path) -> str | None:
    """The path as the data file stores it, or None for a name that is not valid text (a non-UTF-8 disk's): such a
    file is never added (the add says why), so there is nothing to keep of it."""
    key = str(path.absolute())
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return key


def queue(db: sqlite_utils.Database, paths: Iterable[Path]) -> None:
    """Keep the files about to be added (a file already waiting from an earlier add stays once)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with transaction(db):
        db.conn.executemany("INSERT OR IGNORE INTO unfinished_adds (path, queued_at) VALUES (?, ?)",
                            [(key, now) for key in map(stored_path, paths) if key is not None])


def tick(db: sqlite_utils.Database, path: Path) -> None:
    """`path` is done with (added, already there, or skipped with its reason): inside the transaction recording it."""
    if (key := stored_path(path)) is not None:
        db.execute("DELETE FROM unfinished_adds WHERE path = ?", [key])


def unfinished(db: sqlite_utils.Database) -> list[Path]:
    """The files an earlier add kept and never got to, in the order they were chosen: those gone from the disk
    since, or in the library by now (added again another way), let go first, so the count said is what is left."""
    kept = [row[0] for row in db.execute("SELECT path FROM unfinished_adds ORDER BY rowid")]
    added = {row[0] for row in db.execute("SELECT path FROM works")}
    done = [key for key in kept if key in added or not Path(key).exists()]
    if done:
        forget(db, map(Path, done))
    return [Path(key) for key in kept if key not in done]


def forget(db: sqlite_utils.Database, paths: Iterable[Path] | None = None) -> None:
    """Let go of `paths` (every unfinished file, if None): the creator stopped the add, or chose not to finish it."""
    with transaction(db):
        if paths is None:
            db.execute("DELETE FROM unfinished_adds")
        else:
            db.conn.executemany("DELETE FROM unfinished_adds WHERE path = ?",
                                [(key,) for key in map(stored_path, paths) if key is not None])


def not_added(count: int) -> str:
    """What the window and `creatorwatch add` say on the next start."""
    were = "was" if count == 1 else "were"
    return f"{counted(count, 'file')} from your last add {were} not added before CreatorWatch closed."


CLI_CHOICE = ("Add them with: creatorwatch add --unfinished, or let them go with: creatorwatch add "
              "--forget-unfinished (the window offers the same).")
