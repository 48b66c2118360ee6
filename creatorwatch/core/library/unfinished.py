"""The files of an add not yet finished: kept in the data file before adding starts, and each ticked off in the
transaction that records it, so a CreatorWatch killed halfway (kill -9, a crash, a power cut) can say on its next
start which files were never added, and add them, instead of leaving the creator to count. Each file names the add
that will record it, and a running add holds a claim (core/store/process_locks.py) that dies with its process: the
files of an add still running elsewhere (a second `creatorwatch add`, the window's) are not left by a closed one."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from creatorwatch.core.store.db import transaction
from creatorwatch.core.store.process_locks import claimed, data_folder, held_now, let_go_for_good
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


@contextlib.contextmanager
def running_add(db: sqlite_utils.Database) -> Iterator[str]:
    """This add's id, claimed until the block ends: its files are its own while it runs, whatever else reads them."""
    add_id, folder = uuid.uuid4().hex, data_folder(db)
    try:
        with claimed(folder, [_claim(add_id)]):
            yield add_id
    finally:
        let_go_for_good(folder, _claim(add_id))


def queue(db: sqlite_utils.Database, paths: Iterable[Path], add_id: str) -> None:
    """Keep the files add `add_id` is about to add. One an add that is over kept is this add's now (added, or let
    go when the creator stops it); one a running add kept waits for both, whichever records it first."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    keys = list(dict.fromkeys(key for key in map(stored_path, paths) if key is not None))
    with transaction(db):
        chosen = set(keys)
        kept = [(path, owner) for path, owner in _kept(db) if path in chosen]
        running = _running(db, {owner for _path, owner in kept})
        db.conn.executemany("DELETE FROM unfinished_adds WHERE path = ? AND add_id = ?",
                            [(path, owner) for path, owner in kept if owner not in running])
        db.conn.executemany("INSERT OR IGNORE INTO unfinished_adds (path, add_id, queued_at) VALUES (?, ?, ?)",
                            [(key, add_id, now) for key in keys])


def tick(db: sqlite_utils.Database, path: Path) -> None:
    """`path` is done with (added, already there, or skipped with its reason): inside the transaction recording it.
    Done for every add that kept it."""
    if (key := stored_path(path)) is not None:
        db.execute("DELETE FROM unfinished_adds WHERE path = ?", [key])


def unfinished(db: sqlite_utils.Database) -> list[Path]:
    """The files adds that are over (closed halfway) kept and never got to, in the order they were chosen; a file a
    running add still has to do is not one. Those gone from the disk since, or in the library by now (added again
    another way), are let go first, so the count said is what is left."""
    kept = _kept(db)
    running = _running(db, {owner for _path, owner in kept})
    waiting = {path for path, owner in kept if owner in running}
    left = list(dict.fromkeys(path for path, _owner in kept if path not in waiting))
    added = {row[0] for row in db.execute("SELECT path FROM works")}
    done = [key for key in left if key in added or not Path(key).exists()]
    if done:
        forget(db, map(Path, done))
    return [Path(key) for key in left if key not in done]


def forget(db: sqlite_utils.Database, paths: Iterable[Path] | None = None, add_id: str = "") -> None:
    """Let go of `paths` (every unfinished file, if None): the creator stopped the add `add_id`, or chose not to
    finish one that is over. A file a running add (another than `add_id`) still has to do is kept for it."""
    keys = None if paths is None else {key for key in map(stored_path, paths) if key is not None}
    with transaction(db):
        kept = _kept(db)
        running = _running(db, {owner for _path, owner in kept}) - {add_id}
        db.conn.executemany("DELETE FROM unfinished_adds WHERE path = ? AND add_id = ?",
                            [(path, owner) for path, owner in kept
                             if owner not in running and (keys is None or path in keys)])


def _kept(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(path, add id) of every file kept, in the order kept."""
    return [(row[0], row[1]) for row in db.execute("SELECT path, add_id FROM unfinished_adds ORDER BY rowid")]


def _running(db: sqlite_utils.Database, add_ids: Iterable[str]) -> set[str]:
    """Which of `add_ids` are running this moment, in any process (an add kept before they were named: none)."""
    claims = {_claim(add_id): add_id for add_id in add_ids if add_id}
    return {claims[claim] for claim in held_now(data_folder(db), claims, once_only=True)}


def _claim(add_id: str) -> str:
    return f"add {add_id}"


def not_added(count: int) -> str:
    """What the window and `creatorwatch add` say on the next start."""
    were = "was" if count == 1 else "were"
    return f"{counted(count, 'file')} from your last add {were} not added before CreatorWatch closed."


CLI_CHOICE = ("Add them with: creatorwatch add --unfinished, or let them go with: creatorwatch add "
              "--forget-unfinished (the window offers the same).")
