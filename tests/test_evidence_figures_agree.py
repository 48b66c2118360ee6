"""The report's figures each mean one thing and agree with each other, as a lawyer reads them: a mirrored crop
matched by its local details shows no whole-picture fingerprint distance (it read "256 of 256", as different as can
be, beside "Score 1.00") and its caption does not say "the whole picture matched" beside "share 0.72"; a quote of
35 words reads "35 copied words" (the matcher's own tokens counted "import-linter" as two), and a passage's own score
is labelled apart from the match's, with why the two differ."""

from __future__ import annotations

import io
import random
import re
import zipfile
from html import unescape
from pathlib import Path

import pypdf
import sqlite_utils
from PIL import Image, ImageOps

from creatorwatch.core.evidence.bundle import export_bundle
from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Finding, Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from tests.media import make_picture

_STEMS = ["harrow", "quill", "mossel", "brindle", "tamsin", "oriel", "caddock", "wyn", "pellam", "sorrel", "juno",
          "lantern", "ferry", "copper", "gull", "marrow", "thistle", "beacon", "ledger", "cinder"]


def _prose(seed: int, words: int) -> list[str]:
    """Words as written, a third of them joined by hyphens or slashes ("ferry-gull", "quill/oriel")."""
    rng = random.Random(seed)
    out = []
    for _ in range(words):
        word = rng.choice(_STEMS) + str(rng.randint(1, 99))
        if rng.random() < 0.35:
            word += rng.choice("-/") + rng.choice(_STEMS) + str(rng.randint(1, 99))
        out.append(word + ("." if rng.random() < 0.1 else ""))
    return out


def _found(tmp_path: Path, works: list[Path], copies: dict[str, bytes]) -> tuple[sqlite_utils.Database, list[Finding]]:
    watched = tmp_path / "watched"
    watched.mkdir()
    for name, data in copies.items():
        (watched / name).write_bytes(data)
    db = open_database(tmp_path / "data" / "creatorwatch.sqlite3")
    Library(db).add_paths(works)
    SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(watched)}))
    Monitor(db).check()
    return db, Findings(db).all()


def _read(bundle: Path) -> tuple[str, str]:
    with zipfile.ZipFile(bundle) as z:
        page = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", z.read("report.html").decode())))
        pdf = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(z.read("report.pdf"))).pages)
                       .split())
    return page, pdf


def test_a_mirrored_crop_shows_no_whole_picture_distance_and_says_which_picture_matched(tmp_path: Path) -> None:
    work = make_picture(tmp_path / "Night ferry.png", seed=11, size=(800, 600))
    copy = tmp_path / "copy.png"
    with Image.open(work) as im:
        ImageOps.mirror(im.crop((120, 90, 800, 600))).save(copy)
    db, found = _found(tmp_path, [work], {"mirrored-crop.png": copy.read_bytes()})
    assert len(found) == 1 and found[0].evidence["method"].startswith("local features")
    assert "pdq_distance" in found[0].evidence  # kept in the bundle's data, only not shown as a figure of the match
    page, pdf = _read(export_bundle(db, [found[0].id], tmp_path / "b.zip").path)
    for text in (page, pdf):
        assert "Fingerprint distance" not in text
        assert "whole picture matched" not in text.split("Your work; ")[1]
        assert "Share of your picture the copy shows" in text
        assert "it is not how much of your work was taken" in text  # the score is how sure, not how much
    assert "The candidate as captured; all of it shows the part of your picture outlined beside it" in page


def test_a_quote_counts_its_words_as_written_and_its_scores_are_told_apart(tmp_path: Path) -> None:
    mine = _prose(5, 700)
    quote = mine[400:435]  # 35 words as a reader counts them, several of them hyphenated or slashed
    assert len(quote) == 35 and sum("-" in w or "/" in w for w in quote) >= 8
    other = _prose(9, 600)
    candidate = " ".join([*other[:300], *quote, *other[300:]])
    (tmp_path / "mine.txt").write_text(" ".join(mine), encoding="utf-8")
    db, found = _found(tmp_path, [tmp_path / "mine.txt"], {"forum.txt": candidate.encode()})
    assert len(found) == 1
    finding = found[0]
    only = finding.evidence["passages"][0]
    assert finding.score > only["score"] + 0.05  # the match scores above its one passage (its verbatim run)
    page, pdf = _read(export_bundle(db, [finding.id], tmp_path / "b.zip").path)
    assert "35 copied words; this passage's own score" in page
    assert "Passage 1: 35 copied words; this passage's own score" in pdf
    assert "Copied passages 1 passage: 35 copied words (passage score" in page
    assert "Longest run copied word for word (words) 35" in page
    for text in (page, pdf):
        assert f"The match's score ({finding.score:.2f}) is the highest of several readings" in text
