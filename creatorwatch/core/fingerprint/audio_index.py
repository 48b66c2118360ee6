"""The audio index: every work's landmark hashes in one sorted uint64 array, searched with np.searchsorted.

A posting packs (hash key, work slot, anchor frame) into 64 bits, so 5,000 hours fit in a couple of GB and
load with one sort. A candidate's hashes vote for (work, speed, time offset); the aligned stretch that
agrees is what scores, and hashes that many works share (jingles, intros) count for little.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from creatorwatch.core.fingerprint.audio_blob import Fingerprint, load
from creatorwatch.core.fingerprint.audio_hashes import (
    KEY_BITS,
    QUERY,
    SEMITONE_SHIFT,
    USED_KEY_BITS,
    landmark_hashes,
)
from creatorwatch.core.fingerprint.audio_peaks import BINS_PER_SEMITONE, FRAMES_PER_SECOND, N_BINS
from creatorwatch.core.fingerprint.base import Hit, ModalityIndex

SLOT_BITS = 17
TIME_BITS = 20  # anchor frames up to about 9 hours
KEY_SHIFT = SLOT_BITS + TIME_BITS
MAX_SLOTS = 1 << SLOT_BITS
SEMITONES = N_BINS // BINS_PER_SEMITONE
SPEEDS = np.round(np.arange(0.95, 1.0501, 0.01), 2)  # time-scale factors tried when aligning
BIN = 2.0  # frames per offset bin
INLIER = 3.0  # frames an aligned hash may be off
CANDIDATES = 12  # works aligned in full per search
COMMON_WORKS = 2.0  # a hash found in more works than this is weighted down
MAX_POSTINGS = 2000  # a hash with more postings than this tells nothing: skipped
PER_SECOND_CAP = 6  # most hashes a single second of the candidate can add to the evidence
EVIDENCE_SCALE = 14.0  # evidence giving 1 - 1/e; the bench puts its 1% false-positive line near 0.5


@dataclass(frozen=True)
class _Matches:
    """Postings found for a candidate's hashes: query frame, pitch shift, work slot, work frame, weight."""

    tq: np.ndarray
    shift: np.ndarray
    slot: np.ndarray
    tr: np.ndarray
    weight: np.ndarray
    query: np.ndarray  # which query hash found it


