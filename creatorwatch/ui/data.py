"""Database work for the window: each operation opens its own connection on the pool thread and closes it after."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

import sqlite_utils

from creatorwatch.core.store.db import cannot_store, open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.tasks import BackgroundTask, Progress, run_in_background

T = TypeVar("T")
Work = Callable[[sqlite_utils.Database], T]


def with_database(paths: Paths, work: Work[T]) -> Callable[[Progress], T]:
    """`work(db)` as a background op with a connection of its own."""

    def op(progress: Progress) -> T:
        db = open_database(paths.database)
        try:
            return work(db)
        except sqlite3.DatabaseError as exc:  # locked by another program, damaged, a full disk: said in words,
            said = cannot_store(exc, paths.database)  # never "database is locked"
            if said is None:
                raise
            raise said from exc
        finally:
            db.conn.close()

    return op


def query(paths: Paths, work: Work[T], on_done: Callable[[T], None],
          on_error: Callable[[BaseException], None] | None = None) -> BackgroundTask[T]:
    """Run `work(db)` on a pool thread; `on_done(result)` on the main thread."""
    return run_in_background(with_database(paths, work), on_done, on_error)
