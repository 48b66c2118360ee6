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
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from creatorwatch.core.fingerprint import text_saved
from creatorwatch.core.fingerprint.base import Hit, ModalityIndex
from creatorwatch.core.fingerprint.text_boilerplate import conventions, licence_seeds
from creatorwatch.core.fingerprint.text_passage import GAP, Seeds, best_passages
from creatorwatch.core.fingerprint.text_shingle import GRAM, WINDOW, Fingerprint, decode, shingles, spaced_like

OWN_WORDS_FLOOR = 20  # a candidate mostly standard licence text with fewer words of its own (a project's COPYING)
# copies nobody's work, not even one that quotes the licence in full (a novel with the GPL appended): licence text
# weighs nothing, but a long licence's gaps between the licence seeds known summed to 0.55-0.60 (GPL-3, LGPL-2.1,
# MPL-2.0 against themselves)
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
RESPACED = 1  # best works whose joined reading the candidate is read again by, as spaced (text_shingle.spaced_like)
_LOW = np.uint64(0xFFFFFFFF)


class _Table:
    """Every seed of a fixed set of works as sorted keys: seed hash << 32 | row number."""

    def __init__(self, works: dict[int, Fingerprint]) -> None:
        self.ids = np.array(list(works), np.int64)
        sizes = np.array([len(fp.seeds) for fp in works.values()], np.int64)
        self.offsets = np.concatenate(([0], np.cumsum(sizes)))
        self.positions = _concat([fp.positions for fp in works.values()], np.uint32)
        self.keys = _seed_keys(list(works.values()), 0)

    @classmethod
    def saved(cls, arrays: dict[str, np.ndarray]) -> _Table:
        """The table from its arrays (see `arrays`), as saved."""
        table = cls.__new__(cls)
        table.ids, table.offsets = np.asarray(arrays["table_ids"]), np.asarray(arrays["table_offsets"])
        table.positions, table.keys = arrays["table_positions"], arrays["table_keys"]
        return table

    def arrays(self) -> dict[str, np.ndarray]:
        return {"table_ids": self.ids, "table_offsets": self.offsets, "table_positions": self.positions,
                "table_keys": self.keys}

    def with_works(self, works: dict[int, Fingerprint]) -> _Table:
        """This table with `works` after its own: their keys merged in, not everything sorted again."""
        table = _Table.__new__(_Table)
        sizes = np.array([len(fp.seeds) for fp in works.values()], np.int64)
        table.ids = np.concatenate((self.ids, np.array(list(works), np.int64)))
        table.offsets = np.concatenate((self.offsets, self.offsets[-1] + np.cumsum(sizes)))
        table.positions = np.concatenate((self.positions, _concat([fp.positions for fp in works.values()],
                                                                  np.uint32)))
        fresh = _seed_keys(list(works.values()), int(self.offsets[-1]))
        table.keys = np.insert(self.keys, np.searchsorted(self.keys, fresh), fresh)
        return table

    def without(self, places: np.ndarray) -> _Table:
        """This table without the works at `places` (positions in self.ids); the rows after them move down."""
        table = _Table.__new__(_Table)
        gone = np.zeros(len(self.positions), bool)
        for place in places.tolist():
            gone[self.offsets[place] : self.offsets[place + 1]] = True
        shift = np.cumsum(gone, dtype=np.uint64)
        rows = (self.keys & _LOW).astype(np.int64)
        keep = ~gone[rows]
        table.keys = self.keys[keep] - shift[rows[keep]]
        table.positions = self.positions[~gone]
        table.ids = np.delete(self.ids, places)
        sizes = np.delete(np.diff(self.offsets), places)
        table.offsets = np.concatenate(([0], np.cumsum(sizes)))
        return table

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


