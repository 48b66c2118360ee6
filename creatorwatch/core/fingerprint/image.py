"""The image modality: recognise a creator's pictures in altered copies (crops, embeds, flips, recolours…)."""

from __future__ import annotations

from pathlib import Path

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.fingerprint.base import Hit

from .image_decode import load_grey
from .image_features import SIDE, fingerprint_array
from .image_index import DEFAULT_THRESHOLD, Index

KIND = "image"
VERSION = 5  # 2: grey decoding, 6 ORB levels; 3: a thumbnail; 4: the picture found in a page; 5: mirrored descriptors

__all__ = ["DEFAULT_THRESHOLD", "KIND", "VERSION", "Hit", "Index", "UnreadableMedia", "fingerprint_candidate",
           "fingerprint_file"]  # fmt: skip


def fingerprint_file(path: Path) -> bytes:
    """Decode the picture at `path` and return its fingerprint blob (raises UnreadableMedia)."""
    return fingerprint_array(load_grey(Path(path), SIDE)).to_bytes()


def fingerprint_candidate(path: Path) -> bytes:
    """fingerprint_file() for a picture that is only searched for, never added to the library: without the
    descriptors of the picture mirrored, which the index takes from the works instead (a sixth less time)."""
    return fingerprint_array(load_grey(Path(path), SIDE), mirrored=False).to_bytes()
