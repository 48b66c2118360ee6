"""Landmark hashes from spectral peaks (Wang 2003), made of peak triplets so pitch and tempo shifts survive.

A hash names two bin steps (log-frequency, so a pitch shift leaves them alone), the coarse span and time
ratio of its three peaks (a tempo change leaves the ratio alone) and the anchor's semitone, which a search
shifts (Panako's idea; audio_query asks every key a pitched or sped copy could have). Plain peak pairs were
tried too: as robust here, but their 20-bit keys crowd at thousands of hours. Works are indexed sparsely
(each second's eight strongest peaks, one triplet each, about 7.7 hashes a second, which keeps 5,000 hours
near 1.4 GB); a candidate queries with more of both, so a work's hashes are found among the copy's even when
it is noisy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from creatorwatch.core.fingerprint.audio_peaks import BINS_PER_SEMITONE, Peaks

MAX_DT = 63  # frames (2 s) between an anchor and its targets
MAX_DF = 31  # log bins (about 10 semitones) between an anchor and its targets
SEMITONE_SHIFT = 20  # where a triplet key keeps the anchor's semitone
KEY_BITS = 27  # room in a posting
USED_KEY_BITS = 26  # semitone 6, two bin steps 6+6, span 5, ratio 3


@dataclass(frozen=True)
class Density:
    """How many peaks per second and targets per anchor a set of hashes is made from."""

    peaks: int
    targets: int
    lookahead: int


WORK = Density(peaks=8, targets=2, lookahead=24)  # about 7.7 hashes a second
QUERY = Density(peaks=10, targets=4, lookahead=48)


def landmark_hashes(peaks: Peaks, density: Density) -> tuple[np.ndarray, np.ndarray]:
    """Keys (uint32) and anchor frames (uint32) of the triplet hashes at `density`."""
    keep = peaks.rank < density.peaks
    t, f = peaks.t[keep].astype(np.int64), peaks.f[keep].astype(np.int64)
    keys, anchors = _triplets(t, f, _targets(t, f, density.lookahead), density.targets)
    return keys.astype(np.uint32), anchors.astype(np.uint32)


def _targets(t: np.ndarray, f: np.ndarray, lookahead: int) -> np.ndarray:
    """For each peak, the indices of later peaks in its target zone, nearest first; -1 pads."""
    n = t.size
    idx = np.arange(n)[:, None] + np.arange(1, lookahead + 1)[None, :]
    inside = idx < n
    idx = np.where(inside, idx, n - 1) if n else idx
    if n == 0:
        return np.zeros((0, lookahead), dtype=np.int64)
    dt = t[idx] - t[:, None]
    df = f[idx] - f[:, None]
    ok = inside & (dt >= 1) & (dt <= MAX_DT) & (np.abs(df) <= MAX_DF)
    order = np.argsort(~ok, axis=1, kind="stable")  # valid targets first, still nearest first
    out = np.take_along_axis(np.where(ok, idx, -1), order, axis=1)
    return out


def _triplets(
    t: np.ndarray, f: np.ndarray, targets: np.ndarray, fanout: int
) -> tuple[np.ndarray, np.ndarray]:
    first, second = np.triu_indices(fanout, k=1)
    j1, j2 = targets[:, first], targets[:, second]
    a, k = np.nonzero((j1 >= 0) & (j2 >= 0))
    b, c = j1[a, k], j2[a, k]
    dt13 = t[c] - t[a]
    ratio = np.minimum((t[b] - t[a]) * 8 // dt13, 7)
    keys = (
        ((f[a] // BINS_PER_SEMITONE) << SEMITONE_SHIFT)
        | ((f[b] - f[a] + 32) << 14)
        | ((f[c] - f[a] + 32) << 8)
        | ((dt13 // 2) << 3)
        | ratio
    )
    return keys, t[a]
