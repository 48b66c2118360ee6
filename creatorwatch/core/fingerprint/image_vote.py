"""The fast stage for local features: a hashed table over every library descriptor, so a candidate's
descriptors vote for the works that hold near-identical ones without comparing against each work.
"""

from __future__ import annotations

import numpy as np

TABLES = 4  # table t is keyed on KEY_BITS bits of descriptor bytes 3t..3t+2
KEY_BITS = 20  # 2^20 buckets: about 40 descriptors each at 100,000 works of 400
MAX_DISTANCE = 48  # of 256 bits: a bucket neighbour this close counts as the same local detail
STOP_FACTOR = 8  # buckets holding this many times the average are too common to vote (stop words)
DENSE_FROM = 4096  # descriptors (about 5 works, mirrored too) from which a table keeps where each of its 2^20
# buckets starts (32 MB, built in 60-250 ms, looked up with np.take); a smaller one keeps its sorted keys (binary
# search: 0.5-3 ms more a search, probing included) so that a picture checked against itself alone (image_findable)
# or a few works added since the last seal are searched without that build
_BUCKETS = 1 << KEY_BITS


class DescriptorTable:
    """All descriptors of a segment in one array, bucketed by short keys; work row w owns descriptor rows
    ends[w - 1]..ends[w]."""

    def __init__(self, descriptors: np.ndarray, ends: np.ndarray, order: np.ndarray, starts: np.ndarray) -> None:
        self.descriptors = descriptors  # (total, 32) uint8
        self.order = order  # (TABLES, total) int32: descriptor rows sorted by each table's key
        self.starts = starts  # dense: (TABLES, buckets + 1) int64, where each key's rows begin in `order`;
        # else (TABLES, total) int64, each table's keys in `order`'s order plus the table number * buckets
        self._dense = len(descriptors) >= DENSE_FROM
        self._words = descriptors.reshape(-1).view(np.uint64).reshape(-1, 4)
        self._ends = ends
        self._cap = max(64, STOP_FACTOR * len(descriptors) // _BUCKETS)

    @classmethod
    def build(cls, descriptors: np.ndarray, ends: np.ndarray) -> DescriptorTable:
        dense = len(descriptors) >= DENSE_FROM
        order = np.zeros((TABLES, len(descriptors)), np.int32)
        starts = np.zeros((TABLES, _BUCKETS + 1 if dense else len(descriptors)), np.int64)
        for table in range(TABLES):
            low, high = _key_parts(descriptors, table)
            by_low = np.argsort(low, kind="stable")  # two radix passes: low 16 bits, then the rest
            order[table] = by_low[np.argsort(high[by_low], kind="stable")]
            keys = _join(low, high)
            if dense:
                np.cumsum(np.bincount(keys, minlength=_BUCKETS), out=starts[table, 1:])
            else:
                starts[table] = keys[order[table]] + table * _BUCKETS
        return cls(descriptors, ends, order, starts)

    def votes(self, query: np.ndarray, probe: bool = False) -> np.ndarray:
        """For each work row, how many query descriptors have a near-identical descriptor in it. With `probe`,
        the buckets whose key differs from a query key in one bit are searched too: 4 times the votes of a
        badly degraded copy (a small crop scaled down, whose descriptors rarely keep a whole key), for 21 times
        the lookups."""
        works = len(self._ends)
        if not len(query) or not len(self.descriptors):
            return np.zeros(works, np.int64)
        words = np.ascontiguousarray(query).view(np.uint64)
        flips = np.concatenate(([0], 1 << np.arange(KEY_BITS))) if probe else np.zeros(1, np.int64)
        # all tables at once (a third of the time of one table after another): _bucket finds table t's rows
        keys = np.stack([_join(*_key_parts(query, table)) for table in range(TABLES)])  # (TABLES, queries)
        keys = (keys[:, :, None] ^ flips).reshape(TABLES, -1)
        owner_of_key = np.tile(np.repeat(np.arange(len(query)), len(flips)), TABLES)
        starts, ends = self._bucket(keys)
        lengths = np.where(ends - starts <= self._cap, ends - starts, 0)
        rows = np.take(self.order.reshape(-1), _ranges(starts, lengths))
        asked = np.repeat(owner_of_key, lengths)
        close = _distances(np.take(self._words, rows, axis=0) ^ np.take(words, asked, axis=0)) <= MAX_DISTANCE
        owners = np.searchsorted(self._ends, rows[close], side="right")
        voted = np.unique(asked[close] * works + owners) % works  # one vote per query descriptor and work
        return np.bincount(voted, minlength=works)

    def _bucket(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where the rows of each key ((TABLES, n): row t holds table t's) begin and end in the flattened `order`."""
        tables = np.arange(TABLES)[:, None]
        flat = self.starts.reshape(-1)
        if not self._dense:  # the keys of all tables, one table after another and each sorted, are sorted as one
            keys = (keys + tables * _BUCKETS).ravel()
            return np.searchsorted(flat, keys), np.searchsorted(flat, keys + 1)
        keys = keys + tables * self.starts.shape[1]  # np.take, not fancy indexing: a tenth of the time (numpy 2)
        shift = np.repeat(tables.ravel() * self.order.shape[1], keys.shape[1])  # each table's rows in the flat order
        return np.take(flat, keys).ravel() + shift, np.take(flat, keys + 1).ravel() + shift


def _distances(xor: np.ndarray) -> np.ndarray:
    """The bits set in each row of `xor` ((n, 4) uint64), as uint32: the four words' counts (bytes of at most
    64) added in place, in a tenth of the time of summing them along the rows."""
    counts = np.bitwise_count(xor).view(np.uint32).ravel()
    pairs = (counts & 0x00FF00FF) + ((counts >> 8) & 0x00FF00FF)
    return (pairs & 0xFFFF) + (pairs >> 16)


def _key_parts(descriptors: np.ndarray, table: int) -> tuple[np.ndarray, np.ndarray]:
    """A table's key as its low 16 bits (uint16) and its remaining high bits (uint8)."""
    low = np.ascontiguousarray(descriptors[:, 3 * table : 3 * table + 2]).view("<u2").ravel()
    high = descriptors[:, 3 * table + 2] & np.uint8((1 << (KEY_BITS - 16)) - 1)
    return low, high


def _join(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    return low.astype(np.int64) | (high.astype(np.int64) << 16)


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """All integers in the ranges [starts[i], starts[i] + lengths[i]), concatenated."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, np.int64)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return offsets + np.arange(total)
