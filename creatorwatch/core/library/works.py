"""The creator's own works: add, list, remove, and notice when a file moves or changes.

Each file is committed on its own, so an import interrupted at any point keeps every work that finished.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from creatorwatch.core.errors import NOT_ALLOWED_TO_READ, StorageError, UnreadableMedia
from creatorwatch.core.files.regular_file import open_regular
from creatorwatch.core.files.walk import Walked, collect_files
from creatorwatch.core.fingerprint.registry import modality
from creatorwatch.core.library.media_facts import probe_facts
from creatorwatch.core.library.sniff import sniff_file
from creatorwatch.core.library.unfinished import forget, queue, running_add, stored_path, tick
from creatorwatch.core.store.db import file_of, storage_error, transaction
from creatorwatch.core.store.preferences import Preferences, load_preferences
from creatorwatch.core.wording.words import counted

UNREADABLE_NAME = ("its name is not valid text (it holds bytes that are not UTF-8), so CreatorWatch cannot "
                   "record where it is; rename the file and add it again")

log = logging.getLogger(__name__)


def unexpected_problem(exc: BaseException) -> str:
    """The plain reason given for a file that failed in a way CreatorWatch did not foresee (the log has more)."""
    return f"CreatorWatch could not read this file (an unexpected {type(exc).__name__}; the log has the details)"


@dataclass(frozen=True)
class Work:
    id: int
    title: str
    kind: str
    format: str
    path: str
    size: int
    sha256: str
    added_at: str
    status: str  # "ok" | "missing" | "changed"
    facts: dict[str, Any]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Work:
        return cls(
            id=row["id"], title=row["title"], kind=row["kind"], format=row["format"], path=row["path"],
            size=row["size"], sha256=row["sha256"], added_at=row["added_at"], status=row["status"],
            facts=json.loads(row["facts"] or "{}"),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "kind": self.kind, "format": self.format, "path": self.path,
            "size": self.size, "sha256": self.sha256, "added_at": self.added_at, "status": self.status,
            **self.facts,
        }


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: "added", "already" (in the library) or "skipped" (with a reason).

    `warning` says why copies of a work in the library will never be found (mostly licence text, too short).
    """

    path: Path
    outcome: str
    reason: str = ""
    work: Work | None = None
    warning: str = ""
    relinked: int = 0  # an added work's earlier finds (of the same content, removed before) linked to it again


@dataclass
class AddReport:
    added: list[FileOutcome] = field(default_factory=list)
    already: list[FileOutcome] = field(default_factory=list)
    skipped: list[FileOutcome] = field(default_factory=list)
    cancelled: bool = False
    not_reached: list[Path] = field(default_factory=list)  # the files a cancel left unread (kept as unfinished)

    def record(self, outcome: FileOutcome) -> None:
        {"added": self.added, "already": self.already, "skipped": self.skipped}[outcome.outcome].append(outcome)

    @property
    def warned(self) -> list[FileOutcome]:
        """Works in the library (added now or before) whose copies will never be found; each says why."""
        return [o for o in self.added + self.already if o.warning]

    @property
    def relinked(self) -> int:
        """Earlier finds of works removed before, linked again to the same content added now."""
        return sum(o.relinked for o in self.added)

    def summary(self) -> str:
        text = f"{counted(len(self.added), 'work')} added, {len(self.already)} already in the library, " \
            f"{len(self.skipped)} skipped"
        text += (" (stopped before the end)" if self.cancelled else "") + "."
        if self.relinked:
            text += f" {counted(self.relinked, 'earlier find')} of works removed before " \
                f"{'is' if self.relinked == 1 else 'are'} linked to them again."
        if self.warned:
            names = [o.path.name for o in self.warned]
            more = f" and {len(names) - 3} more" if len(names) > 3 else ""
            text += f" Copies of {', '.join(names[:3])}{more} will not be found."
        return text


ProgressCallback = Callable[[int, int, FileOutcome], None]


@dataclass(frozen=True)
class _Prepared:
    path: Path
    kind: str = ""
    format: str = ""
    size: int = 0
    mtime: float = 0.0
    sha256: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    fingerprint: bytes = b""
    version: int = 0
    problem: str = ""
    warning: str = ""


@dataclass
class Removal:
    """Works taken out of the library with everything that went with them, to put back on Undo."""

    works: list[Work] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)
    rows: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)  # (table, work id, row) deleted
    unlinked: list[tuple[str, str, int, int]] = field(default_factory=list)  # (table, column, rowid, work id)


