"""The one SQLite file that holds the library and everything CreatorWatch finds.

WAL journal with synchronous=NORMAL: a crash or a killed process loses at most the transaction in flight.
Schema changes are numbered migrations recorded in PRAGMA user_version; a file from a newer CreatorWatch is
refused rather than guessed at. Open one connection per thread.
"""

from __future__ import annotations

import errno
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from creatorwatch.core.errors import DamagedDataFile, StorageError
from creatorwatch.core.store.read_only import cannot_save, open_read_only, read_only_because, unwritable_because

_WORK_COLUMNS = """
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
        """


def _v1_library(db: sqlite_utils.Database) -> None:
    db.execute(f"CREATE TABLE works (id INTEGER PRIMARY KEY, {_WORK_COLUMNS})")
    db.execute(
        """CREATE TABLE fingerprints (
            work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            version INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (work_id, kind)
        )"""
    )


def _v2_monitoring(db: sqlite_utils.Database) -> None:
    """Watching the world: watch terms, configured sources with their cursors and health, what they found."""
    for statement in (
        """CREATE TABLE terms (
            id INTEGER PRIMARY KEY,
            term TEXT NOT NULL UNIQUE COLLATE NOCASE,
            added_at TEXT NOT NULL
        )""",
        """CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            base_url TEXT,
            settings TEXT NOT NULL DEFAULT '{}',
            enabled INTEGER NOT NULL DEFAULT 1,
            added_at TEXT NOT NULL
        )""",
        """CREATE TABLE cursors (
            source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
            cursor TEXT NOT NULL DEFAULT '{}',
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE source_health (
            source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
            state TEXT NOT NULL DEFAULT 'new',
            failures INTEGER NOT NULL DEFAULT 0,
            failing_since TEXT,
            last_error TEXT,
            retry_at TEXT,
            last_run TEXT,
            last_ok TEXT,
            next_run TEXT
        )""",
        """CREATE TABLE candidates (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            media_url TEXT,
            sha256 TEXT,
            revision TEXT,
            published TEXT,
            meta TEXT NOT NULL DEFAULT '{}',
            first_seen TEXT NOT NULL,
            problem TEXT
        )""",
        "CREATE INDEX candidates_sha256 ON candidates(sha256)",
        """CREATE TABLE matches (
            id INTEGER PRIMARY KEY,
            type TEXT NOT NULL CHECK (type IN ('match', 'mention')),
            candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
            work_id INTEGER REFERENCES works(id) ON DELETE SET NULL,
            term TEXT,
            kind TEXT,
            score REAL NOT NULL,
            evidence TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'confirmed', 'dismissed', 'licensed')),
            found_at TEXT NOT NULL,
            reviewed_at TEXT
        )""",
        "CREATE UNIQUE INDEX matches_one_per_work ON matches(candidate_id, work_id) WHERE type = 'match'",
        "CREATE UNIQUE INDEX matches_one_per_term ON matches(candidate_id, term) WHERE type = 'mention'",
        "CREATE INDEX matches_status ON matches(status)",
    ):
        db.execute(statement)


