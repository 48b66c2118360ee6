"""The words of the zipped documents writers keep besides Word: OpenDocument text (LibreOffice, .odt) and EPUB
(published books), under the same caps on unpacked size and time as Word documents (docx_text).

Both are XML in a ZIP archive whose first member, "mimetype", names what it is. Each paragraph or heading
becomes one line; an EPUB's chapters are read in its reading order (the spine of its package file).
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import unquote

from lxml import etree

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.files.docx_text import MAX_XML_BYTES, Capped, too_large

ODT_MIME = "application/vnd.oasis.opendocument.text"
EPUB_MIME = "application/epub+zip"
FORMATS = {ODT_MIME: "OpenDocument text", EPUB_MIME: "EPUB"}

_ODT_BLOCKS = {"p", "h"}  # local names in the text namespace (a list's items hold paragraphs)
_ODT_CHARACTERS = {"s": " ", "tab": "\t", "line-break": "\n"}
_XHTML_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd", "td", "th",
                 "tr", "section", "article", "body"}
_XHTML_CHARACTERS = {"br": "\n"}
_SKIPPED = {"head", "script", "style"}


def document_format(archive: zipfile.ZipFile) -> str:
    """"OpenDocument text" or "EPUB" when the archive's "mimetype" names one, else ""."""
    try:
        mime = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
    except KeyError:
        return ""
    return FORMATS.get(mime, "")


def open_document_text(archive: zipfile.ZipFile, deadline: float) -> str:
    """The paragraphs of an OpenDocument text or an EPUB, one per line; UnreadableMedia in plain words if it is
    damaged, too large once unpacked, or takes past `deadline` (time.monotonic()) to read."""
    kind = document_format(archive)
    budget = _Budget(deadline, "book" if kind == "EPUB" else "document")
    if kind == "OpenDocument text":
        return "\n".join(budget.lines(archive, "content.xml", _ODT_BLOCKS, _ODT_CHARACTERS))
    if kind == "EPUB":  # chapters read as HTML, which knows &nbsp; and the other named characters XML does not
        return "\n".join(line for name in _reading_order(archive, budget)
                         for line in budget.lines(archive, name, _XHTML_BLOCKS, _XHTML_CHARACTERS, html=True))
    raise UnreadableMedia("this is a ZIP archive, not a document CreatorWatch can read")


class _Budget:
    """The unpacked XML all members of one document may add up to, and the time they may take."""

    def __init__(self, deadline: float, what: str) -> None:
        self.left, self.deadline, self.what = MAX_XML_BYTES, deadline, what

    def lines(self, archive: zipfile.ZipFile, name: str, blocks: set[str], characters: dict[str, str],
              html: bool = False) -> list[str]:
        """Each block's text, read as a stream: a block is dropped from the tree once read (its tail kept for
        the block around it), so memory stays small whatever the size of the chapter."""
        found: list[str] = []
        with self._member(archive, name) as stream:
            for _, element in etree.iterparse(stream, events=("end",), resolve_entities=False, no_network=True,
                                              load_dtd=False, huge_tree=False, remove_comments=True,
                                              remove_pis=True, recover=True, html=html):
                tag = _local(element.tag)
                if tag in characters:
                    element.text = characters[tag]
                elif tag in _SKIPPED:
                    _drop(element)
                elif tag in blocks:
                    if text := "".join(element.itertext()).strip():
                        found.append(text)
                    _drop(element)
        return found

    def tree(self, archive: zipfile.ZipFile, name: str) -> etree._Element:
        """A small member (an EPUB's container or package file) parsed whole."""
        with self._member(archive, name) as stream:
            data = b"".join(iter(lambda: stream.read(1 << 20), b""))
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                                 remove_comments=True, remove_pis=True, recover=True)
        root = etree.fromstring(data, parser) if data.strip() else None
        if root is None:
            raise UnreadableMedia(f"this {self.what} is damaged: {name} holds no readable XML")
        return root

    @contextmanager
    def _member(self, archive: zipfile.ZipFile, name: str) -> Iterator[Capped]:
        try:
            info = archive.getinfo(name)
        except KeyError:
            raise UnreadableMedia(f"this {self.what} is damaged: {name} is missing") from None
        if info.file_size > self.left:
            raise UnreadableMedia(too_large(self.what))
        with archive.open(info) as member:
            capped = Capped(member, self.left, self.deadline, self.what)
            yield capped
        self.left = capped.left


def _drop(element: etree._Element) -> None:
    """Take a read element out of the tree, its tail (the text after it) given to what comes before it."""
    parent = element.getparent()
    if parent is None:
        element.clear()
        return
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + (element.tail or "")
    else:
        parent.text = (parent.text or "") + (element.tail or "")
    parent.remove(element)


def _reading_order(archive: zipfile.ZipFile, budget: _Budget) -> list[str]:
    """The chapter files of an EPUB in its spine's order (container.xml names the package file that holds it)."""
    container = budget.tree(archive, "META-INF/container.xml")
    package = next((el.get("full-path") for el in container.iter() if _local(el.tag) == "rootfile"), None)
    if not package:
        raise UnreadableMedia("this book is damaged: it does not say where its contents are")
    opf = budget.tree(archive, package)
    where = posixpath.dirname(package)
    files = {el.get("id"): el.get("href") for el in opf.iter() if _local(el.tag) == "item"}
    spine = [el.get("idref") for el in opf.iter() if _local(el.tag) == "itemref"]
    names = set(archive.namelist())
    order = [posixpath.normpath(posixpath.join(where, unquote(files[i] or ""))) for i in spine if files.get(i)]
    return [name for name in order if name in names]


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