def relinked_words(n: int) -> str:
    """What an added work is told of the finds of its content that went back to it: "its 2 earlier finds are linked
    to it again" ("" for none)."""
    if not n:
        return ""
    return f"its {counted(n, 'earlier find')} {'is' if n == 1 else 'are'} linked to it again"


def _naming_a_work(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    """(table, column, ON DELETE action) for every column that refers to a work: read from the schema, so a
    table added later is kept on removal too."""
    found = []
    for table in db.table_names():
        for fk in db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
            if fk[2] == "works":
                found.append((table, fk[3], fk[6].upper()))
    return found


def _rows(db: sqlite_utils.Database, table: str, column: str, value: int) -> list[dict[str, Any]]:
    cursor = db.execute(f"SELECT * FROM [{table}] WHERE [{column}] = ?", [value])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class Library:
    """The works table, over one open database connection (use one Library per thread)."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    # -- reading -------------------------------------------------------------------------------
    def works(self, kind: str | None = None) -> list[Work]:
        where, args = ("kind = ?", [kind]) if kind else (None, None)
        return [Work.from_row(row) for row in self.db.table("works").rows_where(where, args, order_by="id")]

    def get(self, work_id: int) -> Work | None:
        rows = list(self.db.table("works").rows_where("id = ?", [work_id]))
        return Work.from_row(rows[0]) if rows else None

    def fingerprints(self, kind: str) -> Iterator[tuple[int, int, bytes]]:
        """(work_id, format version, blob) for every stored fingerprint of `kind`."""
        for row in self.db.execute("SELECT work_id, version, data FROM fingerprints WHERE kind = ?", [kind]):
            yield row[0], row[1], row[2]

    # -- adding --------------------------------------------------------------------------------
    def add_paths(
        self,
        paths: Iterable[Path],
        on_progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        let_go: threading.Event | None = None,
    ) -> AddReport:
        """Add files and folders (recursively); report every file that could not be added, with the reason. The
        files are kept as unfinished until each is recorded: a kill halfway leaves the rest to be said and added.
        `cancel` stops after the current file, keeping the rest as unfinished; with `let_go` set too (the creator's
        Stop), the rest is let go instead."""
        with running_add(self.db) as add_id:
            report = self._add(collect_files(Path(p) for p in paths), add_id, on_progress, cancel)
            if report.cancelled and let_go is not None and let_go.is_set():
                try:  # not "closed before they were added" on the next start: the creator stopped
                    forget(self.db, report.not_reached, add_id)
                except sqlite3.Error as exc:
                    raise storage_error(exc) from exc
        return report

    def _add(self, walked: Walked, add_id: str, on_progress: ProgressCallback | None,
             cancel: threading.Event | None) -> AddReport:
        report = AddReport()
        try:
            queue(self.db, walked.files, add_id)
        except sqlite3.Error as exc:
            raise storage_error(exc, file_of(self.db)) from exc
        total = len(walked.files) + len(walked.problems)
        done = 0
        for path, reason in walked.problems:
            done += 1
            self._note(report, FileOutcome(path, "skipped", reason), done, total, on_progress)
        workers = max(1, min(4, os.cpu_count() or 1))
        preferences = load_preferences(self.db)
        with ThreadPoolExecutor(workers, thread_name_prefix="fingerprint") as pool:
            for prepared in pool.map(lambda p: _prepare(p, cancel, preferences), walked.files):
                if cancel is not None and cancel.is_set():
                    report.cancelled = True
                    report.not_reached = walked.files[done - len(walked.problems):]
                    break
                done += 1
                self._note(report, self._store(prepared), done, total, on_progress)
            if report.cancelled:
                pool.shutdown(wait=True, cancel_futures=True)
        return report

    @staticmethod
    def _note(report: AddReport, outcome: FileOutcome, done: int, total: int, cb: ProgressCallback | None) -> None:
        report.record(outcome)
        if cb is not None:
            cb(done, total, outcome)

    def _store(self, item: _Prepared) -> FileOutcome:
        """Record one prepared file: no longer unfinished once it is (an added work was ticked off in the very
        transaction that recorded it), or once the reason it was not is known."""
        outcome = self._record(item)
        if outcome.outcome != "added":
            try:
                with transaction(self.db):
                    tick(self.db, item.path)
            except sqlite3.Error as exc:
                raise storage_error(exc, file_of(self.db)) from exc
        return outcome

    def _record(self, item: _Prepared) -> FileOutcome:
        """A fault with this file is its reason, a fault with the database stops all."""
        if item.problem:
            return FileOutcome(item.path, "skipped", item.problem)
        try:
            return self._insert(item)
        except sqlite3.Error as exc:
            raise storage_error(exc, file_of(self.db)) from exc
        except StorageError:
            raise
        except Exception as exc:
            log.exception("could not record %r", item.path)
            return FileOutcome(item.path, "skipped", unexpected_problem(exc))

    def _insert(self, item: _Prepared) -> FileOutcome:
        """Plain SQL, not sqlite-utils' table API (which lists the tables on every call): an import records files as
        fast as two threads fingerprint them."""
        work = Work(0, _title_for(item.path), item.kind, item.format, str(item.path.absolute()), item.size,
                    item.sha256, _now(), "ok", item.facts)
        try:
            with transaction(self.db):  # looked up under the write lock: an add running beside this one (another
                if (there := self._with_content(item.sha256)) is None:  # process) may record the same content
                    work_id = self.db.execute(
                        "INSERT INTO works (title, kind, format, path, size, mtime, sha256, added_at, status, facts)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [work.title, work.kind, work.format, work.path, work.size, item.mtime, work.sha256,
                         work.added_at, work.status, json.dumps(item.facts)]).lastrowid
                    self.db.execute("INSERT INTO fingerprints (work_id, kind, version, data) VALUES (?, ?, ?, ?)",
                                    [work_id, item.kind, item.version, item.fingerprint])
                    tick(self.db, item.path)
                    # the finds of this content's removed work were linked to the new one as it was recorded (v21)
                    relinked = self.db.execute("SELECT count(*) FROM matches WHERE work_id = ?",
                                               [work_id]).fetchone()[0]
            if there is not None:
                return self._already(item, there)
        except sqlite3.Error as exc:
            raise storage_error(exc, file_of(self.db)) from exc
        assert work_id is not None
        return FileOutcome(item.path, "added", relinked_words(relinked), replace(work, id=work_id), item.warning,
                           relinked)

    def _with_content(self, sha256: str) -> Work | None:
        existing = self.db.execute("SELECT * FROM works WHERE sha256 = ?", [sha256])
        row = existing.fetchone()
        return None if row is None else Work.from_row(dict(zip([d[0] for d in existing.description], row,
                                                                 strict=True)))

    def _already(self, item: _Prepared, work: Work) -> FileOutcome:
        """Same content again: a no-op, except that a work whose file had gone missing is found again."""
        new_path = str(item.path.absolute())
        if work.status != "ok" and new_path != work.path and not Path(work.path).exists():
            with transaction(self.db):
                self.db.table("works").update(work.id, {"path": new_path, "status": "ok", "mtime": item.mtime})
            return FileOutcome(item.path, "already", f"found again: \"{work.title}\" had moved here", self.get(work.id),
                               item.warning)
        return FileOutcome(item.path, "already", f"already in the library as #{work.id} \"{work.title}\"", work,
                           item.warning)

    # -- removing and checking -------------------------------------------------------------------
    def remove(self, work_ids: Iterable[int]) -> tuple[list[Work], list[int]]:
        """Take works out of the library (their files are not touched). Returns (removed, unknown ids)."""
        removal = self.take_out(work_ids)
        return removal.works, removal.unknown

    def take_out(self, work_ids: Iterable[int]) -> Removal:
        """Remove works, keeping every row that goes with them (or loses them), so `restore` can undo it."""
        removal = Removal()
        naming = _naming_a_work(self.db)
        with transaction(self.db):
            for work_id in work_ids:
                work = self.get(work_id)
                if work is None:
                    removal.unknown.append(work_id)
                    continue
                removal.works.append(work)
                removal.rows.append(("works", work_id, _rows(self.db, "works", "id", work_id)[0]))
                for table, column, on_delete in naming:
                    if on_delete == "CASCADE":
                        removal.rows += [(table, work_id, row) for row in _rows(self.db, table, column, work_id)]
                    elif on_delete == "SET NULL":  # the row stays without the work (a find): keep which rows named it
                        removal.unlinked += [(table, column, rowid, work_id) for (rowid,) in self.db.execute(
                            f"SELECT rowid FROM [{table}] WHERE [{column}] = ?", [work_id])]
                self.db.execute("DELETE FROM works WHERE id = ?", [work_id])
        return removal

    def restore(self, removal: Removal) -> list[Work]:
        """Put removed works back as they were — same ids, fingerprints, voice samples, probing consent, and the
        finds that named them — with no file read again. A work whose file was added again since stays as it is."""
        back = [w for w in removal.works if self.get(w.id) is None and not self._holds(w.sha256)]
        ids = {w.id for w in back}
        with transaction(self.db):
            for table, work_id, row in removal.rows:  # a work's own row comes before the rows that refer to it
                if work_id in ids:
                    self.db.table(table).insert(row)
            for table, column, rowid, work_id in removal.unlinked:  # (the work's row, put back, may have linked
                if work_id in ids:  # them already: db.py v21; a find of the same copy linked so is not doubled)
                    self.db.execute(f"UPDATE OR IGNORE [{table}] SET [{column}] = ? WHERE rowid = ?"
                                    f" AND [{column}] IS NULL", [work_id, rowid])
        return [w for w in (self.get(w.id) for w in back) if w is not None]

    def _holds(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM works WHERE sha256 = ?", [sha256]).fetchone() is not None

    def refresh_statuses(self) -> list[Work]:
        """Flag works whose file moved away or changed since it was added; returns the works now flagged."""
        flagged = []
        for work in self.works():
            status = _current_status(work, self.db)
            if status != work.status:  # by its id alone: a work removed meanwhile (the window looks while
                with transaction(self.db):  # the creator removes) is no error
                    self.db.execute("UPDATE works SET status = ? WHERE id = ?", [status, work.id])
            if status != "ok":
                flagged.append(self.get(work.id) or work)
        return flagged


def _current_status(work: Work, db: sqlite_utils.Database) -> str:
    path = Path(work.path)
    try:
        info = path.stat()
    except OSError:
        return "missing"
    row = next(db.table("works").rows_where("id = ?", [work.id], select="mtime"), None)
    if row is None or (info.st_size == work.size and info.st_mtime == row["mtime"]):  # gone meanwhile, or as added
        return "ok"
    try:
        same = info.st_size == work.size and sha256_file(path) == work.sha256
    except OSError:
        return "missing"
    if same:
        with transaction(db):
            db.execute("UPDATE works SET mtime = ? WHERE id = ?", [info.st_mtime, work.id])
        return "ok"
    return "changed"


def _prepare(path: Path, cancel: threading.Event | None, preferences: Preferences) -> _Prepared:
    """Everything slow about one file — sniffing, hashing, probing, fingerprinting — done off the database thread.

    The creator's `preferences` hold their alert line for each kind, below which copies are never reported; only
    the engines of the kinds met are loaded (the audio engine alone takes 0.3 s to load).
    """
    if cancel is not None and cancel.is_set():
        return _Prepared(path, problem="stopped before this file")
    if stored_path(path) is None:  # a name from a non-UTF-8 disk can hold bytes that are not text
        return _Prepared(path, problem=UNREADABLE_NAME)
    try:
        sniffed = sniff_file(path)  # refuses an empty file and one too large before reading it
        info = path.stat()
        digest = sha256_file(path)
        facts = probe_facts(path, sniffed.kind)
        module = modality(sniffed.kind)
        blob = module.fingerprint_file(path)
        line = preferences.threshold(sniffed.kind, module.DEFAULT_THRESHOLD)
        return _Prepared(path, sniffed.kind, sniffed.format, info.st_size, info.st_mtime, digest, facts, blob,
                         module.VERSION, warning=unfindable_reason(sniffed.kind, path, blob, line))
    except UnreadableMedia as exc:
        return _Prepared(path, problem=str(exc))
    except FileNotFoundError:
        return _Prepared(path, problem="the file disappeared while it was being added")
    except PermissionError:
        return _Prepared(path, problem=NOT_ALLOWED_TO_READ)
    except IsADirectoryError:
        return _Prepared(path, problem="this is a folder, not a file")
    except OSError as exc:
        return _Prepared(path, problem=f"the file could not be read ({exc.strerror or exc})")
    except MemoryError:
        return _Prepared(path, problem="the file is too large to analyse on this computer")
    except Exception as exc:  # one bad file stays one bad file: the rest of the import goes on
        log.exception("could not add %r", path)
        return _Prepared(path, problem=unexpected_problem(exc))


def unfindable_reason(kind: str, path: Path, blob: bytes, line: float) -> str:
    """Why copies of this work will never be found, or "": a licence or a two-line note, a one-second sound or a
    silent recording, a solid-colour picture (each loaded only when such a work is added)."""
    if kind == "text":
        from creatorwatch.core.fingerprint.text_findable import unfindable_reason

        return unfindable_reason(blob, line)
    if kind == "audio":
        from creatorwatch.core.fingerprint.audio_findable import unfindable_reason as unheard_reason

        return unheard_reason(path, blob, line)
    if kind == "image":
        from creatorwatch.core.fingerprint.image_findable import unfindable_reason as unseen_reason

        return unseen_reason(path, blob, line)
    return ""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _title_for(path: Path) -> str:
    return path.stem.replace("_", " ").strip() or path.name


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
