"""A check whose findings do not fit on the disk: the source's health and latest problem say the disk is full (the
Sources page reads them; a message in the status bar alone went as soon as something else was said), and the capture
folders it wrote before the disk filled go with the findings they belonged to, instead of filling the disk further
and lying there unlisted. Once there is room, the next check records the same copies.

The full disk is SQLite's own: the data file is not allowed to grow (PRAGMA max_page_count), so SQLite answers
"database or disk is full" (SQLITE_FULL) as it does when the disk is full, after some findings were written."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlite_utils

from creatorwatch.core.evidence.capture import keep_file_for_match
from creatorwatch.core.library.works import Library
from creatorwatch.core.model_probe.record import Find, _keep
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.sources.model_endpoint import Exchange
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from tests.media import make_picture

COPIES = 6


def _library_and_a_folder_of_copies(tmp_path: Path) -> tuple[sqlite_utils.Database, Path]:
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    works, found = tmp_path / "works", tmp_path / "found"
    works.mkdir()
    found.mkdir()
    for seed in range(1, COPIES + 1):
        make_picture(works / f"work-{seed}.png", seed=seed)
    Library(db).add_paths([works])
    SourceStore(db).add(SourceConfig("downloads-watch", "folder", settings={"path": str(found)}))
    assert Monitor(db).check().sources[0].state == "ok"  # nothing there yet
    for seed in range(1, COPIES + 1):
        make_picture(found / f"copy-{seed}.png", seed=seed, size=(480, 360))
    return db, tmp_path / "data" / "captures"


def _folders(captures: Path) -> set[str]:
    return set(os.listdir(captures)) if captures.is_dir() else set()


def test_a_check_that_fills_the_disk_says_so_on_the_source_and_leaves_no_captures(tmp_path: Path) -> None:
    db, captures = _library_and_a_folder_of_copies(tmp_path)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 4}")  # room for the first finds, not for all

    summary = Monitor(db).check()

    full = (
        f"The disk is full, so CreatorWatch could not save ({tmp_path / 'data' / 'creatorwatch.sqlite3'}). "
        "Free some space and try again."
    )
    outcome = summary.sources[0]
    assert (outcome.state, outcome.error) == ("failing", full)
    health = SourceStore(db).get("downloads-watch")
    assert health is not None
    assert (health.health.state, health.health.last_error) == ("failing", full)  # the Sources page's Latest problem
    assert _folders(captures) == set()  # none left by the finds that were not recorded
    assert db.execute("SELECT count(*) FROM captures").fetchone()[0] == 0

    db.execute("PRAGMA max_page_count = 1073741823")  # space freed
    again = Monitor(db).check()

    assert (again.sources[0].state, again.sources[0].matches) == ("ok", COPIES)
    assert len(Findings(db).all(type_="match")) == COPIES
    rows = {folder for (folder,) in db.execute("SELECT folder FROM captures")}
    assert _folders(captures) == rows and len(rows) == COPIES


def test_a_capture_that_cannot_be_recorded_leaves_no_folder(tmp_path: Path) -> None:
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    copy = make_picture(tmp_path / "copy.png", seed=3)
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
    address = f"{copy.as_uri()}?{'long' * 2000}"  # its row needs pages the data file may not grow by

    with pytest.raises(sqlite3.OperationalError, match="full"):  # the check's transaction fails: see above
        keep_file_for_match(db, copy, address)

    assert _folders(tmp_path / "data" / "captures") == set()


def test_a_probe_answer_that_cannot_be_recorded_leaves_no_folder(tmp_path: Path) -> None:
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
    answer = Exchange("POST", "https://model.example/v1/chat", [], b"{}", 200, [], b"the words", datetime.now(UTC))
    find = Find(
        "model",
        1,
        "text",
        0.9,
        f"https://model.example/v1/chat#{'long' * 2000}",
        "probe",
        "the words",
        {},
        [answer],
        b"the words",
        "candidate.txt",
    )

    with pytest.raises(sqlite3.OperationalError, match="full"):
        _keep(db, find)

    assert _folders(tmp_path / "data" / "captures") == set()
