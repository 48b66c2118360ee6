"""Pictures of an evidence bundle's report.pdf pages (an image find and a text find from a folder source, each
with its capture), made with poppler's pdftoppm into docs/screenshots/report-*.png.

    python -m tests.bench.report_screens
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from creatorwatch.core.evidence.bundle import export_bundle
from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from tests.media import make_picture
from tests.test_evidence_shows_the_copy import _story

OUT = Path("docs/screenshots")


def main() -> int:
    root = Path(tempfile.mkdtemp(prefix="cw-report-"))
    works, watched = root / "works", root / "watched"
    works.mkdir()
    watched.mkdir()
    picture = make_picture(works / "Harbour study.png", seed=7, size=(480, 360))
    shutil.copy(picture, watched / "dataset-000913.png")
    story = _story(3)
    (works / "The lantern keeper.txt").write_text(story, encoding="utf-8")
    words = story.split()
    words[40], words[70] = "ZEPPELIN", "borrowed"
    (watched / "scraped-row-0042.txt").write_text(" ".join(words), encoding="utf-8")
    db = open_database(root / "data" / "creatorwatch.sqlite3")
    Library(db).add_paths([works])
    SourceStore(db).add(SourceConfig("dataset-dump", "folder", settings={"path": str(watched)}))
    Monitor(db).check()
    for finding in Findings(db).all():
        bundle = export_bundle(db, [finding.id], root / f"{finding.kind}.zip").path
        with zipfile.ZipFile(bundle) as z:
            (root / f"{finding.kind}.pdf").write_bytes(z.read("report.pdf"))
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", str(root / f"{finding.kind}.pdf"),
                        str(OUT / f"report-{finding.kind}")], check=True)
    print(f"report pages in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
