"""The reservation in audio tags, read by every player and tag editor: ID3 for MP3, Vorbis comments for FLAC, Ogg
Vorbis and Opus. MP3s also carry the XMP packet in an ID3 PRIV frame (owner "XMP"), where Adobe's tools and ExifTool
look for it. Tags are changed in place on the copy; the audio frames are not touched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mutagen import MutagenError
from mutagen.flac import FLAC
from mutagen.id3 import COMM, ID3, PRIV, TCOP, TXXX, WCOP, WOAR, ID3NoHeaderError
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis

from creatorwatch.core.optout.xmp import Reservation

VORBIS_COMMENTS = {"FLAC": FLAC, "Ogg Vorbis": OggVorbis, "Opus": OggOpus}
AI_TRAINING_KEY = "AI_TRAINING"  # a Vorbis comment / ID3 TXXX description, valued "prohibited"


class BadAudio(ValueError):
    """The audio file's tags cannot be written or read; the message says why."""


def tag_audio(path: Path, audio_format: str, reservation: Reservation, packet: bytes) -> None:
    """Write the reservation into the tags of the file at `path` (the copy), in the format's own tag system."""
    try:
        if audio_format == "MP3":
            _tag_mp3(path, reservation, packet)
        elif audio_format in VORBIS_COMMENTS:
            _tag_vorbis(path, audio_format, reservation)
        else:
            raise BadAudio(f"{audio_format} files are protected with a sidecar file only")
    except MutagenError as exc:
        raise BadAudio(f"the audio tags could not be written ({exc})") from exc


def read_audio_reservation(path: Path, audio_format: str) -> dict[str, str]:
    """The reservation fields as stored: copyright, terms, ai_training, contact (for verification)."""
    try:
        if audio_format == "MP3":
            tags = ID3(path)
            found = {"copyright": str(tags.get("TCOP", "")),
                     "ai_training": str(tags.get(f"TXXX:{AI_TRAINING_KEY}", "")),
                     "terms": str(tags.get("COMM:AI training:eng", "")),
                     "xmp": "yes" if tags.getall("PRIV:XMP") else ""}
            return {k: v for k, v in found.items() if v}
        audio = VORBIS_COMMENTS[audio_format](path)
        comments: Any = audio.tags or {}
        names = {"COPYRIGHT": "copyright", "LICENSE": "terms", AI_TRAINING_KEY: "ai_training", "CONTACT": "contact"}
        return {ours: comments[tag][0] for tag, ours in names.items() if tag in comments}
    except (MutagenError, ID3NoHeaderError) as exc:
        raise BadAudio(f"the audio tags could not be read ({exc})") from exc


def _tag_mp3(path: Path, r: Reservation, packet: bytes) -> None:
    try:
        tags = ID3(path)
    except ID3NoHeaderError:
        tags = ID3()
    tags.setall("TCOP", [TCOP(encoding=3, text=r.copyright)])
    tags.setall(f"TXXX:{AI_TRAINING_KEY}", [TXXX(encoding=3, desc=AI_TRAINING_KEY, text="prohibited")])
    tags.setall("COMM:AI training:eng", [COMM(encoding=3, lang="eng", desc="AI training", text=r.terms)])
    if r.policy_url:
        tags.setall("WCOP", [WCOP(url=r.policy_url)])
    if r.contact and "://" in r.contact:
        tags.setall("WOAR", [WOAR(url=r.contact)])
    tags.setall("PRIV:XMP", [PRIV(owner="XMP", data=packet)])
    tags.save(path, v2_version=3)


def _tag_vorbis(path: Path, audio_format: str, r: Reservation) -> None:
    audio = VORBIS_COMMENTS[audio_format](path)
    if audio.tags is None:
        audio.add_tags()
    assert audio.tags is not None
    audio.tags["COPYRIGHT"] = r.copyright
    audio.tags["LICENSE"] = r.terms
    audio.tags[AI_TRAINING_KEY] = "prohibited"
    if r.contact:
        audio.tags["CONTACT"] = r.contact
    audio.save()
