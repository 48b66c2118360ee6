"""Aligned hashes that a copy would give second after second, and the few a chance alignment gives far apart: a
song scored 0.55 against another because eight of its hashes lined up with it in 3 seconds spread over 48."""

from __future__ import annotations

import numpy as np

from creatorwatch.core.fingerprint import audio
from creatorwatch.core.fingerprint.audio_index import FRAMES_PER_SECOND, _hit


def _score(seconds: list[float]) -> float:
    tq = np.array([s * FRAMES_PER_SECOND for s in seconds])
    return _hit(1, tq, np.ones(tq.size), np.zeros(tq.size, np.int64), 1.0, 0.0).score


def test_eight_hashes_in_three_seconds_far_apart_are_chance() -> None:
    assert _score([0.1, 0.4, 0.8, 20.2, 20.5, 20.9, 47.9, 48.1]) < audio.DEFAULT_THRESHOLD


def test_the_same_hashes_second_after_second_are_a_copy() -> None:
    assert _score([0.1, 0.4, 0.8, 1.2, 1.5, 1.9, 2.1, 2.6]) >= audio.DEFAULT_THRESHOLD
