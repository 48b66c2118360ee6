"""Search the library's image fingerprints: exact PDQ distances (all 8 flips/turns) and a descriptor vote
pick a few works fast; local-feature verification (image_verify.py) confirms and explains each.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from .base import Hit, ModalityIndex
from .image_features import Fingerprint
from .image_verify import verify
from .image_vote import DescriptorTable

DEFAULT_THRESHOLD = 0.5
PDQ_HALF = 56  # PDQ distance (of 256 bits) scored 0.5; unrelated pictures sit near 128
PDQ_NEAR = 80  # works at most this far by PDQ are always verified
PDQ_SAME = 24  # ... and at most this far the whole picture is plainly the same: no local check needed
PDQ_MIN_QUALITY = 20  # flatter pictures have hashes that say little
SHORTLIST = 5  # works verified per candidate from the descriptor vote
MIN_VOTES = 6  # fewer near-identical descriptors than this is chance

_DIHEDRAL = [  # pdqhash.compute_dihedral order: how the candidate was turned or mirrored
    {"flipped": False, "rotation_degrees": 0},
    {"flipped": False, "rotation_degrees": 90},
    {"flipped": False, "rotation_degrees": 180},
    {"flipped": False, "rotation_degrees": 270},
    {"flipped": True, "mirror": "top-bottom", "rotation_degrees": 0},
    {"flipped": True, "mirror": "left-right", "rotation_degrees": 0},
    {"flipped": True, "mirror": "diagonal", "rotation_degrees": 0},
    {"flipped": True, "mirror": "anti-diagonal", "rotation_degrees": 0},
]


class Index(ModalityIndex):
    """Image works held in memory; lookup tables are rebuilt on the first search after a change."""

    def __init__(self) -> None:
        self._works: dict[int, Fingerprint] = {}
        self._ids = np.zeros(0, np.int64)
        self._pdq = np.zeros((0, 4), np.uint64)
        self._usable_pdq = np.zeros(0, bool)
        self._table: DescriptorTable | None = None
        self._dirty = False

    def add(self, work_id: int, blob: bytes) -> None:
        self._works[work_id] = Fingerprint.from_bytes(blob)
        self._dirty = True

    def remove(self, work_id: int) -> None:
        if self._works.pop(work_id, None) is not None:
            self._dirty = True

    def __len__(self) -> int:
        return len(self._works)

    def search(self, blob: bytes, threshold: float) -> list[Hit]:
        query = Fingerprint.from_bytes(blob)
        if self._dirty:
            self._rebuild()
        if not self._works or self._table is None:
            return []
        distances, variants = self._pdq_distances(query)
        votes = self._table.votes(query.descriptors)
        top = np.argsort(-votes)[:SHORTLIST]
        top = top[votes[top] >= MIN_VOTES]
        rows = set(top.tolist()) | set(np.flatnonzero(distances <= PDQ_NEAR).tolist())
        hits = [self._judge(query, row, int(distances[row]), int(variants[row])) for row in rows]
        return sorted((h for h in hits if h.score >= threshold), key=lambda h: -h.score)

    def _rebuild(self) -> None:
        """Gather the works' descriptors into one vote table (each work keeps a view into it, so they are held
        once) and their hashes into one array."""
        ids = list(self._works)
        works = [self._works[i] for i in ids]
        counts = [len(w.descriptors) for w in works]
        descriptors = np.concatenate([w.descriptors for w in works] or [np.zeros((0, 32), np.uint8)])
        ends = np.cumsum(counts, dtype=np.int64)
        for work_id, work, end, count in zip(ids, works, ends, counts, strict=True):
            self._works[work_id] = dataclasses.replace(work, descriptors=descriptors[end - count : end])
        owners = np.repeat(np.arange(len(works), dtype=np.int32), counts)
        self._table = DescriptorTable(descriptors, owners, len(works))
        self._ids = np.array(ids, np.int64)
        self._pdq = np.stack([w.pdq[0] for w in works]) if works else np.zeros((0, 4), np.uint64)
        self._usable_pdq = np.array([w.quality >= PDQ_MIN_QUALITY for w in works], bool)
        self._dirty = False

    def _pdq_distances(self, query: Fingerprint) -> tuple[np.ndarray, np.ndarray]:
        """Each work's PDQ distance to the nearest of the candidate's 8 variants, and which variant."""
        bits = np.bitwise_count(self._pdq[None, :, :] ^ query.pdq[:, None, :]).sum(axis=2, dtype=np.int32)
        usable = self._usable_pdq & (query.quality >= PDQ_MIN_QUALITY)
        return np.where(usable, bits.min(axis=0), 256), bits.argmin(axis=0)

    def _judge(self, query: Fingerprint, row: int, distance: int, variant: int) -> Hit:
        work_id = int(self._ids[row])
        hashed = max(0.0, 1.0 - distance / (2.0 * PDQ_HALF))
        local = verify(query, self._works[work_id]) if distance > PDQ_SAME else None
        if local is not None and local["score"] >= hashed:
            score = local.pop("score")
            return Hit(work_id, score, {**local, "pdq_distance": distance})
        evidence: dict[str, Any] = {
            "method": "whole-picture hash (PDQ)",
            "pdq_distance": distance,
            "work_box": [0.0, 0.0, 1.0, 1.0],
            "candidate_box": [0.0, 0.0, 1.0, 1.0],
            "transform": _DIHEDRAL[variant],
        }
        return Hit(work_id, round(hashed, 4), evidence)
