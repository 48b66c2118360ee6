"""A bundle from a folder source shows the copy: the file kept as captured, the picture beside the work, the
copied passages quoted from both versions with the changed words marked, no raw data, and a notice that lists what
the bundle really holds."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
import sqlite_utils

from creatorwatch.core.evidence.bundle import export_bundle
from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from tests.media import make_picture

NAMES = ["harrow", "quill", "mossel", "brindle", "tamsin", "oriel", "caddock", "wyn", "pellam", "sorrel", "juno"]


def _story(seed: int, sentences: int = 60) -> str:
    rng = random.Random(seed)
    return " ".join(f"{rng.choice(NAMES).capitalize()} {rng.choice(['kept', 'lost', 'found', 'mended'])} the "
                    f"{rng.choice(NAMES)} of {rng.choice(NAMES)}{rng.randint(1, 999)} by the "
                    f"{rng.choice(NAMES)}{rng.randint(1, 999)}." for _ in range(sentences))


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_database(tmp_path / "data" / "creatorwatch.sqlite3")


def _found(db: sqlite_utils.Database, tmp_path: Path, mine: Path, copy_name: str, copy: bytes) -> int:
    watched = tmp_path / "watched"
    watched.mkdir()
    (watched / copy_name).write_bytes(copy)
    Library(db).add_paths([mine])
    SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(watched)}))
    summary = Monitor(db).check()
    assert summary.total("matches") == 1
    return Findings(db).all()[0].id


def test_a_picture_find_is_shown_beside_the_work_with_its_capture(db: sqlite_utils.Database, tmp_path: Path) -> None:
    mine = make_picture(tmp_path / "lighthouse.png", seed=7)
    match_id = _found(db, tmp_path, mine, "scraped.png", mine.read_bytes())
    result = export_bundle(db, [match_id], tmp_path / "bundle.zip")
    assert not [w for w in result.warnings if "no capture" in w]
    with zipfile.ZipFile(result.path) as z:
        names = z.namelist()
        capture = next(n for n in names if n.endswith("/candidate.png"))
        assert z.read(capture) == mine.read_bytes()
        facts = z.read(capture.replace("candidate.png", "capture.json")).decode()
        assert "scraped.png" in facts and '"sha256"' in facts and '"modified"' in facts
        assert f"previews/match-{match_id}-candidate.jpg" in names  # the candidate's side is drawn
        report = z.read("report.html").decode()
        notice = z.read("notice.txt").decode()
    assert "Side by side: your work (left) and the candidate (right)" in report
    assert "File as found" in report and "scraped.png" in report and "HTTP status" not in report
    assert "available on request" not in notice
    assert "the material as captured" in notice and "candidate.png" in notice


def test_copied_passages_are_quoted_from_both_versions_with_changes_marked(db: sqlite_utils.Database,
                                                                          tmp_path: Path) -> None:
    text = _story(3)
    mine = tmp_path / "novel.txt"
    mine.write_text(text, encoding="utf-8")
    words = text.split()
    words[40] = "ZEPPELIN"  # one word changed inside the copied stretch
    match_id = _found(db, tmp_path, mine, "dataset-row.txt", " ".join(words).encode())
    result = export_bundle(db, [match_id], tmp_path / "bundle.zip")
    with zipfile.ZipFile(result.path) as z:
        report = z.read("report.html").decode()
        notice = z.read("notice.txt").decode()
        pdf = z.read("report.pdf")
    assert "<span class='differs'>ZEPPELIN</span>" in report
    assert f"<span class='differs'>{text.split()[40]}</span>" in report  # the word it replaced, on your side
    assert " ".join(text.split()[10:20]) in report  # unchanged words quoted as they are
    for raw in ('[{"', '{"score"', "candidate_span", "work_span"):
        assert raw not in report and raw not in notice
    assert "copied words (passage score" in report
    assert pdf.startswith(b"%PDF")
