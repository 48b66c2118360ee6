"""Read the words out of a text work — plain text in any common encoding, Markdown, Fountain, Final Draft, PDF, DOCX,
OpenDocument text, EPUB and RTF.

The kind of file is decided from its content, never its name. Documents are read within limits on their
unpacked size and on time, so a small file built to inflate ("a PDF or DOCX bomb") is refused, not obeyed.
"""

from __future__ import annotations

import logging
import re
import time
import zipfile
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

from charset_normalizer import from_bytes

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.files.docx_text import MAX_XML_BYTES, docx_text
from creatorwatch.core.files.open_document_text import document_format, open_document_text
from creatorwatch.core.files.regular_file import open_regular

log = logging.getLogger(__name__)

MAX_TEXT_BYTES = 32 * 1024 * 1024  # six times the longest novels; comparing a text takes about 28 times its size
# in memory, so a larger one (a dataset dump) would need gigabytes: refused before reading more, with a way out
DOCUMENT_SECONDS = 60.0  # a PDF or Word document that takes longer to read is left out
MAX_PDF_STREAM_BYTES = 16 * 1024 * 1024  # one page's unpacked drawing instructions; a text page needs < 1 MB
MAX_DOCUMENT_CHARS = MAX_TEXT_BYTES  # the words of a document, as many as a plain text may hold


def read_text(path: Path) -> str:
    """The text of `path` as one string (paragraphs separated by newlines), at most MAX_DOCUMENT_CHARS."""
    text = _read_any(path)
    if len(text) > MAX_DOCUMENT_CHARS:  # a Word document or a book whose text alone is that large
        raise UnreadableMedia(too_much_text("document"))
    return text


def _read_any(path: Path) -> str:
    try:
        with open_regular(path) as handle:
            head = handle.read(8)
            handle.seek(0)
            if head.startswith(b"%PDF-"):
                return _read_pdf(handle, time.monotonic() + DOCUMENT_SECONDS)
            if head.startswith(b"PK\x03\x04"):
                return _read_zipped(handle, time.monotonic() + DOCUMENT_SECONDS)
            data = _read_bytes(handle)
        text = decode_text(data)
        if text.lstrip().startswith("<?xml") and "<FinalDraft" in text[:2000]:
            return _read_fdx(text)
        if text.startswith("{\\rtf"):
            return _read_rtf(text)
        return text
    except UnreadableMedia:
        raise
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise UnreadableMedia(f"the text could not be read ({type(exc).__name__}: {exc})") from exc


def _read_zipped(handle: BinaryIO, deadline: float) -> str:
    """A Word document, an OpenDocument text or an EPUB book: each a ZIP archive of XML."""
    with zipfile.ZipFile(handle) as archive:
        if "word/document.xml" not in archive.namelist() and document_format(archive):
            return open_document_text(archive, deadline)
    handle.seek(0)
    return docx_text(handle, deadline)


# A picture's bytes written out in hex: no prose is 256 characters of digits, a to f and spaces alone. Taken out
# before the words are read, they cost nothing (a Word RTF with a photo in it is mostly these).
_RTF_PICTURE_DATA = re.compile(r"[0-9a-fA-F\s]{256,}")


def _read_rtf(text: str) -> str:
    """Rich Text (TextEdit's own format, WordPad's): its words without the control words, the accented letters and
    curly quotes it writes as escapes (\\'92, \\u8217) read back as characters."""
    from striprtf.striprtf import rtf_to_text

    return rtf_to_text(_RTF_PICTURE_DATA.sub(" ", text), errors="replace")


def decode_text(data: bytes) -> str:
    """Decode bytes of plain text in whatever common encoding they use; refuse binary data."""
    if not data:
        return ""
    sample = data[:65536]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableMedia("this is a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise UnreadableMedia("this is a binary file, not text")
    # Single-byte encodings often decode the same bytes equally well; then Western European is the likeliest.
    tied = [m for m in results if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    western = any("cp1252" in m.could_be_from_charset for m in tied)
    text = data.decode("cp1252") if western else str(best)
    if _control_ratio(text) > 0.02:
        raise UnreadableMedia("this is a binary file, not text")
    return text


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / len(sample)


def too_much_text(what: str) -> str:
    """Why a text over the ceiling is left out, and what the creator can do about it."""
    return (f"this {what} holds more text than CreatorWatch compares at once (over {MAX_TEXT_BYTES / 1e6:.0f} MB); "
            "split it into smaller files to check it")


def _read_bytes(handle: BinaryIO) -> bytes:
    data = handle.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise UnreadableMedia(too_much_text("text file"))
    return data


DAMAGED_PDF = "this PDF is damaged (cut off, or broken inside), so its text cannot be read"


def _read_pdf(handle: BinaryIO, deadline: float) -> str:
    """Page by page, each page's unpacked streams capped, the whole within `deadline` and MAX_DOCUMENT_CHARS."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PyPdfError

    cap = MAX_PDF_STREAM_BYTES
    limits = {name: cap for name in ("maximum_declared_stream_length", "array_based_stream_maximum_output_length",
                                     "zlib_maximum_output_length", "lzw_maximum_output_length",
                                     "run_length_maximum_output_length", "brotli_maximum_output_length",
                                     "stream_decoding_work_maximum_length", "xfa_decoding_work_maximum_length")}
    pages: list[str] = []
    length = 0
    try:
        with apply_configuration(None, **limits):
            reader = PdfReader(handle)
            if reader.is_encrypted:
                raise UnreadableMedia("this PDF is password-protected")
            for page in reader.pages:
                if time.monotonic() > deadline:
                    raise UnreadableMedia(f"this PDF took too long to read (over {DOCUMENT_SECONDS:.0f} s), "
                                          "so it was left out")
                pages.append(page.extract_text() or "")
                length += len(pages[-1])
                if length > MAX_DOCUMENT_CHARS:
                    raise UnreadableMedia(too_much_text("PDF"))
    except (LimitReachedError, MemoryError, RecursionError) as exc:
        raise UnreadableMedia("this PDF is built to unpack into far more data than a document holds, "
                              "so it was not read (a possible \"PDF bomb\")") from exc
    except FileNotDecryptedError as exc:
        raise UnreadableMedia("this PDF is password-protected") from exc
    except PyPdfError as exc:  # the reader's own words ("startxref not found") are for the log, not the creator
        log.info("could not read a PDF: %s", exc)
        raise UnreadableMedia(DAMAGED_PDF) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableMedia("this PDF has no text in it (it may be scanned pages)")
    return text


def _read_fdx(xml_text: str) -> str:
    if len(xml_text) > MAX_XML_BYTES:
        raise UnreadableMedia("this Final Draft script is too large to read")
    root = ElementTree.fromstring(xml_text.encode("utf-8"))
    lines = []
    for paragraph in root.iter("Paragraph"):
        lines.append("".join(part.text or "" for part in paragraph.iter("Text")))
    return "\n".join(lines)
