"""The data file: created with WAL and a schema version, upgraded in place, never damaged by a newer version."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from creatorwatch.core.errors import StorageError
from creatorwatch.core.store.db import SCHEMA_VERSION, open_database, transaction
from tests.conftest import CliRunner


def test_new_file_uses_wal_and_records_its_schema_version(tmp_path: Path) -> None:
    db = open_database(tmp_path / "cw.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert {"works", "fingerprints"} <= set(db.table_names())


def test_reopening_keeps_data_and_does_not_migrate_twice(tmp_path: Path) -> None:
    path = tmp_path / "cw.sqlite3"
    db = open_database(path)
    db.table("works").insert({"title": "t", "kind": "text", "format": "text", "path": "/x", "size": 1, "mtime": 0,
                        "sha256": "ab", "added_at": "2026-01-01"})
    db.conn.close()
    again = open_database(path)
    assert again["works"].count == 1


def test_file_from_a_newer_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "cw.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StorageError, match="newer version of CreatorWatch"):
        open_database(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_damaged_file_gets_a_plain_message(tmp_path: Path) -> None:
    path = tmp_path / "cw.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StorageError, match="damaged"):
        open_database(path)


def test_a_failed_transaction_leaves_the_last_good_state(tmp_path: Path) -> None:
    db = open_database(tmp_path / "cw.sqlite3")
    row = {"title": "t", "kind": "text", "format": "text", "path": "/x", "size": 1, "mtime": 0, "added_at": "x"}
    with transaction(db):
        db.table("works").insert({**row, "sha256": "first"})
    with pytest.raises(RuntimeError), transaction(db):
        db.table("works").insert({**row, "sha256": "second"})
        raise RuntimeError("power cut")
    assert [r["sha256"] for r in db["works"].rows] == ["first"]


def test_a_new_file_opened_by_many_threads_at_once_opens_for_all(tmp_path: Path) -> None:
    """The window's first start reads the data file from several pool threads at the same moment."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    def open_and_close(path: Path, together: threading.Barrier) -> None:
        together.wait()
        open_database(path).conn.close()

    with ThreadPoolExecutor(6) as pool:
        for round_number in range(100):
            path, together = tmp_path / f"round{round_number}" / "creatorwatch.sqlite3", threading.Barrier(6)
            for opened in [pool.submit(open_and_close, path, together) for _ in range(6)]:
                opened.result()  # raises the StorageError "in use by another program…", if any


def test_a_data_file_damaged_in_the_middle_is_said_in_plain_words(run_cli: CliRunner, tmp_path: Path,
                                                                   home: Path) -> None:  # fmt: skip
    """Opening reads the first pages only; a page damaged further in shows when a command reads it. The command
    says the file is damaged and what to do, not a traceback."""
    works = tmp_path / "works"
    works.mkdir()
    for number in range(40):
        (works / f"note{number}.txt").write_text(f"Note {number}. " + "A line of the creator's own words. " * 200)
    assert run_cli("add", works).returncode == 0
    database = next(home.rglob("creatorwatch.sqlite3"))
    with closing(sqlite3.connect(database)) as conn:  # every page in the file itself, none in the write-ahead log
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        first = conn.execute("SELECT rootpage - 1 FROM sqlite_master WHERE name = 'works'").fetchone()[0]
    data = bytearray(database.read_bytes())
    page = 4096
    assert first > 0 and len(data) > (first + 8) * page
    data[first * page : (first + 5) * page] = bytes(range(256)) * (5 * page // 256)  # the works' pages
    database.write_bytes(bytes(data))
    for command in (("works",), ("match", works / "note1.txt")):
        result = run_cli(*command)
        assert result.returncode == 1
        assert "is damaged" in result.stderr and "Traceback" not in result.stderr
