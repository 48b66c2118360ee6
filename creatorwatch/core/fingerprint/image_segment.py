"""A batch of image works held as flat arrays (hashes, keypoints, descriptors and their vote table), so that
it can be searched without per-work objects and saved to, or memory-mapped from, the index cache.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .image_features import THUMB, Fingerprint
from .image_vote import DescriptorTable

ARRAYS = ("ids", "sizes", "shape", "pdq", "ends", "points", "descriptors", "order", "starts", "thumbs")


class Segment:
    """Works in rows: row r is work ids[r], whose descriptors are rows ends[r - 1]..ends[r]."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.arrays = arrays
        self.ids = arrays["ids"]  # (n,) int64
        self.sizes = arrays["sizes"]  # (n,) int64: blob sizes, for the cache's signature
        self.shape = arrays["shape"]  # (n, 3) int32: width, height, PDQ quality
        self.pdq = arrays["pdq"]  # (4, n) uint64: the upright PDQ hash, word by word (fast to scan)
        self.ends = arrays["ends"]  # (n,) int64
        self.points = arrays["points"]  # (total, 2) float16
        self.thumbs = arrays["thumbs"]  # (n, THUMB, THUMB) uint8
        self.table = DescriptorTable(arrays["descriptors"], self.ends, arrays["order"], arrays["starts"])

    @classmethod
    def build(cls, works: Sequence[tuple[int, int, Fingerprint]]) -> Segment:
        """A segment of (work id, blob size, fingerprint) triples."""
        prints = [fp for _, _, fp in works]
        descriptors = np.concatenate([fp.descriptors for fp in prints] or [np.zeros((0, 32), np.uint8)])
        ends = np.cumsum([len(fp.descriptors) for fp in prints], dtype=np.int64)
        table = DescriptorTable.build(descriptors, ends)
        return cls({
            "ids": np.array([w for w, _, _ in works], np.int64),
            "sizes": np.array([s for _, s, _ in works], np.int64),
            "shape": np.array([(fp.width, fp.height, fp.quality) for fp in prints], np.int32).reshape(-1, 3),
            "pdq": np.array([fp.pdq[0] for fp in prints], np.uint64).reshape(-1, 4).T.copy(),
            "ends": ends,
            "points": np.concatenate([fp.points for fp in prints] or [np.zeros((0, 2))]).astype(np.float16),
            "descriptors": descriptors,
            "order": table.order,
            "starts": table.starts,
            "thumbs": np.array([fp.thumb for fp in prints], np.uint8).reshape(-1, THUMB, THUMB),
        })  # fmt: skip

    def __len__(self) -> int:
        return len(self.ids)

    def fingerprint(self, row: int) -> Fingerprint:
        """Work row `row` as a Fingerprint (its pdq holds the upright hash only)."""
        start, end = (int(self.ends[row - 1]) if row else 0), int(self.ends[row])
        width, height, quality = (int(v) for v in self.shape[row])
        points = np.asarray(self.points[start:end], np.float32)
        descriptors = np.asarray(self.table.descriptors[start:end])
        pdq = np.asarray(self.pdq[:, row : row + 1]).T
        return Fingerprint(width, height, quality, pdq, points, descriptors, np.asarray(self.thumbs[row]))

    def rows_where(self, keep: np.ndarray) -> list[tuple[int, int, Fingerprint]]:
        """The works of the rows where `keep` is true, as build() takes them."""
        return [(int(self.ids[r]), int(self.sizes[r]), self.fingerprint(r)) for r in np.flatnonzero(keep).tolist()]


EMPTY = Segment.build([])
