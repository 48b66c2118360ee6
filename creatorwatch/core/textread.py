"""Read the words out of a text work — plain text in any common encoding, Markdown, Fountain, Final Draft, PDF, DOCX.

The kind of file is decided from its content, never its name.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from charset_normalizer import from_bytes

from creatorwatch.core.fingerprint.base import UnreadableMedia

MAX_TEXT_BYTES = 200 * 1024 * 1024  # a plain-text script is far smaller; refuse before reading more


def read_text(path: Path) -> str:
    """The text of `path` as one string (paragraphs separated by newlines)."""
    head = _head(path, 8)
    try:
        if head.startswith(b"%PDF-"):
            return _read_pdf(path)
        if head.startswith(b"PK\x03\x04"):
            return _read_docx(path)
        data = _read_bytes(path)
        text = decode_text(data)
        if text.lstrip().startswith("<?xml") and "<FinalDraft" in text[:2000]:
            return _read_fdx(text)
        return text
    except UnreadableMedia:
        raise
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise UnreadableMedia(f"the text could not be read ({type(exc).__name__}: {exc})") from exc


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


def _head(path: Path, size: int) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise UnreadableMedia(f"this text file is too large to read ({size / 1e6:.0f} MB)")
    return path.read_bytes()


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise UnreadableMedia("this PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as exc:
        raise UnreadableMedia(f"this PDF is damaged ({exc})") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableMedia("this PDF has no text in it (it may be scanned pages)")
    return text


def _read_docx(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        if "word/document.xml" not in archive.namelist():
            raise UnreadableMedia("this is a ZIP archive, not a Word document")
    import docx

    document = docx.Document(str(path))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def _read_fdx(xml_text: str) -> str:
    root = ElementTree.fromstring(xml_text.encode("utf-8"))
    lines = []
    for paragraph in root.iter("Paragraph"):
        lines.append("".join(part.text or "" for part in paragraph.iter("Text")))
    return "\n".join(lines)
