"""The library's text seeds in one sorted array: a candidate's shingles are looked up with np.searchsorted.

Each lookup also says how many works hold a shingle, which makes its weight: text many works share (the
library's own boilerplate) and standard licence text weigh nothing; the weighty seeds then point
text_passage.py at the regions of each work worth aligning word by word. A second table of every distinct
shingle of the library finds works no seed points at (a passage with most words swapped keeps only short
runs, rarely sampled as seeds); those are aligned on every rare shingle they share, weighted by how many
works hold each shingle, seed or not, so a paragraph many works share still weighs little.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from creatorwatch.core.fingerprint.base import Hit, ModalityIndex
from creatorwatch.core.fingerprint.text_boilerplate import conventions, licence_seeds
from creatorwatch.core.fingerprint.text_passage import GAP, Seeds, best_passages
from creatorwatch.core.fingerprint.text_shingle import GRAM, WINDOW, Fingerprint, decode, shingles

CROWD = 24  # works holding a shingle at which it is the library's boilerplate and weighs nothing
COMMON = 2.0  # works sharing a shingle at which its weight halves (then falls with the square)
SEED_WEIGHT = 0.3  # lighter shingles (held by more than four works) do not start a passage
MIN_SEEDS = 1
UNSEEDED = 3  # rare shingles a work without a seed shares within CLUSTER words of a candidate to be aligned
CLUSTER = 128
MAX_FOUND = 4  # works without a seed aligned per candidate: those sharing the most rare shingles
NEIGHBOURS = 8  # shared shingles before and after one, in the candidate, searched for one on its diagonal
GRAMS_KEPT = 16  # works whose every shingle is kept between searches
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


class _Holders:
    """Every distinct shingle of the library, with the works holding it (each once).

    Seeds sample one shingle in a few; this knows how many works hold each shingle, seed or not, so a
    paragraph many works share is known as common wherever a candidate quotes it, and it names the works
    holding a rare shingle that no seed caught (a passage with most of its words swapped).
    """

    def __init__(self, works: dict[int, Fingerprint]) -> None:
        parts = [(shingles(fp.ids).astype(np.uint64) << np.uint64(32)) | np.uint64(row)
                 for row, fp in enumerate(works.values())]
        keys = np.concatenate(parts) if parts else np.zeros(0, np.uint64)
        keys.sort()  # one sort of all of them: far quicker than a unique per work
        if len(keys):
            keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]  # a shingle a work repeats, once
        hashes = (keys >> np.uint64(32)).astype(np.uint32)
        self.rows = (keys & _LOW).astype(np.uint16 if len(works) <= 2**16 else np.uint32)  # grouped by shingle
        starts = np.flatnonzero(np.concatenate((np.ones(min(1, len(hashes)), bool), hashes[1:] != hashes[:-1])))
        self.hashes = hashes[starts]  # each distinct shingle once, sorted
        self.starts = np.append(starts, len(keys)).astype(np.uint32)  # where its works begin in self.rows

    def ranges(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """[lo, hi) of self.rows holding each hash."""
        if len(self.hashes) == 0:
            return np.zeros(len(hashes), np.int64), np.zeros(len(hashes), np.int64)
        slot = np.minimum(np.searchsorted(self.hashes, hashes), len(self.hashes) - 1)
        lo = self.starts[slot].astype(np.int64)
        return lo, np.where(self.hashes[slot] == hashes, self.starts[slot + 1].astype(np.int64), lo)


def _concat(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(arrays).astype(dtype, copy=False) if arrays else np.zeros(0, dtype)


class Index(ModalityIndex):
    """Text works of the library, searchable for copied passages. It keeps no saved copy (it builds in moments), so
    `cache_dir` is accepted for the Modality contract and not used."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._works: dict[int, Fingerprint] = {}
        self._table: _Table | None = None
        self._holders: _Holders | None = None
        self._grams: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def add(self, work_id: int, blob: bytes) -> None:
        self._works[work_id] = decode(blob)
        self._table = self._holders = None
        self._grams.clear()

    def remove(self, work_id: int) -> None:
        if self._works.pop(work_id, None) is not None:
            self._table = self._holders = None
            self._grams.clear()

    def __len__(self) -> int:
        return len(self._works)

    def search(self, blob: bytes, threshold: float) -> list[Hit]:
        candidate = decode(blob)
        if self._table is None or self._holders is None:
            self._table, self._holders = _Table(self._works), _Holders(self._works)
        if not self._works or candidate.words == 0:
            return []
        grams = shingles(candidate.ids)
        held = self._holders.ranges(grams)
        seeds, word_weight = self._seeds(self._table, candidate, grams, held)
        works = {int(w): self._works[int(w)] for w in np.unique(seeds.work)}
        hits = best_passages(seeds, candidate, word_weight, works)
        found, exact_weight = self._unseeded(self._holders, candidate, grams, held, set(works))
        if len(found.work):
            works = {int(w): self._works[int(w)] for w in np.unique(found.work)}
            hits += best_passages(found, candidate, exact_weight, works)
        return sorted((hit for hit in hits if hit.score >= threshold), key=lambda hit: -hit.score)

    def _seeds(self, table: _Table, candidate: Fingerprint, grams: np.ndarray,
               held: tuple[np.ndarray, np.ndarray]) -> tuple[Seeds, np.ndarray]:  # fmt: skip
        """Weighty shared seeds, and the weight of every candidate word (0 for boilerplate). A shingle weighs by
        how many works hold it at all (`held`, from _Holders), not only as a seed: winnowing picks other seeds
        from the same stock paragraph in each work, so seeds alone would count a paragraph 140 works hold as
        held by one or two. A shingle no work holds as a seed is weighed by its own count too, not guessed from
        the seeds around it (a writer's phrase between two stock ones), unless it lies in a boilerplate stretch."""
        lo, hi = table.ranges(grams)
        crowded = hi - lo > 2 * CROWD
        hi[crowded] = lo[crowded]
        which, work, position = table.rows(lo, hi)
        holders = held[1] - held[0]
        weight = np.minimum(_rarity(which, work, len(grams)), _weight_of(holders))
        weight[crowded | licence_seeds(grams)] = 0.0
        known = crowded | (hi > lo) | (weight == 0.0)
        filled = _fill(weight, known)
        exact = ~known & (holders > 0) & (filled > 0.0)  # no guess where the count is known; boilerplate stays
        filled[exact] = weight[exact]
        word_weight = _word_weights(filled, candidate.words)
        word_weight[conventions(candidate.ids)] = 0.0
        keep = weight[which] >= SEED_WEIGHT
        which, work, position = which[keep], work[keep], position[keep]
        keep = _weightiest_works(work, weight[which])
        return Seeds(table.ids[work[keep]], which[keep], position[keep]), word_weight

    def _unseeded(self, holders: _Holders, candidate: Fingerprint, grams: np.ndarray,
                  held: tuple[np.ndarray, np.ndarray], seeded: set[int]) -> tuple[Seeds, np.ndarray]:
        """Works no seed found that share UNSEEDED or more rare shingles with the candidate, with every rare
        shingle they share as a seed, and the weight of every candidate word by how many works hold its
        shingles (all of them, not only seeds: with every shared shingle a seed, a paragraph many works hold
        must weigh little wherever it is quoted). A passage with most of its words swapped keeps a few short
        runs, which winnowing rarely samples."""
        lo, hi = held
        weight = _weight_of(hi - lo)
        licence = licence_seeds(grams)
        weight[licence | (_fill(np.where(licence, 0.0, 1.0), licence) == 0.0)] = 0.0
        counts = np.where(weight >= SEED_WEIGHT, hi - lo, 0)
        which = np.repeat(np.arange(len(grams)), counts)
        rows = holders.rows[np.repeat(lo, counts) + _ramp(counts)].astype(np.int64)
        tally = _clustered(rows, which, len(self._works))
        ids = list(self._works)
        chosen = [r for r in np.argsort(-tally)[: MAX_FOUND + len(seeded)]
                  if tally[r] >= UNSEEDED and ids[r] not in seeded][:MAX_FOUND]
        if not chosen:
            return Seeds(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)), weight
        word_weight = _word_weights(weight, candidate.words)
        word_weight[conventions(candidate.ids)] = 0.0
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for row in chosen:
            ranked, order = self._grams_of(ids[row])
            shared = which[rows == row]
            first = np.searchsorted(ranked, grams[shared])
            many = np.searchsorted(ranked, grams[shared], side="right") - first
            cand_pos = np.repeat(shared, many)
            work_pos = order[np.repeat(first, many) + _ramp(many)]
            near = _with_neighbour(cand_pos, work_pos)
            parts.append((np.full(int(near.sum()), ids[row], np.int64), cand_pos[near], work_pos[near]))
        return Seeds(*(np.concatenate(column) for column in zip(*parts, strict=True))), word_weight

    def _grams_of(self, work_id: int) -> tuple[np.ndarray, np.ndarray]:
        """Every shingle of a work, sorted, and where each is; kept for the last GRAMS_KEPT works asked (a long
        work is found often)."""
        grams = self._grams.pop(work_id, None)
        if grams is None:
            every = shingles(self._works[work_id].ids)
            order = np.argsort(every, kind="stable")
            grams = (every[order], order)
        self._grams[work_id] = grams
        while len(self._grams) > GRAMS_KEPT:
            self._grams.pop(next(iter(self._grams)))
        return grams


