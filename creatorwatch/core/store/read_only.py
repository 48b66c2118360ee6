"""A data file CreatorWatch can read but not write (a disk mounted read-only, a backup restored without write
permission): it is opened read-only, so the creator still sees the library, finds and settings, and every change is
refused with the reason, which tells a read-only disk from missing permissions because the fix differs.

SQLite in WAL mode needs its -wal and -shm files beside the data file. `mode=ro` opens it when they are there (a
process killed before they were cleaned up; the -wal then holds the latest changes, which must be read); when they
are not and cannot be created, only `immutable=1` opens it, and that is safe then only: with no -wal there is
nothing it would skip, and no CreatorWatch has the file open (an open one keeps its -wal). The file is then read as
it was when opened: on a read-only disk nothing can change it; a file only another account may write could change
under it, which that account's own CreatorWatch would have to be doing at the same time."""

from __future__ import annotations

import os
import sqlite3
from enum import Enum
from pathlib import Path
from urllib.parse import quote


class ReadOnlyBecause(Enum):
    DISK = "disk"  # the file system is mounted read-only
    PERMISSION = "permission"  # the creator's account may not change the file or its folder


def read_only_because(database: Path) -> ReadOnlyBecause | None:
    """Why the existing data file at `database` can be read but not written; None when it can be written (or is not
    there yet, or cannot even be read: opening it says why)."""
    try:
        if not database.is_file() or not os.access(database, os.R_OK):
            return None
    except OSError:
        return None
    return unwritable_because(database)


def unwritable_because(database: Path) -> ReadOnlyBecause | None:
    """Why the data file at `database` (there or still to be made) cannot be written; None when nothing stops it."""
    folder = database.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return ReadOnlyBecause.DISK
    except OSError:
        return None
    file_writable = not database.exists() or os.access(database, os.W_OK)
    return None if file_writable and os.access(folder, os.W_OK | os.X_OK) else ReadOnlyBecause.PERMISSION


def open_read_only(database: Path) -> sqlite3.Connection:
    """A connection that reads `database` and refuses every write ("attempt to write a readonly database")."""
    address = f"file:{quote(str(database.absolute()))}"
    wal = database.with_name(f"{database.name}-wal")
    if wal.exists():
        return sqlite3.connect(f"{address}?mode=ro", uri=True, timeout=15, isolation_level=None)
    return sqlite3.connect(f"{address}?mode=ro&immutable=1", uri=True, timeout=15, isolation_level=None)


def _cause_and_remedy(because: ReadOnlyBecause, database: Path) -> tuple[str, str]:
    if because is ReadOnlyBecause.DISK:
        return (
            f"The disk that holds your data file ({database}) is read-only",
            "Make the disk writable again, or copy the folder to one that is",
        )
    return (
        f"You do not have permission to change your data file ({database}) or its folder",
        "Make them writable for your account",
    )


def cannot_save(because: ReadOnlyBecause, database: Path) -> str:
    """Why a change cannot be saved, and what to do about it."""
    cause, remedy = _cause_and_remedy(because, database)
    return f"{cause}, so CreatorWatch cannot save changes. {remedy}, then try again."


def shown_read_only(because: ReadOnlyBecause, database: Path) -> str:
    """Said once when the window opens a data file it can only read (its monitoring is paused: a check could
    record nothing it found)."""
    cause, remedy = _cause_and_remedy(because, database)
    return (
        f"{cause}, so CreatorWatch shows your library, finds and settings but cannot save any change, and monitoring "
        f"is paused. {remedy}, then restart CreatorWatch."
    )