def _seed_keys(works: list[Fingerprint], first_row: int) -> np.ndarray:
    """The works' seeds as sorted keys, seed hash << 32 | row number, rows numbered from `first_row`."""
    count = sum(len(fp.seeds) for fp in works)
    keys = np.empty(count, np.uint64)
    halves = keys.view(np.uint32).reshape(-1, 2)  # seed hash in the high half, row number in the low
    low, high = (0, 1) if sys.byteorder == "little" else (1, 0)
    halves[:, low] = np.arange(first_row, first_row + count, dtype=np.uint32)
    halves[:, high] = _concat([fp.seeds for fp in works], np.uint32)
    keys.sort()
    return keys


class _Holders:
    """Every distinct shingle of the library, with the works holding it (each once).

    Seeds sample one shingle in a few; this knows how many works hold each shingle, seed or not, so a
    paragraph many works share is known as common wherever a candidate quotes it, and it names the works
    holding a rare shingle that no seed caught (a passage with most of its words swapped).

    One (shingle hash, work row) pair per entry, sorted, in 4 bytes with up to 65,536 works: `starts` says where
    the pairs of each high 16 bits of the hash begin, `low` holds the low 16 bits and `rows` the work. A lookup
    reads the few pages of its own bucket, which matters when the arrays are memory-mapped.
    """

    def __init__(self, works: dict[int, Fingerprint]) -> None:
        self.low, self.starts, self.rows = _holder_pairs(list(works.values()), 0, len(works))

    @classmethod
    def saved(cls, arrays: dict[str, np.ndarray]) -> _Holders:
        """The holders from their arrays (see `arrays`), as saved."""
        holders = cls.__new__(cls)
        holders.low, holders.rows = arrays["holders_low"], arrays["holders_rows"]
        holders.starts = np.asarray(arrays["holders_starts"])
        if len(holders.starts) != BUCKETS + 1 or not len(holders.low) == len(holders.rows) == holders.starts[-1]:
            raise ValueError("the saved shingle holders do not agree with each other")
        return holders

    def arrays(self) -> dict[str, np.ndarray]:
        return {"holders_low": self.low, "holders_starts": self.starts, "holders_rows": self.rows}

    def with_works(self, works: list[Fingerprint], first_row: int) -> _Holders:
        """These holders with `works` as rows first_row, first_row + 1, ...: their pairs merged in (after the
        rows already holding the same shingle, as a full sort would place them)."""
        holders = _Holders.__new__(_Holders)
        low, starts, rows = _holder_pairs(works, first_row, first_row + len(works))
        hashes = (np.repeat(np.arange(BUCKETS, dtype=np.uint32), np.diff(starts)) << np.uint32(16)) | low
        at = self._bound(hashes, right=True)
        holders.low = np.insert(self.low, at, low)
        holders.rows = np.insert(self.rows.astype(rows.dtype if rows.itemsize > self.rows.itemsize
                                                  else self.rows.dtype), at, rows)
        holders.starts = self.starts + starts
        return holders

    def without(self, places: np.ndarray, works: int) -> _Holders:
        """These holders without the rows at `places` (of `works` rows); the rows after them move down."""
        holders = _Holders.__new__(_Holders)
        gone = np.zeros(works, bool)
        gone[places] = True
        shift = np.cumsum(gone).astype(self.rows.dtype)
        keep = ~gone[self.rows]
        dropped = np.searchsorted(self.starts, np.flatnonzero(~keep), side="right") - 1
        holders.starts = self.starts - np.concatenate(([0], np.cumsum(np.bincount(dropped, minlength=BUCKETS))))
        holders.low = self.low[keep]
        rows = self.rows[keep]
        holders.rows = rows - shift[rows]
        return holders

    def ranges(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """[lo, hi) of self.rows holding each hash."""
        return self._bound(hashes, right=False), self._bound(hashes, right=True)

    def _bound(self, hashes: np.ndarray, right: bool) -> np.ndarray:
        """Where the pairs of each hash begin (or end, `right`): a binary search within its bucket."""
        hashes = hashes.astype(np.uint32, copy=False)
        low = (hashes & np.uint32(0xFFFF)).astype(np.uint16)
        bucket = (hashes >> np.uint32(16)).astype(np.int64)
        lo, hi = self.starts[bucket].astype(np.int64), self.starts[bucket + 1].astype(np.int64)
        open_ = np.flatnonzero(lo < hi)
        while len(open_):
            mid = (lo[open_] + hi[open_]) >> 1
            value = self.low[mid]
            before = value <= low[open_] if right else value < low[open_]
            lo[open_[before]] = mid[before] + 1
            hi[open_[~before]] = mid[~before]
            open_ = open_[lo[open_] < hi[open_]]
        return lo


BUCKETS = 1 << 16  # _Holders' buckets: the high 16 bits of a shingle hash
CHUNK = 1 << 24  # keys sifted at a time while building _Holders, to keep the temporary arrays small


def _holder_pairs(works: list[Fingerprint], first_row: int, rows_after: int) -> tuple[np.ndarray, np.ndarray,
                                                                                        np.ndarray]:  # fmt: skip
    """Every distinct (shingle hash, row) pair of the works, rows numbered from `first_row`, sorted, as
    _Holders keeps them: low 16 bits of each hash, where each bucket begins, rows (uint16 when `rows_after`,
    the rows there will be, allows, else uint32)."""
    counts = [len(fp.ids) - GRAM + 1 if len(fp.ids) >= GRAM else min(1, len(fp.ids)) for fp in works]
    keys = np.empty(sum(counts), np.uint64)
    at = 0
    for row, (fp, count) in enumerate(zip(works, counts, strict=True), first_row):
        np.left_shift(shingles(fp.ids), np.uint64(32), out=keys[at : at + count], dtype=np.uint64)
        keys[at : at + count] |= np.uint64(row)  # shingle hash in the high half, row number in the low
        at += count
    keys.sort()  # one sort of all of them: far quicker than a unique per work
    fresh = np.ones(len(keys), bool)
    np.not_equal(keys[1:], keys[:-1], out=fresh[1:])  # a shingle a work repeats, once
    total = int(np.count_nonzero(fresh))
    lows = np.empty(total, np.uint16)
    rows = np.empty(total, np.uint16 if rows_after <= 2**16 else np.uint32)
    sizes = np.zeros(BUCKETS, np.int64)
    quarter = [0, 1, 2, 3] if sys.byteorder == "little" else [3, 2, 1, 0]  # 16-bit quarters, least first
    at = 0
    for start in range(0, len(keys), CHUNK):
        kept = keys[start : start + CHUNK]
        kept = kept if total == len(keys) else kept[fresh[start : start + CHUNK]]
        quarters = kept.view(np.uint16).reshape(-1, 4)
        lows[at : at + len(kept)] = quarters[:, quarter[2]]
        rows[at : at + len(kept)] = quarters[:, quarter[0]] if rows.itemsize == 2 else kept & _LOW
        sizes += np.bincount(quarters[:, quarter[3]], minlength=BUCKETS)
        at += len(kept)
    return lows, np.concatenate(([0], np.cumsum(sizes))), rows


def _concat(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(arrays).astype(dtype, copy=False) if arrays else np.zeros(0, dtype)


class Index(ModalityIndex):
    """Text works of the library, searchable for copied passages. Given `cache_dir`, it keeps a saved copy there
    (text_saved.py) and reopens it memory-mapped; works added or removed since the last search are merged into
    the sorted arrays rather than everything being sorted again."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir
        self._works: dict[int, Fingerprint] = {}
        self._blobs: dict[int, bytes | np.ndarray] = {}  # each work's fingerprint as given, for the saved copy
        self._table: _Table | None = None  # None: works changed since the last search
        self._holders: _Holders | None = None
        self._base: tuple[list[int], _Table, _Holders] | None = None  # the last tables built, with their works
        self._gone: set[int] = set()  # works of _base removed or replaced since
        self._lacking: set[int] = set()  # works the last restore was told of that the saved copy lacks
        self._places: dict[int, tuple[str, int]] = {}  # works whose fingerprint is in the saved copy, and where
        self._grams: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def add(self, work_id: int, blob: bytes) -> None:
        fingerprint = decode(blob)
        self.remove(work_id)  # a work given again comes after the others, as a new one
        self._works[work_id] = fingerprint
        self._blobs[work_id] = blob
        self._table = self._holders = None

    def add_many(self, items: Iterable[tuple[int, bytes]]) -> None:
        super().add_many(items)
        if self._cache_dir is not None and self._table is None:  # build and save now, for the next start
            self._table, self._holders = self._built()

    def remove(self, work_id: int) -> None:
        if self._works.pop(work_id, None) is not None:
            del self._blobs[work_id]
            self._places.pop(work_id, None)
            self._gone.add(work_id)
            self._grams.pop(work_id, None)
            self._table = self._holders = None

    def __len__(self) -> int:
        return len(self._works)

    def restore(self, works: Iterable[tuple[int, int]]) -> bool:
        """Open the index saved in cache_dir for `works` ((work id, fingerprint size) pairs). Works it holds
        that are no longer among them are removed, and those it lacks are `lacking()` (the caller adds them):
        both are merged in at the next search, the rest is not built again."""
        self._lacking = set()
        if self._cache_dir is None:
            return False
        loaded = text_saved.load(self._cache_dir)
        if loaded is None:
            return False
        blobs = loaded.blobs
        try:
            fingerprints = {work_id: decode(blob) for work_id, blob in blobs}  # type: ignore[arg-type]
            table, holders = _Table.saved(loaded.arrays), _Holders.saved(loaded.arrays)
        except (ValueError, KeyError):
            return False
        seeds = np.array([len(fp.seeds) for fp in fingerprints.values()], np.int64)
        if (len(fingerprints) != len(blobs) or not np.array_equal(table.ids, list(fingerprints))
                or not np.array_equal(np.diff(table.offsets), seeds) or len(table.keys) != int(seeds.sum())
                or len(table.positions) != len(table.keys)):
            return False
        wanted, held = dict(works), {work_id: len(blob) for work_id, blob in blobs}
        stale = [work_id for work_id, size in held.items() if wanted.get(work_id) != size]
        if held and len(stale) == len(held):
            return False
        self._works, self._blobs, self._places = fingerprints, dict(blobs), dict(loaded.places)
        self._table, self._holders = table, holders
        self._base, self._gone = (list(fingerprints), table, holders), set()
        self._grams.clear()
        for work_id in stale:
            self.remove(work_id)
        self._lacking = {work_id for work_id, size in wanted.items() if held.get(work_id) != size}
        return True

    def lacking(self) -> set[int]:
        return self._lacking

    def _built(self) -> tuple[_Table, _Holders]:
        """The tables for the works as they are now: those last built with the changes since merged in, or (when
        there are none yet, or more changes than works kept) built afresh; saved when there is a cache_dir."""
        current = list(self._works)
        if self._base is None:
            table, holders = _Table(self._works), _Holders(self._works)
        else:
            ids, table, holders = self._base
            places = np.array([i for i, w in enumerate(ids) if w in self._gone], np.int64)
            kept = [w for w in ids if w not in self._gone]
            added = current[len(kept):]
            if current[: len(kept)] != kept or len(added) > len(kept):
                table, holders = _Table(self._works), _Holders(self._works)
            else:
                if len(places):
                    table, holders = table.without(places), holders.without(places, len(ids))
                if added:
                    fresh = {w: self._works[w] for w in added}
                    table, holders = table.with_works(fresh), holders.with_works(list(fresh.values()), len(kept))
        self._base, self._gone = (current, table, holders), set()
        if self._cache_dir is not None:
            blobs = [(w, self._blobs[w]) for w in current]
            if text_saved.save(self._cache_dir, blobs, {**table.arrays(), **holders.arrays()}, self._places):
                pairs = [(w, len(blob)) for w, blob in blobs]
                if self.restore(pairs):  # the same, memory-mapped: the system pages it in and out as needed
                    assert self._table is not None and self._holders is not None
                    return self._table, self._holders
        return table, holders

    def search(self, blob: bytes, threshold: float) -> list[Hit]:
        candidate = decode(blob).as_written()  # read as written, against both readings of each work
        if self._table is None or self._holders is None:
            self._table, self._holders = self._built()
        if not self._works or candidate.words == 0 or _licence_alone(candidate.ids):
            return []
        hits = sorted(self._found(candidate), key=lambda hit: -hit.score)
        for at, hit in enumerate(hits[:RESPACED]):
            spaced = spaced_like(candidate, self._works[hit.work_id])
            again = self._found(spaced, hit.work_id) if spaced is not None else []
            if again and again[0].score > hit.score:
                hits[at] = again[0]
        return sorted((hit for hit in hits if hit.score >= threshold), key=lambda hit: -hit.score)

    def _found(self, candidate: Fingerprint, only: int | None = None) -> list[Hit]:
        """Every work's hit for the candidate, however low (`only`: that work's, if any)."""
        assert self._table is not None and self._holders is not None
        grams = shingles(candidate.ids)
        held = self._holders.ranges(grams)
        seeds, word_weight = self._seeds(self._table, candidate, grams, held)
        if only is not None:
            seeds = _of_work(seeds, only)
        works = {int(w): self._works[int(w)] for w in np.unique(seeds.work)}
        hits = best_passages(seeds, candidate, word_weight, works)
        if only is not None and hits:
            return hits
        found, exact_weight = self._unseeded(self._holders, candidate, grams, held, set(works))
        if only is not None:
            found = _of_work(found, only)
        if len(found.work):
            works = {int(w): self._works[int(w)] for w in np.unique(found.work)}
            hits += best_passages(found, candidate, exact_weight, works)
        return hits

    def _seeds(self, table: _Table, candidate: Fingerprint, grams: np.ndarray,
               held: tuple[np.ndarray, np.ndarray]) -> tuple[Seeds, np.ndarray]:  # fmt: skip
        """Weighty shared seeds, and the weight of every candidate word (0 for boilerplate). A shingle weighs by
        how many works hold it at all (`held`, from _Holders), not only as a seed: winnowing picks other seeds
        from the same stock paragraph in each work, so seeds alone would count a paragraph 140 works hold as
        held by one or two. A shingle no work holds as a seed is weighed by its own count too, not guessed from
        the seeds around it (a writer's phrase between two stock ones), unless it lies in a boilerplate stretch."""
        lo, hi = table.ranges(grams)
        crowded = hi - lo > 2 * CROWD  # not followed, and weighed by the works holding them: a refrain a few
        hi[crowded] = lo[crowded]  # works repeat ("the word of the" in scripture) is not the library's boilerplate
        which, work, position = table.rows(lo, hi)
        holders = held[1] - held[0]
        weight = np.minimum(_rarity(which, work, len(grams)), _weight_of(holders))
        weight[licence_seeds(grams)] = 0.0
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


def _of_work(seeds: Seeds, work_id: int) -> Seeds:
    keep = seeds.work == work_id
    return Seeds(seeds.work[keep], seeds.cand_pos[keep], seeds.work_pos[keep])


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


def _licence_alone(ids: np.ndarray) -> bool:
    """Whether a text is standard licence wording, all but OWN_WORDS_FLOOR words (a short poem is not)."""
    own = own_words(ids)
    return int(own.sum()) < OWN_WORDS_FLOOR and float(own.mean()) < 0.5


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
