"""The audio index: all works laid end to end on one timeline, their hashes in one sorted uint64 array.

A posting is (hash key << 32 | frame on the timeline): 8 bytes, and a time offset names both the work and
where in it a candidate sits. A lookup reads each key's run through a prefix directory, votes on coarse
offsets to keep a few candidate works, then aligns those finely over speed and offset, keeping the hashes that
also agree on one pitch shift (a copy is shifted by one amount throughout; chance matches scatter over every
shift a search asks, so without this they added up on long candidates). A key that very
many postings share says nothing and is skipped; a key the candidate repeats (a held tone) counts once; a
candidate hash that lines up with more than two works (a shared jingle) is split between them, so only what
is particular to a work makes a strong match. A search first asks the keys of an unshifted copy, a few per
triplet, and asks every pitched and sped key (forty times as many) only when that found no work for certain,
or the works it found for certain leave part of the candidate uncovered (a medley: the rest may be pitched).
A best match left in the grey zone under the alert line gets a second look: twice the candidate's peaks, asked
only at that match's pitch and speed, counted only where they line up with that work at its offset (a pitch
effect's smearing costs a copy most of its triplets; chance gains little at one fixed alignment); and the same at
the place where the first look's matches with that work gather next most (music repeats itself: a theme that comes
back can line up by chance at a wrong speed and outvote the place the copy was cut from).
A hit aligned at the edge of the speeds searched (±MAX_STRETCH) has its speed measured a little beyond, up to REACH,
on the matches already found (_beyond_the_grid), and its hashes, seconds and stretch are counted again at that speed
(_recounted): at the edge only part of a copy lines up. The evidence says how far the speed was measured
(MEASURED_WITHIN), so that a speed at that limit is told as a bound. Measured on 7 corpus
recordings (4 music, 3 speech; 12 s cut 10 s in, or a whole 9.9 s one), each sped by ffmpeg asetrate, speeds told:
  copy x   0.85   0.88          0.90          0.92-1.08   1.10          1.12          1.15
  before   -      -             0.92 (6/7)    as made     1.08 (6/7)    1.08 (5/7)    -
  now      0.85   0.88 (3/5)    0.90 (7/7)    as made     1.10 (7/7)    1.12 (7/7)    1.05 (1/1)
(found: 1/7 at 0.85, 5/7 at 0.88, every one from 0.90 to 1.12, 1/7 at 1.15, none at 0.82 or 1.18; the rest of
"before" were 0.93 or 1.07; at 0.88 two were aligned at 0.95-0.96 and at 1.15 one at 1.05, inside the grid, where
nothing is measured further; 0.94 and 1.05 were told 0.95 and 1.06 once each, as before.) Scores, and which copies
were found, are unchanged. Counted again (a 60 s music work, the whole of it sped by asetrate, seconds and score
before -> after): x1.08 41 -> 52 of 55.6 s, x1.10 9 -> 49 of 54.5 s and 12 -> 52, x1.12 5 -> 50 of 53.6 s (score
0.92 -> 1.0), x0.90 11 -> 59 of 66.7 s, x0.88 2 -> 57 of 68.2 s (0.68 -> 1.0) and 8 -> 60; x1.03 and x1.05 unchanged.
A count at the measured speed that scores under the one found is not taken (nothing is lost by counting again).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from creatorwatch.core.fingerprint import index_cache
from creatorwatch.core.fingerprint.audio_blob import Fingerprint, load
from creatorwatch.core.fingerprint.audio_hashes import QUERY, USED_KEY_BITS, Density
from creatorwatch.core.fingerprint.audio_peaks import FRAMES_PER_SECOND
from creatorwatch.core.fingerprint.audio_query import MAX_STRETCH, query_keys
from creatorwatch.core.fingerprint.base import Hit, ModalityIndex, best_of_each
from creatorwatch.core.wording.audio_match import seconds_that_match

FORMAT = 3  # of the saved index
SAVED_ARRAYS = ("postings", "starts", "base", "owner", "size", "scalars")
FRAME_BITS = 32  # timeline frames: about 38,000 hours
GAP = 1024  # frames left empty after each work
_STEPS = np.arange(-round(MAX_STRETCH * 100), round(MAX_STRETCH * 100) + 1)
SPEEDS = np.round(1.0 + _STEPS[np.argsort(np.abs(_STEPS), kind="stable")] / 100, 2)  # nearest 1.0 first: a tie
# (a short stretch of matches fits several speeds) goes to the unchanged speed
COARSE = 32  # frames per coarse offset bin (about 1 s)
_PLACE = 1 << 40  # a work's coarse offsets (under 2**33 either way) packed after its segment number (_Matches.places)
BIN = 2.0  # frames per fine offset bin
INLIER = 3.0  # frames an aligned hash may be off
NEAR = 0.5  # what a hash found only through a neighbouring time ratio counts: it was asked with more keys
RESAMPLED = 0.02  # a copy this much faster or slower (or more) may be a resample, its pitch told by its speed
PITCH_SPREAD = 2  # neighbouring semitone shifts an aligned copy's hashes may show (a resample falls between two)
CANDIDATES = 8  # works aligned in full per search
MIN_ROWS = 3  # matches a work needs to be aligned at all (two aligned hashes score under 0.05)
MAX_POSTINGS = 200  # a key with more postings than this tells nothing: skipped
SHARED_FREE = 2  # a hash aligned in this many works counts fully in each (a song kept in two formats)
PER_SECOND_CAP = 6  # most hashes a single second of the candidate can add to the evidence
SPARSE = 0.2  # share of the seconds an alignment spans that must hold aligned hashes for all of them to count:
# a copy matches second after second; a chance alignment found eight hashes in 3 seconds spread over 48 (0.55)
EVIDENCE_SCALE = 9.0  # evidence scoring 0.5 is 7.5: eight aligned hashes, see audio.DEFAULT_THRESHOLD
CERTAIN = 0.96  # twice the alert line's evidence: an unshifted match this strong needs no shifted keys
_CERTAIN_ROWS = int(np.ceil(EVIDENCE_SCALE * np.sqrt(-np.log(1.0 - CERTAIN))))  # 17 aligned hashes
LEFT_OVER = 5.0  # seconds of a candidate beside its certain matches that may hold another work: the shortest
# excerpt found (a pitched or sped one needs the shifted keys)
GREY = 0.2  # a best match scoring this much, but under the alert line, gets a second, closer look
ALERT = 0.5  # audio.DEFAULT_THRESHOLD: a match already this strong needs no second look
SECOND_LOOK = Density(peaks=20, targets=6, lookahead=80)  # twice the peaks, 2.5 times the triplets of a first look
ELSEWHERE = 1  # the best work's alignments, besides the first look's, that a second look also looks at
BINS_APART = 2  # coarse bins between two places a second look looks at (a place's matches span four bins)
SECOND_INLIER = 2.0  # frames a second-look hash may be off the first look's alignment (which is itself rounded)
BURIED = Density(peaks=24, targets=8, lookahead=96)  # a copy under louder sound (music under a voice-over): all
# the candidate's peaks, its keys unshifted; the work's strongest peaks are there among the voice's, but rarely
# the nearest targets of one another
REACH = 0.15  # speeds measured beyond MAX_STRETCH for a hit at its edge: the keys asked (a pitch up to two
# semitones, spans a little past MAX_STRETCH) still find many of a copy's hashes up to about here
MEASURED_WITHIN = "speed_measured_within"  # evidence: how far from 1 its speed was measured; one at that limit is a
# bound (the copy may be faster or slower still)
FINE_PREFIX_BITS = 18  # a small index's directory still tells keys apart this finely (1 MB at most)


@dataclass(frozen=True)
class _Matches:
    """Postings found for a candidate's hashes."""

    tq: np.ndarray  # candidate frame
    frame: np.ndarray  # timeline frame in the index
    shift: np.ndarray  # pitch shift (semitones) the key was asked with
    origin: np.ndarray  # which candidate hash found it
    key: np.ndarray  # that candidate hash's own key
    coarse: np.ndarray  # (frame - tq) // COARSE
    seg: np.ndarray  # the segment (work) whose stretch of the timeline the frame lies in
    near: np.ndarray | None = None  # found only through a neighbouring time ratio (see audio_query)

    def places(self) -> np.ndarray:
        """Each match's work and coarse offset in one number, so votes never mix two works: a copy that comes
        late in a long candidate (a song a minute into a video) has an offset before its work's own start."""
        return self.seg.astype(np.int64) * _PLACE + self.coarse + _PLACE // 2


