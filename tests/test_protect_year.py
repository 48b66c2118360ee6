"""`protect` writes the year a work was made into its rights statement, not the year it was protected: from the
work's own metadata (EXIF DateTimeOriginal, ID3 and Vorbis dates, the creation date a PDF, Word or OpenDocument file
keeps), else the file's modification time. Read back by ExifTool, the independent reader."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from mutagen.flac import FLAC
from mutagen.id3 import ID3, TDRC
from PIL import Image
from pypdf import PdfWriter

from creatorwatch.core.library.works import Library
from creatorwatch.core.optout.protect import protect_works
from creatorwatch.core.optout.xmp import Reservation
from creatorwatch.core.store.db import open_database
from tests.media import make_pdf, make_picture, make_recording
from tests.test_protect import exiftool, story

ADA = Reservation(name="Ada Painter")


def _modified_in(path: Path, year: int) -> Path:
    stamp = datetime(year, 6, 1, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def test_the_rights_carry_the_year_each_work_was_made(tmp_path: Path) -> None:
    folder = tmp_path / "originals"
    folder.mkdir()
    jpeg = make_picture(folder / "harbour.jpg", seed=1, fmt="JPEG")
    exif = Image.Exif()
    exif[0x8769] = {36867: "2019:03:05 10:00:00"}  # EXIF DateTimeOriginal
    with Image.open(jpeg) as picture:
        picture.save(jpeg, exif=exif, quality=90)
    _modified_in(jpeg, 2023)  # the camera's date wins over the file's
    _modified_in(make_picture(folder / "sunset.png", seed=2), 2016)  # no date inside: the file's time
    mp3 = make_recording(folder / "song.mp3", codec="libmp3lame", container="mp3")
    tags = ID3()
    tags.add(TDRC(encoding=3, text=["2017-08-01"]))
    tags.save(mp3)
    flac = make_recording(folder / "tune.flac", seed=3, codec="flac", container="flac")
    tagged = FLAC(flac)
    tagged["DATE"] = "2018"
    tagged.save()
    pdf = make_pdf(folder / "essay.pdf", story(4))
    writer = PdfWriter(clone_from=pdf)
    writer.add_metadata({"/CreationDate": "D:20120304101010Z"})
    writer.write(pdf)
    _modified_in(pdf, 2024)
    text = folder / "poem.txt"
    text.write_text(story(5), encoding="utf-8")
    _modified_in(text, 2015)
    library = Library(open_database(tmp_path / "data.sqlite3"))
    report = library.add_paths([folder])
    ids = {Path(o.path).name: o.work.id for o in report.added if o.work}

    results = {Path(r.work.path).name: r for r in protect_works(library, ids.values(), tmp_path / "out", ADA)}

    assert all(not r.problem for r in results.values()), [r.problem for r in results.values()]
    found = {Path(str(t["SourceFile"])).name: t for t in exiftool(*[r.path for r in results.values() if r.path])}
    assert str(found["harbour.jpg"]["XMP-dc:Rights"]).startswith("© 2019 Ada Painter")
    assert results["harbour.jpg"].year_from == "EXIF DateTimeOriginal"
    assert str(found["sunset.png"]["XMP-dc:Rights"]).startswith("© 2016 Ada Painter")
    assert results["sunset.png"].year_from == "the file's modification time"
    assert str(found["song.mp3"]["ID3v2_3:Copyright"]).startswith("© 2017 Ada Painter")
    assert str(found["tune.flac"]["Vorbis:Copyright"]).startswith("© 2018 Ada Painter")
    assert str(found["essay.pdf"]["PDF:Copyright"]).startswith("© 2012 Ada Painter")
    copy = results["poem.txt"].path
    assert copy is not None and copy.read_text(encoding="utf-8").startswith("© 2015 Ada Painter")


def test_a_word_or_opendocument_file_carries_the_year_it_was_created(tmp_path: Path) -> None:
    """Word and LibreOffice keep the date a document was created inside it; a script copied from an old laptop
    has this year's file time, which read "© 2026" on a script written in 2014."""
    import zipfile

    import docx

    from tests.media import make_docx, make_odt

    folder = tmp_path / "scripts"
    folder.mkdir()
    word = make_docx(folder / "pilot.docx", story(6))
    document = docx.Document(str(word))
    document.core_properties.created = datetime(2014, 2, 3, tzinfo=UTC)
    document.save(str(word))
    odt = make_odt(folder / "treatment.odt", story(7))
    with zipfile.ZipFile(odt, "a") as archive:
        archive.writestr("meta.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-meta '
                         'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                         'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta>'
                         '<meta:creation-date>2011-09-30T21:14:02.5</meta:creation-date></office:meta>'
                         '</office:document-meta>')
    for path in (word, odt):
        _modified_in(path, 2025)
    library = Library(open_database(tmp_path / "data.sqlite3"))
    library.add_paths([folder])

    results = {Path(r.work.path).name: r for r in protect_works(library, [w.id for w in library.works()],
                                                                 tmp_path / "out", ADA)}

    assert results["pilot.docx"].rights.startswith("© 2014 Ada Painter")
    assert results["treatment.odt"].rights.startswith("© 2011 Ada Painter")
    assert {r.year_from for r in results.values()} == {"its creation date"}
    sidecar = results["pilot.docx"].sidecar
    assert sidecar is not None and "© 2014 Ada Painter" in sidecar.read_text(encoding="utf-8")
