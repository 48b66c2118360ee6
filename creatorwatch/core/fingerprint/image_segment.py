"""A batch of image works held as flat arrays (hashes, keypoints, descriptors and their vote table), so that
it can be searched without per-work objects and saved to, or memory-mapped from, the index cache.

Each work's descriptors as seen in the work mirrored left-right are tabled too, after all the plain ones: a
candidate's descriptors voting for a work mirrored is the same as the candidate mirrored voting for the work,
and so candidates need not compute their mirrored descriptors (a sixth of their fingerprinting time).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

import numpy as np

from .image_features import THUMB, Fingerprint
from .image_vote import DescriptorTable

ARRAYS = ("ids", "sizes", "shape", "pdq", "ends", "mirror_ends", "points", "descriptors", "order", "starts", "thumbs",
          "hues")  # fmt: skip


class Segment:
    """Works in rows: row r is work ids[r], whose descriptors are rows ends[r - 1]..ends[r], and its mirrored
    descriptors rows mirror_ends[r - 1]..mirror_ends[r] (which follow all the plain ones). The vote table owns
    n + n rows: work row r as it is, and n + r mirrored."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.arrays = arrays
        self.ids = arrays["ids"]  # (n,) int64
        self.sizes = arrays["sizes"]  # (n,) int64: blob sizes, for the cache's signature
        self.shape = arrays["shape"]  # (n, 3) int32: width, height, PDQ quality
        self.pdq = arrays["pdq"]  # (4, n) uint64: the upright PDQ hash, word by word (fast to scan)
        self.ends = arrays["ends"]  # (n,) int64
        self.mirror_ends = arrays["mirror_ends"]  # (n,) int64, counted from the start of all descriptors
        self.points = arrays["points"]  # (total, 2) float16
        self.thumbs = arrays["thumbs"]  # (n, THUMB, THUMB) uint8
        self.hues = arrays["hues"]  # (n, 5) float32: a view's hue (image_hue.Hue), NaN for a work's own row
        owners = np.concatenate([self.ends, self.mirror_ends])
        self.table = DescriptorTable(arrays["descriptors"], owners, arrays["order"], arrays["starts"])

    @classmethod
    def build(cls, works: Sequence[tuple[int, int, Fingerprint]]) -> Segment:
        """A segment of (work id, blob size, fingerprint) triples."""
        prints = [fp for _, _, fp in works]
        both = [fp.descriptors for fp in prints] + [fp.mirrored for fp in prints]
        descriptors = np.concatenate(both or [np.zeros((0, 32), np.uint8)])
        ends = np.cumsum([len(d) for d in both], dtype=np.int64)
        table = DescriptorTable.build(descriptors, ends)
        return cls({
            "ids": np.array([w for w, _, _ in works], np.int64),
            "sizes": np.array([s for _, s, _ in works], np.int64),
            "shape": np.array([(fp.width, fp.height, fp.quality) for fp in prints], np.int32).reshape(-1, 3),
            "pdq": np.array([fp.pdq[0] for fp in prints], np.uint64).reshape(-1, 4).T.copy(),
            "ends": ends[: len(prints)],
            "mirror_ends": ends[len(prints) :],
            "points": np.concatenate([fp.points for fp in prints] or [np.zeros((0, 2))]).astype(np.float16),
            "descriptors": descriptors,
            "order": table.order,
            "starts": table.starts,
            "thumbs": np.array([fp.thumb for fp in prints], np.uint8).reshape(-1, THUMB, THUMB),
            "hues": np.array([_NO_HUE if fp.hue is None else fp.hue for fp in prints], np.float32).reshape(-1, 5),
        })  # fmt: skip

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def half_thumbs(self) -> np.ndarray:
        """The thumbnails at half their side (means of 2 × 2 pixels, float32), made once: the layout search
        (image_crop) looks at every work so for each small or smooth candidate, which cost 2 ms a search at 136
        works (only segments of up to image_crop.MAX_WORKS are searched so: at most 2 MB)."""
        half = THUMB // 2
        return self.thumbs.reshape(len(self), half, 2, half, 2).mean(axis=(2, 4), dtype=np.float32)

    @property
    def plain_descriptors(self) -> int:
        """How many descriptors the works hold as they are (the table holds as many again mirrored)."""
        return int(self.ends[-1]) if len(self.ends) else 0

    def fingerprint(self, row: int) -> Fingerprint:
        """Work row `row` as a Fingerprint (its pdq holds the upright hash only)."""
        start, end = (int(self.ends[row - 1]) if row else 0), int(self.ends[row])
        mirror_start = int(self.mirror_ends[row - 1]) if row else self.plain_descriptors
        mirrored = np.asarray(self.table.descriptors[mirror_start : int(self.mirror_ends[row])])
        width, height, quality = (int(v) for v in self.shape[row])
        points = np.asarray(self.points[start:end], np.float32)
        descriptors = np.asarray(self.table.descriptors[start:end])
        pdq = np.asarray(self.pdq[:, row : row + 1]).T
        thumb = np.asarray(self.thumbs[row])
        hue = None if np.isnan(self.hues[row]).any() else np.asarray(self.hues[row])
        return Fingerprint(width, height, quality, pdq, points, descriptors, thumb, mirrored=mirrored, hue=hue)

    def rows_where(self, keep: np.ndarray) -> list[tuple[int, int, Fingerprint]]:
        """The works of the rows where `keep` is true, as build() takes them."""
        return [(int(self.ids[r]), int(self.sizes[r]), self.fingerprint(r)) for r in np.flatnonzero(keep).tolist()]


_NO_HUE = np.full(5, np.nan, np.float32)
EMPTY = Segment.build([])
