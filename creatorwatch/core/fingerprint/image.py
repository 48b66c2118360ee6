"""The image modality: recognise a creator's pictures in altered copies (crops, embeds, flips, recolours…)."""

from __future__ import annotations

import struct
from dataclasses import replace
from pathlib import Path

import numpy as np

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.fingerprint.base import Hit, ModalityIndex, replacing

from .image_decode import load_colour, load_grey
from .image_features import SIDE, Fingerprint, fingerprint_array, own_part, with_local_features, with_tile_features
from .image_hue import flat, hue_pictures
from .image_index import DEFAULT_THRESHOLD, Index
from .image_method import BESIDE, OWN_PART
from .image_rest import beside

KIND = "image"
VERSION = 7  # 2: grey decoding, 6 ORB levels; 3: a thumbnail; 4: the picture found in a page; 5: mirrored
# descriptors; 6: a design carried by hue; 7: where in the picture each view in hue lies

__all__ = ["BESIDE", "DEFAULT_THRESHOLD", "KIND", "OWN_PART", "VERSION", "Hit", "Index", "UnreadableMedia",
           "carried_over", "fingerprint_candidate", "fingerprint_file", "search_beside", "search_file",
           "search_more"]  # fmt: skip
TILE_SIDE = 3 * SIDE  # a gallery is decoded this large again for its pictures' own local features
TILE_SHARE = 0.5  # ... and so is a page holding one picture that covers at most this share of it (a phone's
# screenshot of a post, an article): the page's text outshouts the picture's few corners, and a dark picture on a
# dark page is found a little short, beyond its own hash (photos family in phone screenshots: 56 -> 60 of 60)
SAME_SINCE = 5  # a picture with light and dark has had the same fingerprint bytes since this version


def fingerprint_file(path: Path) -> bytes:
    """Decode the picture at `path` and return its fingerprint blob (raises UnreadableMedia)."""
    return _with_hue(fingerprint_array(load_grey(Path(path), SIDE)), Path(path), work=True).to_bytes()


def fingerprint_candidate(path: Path) -> bytes:
    """fingerprint_file() for a picture that is only searched for, never added to the library: without the
    descriptors of the picture mirrored, which the index takes from the works instead (a sixth less time); a
    gallery's pictures with local features of their own (_with_tiles)."""
    fingerprint = fingerprint_array(load_grey(Path(path), SIDE), mirrored=False)
    return _with_hue(_with_tiles(fingerprint, Path(path)), Path(path)).to_bytes()


def search_file(index: ModalityIndex, path: Path, threshold: float) -> list[Hit]:
    """index.search(fingerprint_candidate(path), threshold), the same hits, with the candidate's local features
    (two thirds of its fingerprinting time) computed only when the search needs them: not when its whole-picture
    hash already finds a work for certain (Index.needs_local); and its views in hue only when its grey finds
    nothing. For a candidate only searched, never kept: a kept fingerprint (retroactive matching) needs its local
    features for the works added later. Beyond that search, what lies beside a work found (image_rest): the
    other pictures of a collage."""
    if not isinstance(index, Index):
        return index.search(fingerprint_candidate(path), threshold)
    grey = load_grey(Path(path), SIDE)
    whole = fingerprint_array(grey, mirrored=False, local=False)
    hits = index.search(whole.to_bytes(), threshold,
                        lambda: _with_tiles(with_local_features(whole, grey), Path(path)).to_bytes(),
                        lambda: _with_hue(whole, Path(path)).to_bytes())
    return replacing(hits, search_beside(index, Path(path), grey, hits, threshold))


def search_more(index: ModalityIndex, path: Path, hits: list[Hit], threshold: float) -> list[Hit]:
    """Modality.search_more: search_beside() for a candidate whose kept fingerprint was searched (a check's)."""
    return search_beside(index, Path(path), load_grey(Path(path), SIDE), hits, threshold) if isinstance(index, Index) \
        else []  # fmt: skip


def search_beside(index: Index, path: Path, grey: np.ndarray, hits: list[Hit], threshold: float) -> list[Hit]:
    """The hits beside the works `hits` found in the candidate at `path` (`grey`: load_grey(path, SIDE)), or in
    its parts when none were (image_rest.beside): the other pictures of a collage."""
    larger: list[np.ndarray] = []  # the candidate decoded again, as large as its sides need (once)

    def decoded_larger() -> np.ndarray:
        if not larger:
            larger.append(load_grey(path, TILE_SIDE))
        return larger[0]

    def search_part(part: np.ndarray) -> list[Hit]:
        side = fingerprint_array(part, mirrored=False, local=False)
        return index.search(side.to_bytes(), threshold, lambda: with_local_features(side, part).to_bytes())

    return beside(hits, grey, decoded_larger, search_part)


def carried_over(blob: bytes, version: int) -> bytes | None:
    """Modality.carried_over: since SAME_SINCE only pictures whose grey is all but blank changed (they gained
    views in hue), and the blob's own thumbnails tell which those are, so every other keeps its fingerprint."""
    try:
        fingerprint, with_views = own_part(blob)
    except (ValueError, struct.error):
        return None
    return blob if version >= SAME_SINCE and not with_views and not _blank(fingerprint) else None


def _with_tiles(fingerprint: Fingerprint, path: Path) -> Fingerprint:
    """A gallery's pictures (two or more found on the page), or a page's one picture covering at most TILE_SHARE
    of it, with local features of their own, made from the candidate decoded again at up to TILE_SIDE, so that a
    picture a sixth of the page is looked at in detail (a page's one picture only as large as its own features
    need: SIDE on its longer side)."""
    insets = fingerprint.insets
    if len(insets) != 1:
        return with_tile_features(fingerprint, load_grey(path, TILE_SIDE)) if insets else fingerprint
    x0, y0, x1, y1 = insets[0].box
    if (x1 - x0) * (y1 - y0) > TILE_SHARE * fingerprint.width * fingerprint.height:
        return fingerprint  # the page's own features describe it already
    side = min(TILE_SIDE, round(SIDE * max(fingerprint.width, fingerprint.height) / max(x1 - x0, y1 - y0)))
    return with_tile_features(fingerprint, load_grey(path, side))


def _blank(fingerprint: Fingerprint) -> list[tuple[int, int, int, int]]:
    """Where the picture's grey, or that of a picture found in it on a page, is all but blank (both when both
    are: the blank may be the page around the picture), in pixels of the picture brought to SIDE."""
    boxes = [inset.box for inset in fingerprint.insets if flat(inset.picture.thumb)]
    return boxes + ([(0, 0, fingerprint.width, fingerprint.height)] if flat(fingerprint.thumb) else [])


def _with_hue(fingerprint: Fingerprint, path: Path, work: bool = False) -> Fingerprint:
    """The fingerprint with its views in hue (image_hue) where its grey is all but blank (_blank): a work keeps
    both signs of each projection, a candidate one."""
    boxes = _blank(fingerprint)
    if not boxes:
        return fingerprint
    colour = load_colour(path, SIDE)
    scale = colour.shape[1] / fingerprint.width  # boxes are in pixels of the picture brought to SIDE
    views = []
    for box in boxes:
        x0, y0, x1, y1 = (round(v * scale) for v in box)
        region = (box[0] / fingerprint.width, box[1] / fingerprint.height, box[2] / fingerprint.width,
                  box[3] / fingerprint.height)  # fmt: skip
        views += [replace(fingerprint_array(picture, mirrored=work, local=False), hue=hue, region=region)
                  for picture, hue in hue_pictures(colour[y0:y1, x0:x1], both_signs=work)]
    return replace(fingerprint, views=tuple(views))
