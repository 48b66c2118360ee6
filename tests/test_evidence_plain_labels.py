"""The report's "How it was matched" rows are labelled in words a creator reads, never the evidence's raw keys
("candidate share copied 0.987", "longest run words 160")."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from creatorwatch.core.evidence.bundle import export_bundle
from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from tests.test_evidence_shows_the_copy import _story


def test_a_text_matchs_rows_read_as_words(tmp_path: Path) -> None:
    works, watched = tmp_path / "works", tmp_path / "watched"
    works.mkdir()
    watched.mkdir()
    story = _story(3)
    (works / "The lantern keeper.txt").write_text(story, encoding="utf-8")
    (watched / "scraped-row-0042.txt").write_text("Generated for you:\n" + story.replace("kept", "held", 1),
                                                  encoding="utf-8")
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    Library(db).add_paths([works])
    SourceStore(db).add(SourceConfig("dataset-dump", "folder", settings={"path": str(watched)}))
    Monitor(db).check()
    found = Findings(db).all()
    assert len(found) == 1
    assert {"candidate_words", "longest_run_words", "candidate_share_copied"} <= set(found[0].evidence)

    with zipfile.ZipFile(export_bundle(db, [found[0].id], tmp_path / "bundle.zip").path) as z:
        page = z.read("report.html").decode()
    labels = re.findall(r"<tr><th>([^<]*)</th>", page)
    for raw in ("candidate words", "longest run words", "candidate share copied"):
        assert raw not in labels
    for said in ("Words in the candidate", "Longest run copied word for word (words)",
                 "Share of the candidate that is copied (of 1)"):
        assert said in labels
