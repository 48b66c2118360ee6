"""The report's picture captions say what is drawn: "the matched region is outlined" only where an outline is
drawn (a part of the picture matched), "the whole picture matched" where the whole picture's fingerprint matched
and no outline is drawn (the caption used to promise an outline that was not there)."""

from __future__ import annotations

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
from tests.media import make_picture


def test_captions_promise_an_outline_only_where_one_is_drawn(tmp_path: Path) -> None:
    works, watched = tmp_path / "works", tmp_path / "watched"
    works.mkdir()
    watched.mkdir()
    whole = make_picture(works / "Harbour study.png", seed=7, size=(640, 480))
    part = make_picture(works / "Night ferry.png", seed=11, size=(800, 600))
    with Image.open(whole) as im:
        im.resize((480, 360)).save(watched / "resized-copy.png")
    with Image.open(part) as im:
        im.crop((120, 90, 800, 600)).save(watched / "cropped-copy.png")
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    Library(db).add_paths([works])
    SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(watched)}))
    Monitor(db).check()
    found = {f.candidate_url.rsplit("/", 1)[-1]: f for f in Findings(db).all()}
    assert set(found) == {"resized-copy.png", "cropped-copy.png"}
    assert found["resized-copy.png"].evidence.get("work_box", [0, 0, 1, 1]) == [0, 0, 1, 1]  # matched whole
    assert found["cropped-copy.png"].evidence["work_box"] != [0, 0, 1, 1]  # matched as a part, at a place

    with zipfile.ZipFile(export_bundle(db, [f.id for f in found.values()], tmp_path / "b.zip").path) as z:
        page = z.read("report.html").decode()
    sections = dict(zip(("first", "second"), page.split("<h2>Match #")[1:], strict=True))
    by_copy = {("resized-copy.png" if "resized-copy.png" in s else "cropped-copy.png"): s for s in sections.values()}
    assert "Your work; the whole picture matched" in by_copy["resized-copy.png"]
    assert "outlined" not in by_copy["resized-copy.png"].split("How it was matched")[0]
    assert "Your work; the matched region is outlined" in by_copy["cropped-copy.png"]
