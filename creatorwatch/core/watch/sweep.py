"""Clears what a killed CreatorWatch left half-done, once at the start of every command that writes and of the
window: capture folders no row vouches for, partial files and folders nobody is writing any more, temporary
check folders whose process is gone, and exports recorded as pending (their custody entries written if the
bundle did appear, else forgotten). It works quietly: what it removed goes to the log, and only the exports it
dropped are told to the creator (by the window and the commands that sweep), since they look for those bundles;
anything still in use by a live process (the window, another command) is left alone.

Capture rows whose folder is gone are reported, never deleted: the row is evidence that something was captured.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from creatorwatch.core.errors import StorageError
from creatorwatch.core.store.atomic import (
    GRACE_SECONDS,
    OWNED_SUFFIX,
    PARTIAL_SUFFIX,
    abandoned,
    is_partial,
    place_folder,
)

log = logging.getLogger(__name__)

TEMP_PREFIXES = ("creatorwatch-check-", "creatorwatch-recheck-")
CAPTURES_FOLDER = "captures"  # as core/evidence/capture.py (not imported: it pulls in the HTTP client)
CAPTURE_NAME = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{12}")  # the names core/evidence/capture.py gives its folders
LOCK_WAIT_MS = 2000  # a check recording its findings in the window holds the write lock: skip captures then


@dataclass
class SweepReport:
    removed: list[Path] = field(default_factory=list)
    missing_captures: list[str] = field(default_factory=list)  # rows whose folder is gone (kept)
    exports_completed: list[Path] = field(default_factory=list)
    exports_dropped: list[Path] = field(default_factory=list)


def sweep(database: Path, folders: Iterable[Path] = (), temp: Path | None = None) -> SweepReport:
    """Sweep the data file at `database` (its captures), partials under `folders` (the data and cache folders)
    and CreatorWatch's temporary folders under `temp` (default: the system's). Never raises for what it finds."""
    report = SweepReport()
    if database.is_file():
        try:
            _sweep_database(database, report)
        except (sqlite3.Error, OSError, StorageError) as exc:
            log.warning("start-up sweep: could not check %s (%s)", database, exc)
    for folder in folders:
        _sweep_partials(folder, report)
    _sweep_temp(Path(temp or tempfile.gettempdir()), report)
    _log(report)
    return report


def _sweep_database(database: Path, report: SweepReport) -> None:
    from creatorwatch.core.store.db import open_database

    db = open_database(database)
    try:
        if db.execute("SELECT 1 FROM pending_exports LIMIT 1").fetchone():
            from creatorwatch.core.evidence import export_record

            completed, dropped = export_record.resolve(db)
            report.exports_completed += completed
            report.exports_dropped += dropped
        _sweep_captures(db.conn, database.parent / CAPTURES_FOLDER, report)
    finally:
        db.conn.close()


def _sweep_captures(conn: sqlite3.Connection, root: Path, report: SweepReport) -> None:
    """Under the write lock: a capture folder appears only while its writer holds that lock (keep_capture), so
    with the lock in hand, a folder without a committed row belongs to a transaction that died."""
    if not root.is_dir():
        return
    conn.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        log.info("start-up sweep: captures left for later (a check is recording its findings)")
        return
    try:
        rows = {folder: cid for cid, folder in conn.execute("SELECT id, folder FROM captures")}
        on_disk = {entry.name: entry for entry in os.scandir(root)}
        for name, entry in on_disk.items():
            path = Path(entry.path)
            if is_partial(path):
                final = name[1:-len(PARTIAL_SUFFIX)]
                if not abandoned(path):
                    continue
                if final in rows and final not in on_disk:
                    place_folder(path, root / final)  # complete: its row was committed just before the kill
                    continue
                _remove(path, report)
            elif entry.is_dir() and name not in rows and CAPTURE_NAME.fullmatch(name):  # never a folder of the
                _remove(path, report)  # creator's own put there
        names = set(os.listdir(root))
        report.missing_captures += [f"capture #{cid} ({folder})" for folder, cid in rows.items() if folder not in names]
    finally:
        conn.execute("COMMIT")


def _sweep_partials(folder: Path, report: SweepReport) -> None:
    """Abandoned partial files and folders anywhere under `folder`."""
    for parent, dirs, files in os.walk(folder):
        for name in [*files, *dirs]:
            path = Path(parent) / name
            if is_partial(path) and abandoned(path):
                _remove(path, report)
        dirs[:] = [d for d in dirs if not d.endswith(PARTIAL_SUFFIX)]


def _sweep_temp(temp: Path, report: SweepReport) -> None:
    """Temporary check folders of processes that are gone: their lock is free (core/store/atomic.owned_temp_folder).
    One made by an earlier version, which held no lock, only once it is untouched for GRACE_SECONDS."""
    try:
        entries = list(os.scandir(temp))
    except OSError:
        return
    me = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIXES):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or (me is not None and entry.stat().st_uid != me):
                continue
        except OSError:
            continue
        path = Path(entry.path)
        if abandoned(path) and (entry.name.endswith(OWNED_SUFFIX) or _untouched(entry)):
            _remove(path, report)


def _untouched(entry: os.DirEntry[str]) -> bool:
    try:
        return time.time() - entry.stat().st_mtime > GRACE_SECONDS
    except OSError:
        return False


def _remove(path: Path, report: SweepReport) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        log.warning("start-up sweep: could not remove %s (%s)", path, exc)
        return
    report.removed.append(path)


def _log(report: SweepReport) -> None:
    for path in report.removed:
        log.info("start-up sweep: removed %s, left half-done by an interrupted CreatorWatch", path)
    for path in report.exports_completed:
        log.info("start-up sweep: recorded the export of %s in its matches' custody logs", path)
    for path in report.exports_dropped:
        log.info("start-up sweep: forgot the unfinished export to %s (the bundle never appeared)", path)
    for missing in report.missing_captures:
        log.warning("start-up sweep: %s has no folder on disk any more", missing)
