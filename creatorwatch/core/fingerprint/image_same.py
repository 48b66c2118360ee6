"""An exact or near-exact copy of a picture too dark or flat for its hash: found by its thumbnail.

PDQ says little about a picture of almost one brightness (quality under image_index.PDQ_MIN_QUALITY: a near-black
wallpaper, a pale wash), and such a picture has few local features, so even a byte-identical copy scored what a
handful of features gave it (0.63 on a Debian wallpaper of mean brightness 6 in 255, found by the independent
check). Its thumbnail still holds its faint layout: a copy's equals the work's to within a grey level once a
brightness offset is taken away (JPEG down to quality 70 moves a dark picture by one level). Among the 147 flat
candidates of both bench families, the smooth wallpapers and the independent check's pictures (4,867 in all), every
other picture's thumbnail differs by 4.3 grey levels or more, or by more than half its own spread; the one exception
is a pair of Ubuntu gradient wallpapers that are one picture at thumbnail size (the bench's known alike pair).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .image_features import Fingerprint
from .image_segment import Segment

SAME_SPREAD = 0.5  # mean difference of the thumbnails (offset taken away), as a share of the work's own spread ...
SAME_LEVELS = 1.0  # ... and in grey levels at most
MIN_SPREAD = 1.0  # grey levels of spread below which a thumbnail is one colour: nothing to tell it by
ASPECT = 0.02  # the shapes of copy and work agree to this share
SCORE = 0.97  # an exact or near-exact copy reads as near-certain


def same_thumbnail(query: Fingerprint, segment: Segment, live: np.ndarray) -> list[tuple[int, float, dict[str, Any]]]:
    """(row, score, evidence) for each work of `segment` (rows where `live`, a work's own row, not a view in hue)
    of which `query` is an exact or near-exact copy by its thumbnail."""
    rows = np.flatnonzero(live & np.isnan(segment.hues[:, 0]))
    if not len(rows) or not query.width or not query.height:
        return []
    aspect = segment.shape[rows, 0] / np.maximum(segment.shape[rows, 1], 1)
    rows = rows[np.abs(aspect / (query.width / query.height) - 1) <= ASPECT]
    if not len(rows):
        return []
    works = segment.thumbs[rows].astype(np.float32).reshape(len(rows), -1)
    mine = query.thumb.astype(np.float32).reshape(1, -1)
    spread = works.std(axis=1)
    difference = mine - works
    apart = np.abs(difference - difference.mean(axis=1, keepdims=True)).mean(axis=1)
    same = (spread >= MIN_SPREAD) & (apart <= np.minimum(SAME_LEVELS, SAME_SPREAD * spread))
    return [(int(row), SCORE, {"method": "the same picture: its thumbnail equals the work's (a picture too flat or "
                                         "dark for its hash)", "thumbnail_difference": round(float(gap), 3),
                               "work_box": [0.0, 0.0, 1.0, 1.0], "candidate_box": [0.0, 0.0, 1.0, 1.0],
                               "transform": {"flipped": False, "scale": 1.0, "rotation_degrees": 0.0}})
            for row, gap in zip(rows[same], apart[same], strict=True)]  # fmt: skip
