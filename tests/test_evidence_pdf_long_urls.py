"""A long address in report.pdf is wrapped after its slashes, hyphens and other separators, and
its lines read back as the whole address: a reader sees where its parts end and can type or copy it. (fpdf2 alone
cut it at whatever letter reached the margin: "…-that-a-scrap" / "er-made-…".)"""

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

SEPARATORS = "/?&=_.-"


def test_a_long_address_wraps_at_its_separators_inside_the_page(tmp_path: Path) -> None:
    works = tmp_path / "works"
    works.mkdir()
    # how scrapers lay out what they take: deep folders named for the site and the crawl, long file names
    deep = (tmp_path / "mirror" / "cdn-images.gallery-of-generated-art.example" / "uploads-2026-11-23"
            / "collection-harbour-scenes-in-the-manner-of-famous-painters" / "batch-000913-of-004000")
    deep.mkdir(parents=True)
    copy = deep / "harbour-study-upscaled-and-recoloured-by-the-model-for-the-dataset-release-candidate.png"
    shutil.copy(make_picture(works / "Harbour study.png", seed=7, size=(480, 360)), copy)
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    Library(db).add_paths([works])
    SourceStore(db).add(SourceConfig("mirror", "folder", settings={"path": str(tmp_path / "mirror")}))
    Monitor(db).check()
    found = Findings(db).all()
    assert len(found) == 1
    url = found[0].candidate_url
    assert len(url) > 250

    with zipfile.ZipFile(export_bundle(db, [found[0].id], tmp_path / "bundle.zip").path) as z:
        reader = pypdf.PdfReader(io.BytesIO(z.read("report.pdf")))
    lines = reader.pages[0].extract_text().split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Found at (URL) "))
    shown = [lines[start].removeprefix("Found at (URL) ")]
    while "".join(shown) != url:
        assert url.startswith("".join(shown)), shown  # the lines read back as the address, nothing lost
        shown.append(lines[start + len(shown)])
    assert len(shown) >= 3
    for line in shown[:-1]:
        assert line[-1] in SEPARATORS, f"cut inside a word: {line!r}"

