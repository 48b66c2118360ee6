"""A work's kind comes from its content, and the words come out of every common document format."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.files.textread import read_text
from creatorwatch.core.library.sniff import sniff_file
from tests.media import (
    SCRIPT,
    make_docx,
    make_epub,
    make_fdx,
    make_odt,
    make_pdf,
    make_picture,
    make_recording,
    make_rtf,
    make_video,
)


def _heic(path: Path) -> Path:
    """A phone's photo: HEIC, written by pillow-heif without registering it with Pillow (the app must)."""
    from PIL import Image
    from pillow_heif import from_pillow

    with Image.open(path) as picture:
        from_pillow(picture.convert("RGB")).save(str(path), quality=90)
    return path


@pytest.mark.parametrize(
    ("maker", "name", "kind", "fmt"),
    [
        (lambda p: make_picture(p, fmt="PNG"), "art.txt", "image", "PNG"),
        (lambda p: make_picture(p, fmt="JPEG"), "art.wav", "image", "JPEG"),
        (lambda p: make_picture(p, fmt="WEBP"), "art", "image", "WebP"),
        (lambda p: make_picture(p, fmt="GIF"), "art.png", "image", "GIF"),
        (lambda p: make_picture(p, fmt="TIFF"), "art.doc", "image", "TIFF"),
        (lambda p: make_picture(p, fmt="BMP"), "art.bin", "image", "BMP"),
        (lambda p: make_picture(p, fmt="AVIF"), "art.jpg", "image", "AVIF"),
        (lambda p: _heic(make_picture(p, fmt="PNG")), "photo.jpg", "image", "HEIC"),
        (lambda p: make_recording(p), "song.png", "audio", "WAV"),
        (lambda p: make_recording(p, codec="flac", container="flac"), "song.txt", "audio", "FLAC"),
        (lambda p: make_recording(p, codec="libmp3lame", container="mp3"), "song", "audio", "MP3"),
        (lambda p: make_recording(p, codec="libopus", rate=48000, container="ogg"), "voice.x", "audio", "Opus"),
        (lambda p: make_recording(p, codec="aac", container="ipod"), "voice.mp3", "audio", "M4A"),
        (lambda p: make_recording(p, codec="pcm_s16be", container="aiff"), "master.wav", "audio", "AIFF"),
        (lambda p: make_recording(p, codec="aac", container="mov"), "phone.mp4", "audio", "QuickTime"),
        (lambda p: make_recording(p, codec="pcm_s16le", container="caf"), "loop", "audio", "CAF"),
        (lambda p: make_recording(p, codec="wmav2", container="asf"), "old.mp3", "audio", "WMA"),
        (lambda p: make_video(p, make_recording(p.with_name("s.wav"))), "clip.mp4", "audio", "MPEG-TS"),
        (lambda p: make_video(p, make_recording(p.with_name("s.wav")), "webm", "libopus"), "clip", "audio", "WebM"),
        (lambda p: make_pdf(p, SCRIPT), "script.png", "text", "PDF"),
        (lambda p: make_docx(p, SCRIPT), "script.zip", "text", "Word document"),
        (lambda p: make_fdx(p, SCRIPT), "script.xml", "text", "Final Draft"),
        (lambda p: make_odt(p, SCRIPT), "script.zip", "text", "OpenDocument text"),
        (lambda p: make_epub(p, [SCRIPT]), "book.txt", "text", "EPUB"),
        (lambda p: make_rtf(p, SCRIPT), "draft.txt", "text", "RTF"),
    ],
)
def test_kind_is_decided_by_content_not_name(tmp_path: Path, maker, name: str, kind: str, fmt: str) -> None:
    path = tmp_path / name
    maker(path)
    sniffed = sniff_file(path)
    assert (sniffed.kind, sniffed.format) == (kind, fmt)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1252", "latin-1"])
def test_plain_text_in_common_encodings_reads_back(tmp_path: Path, encoding: str) -> None:
    text = "Ophélie and Zoë walk to the café. « Où est la mer ? » she asks, smiling at the old façade.\n" * 5
    path = tmp_path / "scene.fountain"
    path.write_bytes(text.encode(encoding))
    assert sniff_file(path).kind == "text"
    assert read_text(path).replace("\r\n", "\n").lstrip("\ufeff") == text


@pytest.mark.parametrize("maker", [make_pdf, make_docx, make_fdx, make_odt, lambda p, text: make_epub(p, [text])])
def test_documents_give_their_words(tmp_path: Path, maker) -> None:
    path = maker(tmp_path / "script", SCRIPT)
    words = read_text(path).split()
    assert "MARGARET," in words and "trawler" in words and "gutters" in words


def test_binary_file_named_txt_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(UnreadableMedia, match="not an image, audio or text file"):
        sniff_file(path)
    with pytest.raises(UnreadableMedia, match="binary"):
        read_text(path)


def test_zip_that_is_not_a_document_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "photos.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.bin", b"\x00" * 100)
    with pytest.raises(UnreadableMedia):
        sniff_file(path)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.png"
    path.touch()
    with pytest.raises(UnreadableMedia, match="empty"):
        sniff_file(path)