class Index(ModalityIndex):
    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir
        self._slot_of: dict[int, int] = {}  # work id -> segment
        self._owner: list[int] = []  # segment -> work id, -1 once removed
        self._base: list[int] = []  # segment -> first timeline frame
        self._size: list[int] = []  # segment -> fingerprint bytes (for the saved index's signature)
        self._next = 0  # first free timeline frame
        self._postings = np.zeros(0, dtype=np.uint64)
        self._pending: list[np.ndarray] = []
        self._removed = 0
        self._starts = np.zeros(1, dtype=np.int64)  # directory: first posting of each key prefix
        self._prefix_bits = 0
        self._bases = np.zeros(0, dtype=np.int64)
        self._live = np.zeros(0, dtype=bool)
        self._dirty = False  # segments changed since the arrays were refreshed (and saved)

    def add(self, work_id: int, blob: bytes) -> None:
        fp = load(blob)
        if work_id in self._slot_of:
            self.remove(work_id)
        frames = round(fp.seconds * FRAMES_PER_SECOND) + GAP
        if self._next + frames >= 1 << FRAME_BITS:
            self._compact(renumber=True)
        self._slot_of[work_id] = len(self._owner)
        self._owner.append(work_id)
        self._base.append(self._next)
        self._size.append(len(blob))
        self._pending.append(_postings(fp, self._next))
        self._next += frames
        self._dirty = True

    def remove(self, work_id: int) -> None:
        slot = self._slot_of.pop(work_id, None)
        if slot is not None:
            self._owner[slot] = -1
            self._removed += 1
            self._dirty = True

    def __len__(self) -> int:
        return len(self._slot_of)

    def postings_bytes(self) -> int:
        """Memory held by the hash postings and their directory (the bulk of the index)."""
        return int(self._postings.nbytes + self._starts.nbytes + sum(p.nbytes for p in self._pending))

    def search(self, blob: bytes, threshold: float) -> list[Hit]:
        self._build()
        fp = load(blob)
        hits: list[Hit] = []
        every_key: _Matches | None = None  # what every pitched and sped key found, once they were asked
        for shifted in (False, True):
            matches = self._lookup(fp, shifted)
            every_key = matches if shifted else None
            found = self._align_candidates(matches, 0 if shifted else _CERTAIN_ROWS) if matches is not None else []
            certain = any(h.score >= CERTAIN for h in hits)  # found by the plain keys: kept beside the rest
            hits = best_of_each(hits + found) if certain else found
            if any(h.score >= CERTAIN for h in hits) and _uncovered(hits, fp.seconds) < LEFT_OVER:
                break
        hits = self._second_look(fp, hits, matches)
        if all(h.score < ALERT for h in hits):
            hits = self._buried(fp, hits)
        hits = [h for h in hits if h.score >= threshold]
        if any(_at_the_edge(h) for h in hits) and not shifted:
            every_key = self._lookup(fp, True)  # found by the plain keys, yet sped: the sped keys measure it
        return sorted((_told(self._beyond_the_grid(h, every_key)) for h in hits), key=lambda h: h.score,
                      reverse=True)

    # -- the saved copy -----------------------------------------------------------------------------------

    def restore(self, works: Iterable[tuple[int, int]]) -> bool:
        """Open the index saved in cache_dir if it holds exactly `works` ((work id, fingerprint bytes) pairs)."""
        if self._cache_dir is None:
            return False
        arrays = index_cache.load(self._cache_dir, SAVED_ARRAYS,
                                  {"format": FORMAT, "works": index_cache.signature(list(works))})
        if arrays is None:
            return False
        self._postings, self._starts = arrays["postings"], np.asarray(arrays["starts"])
        self._prefix_bits, self._next = (int(v) for v in arrays["scalars"])
        self._owner, self._base = arrays["owner"].tolist(), arrays["base"].tolist()
        self._size = arrays["size"].tolist()
        self._slot_of = {w: i for i, w in enumerate(self._owner) if w >= 0}
        self._removed, self._pending, self._dirty = len(self._owner) - len(self._slot_of), [], False
        self._refresh_segments()
        return True

    def _save(self) -> None:
        assert self._cache_dir is not None
        works = index_cache.signature([(w, self._size[s]) for w, s in self._slot_of.items()])
        arrays = {
            "postings": self._postings,
            "starts": self._starts,
            "base": np.array(self._base, dtype=np.int64),
            "owner": np.array(self._owner, dtype=np.int64),
            "size": np.array(self._size, dtype=np.int64),
            "scalars": np.array([self._prefix_bits, self._next], dtype=np.int64),
        }
        index_cache.save(self._cache_dir, arrays, {"format": FORMAT, "works": works})

    # -- building -----------------------------------------------------------------------------------------

    def _build(self) -> None:
        if not self._dirty:
            return
        if self._pending:
            self._merge_pending()
        if self._removed > len(self._slot_of) // 4 + 16:
            self._compact(renumber=False)
        self._refresh_segments()
        if self._cache_dir is not None:
            self._save()
        self._dirty = False

    def _refresh_segments(self) -> None:
        self._bases = np.array(self._base, dtype=np.int64)
        self._live = np.array(self._owner, dtype=np.int64) >= 0

    def _merge_pending(self) -> None:
        fresh = np.concatenate(self._pending)
        fresh.sort()
        self._pending = []
        if self._postings.size:
            fresh = np.insert(self._postings, np.searchsorted(self._postings, fresh), fresh)
        self._postings = fresh
        self._directory()

    def _compact(self, renumber: bool) -> None:
        """Drop removed works' postings; with `renumber`, also close the gaps they leave on the timeline."""
        if self._pending:
            self._merge_pending()
        self._refresh_segments()
        frames = (self._postings & np.uint64(0xFFFFFFFF)).astype(np.int64)
        seg = np.searchsorted(self._bases, frames, side="right") - 1
        keep = self._live[seg]
        postings, frames, seg = self._postings[keep], frames[keep], seg[keep]
        live = [s for s, w in enumerate(self._owner) if w >= 0]
        if renumber:
            ends = [*self._base[1:], self._next]
            lengths = np.array([ends[s] - self._base[s] for s in live], dtype=np.int64)
            new_base = np.zeros(len(self._owner), dtype=np.int64)
            new_base[live] = np.cumsum(lengths) - lengths
            frames = frames - self._bases[seg] + new_base[seg]
            keys = postings >> np.uint64(FRAME_BITS)
            postings = (keys << np.uint64(FRAME_BITS)) | frames.astype(np.uint64)
            postings.sort()
            self._base = new_base[live].tolist()
            self._next = int(lengths.sum())
        else:
            self._base = [self._base[s] for s in live]
        self._postings = postings
        self._owner = [self._owner[s] for s in live]
        self._size = [self._size[s] for s in live]
        self._slot_of = {w: i for i, w in enumerate(self._owner)}
        self._removed = 0
        self._directory()
        self._refresh_segments()
        self._dirty = True

    def _directory(self) -> None:
        """Where each key prefix starts, so a lookup is two array reads instead of a binary search."""
        n = self._postings.size
        bits = int(np.ceil(np.log2(n + 1)))  # about one posting per prefix; a small index gets finer prefixes,
        # so a lookup does not wade through other keys' postings
        self._prefix_bits = int(np.clip(max(bits, min(bits + 6, FINE_PREFIX_BITS)), 10, USED_KEY_BITS))
        shift = np.uint64(FRAME_BITS + USED_KEY_BITS - self._prefix_bits)
        counts = np.zeros(1 << self._prefix_bits, dtype=np.int64)
        for lo in range(0, n, 1 << 24):  # in slices, to keep the temporary arrays small
            prefix = (self._postings[lo : lo + (1 << 24)] >> shift).astype(np.int64)
            counts += np.bincount(prefix, minlength=counts.size)
        starts = np.concatenate([[0], np.cumsum(counts)])
        self._starts = starts.astype(np.uint32) if n < 1 << 32 else starts  # half the memory

    # -- searching ----------------------------------------------------------------------------------------

    def _lookup(
        self, fp: Fingerprint, shifted: bool, density: Density = QUERY, at: tuple[int, float] | None = None
    ) -> _Matches | None:
        q = query_keys(fp.peaks, shifted, density, at)
        keys, tq, shift, origin, near = q.keys, q.tq, q.shift, q.origin, q.near
        if keys.size == 0 or self._postings.size == 0:
            return None
        prefix = keys >> (USED_KEY_BITS - self._prefix_bits)
        lo, hi = self._starts[prefix].astype(np.int64), self._starts[prefix + 1].astype(np.int64)
        counts = np.where(hi - lo > MAX_POSTINGS, 0, hi - lo)
        total = int(counts.sum())
        if total == 0:
            return None
        query = np.repeat(np.arange(keys.size), counts)
        found = self._postings[np.arange(total) + np.repeat(lo - (np.cumsum(counts) - counts), counts)]
        exact = (found >> np.uint64(FRAME_BITS)).astype(np.int64) == keys[query]  # a prefix holds other keys
        found, query = found[exact], query[exact]
        frame = (found & np.uint64(0xFFFFFFFF)).astype(np.int64)
        seg = np.searchsorted(self._bases, frame, side="right") - 1
        if self._removed:
            alive = self._live[seg]
            frame, query, seg = frame[alive], query[alive], seg[alive]
        if frame.size == 0:
            return None
        return _Matches(tq[query], frame, shift[query], origin[query], keys[query], (frame - tq[query]) // COARSE,
                        seg, near[query])

    def _beyond_the_grid(self, hit: Hit, m: _Matches | None) -> Hit:
        """A hit aligned at the edge of the speeds searched, its speed measured a little beyond them (up to REACH):
        the candidate's matches with that work, at its pitch, that line up through the middle of the hit's aligned
        stretch at each faster (or slower) speed; the speed most line up at, if more than at the edge. Its hashes,
        seconds and stretch are then counted again along that line (_recounted), and kept if they score at least
        as the edge's did, for a hit already at the alert line. The evidence says how far it looked
        (MEASURED_WITHIN): a speed at REACH is a bound."""
        slot = self._slot_of.get(hit.work_id)
        if not _at_the_edge(hit) or m is None or slot is None:
            return hit
        ev = hit.evidence
        speed, pitch = float(ev["speed_factor"]), -round(ev["pitch_shift_semitones"])
        rows = np.flatnonzero((m.seg == slot) & (np.abs(m.shift - pitch) <= 1))
        half = ev["aligned_stretch_s"] / 2  # the middle of the stretch, in the candidate and in the work
        tq = m.tq[rows] - (ev["candidate_offset_s"] + half) * FRAMES_PER_SECOND
        off = m.frame[rows] - self._base[slot] - (ev["work_offset_s"] + speed * half) * FRAMES_PER_SECOND
        outward = 1.0 if speed > 1.0 else -1.0
        speeds = np.round(speed + outward * np.arange(round((REACH - abs(speed - 1.0)) * 100) + 1) / 100, 2)
        lines = [(s, d) for s in speeds for d in range(-2, 3)]  # the middle a frame or two off, as it was rounded
        lined_up = [_lined_up(m.origin[rows], off - s * tq - d) for s, d in lines]
        s, d = lines[int(np.argmax(lined_up))]  # the first of equals: the nearest the grid
        on = np.abs(off - s * tq - d) <= INLIER  # the speed those hashes fit best, to the hundredth (on a short
        # stretch, lines a hundredth apart hold the same hashes)
        if np.count_nonzero(on) < MIN_ROWS:
            return hit
        fitted = float(np.clip(np.round(np.polyfit(tq[on], off[on], 1)[0], 2), min(speeds), max(speeds)))
        if abs(fitted - 1.0) <= MAX_STRETCH + 1e-9:
            fitted = speed  # within the grid after all: the speed the search aligned it at stands
        measured = replace(hit, evidence={**ev, "speed_factor": fitted, MEASURED_WITHIN: REACH})
        recounted = _recounted(m, rows, hit.work_id, self._base[slot], fitted, on)
        if recounted is None or recounted.score < hit.score or hit.score < ALERT:  # not a hit under the line: counted
            return measured  # again, a chance alignment at the edge gains too (family A's distractors: 4 -> 5 of 648)
        return replace(recounted, evidence={**recounted.evidence, MEASURED_WITHIN: REACH})

    def _second_look(self, fp: Fingerprint, hits: list[Hit], first: _Matches | None) -> list[Hit]:
        """A best match in the grey zone under the alert line, looked at again with many more of the candidate's
        keys, counting only those that line up with that one work where the first look aligned it (same speed,
        offset and pitch), and also where the first look's matches with that work gather next most (see
        _elsewhere). A copy whose peaks a pitch effect smeared gains the hashes it lost; a chance alignment
        gains only what chance gives one offset. The closer look that scores most replaces the first's."""
        if not hits or first is None:
            return hits
        best = max(hits, key=lambda h: h.score)
        if not GREY <= best.score < ALERT or best.work_id not in self._slot_of:
            return hits
        top = best
        for place in [best, *self._elsewhere(first, best)]:
            closer = self._look_closer(fp, hits, best, place)
            if closer is not None and closer.score > top.score:
                top = closer
        return hits if top is best else [top if h is best else h for h in hits]

    def _buried(self, fp: Fingerprint, hits: list[Hit]) -> list[Hit]:
        """Nothing found: the candidate asked again with all its peaks and many more triplets of them, unshifted
        (BURIED). Music 6-10 dB under continuous speech keeps its own strongest peaks, but speech peaks fall
        between them, so the triplets a first look makes are the voice's."""
        matches = self._lookup(fp, False, BURIED)
        if matches is None:
            return hits
        return best_of_each(hits + self._align_candidates(matches))

    def _elsewhere(self, m: _Matches, best: Hit) -> list[Hit]:
        """The best work's next alignments in the first look's matches: its coarse offsets with the most votes
        after the one the first look aligned, each aligned as the first look aligns, those scoring GREY or more.
        Music repeats itself: a theme that comes back elsewhere in the work can line up by chance at a wrong
        speed and gather a few more coarse votes than the copy's true place, which then goes unlooked at."""
        slot = self._slot_of[best.work_id]
        start = self._base[slot]
        mine = np.flatnonzero(m.seg == slot)
        if mine.size == 0:
            return []
        bins, votes = _coarse_votes(m.coarse[mine])
        taken = [_coarse_of(best, start)]
        places = []
        for b in bins[np.argsort(-votes, kind="stable")]:
            if len(taken) > ELSEWHERE:
                break
            if any(abs(int(b) - t) <= BINS_APART for t in taken):
                continue
            taken.append(int(b))
            rows = mine[np.abs(m.coarse[mine] - b - 0.5) <= 1.5]
            if rows.size >= MIN_ROWS:
                _, tq, shift, speed, offset, near = _align(m, rows)
                place = _hit(best.work_id, tq, np.where(near, NEAR, 1.0), shift, speed, offset - start)
                if place.score >= GREY:
                    places.append(place)
        return places

    def _look_closer(self, fp: Fingerprint, hits: list[Hit], best: Hit, place: Hit) -> Hit | None:
        """The second look at one alignment `place` of the best work: the candidate's SECOND_LOOK keys asked at its
        pitch and speed, those lining up at its offset counted. A hash that also lines up with more than two other
        works the first look aligned at that pitch (a shared jingle) is split between them, as in the first."""
        speed, pitch = float(place.evidence["speed_factor"]), -round(place.evidence["pitch_shift_semitones"])
        m = self._lookup(fp, True, SECOND_LOOK, (pitch, speed))
        if m is None:
            return None
        aligned = {}
        for h in [place, *(h for h in hits if h is not best)]:  # each work aligned at this pitch, its own way
            ev, slot = h.evidence, self._slot_of.get(h.work_id)
            if slot is not None and -round(ev["pitch_shift_semitones"]) == pitch:
                start, v = self._base[slot], float(ev["speed_factor"])
                offset = start + (ev["work_offset_s"] - v * ev["candidate_offset_s"]) * FRAMES_PER_SECOND
                aligned[h.work_id] = (_aligned_at(m, v, offset, pitch), offset - start)
        rows, offset = aligned[place.work_id]
        if rows.size == 0:
            return None
        shared = np.bincount(np.concatenate([m.origin[r] for r, _ in aligned.values()]))[m.origin[rows]]
        weight = np.where(shared <= SHARED_FREE, 1.0, 1.0 / shared)
        if m.near is not None:
            weight *= np.where(m.near[rows], NEAR, 1.0)
        return _hit(place.work_id, m.tq[rows], weight, m.shift[rows], speed, offset)

    def _align_candidates(self, m: _Matches, need: int = 0) -> list[Hit]:
        """Fine alignment of the works whose coarse offsets gather most votes; shared hashes split. None at all
        unless one work has at least `need` matches (so many aligned hashes would be needed to score that high)."""
        places = m.places()
        bins, votes = _coarse_votes(places)
        top = np.argpartition(-votes, min(8 * CANDIDATES, votes.size) - 1)[: 8 * CANDIDATES]
        top = top[np.argsort(-votes[top], kind="stable")]
        seg = bins[top] // _PLACE
        _, pick = np.unique(seg, return_index=True)  # the best bin of each work
        rows = [np.flatnonzero(np.abs(places - bins[top[i]] - 0.5) <= 1.5) for i in np.sort(pick)[:CANDIDATES]]
        if max(r.size for r in rows) < need:  # voted pair, ±1 bin
            return []
        aligned = []
        for i, work_rows in zip(np.sort(pick)[:CANDIDATES], rows, strict=True):
            if work_rows.size >= MIN_ROWS:  # fewer could not score even 0.05: not worth aligning
                aligned.append((int(seg[i]), _align(m, work_rows)))
        shared = np.zeros(int(m.origin.max()) + 1, dtype=np.int64)
        for _, (origin, *_rest) in aligned:
            shared[origin] += 1
        hits = []
        for s, (origin, tq, shift, speed, offset, near) in aligned:
            start = self._base[s]
            weight = np.where(shared[origin] <= SHARED_FREE, 1.0, 1.0 / shared[origin]) * np.where(near, NEAR, 1.0)
            hits.append(_hit(self._owner[s], tq, weight, shift, speed, offset - start))
        return hits


