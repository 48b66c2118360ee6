"""Decide what a file is from its first bytes — never from its name — so a renamed file is still understood."""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.files.open_document_text import document_format
from creatorwatch.core.files.regular_file import open_regular
from creatorwatch.core.files.textread import decode_text

HEAD_BYTES = 4096
SVG_REFUSED = "this is an SVG drawing: add a PNG or JPEG export of it instead (pictures are compared by their pixels)"
# An SVG file: markup whose first element is <svg>, after any XML declaration, comments and doctype.
_SVG = re.compile(r"\A\ufeff?\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]",
                  re.DOTALL | re.IGNORECASE)
MAX_FILE_BYTES = 4 * 1024**3  # larger files are refused before a byte is read, as works and as candidates alike


@dataclass(frozen=True)
class Sniffed:
    kind: str  # "image" | "audio" | "text"
    format: str  # a short name a creator recognises: "PNG", "MP3", "PDF", "text" (plain text) …


def kind_and_format(kind: str, fmt: str) -> str:
    """How a letter or report names what a work is: "image, JPEG", "text, PDF", and "plain text" where the stored
    format only repeats the kind (a plain text work's format is "text", which read "(text, text)")."""
    if fmt.strip().lower() in ("", kind.lower()):
        return "plain text" if kind == "text" else kind
    return f"{kind}, {fmt}"


_IMAGE_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
]
_ASF_HEADER = bytes.fromhex("3026b2758e66cf11a6d900aa0062ce6c")  # Windows Media (WMA, WMV)
_M4A_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"mp42", b"isom", b"iso2", b"mp41", b"dash", b"3gp4", b"3gp5"}


def sniff_file(path: Path) -> Sniffed:
    """The kind and format of `path`, or UnreadableMedia saying why it is not a work CreatorWatch can use.

    Only a regular file is opened: a named pipe or a device is refused before a byte is read, and so is a file
    too large to analyse (a 50 GB recording would take hours and the memory of its fingerprint).
    """
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableMedia(f"the file is too large ({size / 1e9:.1f} GB; the limit is "
                                  f"{MAX_FILE_BYTES / 1e9:.1f} GB)")
        head = handle.read(HEAD_BYTES)
        if not head:
            raise UnreadableMedia("the file is empty")
        found = _sniff_media(head) or _sniff_document(handle, head)
    if found is None:
        raise UnreadableMedia("this is not an image, audio or text file CreatorWatch can read")
    return found


def _sniff_media(head: bytes) -> Sniffed | None:
    for magic, name in _IMAGE_MAGIC:
        if head.startswith(magic):
            if name == "BMP" and len(head) > 14 and head[6:10] != b"\x00\x00\x00\x00":
                continue  # "BM" followed by non-zero reserved bytes is text that happens to start with BM
            return Sniffed("image", name)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image", "WebP")
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return Sniffed("audio", "WAV")
    if head[:4] == b"fLaC":
        return Sniffed("audio", "FLAC")
    if head[:4] == b"OggS":
        if b"OpusHead" in head:
            return Sniffed("audio", "Opus")
        if b"\x01vorbis" in head:
            return Sniffed("audio", "Ogg Vorbis")
        if b"FLAC" in head[:64]:
            return Sniffed("audio", "FLAC")
        return None
    if head[:3] == b"ID3" or _is_mpeg_frame(head):
        return Sniffed("audio", "MP3")
    if head[4:8] == b"ftyp" and (picture := _picture_brand(head)):
        return Sniffed("image", picture)
    if head[4:8] == b"ftyp" and head[8:12] in _M4A_BRANDS:
        return Sniffed("audio", "M4A")
    if (head[4:8] == b"ftyp" and head[8:12] == b"qt  ") or head[4:8] in (b"moov", b"wide", b"mdat"):
        return Sniffed("audio", "QuickTime")  # a phone's or camera's .mov: its soundtrack is the work
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return Sniffed("audio", "AIFF")
    if head[:4] == b"caff":
        return Sniffed("audio", "CAF")
    if head[:16] == _ASF_HEADER:
        return Sniffed("audio", "WMA")
    if _is_adts(head):
        return Sniffed("audio", "AAC")
    if head[:4] == b"\x1a\x45\xdf\xa3":  # EBML: a video (or sound) whose soundtrack is the work
        return Sniffed("audio", "WebM" if b"webm" in head[:64] else "Matroska")
    if _is_transport_stream(head):
        return Sniffed("audio", "MPEG-TS")
    return None


def _picture_brand(head: bytes) -> str:
    """ "AVIF" or "HEIC" when an ISO file's type box names a still-picture brand (a phone's photo, a picture an
    image server sent as AVIF), else "". The major brand may be the generic "mif1": the compatible ones decide."""
    end = min(int.from_bytes(head[:4], "big"), len(head))
    brands = {head[8:12], *(head[at : at + 4] for at in range(16, end - 3, 4))}
    if brands & {b"avif", b"avis"}:
        return "AVIF"
    if brands & {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}:
        return "HEIC"
    return ""


def _is_transport_stream(head: bytes) -> bool:
    """MPEG transport stream (broadcast and camcorder video): a sync byte opening each 188-byte packet, or each
    192-byte one (M2TS, a 4-byte time code first), eight packets running."""
    return any(len(head) >= start + 8 * size and all(head[start + k * size] == 0x47 for k in range(8))
               for start, size in ((0, 188), (4, 192)))


def _is_mpeg_frame(head: bytes) -> bool:
    """An MPEG audio layer III frame header at the very start (11 sync bits, layer III, a valid bitrate)."""
    if len(head) < 4 or head[0] != 0xFF or (head[1] & 0xE0) != 0xE0:
        return False
    layer = (head[1] >> 1) & 0x3
    bitrate = head[2] >> 4
    return layer == 0x1 and bitrate not in (0x0, 0xF) and (head[2] >> 2) & 0x3 != 0x3


def _is_adts(head: bytes) -> bool:
    return len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xF6) == 0xF0


def _sniff_document(handle: BinaryIO, head: bytes) -> Sniffed | None:
    if head.startswith(b"%PDF-"):
        return Sniffed("text", "PDF")
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(handle) as archive:
                if "word/document.xml" in archive.namelist():
                    return Sniffed("text", "Word document")
                if name := document_format(archive):
                    return Sniffed("text", name)
        except zipfile.BadZipFile:
            return None
        return None
    try:
        text = decode_text(_uncut(head))
    except UnreadableMedia:
        return None
    if "<FinalDraft" in text[:2000]:
        return Sniffed("text", "Final Draft")
    if text.startswith("{\\rtf"):
        return Sniffed("text", "RTF")
    if _SVG.match(text[:4000]):
        raise UnreadableMedia(SVG_REFUSED)
    return Sniffed("text", "text")



def _uncut(head: bytes) -> bytes:
    """The head without the UTF-8 character its last bytes may cut in two: Japanese, Chinese or Korean text is
    three bytes a character, so most heads of such files end mid-character and would not decode as UTF-8."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # only the last character is short of bytes
            return head[: exc.start]
    return head
