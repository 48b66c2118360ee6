"""The year a work was made, for the rights statement `protect` writes: "© 2019 Ada" on a picture painted in 2019,
not the year it happened to be protected (a later year claims less than the creator holds, and reads as a new work).

Read from the work's own metadata where it has one — EXIF DateTimeOriginal, IPTC Date Created, ID3 or Vorbis
dates, the creation date a PDF, a Word or an OpenDocument file keeps — else the file's modification time. A date
that cannot be a year of making (a camera clock set to 2080, "0000:00:00") is passed over.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from creatorwatch.core.optout.xmp import BadXmp, parse_packet, xmp_values

EARLIEST = 1826  # the oldest surviving photograph: no earlier date is a date of making
EXIF_IFD, DATE_TIME_ORIGINAL, DATE_TIME_DIGITIZED = 0x8769, 36867, 36868
IPTC_DATE_CREATED = (2, 55)
# Where a zipped document keeps the date it was created: (member, element), as Word and LibreOffice write them.
DOCUMENT_DATES = {"Word document": ("docProps/core.xml", "{http://purl.org/dc/terms/}created"),
                  "OpenDocument text": ("meta.xml", "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}creation-date")}
MAX_META_BYTES = 1_000_000  # a document's metadata is a few KB; more is not read
AUDIO_DATES = ("originaldate", "date")  # mutagen's easy names: ID3 TDOR, TDRC (TYER); Vorbis DATE
_YEAR = re.compile(r"^\s*(?:D:)?(\d{4})")
Reader = Callable[[Path], list[tuple[str, object]]]  # (where it was read, the date as found), likeliest first


@dataclass(frozen=True)
class YearMade:
    year: int
    said_by: str  # where it was read, in words: "EXIF DateTimeOriginal", "the file's modification time"


def year_made(path: Path, fmt: str, kind: str) -> YearMade:
    """The year the work at `path` (its format and kind, as the library knows them) was made."""
    by_kind: dict[str, Reader] = {"image": _picture_dates, "audio": _audio_dates}
    by_format: dict[str, Reader] = {"PDF": _pdf_dates, **{f: partial(_document_dates, fmt=f) for f in DOCUMENT_DATES}}
    read = by_kind.get(kind) or by_format.get(fmt)
    for said_by, value in read(path) if read else []:
        year = _year_of(value)
        if year is not None:
            return YearMade(year, said_by)
    return YearMade(datetime.fromtimestamp(path.stat().st_mtime, UTC).year, "the file's modification time")


def _year_of(value: object) -> int | None:
    """The year a date as stored starts with: "2019:03:05 10:00:00", "2017-08-01", b"20190305", "D:2012…"."""
    found = _YEAR.match(value.decode("latin-1") if isinstance(value, bytes) else str(value))
    year = int(found[1]) if found else 0
    return year if EARLIEST <= year <= datetime.now(UTC).year else None


def _picture_dates(path: Path) -> list[tuple[str, object]]:
    from PIL import ImageFile, IptcImagePlugin, UnidentifiedImageError

    from creatorwatch.core.files.picture_open import open_picture
    from creatorwatch.core.optout.image_xmp import read_xmp

    dates: list[tuple[str, object]] = []
    try:
        with path.open("rb") as handle, open_picture(handle) as image:
            exif = image.getexif().get_ifd(EXIF_IFD)
            iptc = (IptcImagePlugin.getiptcinfo(image) if isinstance(image, ImageFile.ImageFile) else None) or {}
            dates += [("EXIF DateTimeOriginal", exif.get(DATE_TIME_ORIGINAL)),
                      ("IPTC Date Created", iptc.get(IPTC_DATE_CREATED))]
            packet = read_xmp(path.read_bytes())
            if packet:
                dates += [("IPTC Date Created", v) for v in xmp_values(parse_packet(packet), "photoshop",
                                                                          "DateCreated")]
            dates.append(("EXIF DateTimeDigitized", exif.get(DATE_TIME_DIGITIZED)))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, BadXmp):
        pass  # a picture whose metadata cannot be read has its file's time
    return [(said, value) for said, value in dates if value]


def _audio_dates(path: Path) -> list[tuple[str, object]]:
    from mutagen import File, MutagenError

    try:
        tags = File(path, easy=True)
    except (MutagenError, OSError, ValueError):
        return []
    if tags is None or tags.tags is None:
        return []
    return [(f"its {key} tag", value) for key in AUDIO_DATES for value in tags.tags.get(key, [])[:1]]


def _pdf_dates(path: Path) -> list[tuple[str, object]]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        info = PdfReader(path).metadata
        return [("its creation date", info.get("/CreationDate"))] if info and info.get("/CreationDate") else []
    except (PyPdfError, OSError, ValueError, KeyError):
        return []


def _document_dates(path: Path, fmt: str) -> list[tuple[str, object]]:
    import zipfile

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    member, tag = DOCUMENT_DATES[fmt]
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member) as meta:
            found = fromstring(meta.read(MAX_META_BYTES)).find(f".//{tag}")
    except (zipfile.BadZipFile, KeyError, OSError, ParseError, DefusedXmlException, ValueError):
        return []
    return [("its creation date", found.text)] if found is not None and found.text else []
