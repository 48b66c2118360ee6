"""The fast stage for local features: a hashed table over every library descriptor, so a candidate's
descriptors vote for the works that hold near-identical ones without comparing against each work.
"""

from __future__ import annotations

import numpy as np

TABLES = 2  # table t is keyed on descriptor bytes 2t and 2t+1 (16 bits)
MAX_DISTANCE = 48  # of 256 bits: a bucket neighbour this close counts as the same local detail
STOP_FACTOR = 8  # buckets holding this many times the average are too common to vote (stop words)


class DescriptorTable:
    """All descriptors of the library in one array, bucketed by short keys, each row owned by a work row."""

    def __init__(self, descriptors: np.ndarray, owners: np.ndarray, works: int) -> None:
        self.descriptors = descriptors  # (total, 32) uint8
        self._words = descriptors.view(np.uint64)  # (total, 4)
        self._owners = owners  # (total,) int32 work rows
        self._works = works
        self._order = np.zeros((TABLES, len(owners)), np.int32)
        self._starts = np.zeros((TABLES, 65537), np.int64)
        for table in range(TABLES):
            keys = _keys(descriptors, table)
            self._order[table] = np.argsort(keys, kind="stable")  # a radix sort on uint16 keys
            self._starts[table, 1:] = np.cumsum(np.bincount(keys, minlength=65536))
        self._cap = max(64, STOP_FACTOR * len(owners) // 65536)

    def votes(self, query: np.ndarray) -> np.ndarray:
        """For each work row, how many query descriptors have a near-identical descriptor in it."""
        if not len(query) or not len(self._owners):
            return np.zeros(self._works, np.int64)
        words = np.ascontiguousarray(query).view(np.uint64)
        pairs = []
        for table in range(TABLES):
            keys = _keys(query, table).astype(np.int64)
            starts, ends = self._starts[table, keys], self._starts[table, keys + 1]
            lengths = np.where(ends - starts <= self._cap, ends - starts, 0)
            rows = self._order[table, _ranges(starts, lengths)]
            asked = np.repeat(np.arange(len(query)), lengths)
            close = np.bitwise_count(self._words[rows] ^ words[asked]).sum(axis=1) <= MAX_DISTANCE
            pairs.append(asked[close] * self._works + self._owners[rows[close]])
        voted = np.unique(np.concatenate(pairs)) % self._works  # one vote per query descriptor and work
        return np.bincount(voted, minlength=self._works)


def _keys(descriptors: np.ndarray, table: int) -> np.ndarray:
    return np.ascontiguousarray(descriptors[:, 2 * table : 2 * table + 2]).view("<u2").ravel()


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """All integers in the ranges [starts[i], starts[i] + lengths[i]), concatenated."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, np.int64)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return offsets + np.arange(total)
