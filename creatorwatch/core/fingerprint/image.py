"""The image modality: recognise a creator's pictures in altered copies (crops, embeds, flips, recolours…)."""

from __future__ import annotations

from pathlib import Path

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.fingerprint.base import Hit, ModalityIndex

from .image_decode import load_grey
from .image_features import SIDE, fingerprint_array, with_local_features
from .image_index import DEFAULT_THRESHOLD, Index

KIND = "image"
VERSION = 5  # 2: grey decoding, 6 ORB levels; 3: a thumbnail; 4: the picture found in a page; 5: mirrored descriptors

__all__ = ["DEFAULT_THRESHOLD", "KIND", "VERSION", "Hit", "Index", "UnreadableMedia", "fingerprint_candidate",
           "fingerprint_file", "search_file"]  # fmt: skip


def fingerprint_file(path: Path) -> bytes:
    """Decode the picture at `path` and return its fingerprint blob (raises UnreadableMedia)."""
    return fingerprint_array(load_grey(Path(path), SIDE)).to_bytes()


def fingerprint_candidate(path: Path) -> bytes:
    """fingerprint_file() for a picture that is only searched for, never added to the library: without the
    descriptors of the picture mirrored, which the index takes from the works instead (a sixth less time)."""
    return fingerprint_array(load_grey(Path(path), SIDE), mirrored=False).to_bytes()


def search_file(index: ModalityIndex, path: Path, threshold: float) -> list[Hit]:
    """index.search(fingerprint_candidate(path), threshold), the same hits, with the candidate's local features
    (two thirds of its fingerprinting time) computed only when the search needs them: not when its whole-picture
    hash already finds a work for certain (Index.needs_local). For a candidate only searched, never kept: a kept
    fingerprint (retroactive matching) needs its local features for the works added later."""
    if not isinstance(index, Index):
        return index.search(fingerprint_candidate(path), threshold)
    grey = load_grey(Path(path), SIDE)
    whole = fingerprint_array(grey, mirrored=False, local=False)
    return index.search(whole.to_bytes(), threshold, lambda: with_local_features(whole, grey).to_bytes())
