"""The one way to write a file (core/store/atomic.py) and the start-up sweep (core/watch/sweep.py), on a real data file:
what a killed process leaves is removed, what a live one is writing is not, and records are never deleted."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from creatorwatch.core.evidence import export_record
from creatorwatch.core.store import atomic
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.sweep import sweep


def _die_while_writing(target: str) -> None:
    """A child that starts writing `target` and dies (os._exit: like kill -9, nothing cleaned up)."""
    file = atomic.AtomicFile(Path(target))
    file.handle.write(b"half a bundle")
    file.handle.flush()
    os._exit(0)


def _die_in_check_folder(temp: str) -> None:
    import tempfile

    tempfile.tempdir = temp
    with atomic.owned_temp_folder("creatorwatch-check-") as folder:
        (folder / "download").write_bytes(b"x")
        os._exit(0)


def _in_child(target: Callable[[str], None], arg: str) -> None:
    child = multiprocessing.get_context("fork").Process(target=target, args=(arg,))
    child.start()
    child.join()


def test_a_file_appears_whole_and_no_partial_is_left(tmp_path: Path) -> None:
    target = tmp_path / "notice.txt"
    target.write_text("old")
    atomic.write_text(target, "new notice")
    assert target.read_text() == "new notice"
    assert [p.name for p in tmp_path.iterdir()] == ["notice.txt"]
    with pytest.raises(RuntimeError), atomic.atomic_write(target) as out:
        out.write(b"half")
        raise RuntimeError("disk gone")
    assert target.read_text() == "new notice" and [p.name for p in tmp_path.iterdir()] == ["notice.txt"]


def test_a_dead_writers_partial_is_swept_a_live_one_is_not(tmp_path: Path) -> None:
    data, temp = tmp_path / "data", tmp_path / "tmp"
    data.mkdir()
    temp.mkdir()
    _in_child(_die_while_writing, str(data / "bundle.zip"))
    _in_child(_die_in_check_folder, str(temp))
    dead = atomic.partial_path(data / "bundle.zip")
    assert dead.exists() and len(list(temp.iterdir())) == 1
    with atomic.AtomicFile(data / "live.zip") as live, atomic.owned_temp_folder("creatorwatch-check-"):
        report = sweep(data / "none.sqlite3", [data], temp=temp)
        assert live.partial.exists()  # still being written by this process: left alone
    assert not dead.exists() and list(temp.iterdir()) == []
    assert dead in report.removed and len(report.removed) == 2  # the partial and the check folder
    with atomic.AtomicFile(data / "bundle.zip") as again:  # a new export to the same file just starts
        again.handle.write(b"whole")
        again.commit()
    assert (data / "bundle.zip").read_bytes() == b"whole"


@pytest.mark.expect_log("creatorwatch.core.watch.sweep", "capture #2 (lost) has no folder on disk any more")
def test_capture_folders_without_a_record_go_records_without_a_folder_stay(tmp_path: Path) -> None:
    db = open_database(tmp_path / "creatorwatch.sqlite3")
    captures = tmp_path / "captures"
    kept, orphan = "20260101T000000Z-0123456789ab", "20260101T000001Z-ba9876543210"
    for name in (kept, orphan, "my notes"):  # the last was not made by CreatorWatch: not its to remove
        (captures / name).mkdir(parents=True)
        (captures / name / "candidate.png").write_bytes(b"png")
    for name in (kept, "lost"):
        db.execute("INSERT INTO captures (candidate_url, captured_at, folder, facts) VALUES (?, ?, ?, '{}')",
                   [f"https://x.example/{name}", "2026-01-01T00:00:00Z", name])
    db.conn.close()

    report = sweep(tmp_path / "creatorwatch.sqlite3", temp=tmp_path)

    assert sorted(p.name for p in captures.iterdir()) == [kept, "my notes"]
    assert report.removed == [captures / orphan]
    assert len(report.missing_captures) == 1 and "lost" in report.missing_captures[0]
    db = open_database(tmp_path / "creatorwatch.sqlite3")
    assert db.execute("SELECT count(*) FROM captures").fetchone()[0] == 2  # evidence rows are never deleted


def _match(db: sqlite_utils.Database) -> int:
    db.execute("INSERT INTO candidates (url, source, first_seen) VALUES ('https://x.example/1', 'x', 'now')")
    db.execute("INSERT INTO works (title, kind, format, path, size, mtime, sha256, added_at) VALUES "
               "('w', 'image', 'png', '/w.png', 1, 0, 'abc', 'now')")
    return int(db.execute("INSERT INTO matches (type, candidate_id, work_id, kind, score, found_at) VALUES "
                          "('match', 1, 1, 'image', 0.9, 'now')").lastrowid or 0)


def test_an_export_killed_after_the_rename_gets_its_custody_entry(tmp_path: Path) -> None:
    db = open_database(tmp_path / "creatorwatch.sqlite3")
    match_id = _match(db)
    placed, never = tmp_path / "placed.zip", tmp_path / "never.zip"
    for target in (placed, never):
        pending = export_record.begin(db, target, [match_id], "2026-01-01T00:00:00Z")
        export_record.ready(db, pending, hashlib.sha256(b"zip").hexdigest(), {"bundle": target.name})
    placed.write_bytes(b"zip")  # killed between the rename and the custody entry
    atomic.partial_path(never).write_bytes(b"zi")  # killed before the rename (its writer is gone: unlocked)
    db.conn.close()

    report = sweep(tmp_path / "creatorwatch.sqlite3", temp=tmp_path)

    assert report.exports_completed == [placed] and report.exports_dropped == [never]
    assert not atomic.partial_path(never).exists()
    db = open_database(tmp_path / "creatorwatch.sqlite3")
    rows = db.execute("SELECT match_id, action, detail FROM custody").fetchall()
    assert [(m, a, json.loads(d)["bundle"]) for m, a, d in rows] == [(match_id, "exported", "placed.zip")]
    assert db.execute("SELECT count(*) FROM pending_exports").fetchone()[0] == 0
