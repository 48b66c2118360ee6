"""The library's text seeds in one sorted array: a candidate's shingles are looked up with np.searchsorted.

Each lookup also says how many works hold a shingle, which makes its weight: text many works share (the
library's own boilerplate) and standard licence text weigh nothing; the weighty seeds then point
text_passage.py at the regions of each work worth aligning word by word.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from creatorwatch.core.fingerprint.base import Hit, ModalityIndex
from creatorwatch.core.fingerprint.text_boilerplate import conventions, licence_seeds
from creatorwatch.core.fingerprint.text_passage import Seeds, best_passages
from creatorwatch.core.fingerprint.text_shingle import GRAM, WINDOW, Fingerprint, decode, shingles

CROWD = 24  # works holding a shingle at which it is the library's boilerplate and weighs nothing
COMMON = 2.0  # works sharing a shingle at which its weight halves (then falls with the square)
SEED_WEIGHT = 0.3  # lighter shingles (held by more than four works) do not start a passage
MIN_SEEDS = 1
MAX_WORKS = 32  # works aligned per candidate: those with the weightiest seeds
_LOW = np.uint64(0xFFFFFFFF)


class _Table:
    """Every seed of a fixed set of works as sorted keys: seed hash << 32 | row number."""

    def __init__(self, works: dict[int, Fingerprint]) -> None:
        self.ids = np.array(list(works), np.int64)
        sizes = np.array([len(fp.seeds) for fp in works.values()], np.int64)
        self.offsets = np.concatenate(([0], np.cumsum(sizes)))
        self.positions = _concat([fp.positions for fp in works.values()], np.uint32)
        keys = np.empty(int(self.offsets[-1]), np.uint64)
        halves = keys.view(np.uint32).reshape(-1, 2)  # seed hash in the high half, row number in the low
        low, high = (0, 1) if sys.byteorder == "little" else (1, 0)
        halves[:, low] = np.arange(len(keys), dtype=np.uint32)
        halves[:, high] = _concat([fp.seeds for fp in works.values()], np.uint32)
        keys.sort()
        self.keys = keys

    def ranges(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """[lo, hi) of the keys holding each hash."""
        top = hashes.astype(np.uint64) << np.uint64(32)
        return np.searchsorted(self.keys, top), np.searchsorted(self.keys, top | _LOW, side="right")

    def rows(self, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For every key in the ranges: which range, which work (position in self.ids), which word of it."""
        counts = hi - lo
        which = np.repeat(np.arange(len(lo)), counts)
        first = np.repeat(lo - (np.cumsum(counts) - counts), counts)
        rows = (self.keys[first + np.arange(len(which))] & _LOW).astype(np.int64)
        work = np.searchsorted(self.offsets, rows, side="right") - 1
        return which, work, self.positions[rows].astype(np.int64)


def _concat(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(arrays).astype(dtype, copy=False) if arrays else np.zeros(0, dtype)


class Index(ModalityIndex):
    """Text works of the library, searchable for copied passages. It keeps no saved copy (it builds in moments), so
    `cache_dir` is accepted for the Modality contract and not used."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._works: dict[int, Fingerprint] = {}
        self._table: _Table | None = None

    def add(self, work_id: int, blob: bytes) -> None:
        self._works[work_id] = decode(blob)
        self._table = None

    def remove(self, work_id: int) -> None:
        if self._works.pop(work_id, None) is not None:
            self._table = None

    def __len__(self) -> int:
        return len(self._works)

    def search(self, blob: bytes, threshold: float) -> list[Hit]:
        candidate = decode(blob)
        if self._table is None:
            self._table = _Table(self._works)
        if not self._works or candidate.words == 0:
            return []
        seeds, word_weight = self._seeds(self._table, candidate)
        works = {int(w): self._works[int(w)] for w in np.unique(seeds.work)}
        hits = [hit for hit in best_passages(seeds, candidate, word_weight, works) if hit.score >= threshold]
        return sorted(hits, key=lambda hit: -hit.score)

    def _seeds(self, table: _Table, candidate: Fingerprint) -> tuple[Seeds, np.ndarray]:
        """Weighty shared seeds, and the weight of every candidate word (0 for boilerplate)."""
        grams = shingles(candidate.ids)
        lo, hi = table.ranges(grams)
        crowded = hi - lo > 2 * CROWD
        hi[crowded] = lo[crowded]
        which, work, position = table.rows(lo, hi)
        weight = _rarity(which, work, len(grams))
        weight[crowded | licence_seeds(grams)] = 0.0
        known = crowded | (hi > lo) | (weight == 0.0)
        word_weight = _word_weights(_fill(weight, known), candidate.words)
        word_weight[conventions(candidate.ids)] = 0.0
        keep = weight[which] >= SEED_WEIGHT
        which, work, position = which[keep], work[keep], position[keep]
        keep = _weightiest_works(work, weight[which])
        return Seeds(table.ids[work[keep]], which[keep], position[keep]), word_weight


def own_words(ids: np.ndarray) -> np.ndarray:
    """Which words of a text, taken alone, are the writer's own: not standard licence text nor screenplay markup."""
    grams = shingles(ids)
    licence = licence_seeds(grams)
    weight = _word_weights(_fill(np.where(licence, 0.0, 1.0), licence), len(ids))
    return (weight > 0.0) & ~conventions(ids)


def _rarity(which: np.ndarray, work: np.ndarray, queries: int) -> np.ndarray:
    """Weight of each candidate shingle: 1 when one work holds it, falling fast as more do, 0 from CROWD."""
    pairs = np.unique(which * (int(work.max(initial=0)) + 1) + work)
    holders = np.bincount(pairs // (int(work.max(initial=0)) + 1), minlength=queries)
    weight = 1.0 / (1.0 + (np.maximum(holders - 1, 0) / COMMON) ** 2)
    weight[holders >= CROWD] = 0.0
    return weight


def _fill(weight: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Weights of shingles no work holds as a seed, taken from the nearest known ones within a window.

    Winnowing keeps one shingle in a few, so boilerplate shows as a chain of known weightless seeds; the
    shingles between them are boilerplate too. Text far from any known seed weighs 1.
    """
    place = np.arange(len(weight))
    left = np.maximum.accumulate(np.where(known, place, -1))
    right = np.minimum.accumulate(np.where(known, place, len(weight))[::-1])[::-1]
    near_left = (left >= 0) & (place - left <= WINDOW)
    near_right = (right < len(weight)) & (right - place <= WINDOW)
    from_left = np.where(near_left, weight[np.maximum(left, 0)], -1.0)
    from_right = np.where(near_right, weight[np.minimum(right, len(weight) - 1)], -1.0)
    filled = np.maximum(from_left, from_right)
    filled[filled < 0] = 1.0
    return np.where(known, weight, filled)


def _word_weights(shingle_weight: np.ndarray, words: int) -> np.ndarray:
    """Each word weighs as much as the weightiest shingle it belongs to."""
    span = min(GRAM, words)
    padded = np.concatenate((np.zeros(span - 1), shingle_weight, np.zeros(span - 1)))
    return sliding_window_view(padded, span).max(axis=1)[:words]


def _weightiest_works(work: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Seeds of the MAX_WORKS works with the most seed weight, among works with at least MIN_SEEDS seeds."""
    if len(work) == 0:
        return np.zeros(0, bool)
    total = np.bincount(work, weights=weight)
    enough = np.bincount(work) >= MIN_SEEDS
    total[~enough] = 0.0
    chosen = np.argsort(-total)[:MAX_WORKS]
    chosen = chosen[total[chosen] > 0]
    return np.isin(work, chosen)
