"""A work whose file was moved away (or changed) after it was added cannot go into the bundle: the report then
says so by name instead of claiming "Your original work files are included" beside a bundle that holds only its
recorded hash."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pypdf

from creatorwatch.core.evidence.bundle import export_bundle
from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from tests.media import make_picture


def _bundle(tmp_path: Path, move_away: str | None) -> tuple[list[str], str, str]:
    works, watched = tmp_path / "works", tmp_path / "watched"
    works.mkdir()
    watched.mkdir()
    for seed, name in ((7, "Harbour study"), (11, "Night ferry")):
        shutil.copy(make_picture(works / f"{name}.png", seed=seed, size=(480, 360)), watched / f"copy-{seed}.png")
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    Library(db).add_paths([works])
    SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(watched)}))
    Monitor(db).check()
    ids = [f.id for f in Findings(db).all()]
    assert len(ids) == 2
    if move_away:
        (works / move_away).rename(tmp_path / move_away)
    with zipfile.ZipFile(export_bundle(db, ids, tmp_path / "bundle.zip").path) as z:
        names = z.namelist()
        pdf = pypdf.PdfReader(io.BytesIO(z.read("report.pdf"))).pages[0].extract_text()
        page = z.read("report.html").decode()
    return names, " ".join(pdf.split()), page


def test_a_work_moved_away_is_named_as_not_included(tmp_path: Path) -> None:
    names, pdf, page = _bundle(tmp_path, "Night ferry.png")
    assert not any(n.endswith("Night ferry.png") for n in names)
    assert any(n.endswith("Harbour study.png") for n in names)
    for shown in (pdf, page):
        plain = shown.replace("“", '"').replace("”", '"')  # the built-in PDF font has only straight quotes
        assert 'Your original work files are included, except "Night ferry"' in plain
        assert "only the SHA-256 recorded when it was added" in shown


def test_when_every_work_is_there_the_report_says_they_are_included(tmp_path: Path) -> None:
    _, pdf, page = _bundle(tmp_path, None)
    for shown in (pdf, page):
        assert "Your original work files are included." in shown
        assert "except" not in shown
