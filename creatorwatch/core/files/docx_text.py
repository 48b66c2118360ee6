"""The words of a Word document, read as a stream: a few hundred KB that inflate to gigabytes of XML
(a "DOCX bomb") are refused at a size cap and a time limit instead of being built into a tree in memory.

The text is what python-docx's `Document.paragraphs` gives (the body's paragraphs, runs and hyperlinks; tabs and
line breaks as characters), so fingerprints of works added before stay comparable.
"""

from __future__ import annotations

import time
import zipfile
from typing import IO, BinaryIO

from lxml import etree

from creatorwatch.core.errors import UnreadableMedia

MAX_XML_BYTES = 64 * 1024 * 1024  # the document's XML once inflated; a 1,000-page novel is about 20 MB
DOCUMENT = "word/document.xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _P, _R, _HYPERLINK = f"{_W}body", f"{_W}p", f"{_W}r", f"{_W}hyperlink"
_RUN_TEXT = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
_BR = f"{_W}br"


class Capped:
    """A read-only stream that refuses to give more than `limit` bytes (zip headers can lie about sizes)."""

    def __init__(self, stream: IO[bytes], limit: int, deadline: float, what: str = "Word document") -> None:
        self.stream, self.left, self.deadline, self.what = stream, limit, deadline, what

    def read(self, size: int = -1) -> bytes:
        if time.monotonic() > self.deadline:
            raise UnreadableMedia(f"this {self.what} took too long to read, so it was left out")
        data = self.stream.read(size if size >= 0 else 1 << 20)
        self.left -= len(data)
        if self.left < 0:
            raise UnreadableMedia(too_large(self.what))
        return data


def docx_text(source: BinaryIO, deadline: float) -> str:
    """The paragraphs of the Word document in `source`, one per line; UnreadableMedia with plain words if the
    document is damaged, too large once inflated, or takes past `deadline` (time.monotonic()) to read."""
    with zipfile.ZipFile(source) as archive:
        try:
            info = archive.getinfo(DOCUMENT)
        except KeyError:
            raise UnreadableMedia("this is a ZIP archive, not a Word document") from None
        if info.file_size > MAX_XML_BYTES:
            raise UnreadableMedia(too_large("Word document"))
        with archive.open(info) as member:
            try:
                return "\n".join(_paragraphs(Capped(member, MAX_XML_BYTES, deadline)))
            except etree.XMLSyntaxError as exc:
                raise UnreadableMedia("this Word document is damaged: its text is not well-formed XML") from exc


def _paragraphs(stream: Capped) -> list[str]:
    """Each paragraph directly in the body; every element is freed as soon as it ends, so memory stays small
    whatever the shape of the XML."""
    found: list[str] = []
    current: list[str] = []
    events = etree.iterparse(stream, events=("end",), resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    for _, element in events:
        parent = element.getparent()
        if element.tag == _P and parent is not None and parent.tag == _BODY:
            found.append("".join(current))
            current = []
        elif (piece := _piece(element, parent)) is not None:
            current.append(piece)
        element.clear()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]
    return found


def _piece(element: etree._Element, run: etree._Element | None) -> str | None:
    """The text a run's child adds to a body paragraph, or None if it adds nothing (or is not in one)."""
    if element.tag in _RUN_TEXT:
        text = _RUN_TEXT[element.tag] or element.text or ""
    elif element.tag == _BR:
        text = "\n" if element.get(f"{_W}type", "textWrapping") == "textWrapping" else ""
    else:
        return None
    if run is None or run.tag != _R:
        return None
    holder = run.getparent()
    if holder is not None and holder.tag == _HYPERLINK:
        holder = holder.getparent()
    if holder is None or holder.tag != _P:
        return None
    body = holder.getparent()
    return text if body is not None and body.tag == _BODY else None


def too_large(what: str) -> str:
    return f"this {what} is too large to read once unpacked (over {MAX_XML_BYTES // 2**20} MB of text markup)"
