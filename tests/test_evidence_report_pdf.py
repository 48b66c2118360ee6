"""report.pdf reads well when printed or sent on: the first match starts on page 1 under the title (not a
near-empty cover page), every page says which bundle it belongs to and "page N of M", no page but the last is
left near-empty, and hashes are never cut across lines (a reader compares them character for character)."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import cast

import pypdf
import pytest
import sqlite_utils

from creatorwatch.core.evidence.bundle import export_bundle
from creatorwatch.core.evidence.pdf import bold_sibling, find_unicode_font, find_wide_font
from creatorwatch.core.evidence.report import _plain_value
from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Finding, Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.records.terms import Terms
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from tests.media import make_picture
from tests.test_evidence_shows_the_copy import _story


@pytest.fixture
def finds(tmp_path: Path) -> tuple[sqlite_utils.Database, dict[str, int]]:
    """A picture and a story of the creator's, each copied into a watched folder and found there."""
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
    found = {str(f.kind): f.id for f in Findings(db).all()}
    assert set(found) == {"image", "text"}
    return db, found


def _pdf(db: sqlite_utils.Database, ids: list[int], target: Path) -> tuple[pypdf.PdfReader, dict[str, str]]:
    with zipfile.ZipFile(export_bundle(db, ids, target).path) as z:
        manifest = json.loads(z.read("manifest.json"))
        return pypdf.PdfReader(io.BytesIO(z.read("report.pdf"))), {f["path"]: f["sha256"] for f in manifest["files"]}


def _lowest_text(page: pypdf.PageObject) -> float:
    """How far down the page its body text reaches, as a share of the page's height (the footer not counted)."""
    height = float(page.mediabox.height)
    ys: list[float] = []

    def seen(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and not re.search(r"evidence bundle . page", text) and y > height * 0.06:
            ys.append(y)

    page.extract_text(visitor_text=seen)
    return 1 - min(ys) / height


def test_the_first_match_starts_on_page_one_under_the_title(
        finds: tuple[sqlite_utils.Database, dict[str, int]], tmp_path: Path) -> None:
    db, found = finds
    reader, _ = _pdf(db, [found["image"]], tmp_path / "one.zip")
    first = reader.pages[0].extract_text()
    assert "Evidence bundle: Harbour study" in first
    assert f"Match #{found['image']}" in first and "Found at (URL)" in first and "Side by side" in first
    assert _lowest_text(reader.pages[0]) > 0.8  # the page is filled, not a title alone at its top


def test_every_page_names_the_bundle_and_counts_pages_and_no_page_but_the_last_is_left_near_empty(
        finds: tuple[sqlite_utils.Database, dict[str, int]], tmp_path: Path) -> None:
    db, found = finds
    reader, _ = _pdf(db, [found["image"], found["text"]], tmp_path / "both.zip")
    pages = [p.extract_text() for p in reader.pages]
    total = len(pages)
    assert total >= 2
    for number, text in enumerate(pages, 1):
        assert f"page {number} of {total}" in text
        if number > 1:  # a loose page still says which bundle it is part of
            assert re.match(r"Evidence bundle: Harbour study; The lantern keeper [—-] made ", text.lstrip())
    starts = [next(n for n, text in enumerate(pages) if re.search(rf"^Match #{i}$", text, re.M))
              for i in (found["image"], found["text"])]
    assert starts[0] == 0 and starts[1] >= starts[0]
    # the second match follows on where there is room (a page per match left pages a few lines long)
    assert [n for n, page in enumerate(reader.pages[:-1]) if _lowest_text(page) < 0.5] == []


def test_hashes_are_never_cut_across_lines(finds: tuple[sqlite_utils.Database, dict[str, int]],
                                           tmp_path: Path) -> None:
    db, found = finds
    reader, hashes = _pdf(db, [found["image"], found["text"]], tmp_path / "both.zip")
    lines = {line for page in reader.pages for line in page.extract_text().split("\n")}
    listed = [path for path in hashes if path not in ("report.html", "report.pdf", "notice.txt", "custody.jsonl")]
    assert listed
    for path in listed:
        assert any(hashes[path] in line for line in lines), path


def test_copied_passages_are_not_said_to_be_left_and_right_where_they_follow_one_another(
        finds: tuple[sqlite_utils.Database, dict[str, int]], tmp_path: Path) -> None:
    """The PDF quotes a text's passages one after the other (your work, then the candidate); its heading said
    "your work (left) and the candidate (right)", which only report.html's table is."""
    db, found = finds
    reader, _ = _pdf(db, [found["text"]], tmp_path / "text.zip")
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "The copied passages: your work, then the candidate" in text
    assert "(left)" not in text and "(right)" not in text
    with zipfile.ZipFile(tmp_path / "text.zip") as z:
        assert "Side by side: your work (left) and the candidate (right)" in z.read("report.html").decode()


def test_numbers_read_as_a_person_writes_them() -> None:
    assert _plain_value(-0.0) == "0"
    assert _plain_value(0.8466450331550716) == "0.847"


def _mention(tmp_path: Path, name: str, words: str) -> tuple[sqlite_utils.Database, Finding]:
    """A watched text file `name` saying `words`, which name the creator's watch term "Ada Lumen": one mention."""
    watched = tmp_path / "watched"
    watched.mkdir()
    (watched / name).write_text(words + "\n", encoding="utf-8")
    db = open_database(tmp_path / "data.sqlite3")
    Terms(db).add(["Ada Lumen"])
    SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(watched)}))
    Monitor(db).check()
    return db, next(f for f in Findings(db).all() if f.type == "mention")


