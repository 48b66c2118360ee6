"""Text fingerprints: recognise a creator's scripts and texts in altered copies, excerpts and other editions.

A fingerprint keeps every canonical word (text_shingle.py); `Index` (text_index.py) finds regions through
winnowed 4-word seeds and scores the passage aligned there by its matched words, weighted by rarity, so
shared boilerplate and licence text count for nothing (text_passage.py, text_boilerplate.py).

What a score means (measured by tests/bench/text.py on held-out distractors): it grows with the rare words
of the best copied passage, 1 - exp(-words / 80). 0.5 is about 55 rare words matched in context, the length
of a short excerpt with some words changed; shared stock passages of manuals and Bibles reach about 50, and one
held-out distractor in 378 scored 0.51, so the alert line sits just above it at 0.52. 0.9 is about 185 rare words:
a long passage copied nearly whole.
"""

from __future__ import annotations

from pathlib import Path

from creatorwatch.core.fingerprint.base import UnreadableMedia
from creatorwatch.core.fingerprint.text_index import Index
from creatorwatch.core.fingerprint.text_shingle import encode, fingerprint_of
from creatorwatch.core.textread import read_text

KIND = "text"
VERSION = 2
DEFAULT_THRESHOLD = 0.52

__all__ = ["DEFAULT_THRESHOLD", "KIND", "VERSION", "Index", "fingerprint_file", "fingerprint_text"]


def fingerprint_text(text: str) -> bytes:
    """The fingerprint of a string, serialised."""
    return encode(fingerprint_of(text))


def fingerprint_file(path: Path) -> bytes:
    """Read a text document (plain, Markdown, Fountain, FDX, PDF, DOCX) and fingerprint its words."""
    text = read_text(Path(path))
    fingerprint = fingerprint_of(text)
    if fingerprint.words == 0:
        raise UnreadableMedia("this document has no words in it to compare")
    return encode(fingerprint)
