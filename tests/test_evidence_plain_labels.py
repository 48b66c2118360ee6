"""The report's "How it was matched" rows are labelled in words a creator reads, never the evidence's raw keys
("candidate share copied 0.987", "longest run words 160")."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from PIL import Image

from creatorwatch.core.evidence.bundle import export_bundle
from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from tests.test_evidence_shows_the_copy import _story
from tests.test_image_combined_edits import painting


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


def test_a_cropped_pictures_report_says_how_much_of_the_picture_the_copy_shows(tmp_path: Path) -> None:
    """A copy cropped to 75 % of each side shows 56 % of the picture; the report's only share said 0.16, the
    area the matching details happened to span."""
    picture = painting(3)
    width, height = picture.size
    rows = _picture_rows(tmp_path, picture.crop((width // 8, height // 8, width // 8 + width * 3 // 4,
                                                 height // 8 + height * 3 // 4)))
    assert abs(float(rows["Share of your picture the copy shows (of 1)"]) - 0.5625) < 0.03


def _picture_rows(tmp_path: Path, copy: Image.Image) -> dict[str, str]:
    """The report's rows for the one match a folder check finds of `copy` against painting(3)."""
    works, watched = tmp_path / "works", tmp_path / "watched"
    works.mkdir()
    watched.mkdir()
    painting(3).save(works / "harbour.png")
    copy.save(watched / "copy.jpg", quality=85)
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    Library(db).add_paths([works])
    SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(watched)}))
    Monitor(db).check()
    [found] = Findings(db).all()
    with zipfile.ZipFile(export_bundle(db, [found.id], tmp_path / "bundle.zip").path) as z:
        page = z.read("report.html").decode()
    return dict(re.findall(r"<tr><th>([^<]*)</th><td>([^<]*)</td>", page))


SIZE = "Size the copy shows your picture at, in pixels (1 = its own size)"


def test_a_crop_kept_at_its_original_size_reads_as_its_own_size(tmp_path: Path) -> None:
    """A crop of 60 % of each side, not resized: the report said "scale 1.6" (the engine's, between the two
    pictures compared at one size), which a reader takes for an enlargement."""
    picture = painting(3)
    width, height = picture.size
    crop = picture.crop((width // 5, height // 5, width // 5 + width * 3 // 5, height // 5 + height * 3 // 5))
    rows = _picture_rows(tmp_path, crop)
    assert abs(float(rows[SIZE]) - 1.0) < 0.08
    assert rows["How the copy was changed"] == "neither turned nor mirrored"
    assert "Transform" not in rows


def test_a_mirrored_copy_scaled_to_half_reads_half_and_mirrored(tmp_path: Path) -> None:
    picture = painting(3)
    half = picture.transpose(Image.Transpose.FLIP_LEFT_RIGHT).resize((picture.width // 2, picture.height // 2))
    rows = _picture_rows(tmp_path, half)
    assert abs(float(rows[SIZE]) - 0.5) < 0.05
    assert rows["How the copy was changed"] == "mirrored"