def test_a_mention_has_no_empty_side_by_side_heading(tmp_path: Path) -> None:
    db, mention = _mention(tmp_path, "run-notes.txt", "Prompts asked for harbour scenes in the manner of Ada Lumen.")
    reader, _ = _pdf(db, [mention.id], tmp_path / "mention.zip")
    with zipfile.ZipFile(tmp_path / "mention.zip") as z:
        page = z.read("report.html").decode()
    text = reader.pages[0].extract_text()
    assert "Watch term named" in text and "Ada Lumen" in text and "How it was matched" in text
    for shown in (text, page):
        assert "Side by side" not in shown and "no copy of the candidate was kept" not in shown


HEADINGS = re.compile(r"^(Match #\d+|Side by side: .*|The copied passages: .*|How it was matched|Capture|"
                      r"Timeline \(UTC\)|Files in this bundle for this match)$")


def test_titles_in_any_script_get_bold_labels_and_no_heading_is_left_at_a_pages_foot(tmp_path: Path) -> None:
    assert find_unicode_font() is not None  # scripts/test installs fonts-dejavu-core
    works, watched = tmp_path / "works", tmp_path / "watched"
    works.mkdir()
    watched.mkdir()
    titles = ["Hafen im Morgenlicht, Öl auf Leinwand, zweite Fassung für die Ausstellung", "Łódź nocą",
              "Ελαιώνας", "Третий этюд"]
    for seed, title in enumerate(titles):
        shutil.copy(make_picture(works / f"{title}.png", seed=20 + seed), watched / f"copy{seed}.png")
    db = open_database(tmp_path / "data.sqlite3")
    Library(db).add_paths([works])
    SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(watched)}))
    Monitor(db).check()
    reader, _ = _pdf(db, [f.id for f in Findings(db).all()], tmp_path / "scripts.zip")
    fonts: set[str] = set()
    for page in reader.pages:
        resources = cast(pypdf.generic.DictionaryObject, page["/Resources"].get_object())
        for ref in cast(pypdf.generic.DictionaryObject, resources["/Font"].get_object()).values():
            fonts.add(str(cast(pypdf.generic.DictionaryObject, ref.get_object())["/BaseFont"]))
    assert any("Bold" in name for name in fonts) and any("Bold" not in name for name in fonts), fonts
    assert "Łódź nocą" in reader.pages[0].extract_text()
    for number, page in enumerate(reader.pages, 1):
        body = [line for line in page.extract_text().split("\n") if not re.search(r"evidence bundle . page", line)]
        assert not HEADINGS.match(body[-1].strip()), f"page {number} ends with the heading {body[-1]!r}"
    assert [n for n, page in enumerate(reader.pages[:-1]) if _lowest_text(page) < 0.5] == []


def test_the_bold_face_beside_a_regular_font_is_found(tmp_path: Path) -> None:
    for regular, bold in (("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"), ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
                          ("arial.ttf", "arialbd.ttf")):
        folder = tmp_path / regular
        folder.mkdir()
        (folder / regular).write_bytes(b"")
        assert bold_sibling(folder / regular) is None
        (folder / bold).write_bytes(b"")
        assert bold_sibling(folder / regular) == folder / bold


def test_a_japanese_title_and_quote_print_in_the_pdf_not_as_question_marks(tmp_path: Path) -> None:
    assert find_wide_font() is not None  # scripts/test installs fonts-droid-fallback
    works, watched = tmp_path / "works", tmp_path / "watched"
    works.mkdir()
    watched.mkdir()
    story = "".join(f"灯台守の{n}番目の夜、港の灯りは霧の中で静かに揺れていた。" for n in range(40))
    (works / "灯台守の物語.txt").write_text(story, encoding="utf-8")
    (watched / "scraped-row-0042.txt").write_text(story, encoding="utf-8")
    db = open_database(tmp_path / "data.sqlite3")
    Library(db).add_paths([works])
    SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(watched)}))
    Monitor(db).check()
    reader, _ = _pdf(db, [f.id for f in Findings(db).all()], tmp_path / "japanese.zip")
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Evidence bundle: 灯台守の物語" in text  # headings are bold, the wide font has a regular face only
    assert "港の灯りは霧の中で" in text.replace("\n", "")  # the quoted passage
    assert "???" not in text


def test_a_mention_found_in_a_files_own_words_is_not_said_to_be_in_its_title(tmp_path: Path) -> None:
    """A watched text file that names the creator: the report says where a mention can be found (its own text
    too), not "a mention found in its title or description", and does not hint at a removed work."""
    db, mention = _mention(tmp_path, "prompts.txt", "Portraits in the style of Ada Lumen, soft light.")
    reader, _ = _pdf(db, [mention.id], tmp_path / "mention.zip")
    text = " ".join(reader.pages[0].extract_text().split())
    assert "title or description" not in text
    assert "in its title, caption, prompt, description or its own text" in text
    assert "No work of yours is in this bundle: its finds name you or your works; none is a copy." in text
