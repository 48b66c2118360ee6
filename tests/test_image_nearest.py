"""The descriptor matching that confirms a copy pairs each candidate descriptor with exactly the work descriptors
OpenCV's brute-force matcher picks (cv2.batchDistance, K=2), ties and far-apart descriptors included, so the
faster numpy matching finds the very same copies, with the same evidence."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from creatorwatch.core.fingerprint.image_verify import _two_nearest


def _opencv(query: np.ndarray, work: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    distances, nearest = cv2.batchDistance(query, work, cv2.CV_32S, normType=cv2.NORM_HAMMING, K=2)
    return nearest[:, 0], distances[:, 0], distances[:, 1]


@pytest.mark.parametrize("queries, works", [(400, 400), (37, 400), (400, 23), (6, 6)])
def test_the_same_nearest_two_as_opencv(queries: int, works: int) -> None:
    rng = np.random.default_rng(queries * 1000 + works)
    work = rng.integers(0, 256, (works, 32), dtype=np.uint8)
    work[works // 2] = work[0]  # two equally near work descriptors: the first one is the nearest
    query = work[rng.integers(0, works, queries)] ^ (rng.random((queries, 32)) < 0.05).astype(np.uint8)
    query[0] = ~work[1]  # 256 bits away from one of them
    for mine, theirs in zip(_two_nearest(query, work), _opencv(query, work), strict=True):
        assert mine.tolist() == theirs.tolist()


def test_a_new_candidate_is_not_matched_with_the_previous_ones_words() -> None:
    rng = np.random.default_rng(7)
    work = rng.integers(0, 256, (300, 32), dtype=np.uint8)
    for _ in range(3):  # same shape each time, different descriptors
        query = rng.integers(0, 256, (200, 32), dtype=np.uint8)
        for mine, theirs in zip(_two_nearest(query, work), _opencv(query, work), strict=True):
            assert mine.tolist() == theirs.tolist()