def _uncovered(hits: list[Hit], seconds: float) -> float:
    """Seconds of a candidate `seconds` long that no work found for certain covers: another work may lie there,
    pitched or sped, which only the shifted keys find (a medley, a video with two songs). A certain work covers
    the candidate from its first aligned hash to its last."""
    spans = sorted((ev["candidate_offset_s"], ev["candidate_offset_s"] + ev["aligned_stretch_s"])
                   for ev in (h.evidence for h in hits if h.score >= CERTAIN))
    if not spans:
        return seconds
    covered, reach = 0.0, 0.0
    for start, end in spans:
        covered += max(0.0, end - max(start, reach))
        reach = max(reach, end)
    return max(0.0, seconds - covered)


def _at_the_edge(hit: Hit) -> bool:
    """Whether a hit's speed is the fastest or slowest searched, or next to it: the copy may be sped further."""
    return abs(float(hit.evidence["speed_factor"]) - 1.0) >= MAX_STRETCH - 0.01 - 1e-9


def _recounted(m: _Matches, rows: np.ndarray, work_id: int, start: int, speed: float, on: np.ndarray) -> Hit | None:
    """A hit at the grid's edge counted again at the speed measured for it, from the same matches: the line the
    hashes that measured it (`on`, of the work's matches `rows`) fit, refitted on all that line up with it, and
    those scored as the search scores an alignment. At the edge only the part of the copy near where the two lines
    cross lined up: a whole copy 12 % faster was said to carry 9 of its 54 seconds."""
    x, y = m.tq[rows].astype(float), (m.frame[rows] - start).astype(float)
    slope, intercept = np.polyfit(x[on], y[on], 1)
    for _ in range(2):  # the first fit spans the middle only; refitted on all it lines up, it holds to the ends
        inlier = np.abs(y - slope * x - intercept) <= INLIER
        if np.count_nonzero(inlier) < MIN_ROWS:
            return None
        slope, intercept = np.polyfit(x[inlier], y[inlier], 1)
    inlier = np.abs(y - slope * x - intercept) <= INLIER
    kept = rows[inlier & _one_pitch(m.shift[rows], inlier)]
    near = np.zeros(kept.size, dtype=bool) if m.near is None else m.near[kept]
    kept, near = kept[np.argsort(near, kind="stable")], np.sort(near, kind="stable")
    _, first = np.unique(m.origin[kept], return_index=True)  # a candidate hash counts once, by its own ratio
    first = first[_repeats_allowed(m.key[kept][first], m.tq[kept][first])]
    kept, near = kept[first], near[first]
    if kept.size < MIN_ROWS:
        return None
    tq = m.tq[kept]
    begin = float(tq.min())
    offset = slope * begin + intercept - speed * begin  # the work offset where the line puts the first hash
    return _hit(work_id, tq, np.where(near, NEAR, 1.0), m.shift[kept], speed, offset)


