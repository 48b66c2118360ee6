"""The reservation in a PDF copy: the document information (Copyright, rights terms) and an XMP metadata stream with
IPTC/PLUS Data Mining, written by pypdf. Pages and their content are carried over unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject

from creatorwatch.core.optout.xmp import Reservation, reservation_packet


class BadPdf(ValueError):
    """The PDF could not be read or written; the message says why."""


def pdf_with_reservation(source: Path, target: Path, reservation: Reservation) -> str:
    """Write a copy of `source` to `target` carrying the reservation. Returns a note ("" or what was not kept)."""
    try:
        reader = PdfReader(source)
        if reader.is_encrypted:
            raise BadPdf("the PDF is encrypted, so its metadata cannot be changed without the password")
        writer = PdfWriter(clone_from=reader)
        existing = _existing_xmp(reader)
        packet, note = reservation_packet(reservation, existing)
        writer.add_metadata({"/Copyright": reservation.copyright, "/Rights": reservation.terms,
                             "/TDMReservation": "1", **_author(reader, reservation)})
        writer.xmp_metadata = packet
        stream: Any = writer.root_object["/Metadata"].get_object()  # readers look for a typed XML metadata stream
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
        with target.open("wb") as out:
            writer.write(out)
        return note
    except PyPdfError as exc:
        raise BadPdf(f"the PDF could not be read ({exc})") from exc


def read_pdf_xmp(path: Path) -> bytes | None:
    try:
        return _existing_xmp(PdfReader(path))
    except PyPdfError as exc:
        raise BadPdf(f"the PDF could not be read ({exc})") from exc


def _author(reader: PdfReader, reservation: Reservation) -> dict[str, str]:
    """The creator as /Author, unless the PDF already names one."""
    has_author = bool(reader.metadata and reader.metadata.get("/Author"))
    return {"/Author": reservation.name} if reservation.name and not has_author else {}


def _existing_xmp(reader: PdfReader) -> bytes | None:
    root: Any = reader.trailer["/Root"]
    metadata = root.get("/Metadata")
    if metadata is None:
        return None
    data: bytes = metadata.get_object().get_data()
    return data
