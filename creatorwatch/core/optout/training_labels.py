"""Where a file keeps its "do not train" labels besides a picture's own XMP — the places `protect` writes them, read
back so that `provenance` reports every one: the XMP packet of a PDF, of an MP3's ID3 tags or of an .xmp sidecar
(the sidecar itself, or the one beside the file), audio tags (ID3 TXXX, Vorbis comments) and the notice at the top of
a plain text. Each reader gives None or [] for a file without the label and never raises on a broken one."""

from __future__ import annotations

from pathlib import Path

from mutagen import MutagenError
from mutagen.id3 import ID3, ID3NoHeaderError

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.library.sniff import sniff_file
from creatorwatch.core.optout.audio_tags import AI_TRAINING_KEY, VORBIS_COMMENTS, BadAudio, read_audio_reservation
from creatorwatch.core.optout.pdf_meta import BadPdf, read_pdf_xmp
from creatorwatch.core.optout.text_notice import read_text_notice

SIDECAR = ".xmp"
MAX_SIDECAR = 16 * 1024 * 1024  # an XMP sidecar is a few kilobytes
_XMP_STARTS = (b"<?xpacket", b"<x:xmpmeta", b"<?xml")


def file_format(path: Path) -> str:
    """The format `protect` knows the file by ("MP3", "FLAC", "PDF", "text" …), judged from its content; "" when it
    is none CreatorWatch reads."""
    try:
        return sniff_file(path).format
    except (UnreadableMedia, OSError):
        return ""


def outside_xmp(path: Path, fmt: str) -> tuple[bytes, str] | None:
    """An XMP packet for a file that is not a picture, and where it was found: inside a PDF or an MP3, the file
    itself when it is an XMP sidecar, or the sidecar beside it (NAME.xmp, as `protect` writes for other formats)."""
    try:
        if fmt == "PDF" and (packet := read_pdf_xmp(path)):
            return packet, "the PDF's XMP metadata"
        if fmt == "MP3" and (packet := _mp3_xmp(path)):
            return packet, "the XMP in its ID3 tags"
        if _is_xmp(path):
            return path.read_bytes(), "this XMP sidecar file"
        beside = path.with_name(path.name + SIDECAR)
        if beside.is_file() and _is_xmp(beside):
            return beside.read_bytes(), f"the XMP sidecar {beside.name} beside it"
    except (BadPdf, OSError, MutagenError):
        return None
    return None


def tag_labels(path: Path, fmt: str) -> list[str]:
    """Where the file's tags or text say that AI training is not allowed, in words; [] when nowhere."""
    if fmt == "MP3" or fmt in VORBIS_COMMENTS:
        try:
            said = read_audio_reservation(path, fmt)
        except BadAudio:
            return []
        if said.get("ai_training", "").lower() != "prohibited":
            return []
        system = "ID3 tag TXXX" if fmt == "MP3" else "Vorbis comment"
        return [f"its audio tags ({system} {AI_TRAINING_KEY}=prohibited)"]
    if fmt == "text" and read_text_notice(path):
        return ["the notice at the top of the text"]
    return []


def _mp3_xmp(path: Path) -> bytes | None:
    try:
        frames = ID3(path).getall("PRIV:XMP")
    except ID3NoHeaderError:
        return None
    return bytes(frames[0].data) if frames else None


def _is_xmp(path: Path) -> bool:
    """An XMP packet on its own (a sidecar): XML whose root is the XMP envelope, small enough to be one."""
    if path.stat().st_size > MAX_SIDECAR:
        return False
    with path.open("rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(_XMP_STARTS) and b"xmpmeta" in head