class Index(ModalityIndex):
    def __init__(self) -> None:
        self._slot_of: dict[int, int] = {}
        self._work_of: list[int] = []  # slot -> work id, -1 once removed
        self._postings = np.zeros(0, dtype=np.uint64)
        self._pending: list[np.ndarray] = []
        self._removed = 0
        self._live = np.zeros(0, dtype=bool)  # slot -> still in the library, refreshed by _build
        self._live_stale = False
        self._starts = np.zeros(0, dtype=np.int64)  # directory: first posting of each key prefix
        self._prefix_bits = 0

    def add(self, work_id: int, blob: bytes) -> None:
        fp = load(blob)
        if work_id in self._slot_of:
            self.remove(work_id)
        if len(self._work_of) >= MAX_SLOTS:
            self._compact()
        slot = len(self._work_of)
        self._slot_of[work_id] = slot
        self._work_of.append(work_id)
        self._pending.append(_postings(fp, slot))

    def remove(self, work_id: int) -> None:
        slot = self._slot_of.pop(work_id, None)
        if slot is not None:
            self._work_of[slot] = -1
            self._live_stale = True
            self._removed += 1

    def __len__(self) -> int:
        return len(self._slot_of)

    def postings_bytes(self) -> int:
        """Memory held by the hash postings (the bulk of the index)."""
        return int(self._postings.nbytes + sum(p.nbytes for p in self._pending))

    def search(self, blob: bytes, threshold: float) -> list[Hit]:
        self._build()
        matches = self._lookup(load(blob))
        if matches is None:
            return []
        coarse = np.bincount(matches.slot, weights=matches.weight)
        best = np.argsort(coarse)[::-1][:CANDIDATES]
        hits = [self._align(matches, int(s)) for s in best if coarse[s] > 0]
        found = [h for h in hits if h is not None and h.score >= threshold]
        return sorted(found, key=lambda h: h.score, reverse=True)

    # -- building -----------------------------------------------------------------------------------------

    def _build(self) -> None:
        self._merge_pending()
        if self._removed > len(self._slot_of) // 4 + 16:
            self._compact()
        if self._starts.size == 0 or self._starts[-1] != self._postings.size:
            self._directory()
        if self._live.size != len(self._work_of) or self._live_stale:
            self._live = np.array(self._work_of, dtype=np.int64) >= 0
            self._live_stale = False

    def _merge_pending(self) -> None:
        if not self._pending:
            return
        fresh = np.concatenate(self._pending)
        fresh.sort()
        self._pending = []
        if self._postings.size:
            merged = np.concatenate([self._postings, fresh])
            merged.sort(kind="stable")  # two sorted runs: a merge
            self._postings = merged
        else:
            self._postings = fresh

    def _compact(self) -> None:
        """Drop removed works' postings and renumber the slots densely (keeps the sort order)."""
        self._merge_pending()
        live = np.array([w >= 0 for w in self._work_of], dtype=bool)
        new_slot = (np.cumsum(live) - 1).astype(np.uint64)
        slots = ((self._postings >> np.uint64(TIME_BITS)) & np.uint64(MAX_SLOTS - 1)).astype(np.int64)
        keep = live[slots]
        mask = ~(np.uint64(MAX_SLOTS - 1) << np.uint64(TIME_BITS))
        self._postings = (self._postings[keep] & mask) | (new_slot[slots[keep]] << np.uint64(TIME_BITS))
        self._work_of = [w for w in self._work_of if w >= 0]
        self._slot_of = {w: i for i, w in enumerate(self._work_of)}
        self._removed = 0

    def _directory(self) -> None:
        """Where each key prefix starts, so a lookup is two array reads instead of a binary search."""
        n = self._postings.size
        self._prefix_bits = int(np.clip(np.ceil(np.log2(n + 1)), 10, USED_KEY_BITS))
        shift = np.uint64(KEY_SHIFT + USED_KEY_BITS - self._prefix_bits)
        counts = np.zeros(1 << self._prefix_bits, dtype=np.int64)
        for lo in range(0, n, 1 << 24):  # in slices, to keep the temporary arrays small
            prefix = (self._postings[lo : lo + (1 << 24)] >> shift).astype(np.int64)
            counts += np.bincount(prefix, minlength=counts.size)
        self._starts = np.concatenate([[0], np.cumsum(counts)])

    # -- searching ----------------------------------------------------------------------------------------

    def _lookup(self, fp: Fingerprint) -> _Matches | None:
        keys, tq = landmark_hashes(fp.peaks, QUERY)
        keys, tq, shift = _with_pitch_shifts(keys.astype(np.int64), tq.astype(np.int64))
        if keys.size == 0 or self._postings.size == 0:
            return None
        prefix = keys >> (USED_KEY_BITS - self._prefix_bits)
        lo, hi = self._starts[prefix], self._starts[prefix + 1]
        counts = np.where(hi - lo > MAX_POSTINGS, 0, hi - lo)
        total = int(counts.sum())
        if total == 0:
            return None
        query = np.repeat(np.arange(keys.size), counts)
        starts = np.cumsum(counts) - counts
        found = self._postings[np.repeat(lo, counts) + np.arange(total) - np.repeat(starts, counts)]
        exact = (found >> np.uint64(KEY_SHIFT)).astype(np.int64) == keys[query]  # the prefix holds other keys
        found, query, total = found[exact], query[exact], int(np.count_nonzero(exact))
        if total == 0:
            return None
        slot = ((found >> np.uint64(TIME_BITS)) & np.uint64(MAX_SLOTS - 1)).astype(np.int64)
        tr = (found & np.uint64((1 << TIME_BITS) - 1)).astype(np.int64)
        new_work = np.ones(total, dtype=bool)
        new_work[1:] = (slot[1:] != slot[:-1]) | (query[1:] != query[:-1])
        works_per_hash = np.bincount(query[new_work], minlength=keys.size)
        weight = np.minimum(1.0, COMMON_WORKS / np.maximum(works_per_hash[query], 1))
        live = self._live[slot]
        return _Matches(tq[query][live], shift[query][live], slot[live], tr[live], weight[live], query[live])

    def _align(self, m: _Matches, slot: int) -> Hit | None:
        sel = m.slot == slot
        tq, tr, w, shift, query = m.tq[sel], m.tr[sel], m.weight[sel], m.shift[sel], m.query[sel]
        offsets = tr[None, :] - SPEEDS[:, None] * tq[None, :]
        bins = np.floor(offsets / BIN + 0.5).astype(np.int64)
        low = int(bins.min())
        width = int(bins.max()) - low + 1
        flat = (np.arange(SPEEDS.size)[:, None] * width + (bins - low)).ravel()
        votes = np.bincount(flat, weights=np.broadcast_to(w, bins.shape).ravel())
        i_speed, i_bin = divmod(int(np.argmax(votes)), width)
        speed, offset = float(SPEEDS[i_speed]), (i_bin + low) * BIN
        inlier = np.abs(offsets[i_speed] - offset) <= INLIER
        _, first = np.unique(query[inlier], return_index=True)  # a candidate hash counts once
        tq_in, w_in, shift_in = tq[inlier][first], w[inlier][first], shift[inlier][first]
        seconds = np.floor(tq_in / FRAMES_PER_SECOND).astype(np.int64)
        second = seconds - seconds.min() if seconds.size else seconds
        per_second = np.bincount(second, weights=w_in)
        hashes = np.maximum(np.bincount(second), 1)
        # a second counts at most PER_SECOND_CAP hashes, at their mean weight: a shared jingle stays small
        evidence = float((np.minimum(hashes, PER_SECOND_CAP) * per_second / hashes).sum())
        score = 1.0 - float(np.exp(-evidence / EVIDENCE_SCALE))
        return Hit(
            self._work_of[slot], round(score, 4), _evidence(tq_in, shift_in, speed, offset, per_second)
        )


