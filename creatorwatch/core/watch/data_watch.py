"""Notice changes other processes make to the data file (the command line, a script, a second window's scheduler),
so the window can show one truth: a thread polls SQLite's `PRAGMA data_version`, which moves whenever another
connection commits, and publishes `data_changed`. Cheap: one tiny read per poll, no file watcher needed."""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.events import EventHub

log = logging.getLogger(__name__)
POLL_SECONDS = 0.4


class DataWatcher:
    """start() it with the window, stop() it on quit; `data_changed` is published from its own thread."""

    def __init__(self, database: Path, hub: EventHub, interval: float = POLL_SECONDS) -> None:
        self.database, self.hub, self.interval = database, hub, interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="creatorwatch-data-watch", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _watch(self) -> None:
        try:
            db = open_database(self.database)
        except Exception:  # the window reports an unusable data file itself
            log.exception("cannot watch the data file for changes")
            return
        try:
            seen = _version(db.conn)
            while not self._stop.wait(self.interval):
                try:
                    now = _version(db.conn)
                except sqlite3.Error:
                    log.warning("could not read the data file's version; trying again", exc_info=True)
                    continue
                if now != seen:
                    seen = now
                    self.hub.publish("data_changed")
        finally:
            db.conn.close()


def _version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA data_version").fetchone()[0])
