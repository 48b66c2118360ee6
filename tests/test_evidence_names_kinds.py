"""The takedown notice and the report name what each work is the way a creator would: "plain text" for a plain
text work (its stored format only repeats its kind, which read "(text, text)"), "image, PNG" for a picture."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pypdf

from creatorwatch.core.evidence.bundle import export_bundle
from creatorwatch.core.library.sniff import kind_and_format
from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from tests.media import make_picture
from tests.test_evidence_shows_the_copy import _story


def test_the_notice_and_report_say_plain_text_not_text_text(tmp_path: Path) -> None:
    works, watched = tmp_path / "works", tmp_path / "watched"
    works.mkdir()
    watched.mkdir()
    shutil.copy(make_picture(works / "Harbour study.png", seed=7, size=(480, 360)), watched / "dataset-000913.png")
    story = _story(3)
    (works / "The lantern keeper.txt").write_text(story, encoding="utf-8")
    (watched / "scraped-row-0042.txt").write_text(story.replace("kept", "held", 1), encoding="utf-8")
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    Library(db).add_paths([works])
    SourceStore(db).add(SourceConfig("dataset-dump", "folder", settings={"path": str(watched)}))
    Monitor(db).check()
    ids = [f.id for f in Findings(db).all()]
    assert len(ids) == 2

    with zipfile.ZipFile(export_bundle(db, ids, tmp_path / "bundle.zip").path) as z:
        notice = z.read("notice.txt").decode()
        page = z.read("report.html").decode()
        pdf = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(z.read("report.pdf"))).pages)

    assert '"The lantern keeper" (plain text); SHA-256' in notice
    assert '"Harbour study" (image, PNG); SHA-256' in notice
    for shown in (notice, page, pdf):
        assert "text, text" not in shown
    assert "The lantern keeper (#" in pdf and ", plain text)" in pdf


def test_a_format_that_says_more_than_the_kind_is_kept() -> None:
    assert kind_and_format("text", "PDF") == "text, PDF"
    assert kind_and_format("text", "Word document") == "text, Word document"
    assert kind_and_format("audio", "WAV") == "audio, WAV"
    assert kind_and_format("text", "text") == "plain text"