def _v3_review_and_preferences(db: sqlite_utils.Database) -> None:
    """Licensed uses that must never alert again (by site or URL pattern), and the creator's preferences."""
    for statement in (
        """CREATE TABLE allowlist (
            id INTEGER PRIMARY KEY,
            pattern TEXT NOT NULL UNIQUE COLLATE NOCASE,
            note TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL
        )""",
        """CREATE TABLE preferences (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
    ):
        db.execute(statement)


def _v4_evidence(db: sqlite_utils.Database) -> None:
    """Evidence: what was captured when a match was found, the append-only custody log, and takedown records."""
    for statement in (
        """CREATE TABLE captures (
            id INTEGER PRIMARY KEY,
            candidate_url TEXT NOT NULL,
            captured_at TEXT NOT NULL,
            folder TEXT NOT NULL,
            facts TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX captures_candidate ON captures(candidate_url)",
        """CREATE TABLE custody (
            id INTEGER PRIMARY KEY,
            match_id INTEGER NOT NULL,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX custody_match ON custody(match_id)",
        "CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody BEGIN SELECT RAISE(ABORT, 'append-only'); END",
        "CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody BEGIN SELECT RAISE(ABORT, 'append-only'); END",
        """CREATE TABLE takedowns (
            match_id INTEGER PRIMARY KEY REFERENCES matches(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            sent_at TEXT,
            channel TEXT,
            recipient TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            checked_at TEXT,
            check_result TEXT
        )""",
    ):
        db.execute(statement)


def _v5_voices(db: sqlite_utils.Database) -> None:
    """Voice likeness: the creator's named voices, and the works each was learnt from (with their segments)."""
    for statement in (
        """CREATE TABLE voices (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            added_at TEXT NOT NULL
        )""",
        """CREATE TABLE voice_works (
            work_id INTEGER PRIMARY KEY REFERENCES works(id) ON DELETE CASCADE,
            voice_id INTEGER NOT NULL REFERENCES voices(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            speech_seconds REAL NOT NULL,
            data BLOB NOT NULL,
            enrolled_at TEXT NOT NULL
        )""",
        "CREATE INDEX voice_works_voice ON voice_works(voice_id)",
    ):
        db.execute(statement)


def _v6_match_kinds(db: sqlite_utils.Database) -> None:
    """A candidate may copy a work's content and its voice at once: one match per work and kind, not per work."""
    db.execute("DROP INDEX matches_one_per_work")
    db.execute("CREATE UNIQUE INDEX matches_one_per_work_kind ON matches(candidate_id, work_id, kind)"
               " WHERE type = 'match'")


def _v7_protect(db: sqlite_utils.Database) -> None:
    """Protected copies: copies of a work written to carry "do not train" signals, each linked to its work."""
    db.execute(
        """CREATE TABLE protected_copies (
            id INTEGER PRIMARY KEY,
            work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            path TEXT NOT NULL UNIQUE,
            sha256 TEXT NOT NULL,
            signals TEXT NOT NULL DEFAULT '[]',
            match_score REAL,
            made_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX protected_copies_work ON protected_copies(work_id)")
    db.execute("CREATE INDEX protected_copies_sha256 ON protected_copies(sha256)")


def _v8_probe(db: sqlite_utils.Database) -> None:
    """Probing models: which works the creator agreed to send excerpts of, to which model endpoint, at what address."""
    db.execute(
        """CREATE TABLE probe_consent (
            work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            source TEXT NOT NULL,
            address TEXT NOT NULL,
            statement TEXT NOT NULL,
            given_at TEXT NOT NULL,
            PRIMARY KEY (work_id, source)
        )"""
    )


def _v9_provflow(db: sqlite_utils.Database) -> None:
    """What each find says about where it came from (Content Credentials, IPTC "made by AI"), read at fetch time."""
    db.execute(
        """CREATE TABLE candidate_provenance (
            candidate_id INTEGER PRIMARY KEY REFERENCES candidates(id) ON DELETE CASCADE,
            ai_labelled INTEGER NOT NULL DEFAULT 0,
            generator TEXT NOT NULL DEFAULT '',
            validation TEXT NOT NULL DEFAULT '',
            data TEXT NOT NULL DEFAULT '{}'
        )"""
    )


def _v10_week_rescan(db: sqlite_utils.Database) -> None:
    """Retroactive matching: each candidate's fingerprint (never its media), kept for the retention window so works
    added later are matched against what was already seen."""
    db.execute("""CREATE TABLE candidate_prints (
        candidate_id INTEGER PRIMARY KEY REFERENCES candidates(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        version INTEGER NOT NULL,
        data BLOB NOT NULL,
        kept_at TEXT NOT NULL
    )""")
    db.execute("CREATE INDEX candidate_prints_kind ON candidate_prints(kind, version)")
    db.execute("CREATE INDEX candidate_prints_kept ON candidate_prints(kept_at)")


def _v11_killsafe(db: sqlite_utils.Database) -> None:
    """An export between "bundle finished" and "custody recorded": see core/evidence/export_record.py."""
    db.execute("CREATE TABLE pending_exports (id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL,"
               " matches TEXT NOT NULL, detail TEXT NOT NULL, at TEXT NOT NULL)")


def _v12_protect_sites(db: sqlite_utils.Database) -> None:
    """The creator's own sites, re-audited on a schedule: the last audit is kept to notice an opt-out weakening."""
    db.execute("""CREATE TABLE watched_sites (
        url TEXT PRIMARY KEY,
        every_days INTEGER NOT NULL DEFAULT 7,
        added_at TEXT NOT NULL,
        checked_at TEXT,
        audit TEXT,
        changes TEXT NOT NULL DEFAULT '[]'
    )""")


def _v13_voice(db: sqlite_utils.Database) -> None:
    """Retroactive voice matching: each audio candidate's speech-segment embeddings (never its audio), kept for the
    same retention window as candidate_prints, so a voice enrolled later is matched against what was heard."""
    db.execute("""CREATE TABLE candidate_voices (
        candidate_id INTEGER PRIMARY KEY REFERENCES candidates(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        data BLOB NOT NULL,
        kept_at TEXT NOT NULL
    )""")
    db.execute("CREATE INDEX candidate_voices_kept ON candidate_voices(kept_at)")


def _v14_read_again(db: sqlite_utils.Database) -> None:
    """Works read better now are fingerprinted again when the library is next opened for matching (version 0 is
    outdated): pictures with transparency (one that showed nothing on white is laid on black, image_decode.ground_of)
    and RTF texts (read as their words, no longer as their control codes, textread._read_rtf)."""
    db.execute("UPDATE fingerprints SET version = 0 WHERE kind = 'image' AND work_id IN (SELECT id FROM works "
               "WHERE json_extract(facts, '$.mode') IN ('RGBA', 'LA', 'La', 'RGBa', 'P', 'PA'))")
    db.execute("UPDATE fingerprints SET version = 0 WHERE kind = 'text' AND work_id IN (SELECT id FROM works "
               "WHERE lower(path) LIKE '%.rtf')")


def _v15_text_joined(db: sqlite_utils.Database) -> None:
    """Text fingerprints of version 6 keep a work's joined reading too (text_joined.py): works are fingerprinted
    again as outdated ones are, while the text candidates kept for rescans, read as written as they still are,
    stay current, so a quote seen before the update is still matched against the works added after it."""
    db.execute("UPDATE candidate_prints SET version = 6 WHERE kind = 'text' AND version = 5")


def _v16_text_contractions(db: sqlite_utils.Database) -> None:
    """Text fingerprints of version 7 join a lone contraction to the word before it in a work's joined reading,
    as a copy with its punctuation deleted reads it ("ls -d" as "ls d", then "lsd"): works are fingerprinted again,
    and the text candidates kept for rescans, read as written as before, stay current."""
    db.execute("UPDATE candidate_prints SET version = 7 WHERE kind = 'text' AND version = 6")


def _v17_unfinished_adds(db: sqlite_utils.Database) -> None:
    """The files of an add not yet recorded: see core/library/unfinished.py."""
    db.execute("CREATE TABLE IF NOT EXISTS unfinished_adds (path TEXT PRIMARY KEY, queued_at TEXT NOT NULL)")


def _v18_work_ids_never_reused(db: sqlite_utils.Database) -> None:
    """A removed work's id is never given to another work (AUTOINCREMENT): a script keeping ids, or `remove 5` run
    twice, must not act on a work added since. SQLite cannot add AUTOINCREMENT to a table, so the table is rebuilt
    with its rows and ids as they are; _migrate runs this with foreign keys off, so that dropping the old table
    leaves the fingerprints, matches and other rows that refer to the works as they are."""
    db.execute(f"CREATE TABLE works_new (id INTEGER PRIMARY KEY AUTOINCREMENT, {_WORK_COLUMNS})")
    db.execute("INSERT INTO works_new SELECT * FROM works")
    db.execute("DROP TABLE works")
    db.execute("ALTER TABLE works_new RENAME TO works")


def _v19_fetch_attempts(db: sqlite_utils.Database) -> None:
    """How many times a candidate's media was tried: one that could not be fetched is tried again on later checks
    (monitor.READ_ATTEMPTS), so a server's passing 500 does not lose a find."""
    if "attempts" not in {row[1] for row in db.execute("PRAGMA table_info(candidates)")}:  # run twice: as it is
        db.execute("ALTER TABLE candidates ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1")
    db.execute("CREATE INDEX IF NOT EXISTS candidates_to_read_again ON candidates(source) WHERE problem IS NOT NULL")


def _v20_host_holds(db: sqlite_utils.Database) -> None:
    """Hosts that asked CreatorWatch to wait (a 429): see core/records/host_holds.py."""
    db.execute("CREATE TABLE IF NOT EXISTS host_holds (host TEXT PRIMARY KEY, source TEXT NOT NULL,"
               " until TEXT NOT NULL)")


def _v21_finds_of_removed_works(db: sqlite_utils.Database) -> None:
    """A find keeps the content (sha256) of the work it pointed at when that work is removed (its work_id becomes
    NULL, as before), and when the same content is added again as a new work, its earlier finds point at it again,
    whichever face removed and added it (the window, the command line, a script). Finds made orphans before this
    version cannot say what they pointed at and stay without a work."""
    if "removed_work_sha256" not in {row[1] for row in db.execute("PRAGMA table_info(matches)")}:
        db.execute("ALTER TABLE matches ADD COLUMN removed_work_sha256 TEXT")
    for statement in (
        "CREATE INDEX IF NOT EXISTS matches_removed_work ON matches(removed_work_sha256)"
        " WHERE removed_work_sha256 IS NOT NULL",
        """CREATE TRIGGER IF NOT EXISTS works_removed_finds_keep_content BEFORE DELETE ON works BEGIN
            UPDATE matches SET removed_work_sha256 = OLD.sha256 WHERE work_id = OLD.id AND type = 'match';
        END""",
        # one find per candidate and kind is linked again (a copy found twice, between two removals, is one find)
        """CREATE TRIGGER IF NOT EXISTS works_added_finds_linked_again AFTER INSERT ON works BEGIN
            UPDATE matches SET work_id = NEW.id, removed_work_sha256 = NULL
            WHERE work_id IS NULL AND type = 'match' AND removed_work_sha256 = NEW.sha256
              AND id = (SELECT min(same.id) FROM matches same WHERE same.candidate_id = matches.candidate_id
                        AND same.kind IS matches.kind AND same.work_id IS NULL AND same.type = 'match'
                        AND same.removed_work_sha256 = NEW.sha256)
              AND NOT EXISTS (SELECT 1 FROM matches held WHERE held.candidate_id = matches.candidate_id
                              AND held.kind IS matches.kind AND held.work_id = NEW.id AND held.type = 'match');
        END""",
    ):
        db.execute(statement)


def _v22_unfinished_adds_owned(db: sqlite_utils.Database) -> None:
    """Each file of an add not yet recorded names the add that will record it (`add_id`, its claim in
    core/store/process_locks.py), so an add still running in another process is not taken for one that closed
    halfway; one file may wait for two adds at once. Files kept before this version name none: as before, they are
    said as left by an add that closed."""
    db.execute("CREATE TABLE unfinished_adds_new (path TEXT NOT NULL, add_id TEXT NOT NULL DEFAULT '',"
               " queued_at TEXT NOT NULL, PRIMARY KEY (path, add_id))")
    db.execute("INSERT INTO unfinished_adds_new (path, queued_at) SELECT path, queued_at FROM unfinished_adds"
               " ORDER BY rowid")
    db.execute("DROP TABLE unfinished_adds")
    db.execute("ALTER TABLE unfinished_adds_new RENAME TO unfinished_adds")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1_library, _v2_monitoring, _v3_review_and_preferences,
                                                               _v4_evidence, _v5_voices, _v6_match_kinds, _v7_protect,
                                                               _v8_probe, _v9_provflow, _v10_week_rescan, _v11_killsafe,
                                                               _v12_protect_sites, _v13_voice, _v14_read_again,
                                                               _v15_text_joined, _v16_text_contractions,
                                                               _v17_unfinished_adds, _v18_work_ids_never_reused,
                                                               _v19_fetch_attempts, _v20_host_holds,
                                                               _v21_finds_of_removed_works,
                                                               _v22_unfinished_adds_owned]
SCHEMA_VERSION = len(MIGRATIONS)
DISK_FULL = (errno.ENOSPC, errno.EDQUOT)  # a full disk, or the creator's share of it used up
WAL_SWITCH_SECONDS = 15.0  # as long as a connection waits for a lock


def open_database(path: Path) -> sqlite_utils.Database:
    """Open (creating or upgrading) the data file at `path`; one that can be read but not written is opened
    read-only (core/store/read_only.py), so it is still shown, and every write is refused with the reason."""
    if read_only_because(path) is not None:
        return _open_read_only(path)
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
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
        _migrate(db, found)
    except sqlite3.DatabaseError as exc:
        raise storage_error(exc, path) from exc
    return db


def _open_read_only(path: Path) -> sqlite_utils.Database:
    """The data file as it is: nothing switched, nothing upgraded (that would be a write)."""
    try:
        conn = open_read_only(path)
        conn.execute("PRAGMA foreign_keys = ON")
        found = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise storage_error(exc, path) from exc
    if found != SCHEMA_VERSION:
        conn.close()
        newer = "a newer" if found > SCHEMA_VERSION else "an older"
        because = read_only_because(path)
        why = cannot_save(because, path) if because else ""
        raise StorageError(f"The data file {path} was written by {newer} version of CreatorWatch and cannot be "
                           f"updated or read as it is. {why}".strip())
    return sqlite_utils.Database(conn)


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch a new file to write-ahead logging (the mode stays with the file). Connections opened at the same
    moment race for it, and SQLite answers the loser "locked" at once instead of waiting, so it tries again."""
    deadline = time.monotonic() + WAL_SWITCH_SECONDS
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _migrate(db: sqlite_utils.Database, found: int) -> None:
    """Each step re-reads the version under the write lock: connections opened at the same moment (several
    threads of one app) must not run the same step twice. Foreign keys are off meanwhile (SQLite ignores the
    switch inside a transaction): a step that rebuilds a table drops the old one, which must not cascade."""
    if found == SCHEMA_VERSION:
        return
    db.conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for number in range(found, SCHEMA_VERSION):
            with transaction(db):
                if db.execute("PRAGMA user_version").fetchone()[0] > number:
                    continue
                MIGRATIONS[number](db)
                db.execute(f"PRAGMA user_version = {number + 1}")
    finally:
        db.conn.execute("PRAGMA foreign_keys = ON")


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Writes inside happen together or not at all."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite rolls back by itself on a full disk: a second ROLLBACK would fail, and its
            conn.execute("ROLLBACK")  # "no transaction is active" hide the full disk
        raise


def cannot_store(exc: BaseException, path: Path | None = None) -> StorageError | None:
    """`exc` in a creator's words when it means CreatorWatch could not store what it had (a full disk, a damaged
    or busy data file at `path`); None for anything else, a mistake in CreatorWatch itself among them."""
    if isinstance(exc, StorageError):
        return exc
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, (sqlite3.ProgrammingError,
                                                                        sqlite3.InterfaceError)):
        return storage_error(exc, path)
    if isinstance(exc, OSError) and exc.errno in DISK_FULL:
        return disk_full(Path(exc.filename).parent if exc.filename else path)
    return None


def disk_full(path: Path | None = None) -> StorageError:
    """What a creator is told when the disk holding `path` (the data file, a folder being written) is full."""
    where = f" ({path})" if path else ""
    return StorageError(f"The disk is full, so CreatorWatch could not save{where}. Free some space and try again.")


def damaged(path: Path | None = None) -> DamagedDataFile:
    """What a creator is told when the data file at `path` is damaged."""
    where = f" ({path})" if path else ""
    return DamagedDataFile(f"The data file{where} is damaged. Restore it from a backup, or move it aside to start "
                           "afresh.")


def file_of(db: sqlite_utils.Database) -> Path | None:
    """The data file `db` was opened from (None for one in memory), to name it in what the creator is told."""
    for _seq, name, file in db.conn.execute("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file)
    return None


def storage_error(exc: sqlite3.Error, path: Path | None = None) -> StorageError:
    """Translate an SQLite failure into words a creator can act on."""
    where = f" ({path})" if path else ""
    text = str(exc).lower()
    if "disk is full" in text or "disk i/o" in text:
        return disk_full(path)
    if "locked" in text or "busy" in text:
        return StorageError(f"The data file{where} is in use by another program or another CreatorWatch window, "
                            "so CreatorWatch could not save. Try again in a moment.")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return damaged(path)
    if "readonly" in text or "unable to open" in text:
        if path is not None and (because := unwritable_because(path)) is not None:  # say which: the fixes differ
            return StorageError(cannot_save(because, path))
        return StorageError(f"CreatorWatch cannot write its data file{where}: check the folder's permissions.")
    return StorageError(f"The data file{where} could not be used: {exc}")