@pytest.mark.expect_log("pypdf", "EOF marker not found", required=False)  # what pypdf says of a cut-off PDF
def test_damaged_pdf_says_so(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 10)
    with pytest.raises(UnreadableMedia, match="PDF"):
        read_text(path)


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    import os
    import threading

    from creatorwatch.core.files.regular_file import NotRegularFile

    pipe = tmp_path / "song.mp3"
    os.mkfifo(pipe)
    outcomes: list[Exception | None] = []

    def read_all() -> None:
        for reader in (sniff_file, read_text):
            try:
                reader(pipe)
                outcomes.append(None)
            except Exception as exc:
                outcomes.append(exc)

    worker = threading.Thread(target=read_all, daemon=True)
    worker.start()
    worker.join(60)
    if worker.is_alive():  # it is stuck opening the pipe: give it a writer so the thread can end
        with open(pipe, "wb"):
            pass
        worker.join(10)
        pytest.fail("opening a named pipe waited for a writer")
    assert [type(exc) for exc in outcomes] == [NotRegularFile, NotRegularFile]
    assert "not a regular file" in str(outcomes[0])


def test_word_documents_give_the_words_python_docx_gives(tmp_path: Path) -> None:
    """Read as a stream now, a Word document gives exactly the text it gave before (fingerprints stay valid)."""
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph("Hello ")
    run = paragraph.add_run("world\tand")
    run.add_break()
    paragraph.add_run("the next line")
    document.add_paragraph("")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "in a table"
    document.add_paragraph("After the table, MARGARET walks to the trawler.")
    path = tmp_path / "script.docx"
    document.save(str(path))
    expected = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert read_text(path) == expected
    assert "world\tand\nthe next line" in expected


def test_a_word_document_with_broken_xml_is_a_plain_error(tmp_path: Path) -> None:
    import zipfile

    source = make_docx(tmp_path / "source.docx", SCRIPT)
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as out:
        for info in original.infolist():
            data = original.read(info.filename)
            out.writestr(info.filename, data[: len(data) // 2] if info.filename == "word/document.xml" else data)
    assert sniff_file(path).format == "Word document"
    with pytest.raises(UnreadableMedia, match="this Word document is damaged"):
        read_text(path)


def test_an_opendocument_text_keeps_its_spacing_and_headings(tmp_path: Path) -> None:
    lines = read_text(make_odt(tmp_path / "pilot.odt", SCRIPT)).splitlines()
    assert lines[:2] == ["THE\tLIGHTHOUSE", "KEEPER"]  # a tab and a line break inside the heading
    assert lines[2:] == [line.strip() for line in SCRIPT.splitlines() if line.strip()]  # span + <text:s/> = a space


def test_a_book_is_read_in_its_reading_order_without_its_running_titles(tmp_path: Path) -> None:
    book = make_epub(tmp_path / "novel.epub", ["The storm came first.", "Then the letter.", "Then the lawyer."])
    assert read_text(book).splitlines() == [
        "Chapter\u00a01", "The storm came first.", "Chapter\u00a02", "Then the letter.", "Chapter\u00a03",
        "Then the lawyer.",
    ]


def test_a_zip_that_only_claims_to_be_a_book_is_a_plain_error(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
    assert sniff_file(path).format == "EPUB"
    with pytest.raises(UnreadableMedia, match=r"this book is damaged: META-INF/container\.xml is missing"):
        read_text(path)


@pytest.mark.parametrize("start", ["", '<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn in Inkscape -->\n'
                                   '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n'])
def test_an_svg_drawing_is_refused_as_a_picture_not_added_as_text(tmp_path: Path, start: str) -> None:
    path = tmp_path / "logo.svg"
    path.write_text(start + '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
                    '<circle cx="32" cy="32" r="20" fill="teal"/></svg>', encoding="utf-8")
    with pytest.raises(UnreadableMedia, match="this is an SVG drawing: add a PNG or JPEG export of it instead"):
        sniff_file(path)
    notes = tmp_path / "notes.md"
    notes.write_text("How I draw: `<svg>` files first, then PNG exports.", encoding="utf-8")
    assert sniff_file(notes).kind == "text"


def test_rich_text_from_textedit_gives_its_words_not_its_codes(tmp_path: Path) -> None:
    extra = "She whispers: “café”, then—nothing. Kia ora, Māori."
    words = read_text(make_rtf(tmp_path / "draft.rtf", SCRIPT + "\n" + extra, picture=True)).split()
    assert words == (SCRIPT.replace("'", "’") + " " + extra).split()  # no control words, no picture bytes


def test_an_rtf_added_by_an_older_version_is_read_again(run_cli, home: Path, tmp_path: Path) -> None:
    from creatorwatch.core.fingerprint.text import fingerprint_text
    from creatorwatch.core.store.db import open_database

    draft = make_rtf(tmp_path / "draft.rtf", SCRIPT)
    assert run_cli("add", draft).returncode == 0
    db = open_database(home / "data" / "creatorwatch.sqlite3")
    old_print = fingerprint_text(draft.read_text())  # what an older version read: the codes with the words
    db.execute("UPDATE fingerprints SET data = ? WHERE work_id = 1", [old_print])
    db.execute("PRAGMA user_version = 13")
    db.conn.close()
    copy = tmp_path / "copy.txt"
    copy.write_text(SCRIPT.replace("'", "’"), encoding="utf-8")
    assert json.loads(run_cli("match", "--json", copy).stdout)["matches"][0]["score"] >= 0.95
    db = open_database(home / "data" / "creatorwatch.sqlite3")
    assert db.execute("SELECT data FROM fingerprints WHERE work_id = 1").fetchone()[0] != old_print