def _lined_up(origin: np.ndarray, residual: np.ndarray) -> int:
    """How many candidate hashes (each once) have a match within INLIER frames of a line (`residual` off it)."""
    return int(np.unique(origin[np.abs(residual) <= INLIER]).size)


def _coarse_votes(coarse: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each coarse offset bin the matches fall in, and its votes: its own matches and the next bin's (a copy's
    offset drifts with its speed, across a bin boundary)."""
    ordered = np.sort(coarse)
    first = np.flatnonzero(np.diff(ordered, prepend=ordered[0] - 1))
    bins, counts = ordered[first], np.diff(first, append=ordered.size)
    nxt = np.minimum(np.arange(1, bins.size + 1), bins.size - 1)
    return bins, counts + np.where(bins[nxt] == bins + 1, counts[nxt], 0)


def _coarse_of(hit: Hit, start: int) -> int:
    """The coarse offset bin (timeline frame minus candidate frame, over COARSE) where `hit` lines up, at the
    candidate frame of its first aligned hash (a sped copy's drifts by under a bin over a clip)."""
    ev = hit.evidence
    frame = start + ev["work_offset_s"] * FRAMES_PER_SECOND
    return int((frame - ev["candidate_offset_s"] * FRAMES_PER_SECOND) // COARSE)


def _align(
    m: _Matches, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, float, np.ndarray]:
    """The (speed, offset) most of these matches agree on, and the candidate hashes that agree, each once (by
    its own time ratio if that matched, rather than a neighbouring one)."""
    near_all = np.zeros(rows.size, dtype=bool) if m.near is None else m.near[rows]
    rows, near_all = rows[np.argsort(near_all, kind="stable")], np.sort(near_all, kind="stable")
    tq, frame = m.tq[rows], m.frame[rows]
    offsets = frame[None, :] - SPEEDS[:, None] * tq[None, :]
    fine = np.floor(offsets / BIN + 0.5).astype(np.int64)
    low = int(fine.min())
    width = int(fine.max()) - low + 1
    votes = np.bincount((np.arange(SPEEDS.size)[:, None] * width + (fine - low)).ravel())
    i_speed, i_bin = divmod(int(np.argmax(votes)), width)
    speed, offset = float(SPEEDS[i_speed]), (i_bin + low) * BIN
    inlier = np.abs(offsets[i_speed] - offset) <= INLIER
    inlier &= _one_pitch(m.shift[rows], inlier)
    _, first = np.unique(m.origin[rows][inlier], return_index=True)  # a candidate hash counts once
    first = first[_repeats_allowed(m.key[rows][inlier][first], tq[inlier][first])]
    return (m.origin[rows][inlier][first], tq[inlier][first], m.shift[rows][inlier][first], speed, offset,
            near_all[inlier][first])


def _aligned_at(m: _Matches, speed: float, offset: float, pitch: int) -> np.ndarray:
    """The matches lining up at this speed, timeline offset and pitch shift, a candidate hash once (by its own time
    ratio if that matched) and repeats as _repeats_allowed says."""
    rows = np.flatnonzero((np.abs(m.frame - speed * m.tq - offset) <= SECOND_INLIER) & (m.shift == pitch))
    near = np.zeros(rows.size, dtype=bool) if m.near is None else m.near[rows]
    rows = rows[np.argsort(near, kind="stable")]
    _, first = np.unique(m.origin[rows], return_index=True)
    rows = rows[first]
    return rows[_repeats_allowed(m.key[rows], m.tq[rows])]


def _one_pitch(shift: np.ndarray, inlier: np.ndarray) -> np.ndarray:
    """Which matches agree on the copy's pitch shift: the PITCH_SPREAD neighbouring semitones holding the most
    aligned matches. A copy is shifted by one amount throughout (a peak a bin off can move its anchor's semitone
    by one); chance matches are spread over every shift asked."""
    values = shift[inlier]
    if values.size == 0:
        return inlier
    low = int(values.min())
    counts = np.bincount(values - low)
    window = np.convolve(counts, np.ones(PITCH_SPREAD, dtype=np.int64))  # window j: values j-1 .. j
    first = int(np.argmax(window)) - (PITCH_SPREAD - 1) + low
    return (shift >= first) & (shift < first + PITCH_SPREAD)


def _repeats_allowed(key: np.ndarray, tq: np.ndarray) -> np.ndarray:
    """Which aligned hashes count: a key once a second, and no key more often than there are different keys.
    A held tone repeats one key and so counts once; a loop or chorus repeats all of its many keys together."""
    second = (tq // FRAMES_PER_SECOND).astype(np.int64)
    _, once = np.unique(key * (1 << 20) + second, return_index=True)  # sorted by key, then second
    distinct, start, repeats = np.unique(key[once], return_index=True, return_counts=True)
    nth = np.arange(once.size) - np.repeat(start, repeats)
    return np.sort(once[nth < distinct.size])


def _hit(work_id: int, tq: np.ndarray, w: np.ndarray, shift: np.ndarray, speed: float, offset: float) -> Hit:
    """Score the aligned hashes: a second of the candidate counts at most PER_SECOND_CAP of them."""
    seconds = np.floor(tq / FRAMES_PER_SECOND).astype(np.int64)
    second = seconds - seconds.min()
    per_second = np.bincount(second, weights=w)
    hashes = np.maximum(np.bincount(second), 1)
    evidence = float((np.minimum(hashes, PER_SECOND_CAP) * per_second / hashes).sum())
    stretch = max(1.0, float(tq.max() - tq.min()) / FRAMES_PER_SECOND)
    evidence *= min(1.0, np.count_nonzero(per_second > 0) / (SPARSE * stretch))  # a few seconds far apart: chance
    score = 1.0 - float(np.exp(-((evidence / EVIDENCE_SCALE) ** 2)))  # steep: twice the alert line is near-certain
    return Hit(work_id, round(score, 4), _evidence(tq, shift, speed, offset, per_second))


def _evidence(tq: np.ndarray, shift: np.ndarray, speed: float, offset: float, per_second: np.ndarray) -> dict:
    """What a hit shows. Its seconds that match are the seconds of the candidate holding aligned hashes, held to
    the whole seconds its aligned stretch lasts (a 3.17 s stretch touches four of them; a 3.59 s copy was said to
    carry 4 seconds), as the window and the report say them (wording/audio_match.py)."""
    start, end = float(tq.min()), float(tq.max())
    values, counts = np.unique(shift, return_counts=True)
    semitones = -float(values[np.argmax(counts)])
    stretch = round((end - start) / FRAMES_PER_SECOND, 2)
    return {
        "candidate_offset_s": round(start / FRAMES_PER_SECOND, 2),
        "work_offset_s": round((offset + speed * start) / FRAMES_PER_SECOND, 2),
        "matched_seconds": seconds_that_match(int(np.count_nonzero(per_second > 0)), stretch),
        "aligned_stretch_s": stretch,
        "speed_factor": speed,
        "pitch_shift_semitones": semitones,
        "matching_hashes": int(tq.size),
        MEASURED_WITHIN: MAX_STRETCH,
    }


def _told(hit: Hit) -> Hit:
    """A hit's evidence as a creator reads it. The search's pitch is in whole semitones and only brackets a
    resample's (the common "sped up" copy: 8 % faster sounds 1.3 semitones higher, and matched at +1 or +2): a
    copy whose speed changed (RESAMPLED) and whose whole semitones lie within one of those its speed implies is
    told at the implied pitch. Any other copy keeps its whole semitones (a pitch shift that kept the tempo, or a
    tempo change that kept the pitch)."""
    evidence = hit.evidence
    speed, whole = float(evidence["speed_factor"]), float(evidence["pitch_shift_semitones"])
    implied = 12.0 * math.log2(speed)
    pitch = implied if abs(speed - 1.0) >= RESAMPLED and abs(implied - whole) < 1.0 else whole
    return replace(hit, evidence={**evidence, "pitch_shift_semitones": round(pitch, 1) + 0.0})  # + 0.0: no -0.0


def _postings(fp: Fingerprint, base: int) -> np.ndarray:
    keys, frames = fp.keys.astype(np.uint64), fp.times.astype(np.uint64) + np.uint64(base)
    return (keys << np.uint64(FRAME_BITS)) | frames