def _clustered(rows: np.ndarray, which: np.ndarray, works: int) -> np.ndarray:
    """Per work row, the most shared shingles in any CLUSTER words of the candidate (windows overlapping by half):
    a copied passage shares its rare shingles close together, chance shares are scattered."""
    best = np.zeros(works, np.int64)
    if len(rows) == 0:
        return best
    for shift in (0, CLUSTER // 2):
        keys, counts = np.unique(rows * (int(which.max()) // CLUSTER + 2) + (which + shift) // CLUSTER,
                                 return_counts=True)
        np.maximum.at(best, keys // (int(which.max()) // CLUSTER + 2), counts)
    return best


def _with_neighbour(cand_pos: np.ndarray, work_pos: np.ndarray) -> np.ndarray:
    """Shared shingles with another one close by in both texts, on a close diagonal: a passage, not a stock
    phrase met by chance."""
    order = np.argsort(cand_pos, kind="stable")
    c, d = cand_pos[order], work_pos[order] - cand_pos[order]
    near = np.zeros(len(c), bool)
    for shift in range(1, NEIGHBOURS + 1):
        pair = (c[shift:] - c[:-shift] <= GAP) & (np.abs(d[shift:] - d[:-shift]) <= GAP) & (c[shift:] > c[:-shift])
        near[shift:] |= pair
        near[:-shift] |= pair
    kept = np.zeros(len(c), bool)
    kept[order] = near
    return kept


def _ramp(counts: np.ndarray) -> np.ndarray:
    """0, 1, ... counts[i] - 1 for each i, concatenated."""
    total = int(counts.sum())
    return np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)


def _weight_of(holders: np.ndarray) -> np.ndarray:
    """Weight of each shingle held by this many works: 1 when one does (or none), falling fast, 0 from CROWD."""
    weight = 1.0 / (1.0 + (np.maximum(holders - 1, 0) / COMMON) ** 2)
    weight[holders >= CROWD] = 0.0
    return weight


def own_words(ids: np.ndarray) -> np.ndarray:
    """Which words of a text, taken alone, are the writer's own: not standard licence text nor screenplay markup."""
    grams = shingles(ids)
    licence = licence_seeds(grams)
    weight = _word_weights(_fill(np.where(licence, 0.0, 1.0), licence), len(ids))
    return (weight > 0.0) & ~conventions(ids)


def _rarity(which: np.ndarray, work: np.ndarray, queries: int) -> np.ndarray:
    """Weight of each candidate shingle: 1 when one work holds it, falling fast as more do, 0 from CROWD."""
    pairs = np.unique(which * (int(work.max(initial=0)) + 1) + work)
    return _weight_of(np.bincount(pairs // (int(work.max(initial=0)) + 1), minlength=queries))


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
