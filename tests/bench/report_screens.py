"""Pictures of every page of an evidence bundle's report.pdf, one bundle per kind of find: an image, a text and an
audio copy and a mention of the creator's name from a folder source (each with its capture), a language model's
verbatim answer to a probe, and one bundle holding all the folder finds. Made with poppler's pdftoppm as
report-<kind>-<page>.png in --out (a temporary folder unless given), with a page count printed per bundle, so a
near-empty page, a split table or clipped text can be seen. --docs also saves the first three pages of the
bundle of all finds as docs/screenshots/report-page-<N>.png.

    python -m tests.bench.report_screens [--out DIR] [--dpi 70] [--docs]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import wave
import zipfile
from pathlib import Path

import sqlite_utils
from pytest_httpserver import HTTPServer

from creatorwatch.core.evidence.bundle import ExportOptions, export_bundle
from creatorwatch.core.library.works import Library
from creatorwatch.core.model_probe.consent import Consents
from creatorwatch.core.model_probe.prepare import Options, plan_run
from creatorwatch.core.model_probe.run import ModelProber
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.records.terms import Terms
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from tests.media import make_picture, make_recording
from tests.probe_model import KEY, MemorisingModel, make_story
from tests.sources_fixtures import fast_client
from tests.test_evidence_shows_the_copy import _story

DOCS = Path("docs/screenshots")


def folder_finds(root: Path) -> tuple[sqlite_utils.Database, dict[str, int]]:
    """A picture, a story and a recording copied into a watched folder, and notes naming the creator (a
likeness mention): one find of each kind."""
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
    recording = make_recording(works / "Tidewater theme.wav", seed=5, seconds=12.0)
    _splice(make_recording(root / "intro.wav", seed=11, seconds=6.0), recording, watched / "clip-77.wav")
    (watched / "run-notes.txt").write_text(
        "Collected outputs from the weekend's run. The prompts asked for harbour scenes in the manner of Ada "
        "Lumen, which the model followed closely; the rest were landscapes.\n", encoding="utf-8")
    db = open_database(root / "data" / "creatorwatch.sqlite3")
    Library(db).add_paths([works])
    Terms(db).add(["Ada Lumen"])
    SourceStore(db).add(SourceConfig("dataset-dump", "folder", settings={"path": str(watched)}))
    Monitor(db).check()
    return db, {"mention" if f.type == "mention" else str(f.kind): f.id for f in Findings(db).all()}


def _splice(intro: Path, theme: Path, target: Path) -> None:
    """Six seconds of other music, then the work from its fourth second on: the aligned stretch is a part."""
    with wave.open(str(intro)) as a, wave.open(str(theme)) as b:
        params = a.getparams()
        frames = a.readframes(a.getnframes())
        b.setpos(4 * b.getframerate())
        frames += b.readframes(b.getnframes())
    with wave.open(str(target), "wb") as out:
        out.setparams(params)
        out.writeframes(frames)


def probe_find(root: Path, server: HTTPServer) -> tuple[sqlite_utils.Database, int]:
    """A loopback model that reproduces a story word for word when asked to continue it."""
    db = open_database(root / "probe" / "creatorwatch.sqlite3")
    folder = root / "probe-works"
    folder.mkdir()
    model = MemorisingModel()
    text = make_story(0)
    (folder / "Saltmarsh_Ledger.txt").write_text(text, encoding="utf-8")
    model.add("Saltmarsh Ledger", text, "memorised")
    Library(db).add_paths([folder])
    model.serve(server)
    source = SourceStore(db).add(SourceConfig("memo", "openai-compatible", server.url_for("/").rstrip("/"),
                                              {"model": "memo-1"}))
    for work in Library(db).works("text"):
        Consents(db).give(work, source)
    ModelProber(db, http=fast_client(), secret=lambda name: KEY, wait=lambda s: None).run(plan_run(db, Options()))
    return db, Findings(db).all()[0].id


def render(db: sqlite_utils.Database, findings: list[int], name: str, root: Path, out: Path, dpi: int) -> int:
    """The bundle's report.pdf as PNG pages; returns the page count."""
    bundle = export_bundle(db, findings, root / f"{name}.zip", ExportOptions(), secrets=[KEY]).path
    pdf = root / f"{name}.pdf"
    with zipfile.ZipFile(bundle) as z:
        pdf.write_bytes(z.read("report.pdf"))
    for old in out.glob(f"report-{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out / f"report-{name}")], check=True)
    return len(list(out.glob(f"report-{name}-*.png")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--dpi", type=int, default=70)
    parser.add_argument("--docs", action="store_true", help="save 3 pages as docs/screenshots/report-page-N.png")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="cw-report-"))
    out: Path = args.out or root / "pages"
    out.mkdir(parents=True, exist_ok=True)
    db, finds = folder_finds(root)
    for kind, finding in sorted(finds.items()):
        print(f"{kind}: {render(db, [finding], kind, root, out, args.dpi)} pages")
    print(f"all: {render(db, sorted(finds.values()), 'all', root, out, args.dpi)} pages")
    if args.docs:
        for page in (1, 2, 3):
            shutil.copy(out / f"report-all-{page}.png", DOCS / f"report-page-{page}.png")
    server = HTTPServer()
    server.start()
    try:
        db, finding = probe_find(root, server)
        print(f"probe: {render(db, [finding], 'probe', root, out, args.dpi)} pages")
    finally:
        server.stop()
    print(f"report pages in {out}, bundles in {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