def _evidence(tq: np.ndarray, shift: np.ndarray, speed: float, offset: float, per_second: np.ndarray) -> dict:
    start, end = float(tq.min()), float(tq.max())
    pitched = shift[shift != 0]
    semitones = -float(np.bincount(shift + 1).argmax() - 1) if pitched.size * 2 > shift.size else 0.0
    return {
        "candidate_offset_s": round(start / FRAMES_PER_SECOND, 2),
        "work_offset_s": round((offset + speed * start) / FRAMES_PER_SECOND, 2),
        "matched_seconds": int(np.count_nonzero(per_second > 0)),
        "aligned_stretch_s": round((end - start) / FRAMES_PER_SECOND, 2),
        "speed_factor": speed,
        "pitch_shift_semitones": semitones,
        "matching_hashes": int(tq.size),
    }


def _postings(fp: Fingerprint, slot: int) -> np.ndarray:
    ok = fp.times < (1 << TIME_BITS)
    keys, times = fp.keys[ok].astype(np.uint64), fp.times[ok].astype(np.uint64)
    return (keys << np.uint64(KEY_SHIFT)) | (np.uint64(slot) << np.uint64(TIME_BITS)) | times


def _with_pitch_shifts(keys: np.ndarray, tq: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each key also asked one semitone up and down."""
    semitone = (keys >> SEMITONE_SHIFT) & 0x3F
    out_k, out_t, out_s = [keys], [tq], [np.zeros(keys.size, dtype=np.int64)]
    for s in (-1, 1):
        ok = (semitone + s >= 0) & (semitone + s < SEMITONES)
        out_k.append(keys[ok] + (s << SEMITONE_SHIFT))
        out_t.append(tq[ok])
        out_s.append(np.full(int(ok.sum()), s, dtype=np.int64))
    assert KEY_BITS + SLOT_BITS + TIME_BITS == 64
    return np.concatenate(out_k), np.concatenate(out_t), np.concatenate(out_s)
