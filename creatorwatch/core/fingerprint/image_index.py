"""Search the library's image fingerprints: exact PDQ distances (all 8 flips/turns) and a descriptor vote
pick a few works fast; local-feature verification (image_verify.py) confirms and explains each.

A work whose design is carried by hue (image_hue.py) has a row for each of its views besides its own, and a
candidate's views are searched as it is when its grey finds nothing: a work's best hit counts.

Works live in a few sealed segments, saved to and memory-mapped from the index cache, plus a small "recent"
one for works added since, sealed once it grows (and all merged into one when they are many); removed works
are masked until the next merge. Adding or removing a work costs milliseconds, even at 100,000 works.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from creatorwatch.core.store import atomic

from . import index_cache
from .base import Hit, ModalityIndex, best_of_each
from .image_crop import crop_matches
from .image_features import Fingerprint, Inset
from .image_hue import hue_agrees, of_the_work
from .image_layout import smooth_layout
from .image_method import IN_HUE, IN_PAGE
from .image_region import MIN_SHARE
from .image_rest import within
from .image_same import same_thumbnail
from .image_segment import ARRAYS, EMPTY, Segment
from .image_verify import thumbnail_likeness, verify_either_way
from .image_vote import KEY_BITS, TABLES

DEFAULT_THRESHOLD = 0.5
PDQ_HALF = 56  # PDQ distance (of 256 bits) scored 0.5; unrelated pictures sit near 128
PDQ_NEAR = 80  # works at most this far by PDQ are always verified
PDQ_SAME = 24  # ... and at most this far the whole picture is plainly the same: no local check needed
SAME_SCORE = 0.95  # the score at PDQ_SAME, rising to 1 at distance 0: an exact or near-exact copy reads as such
PDQ_MIN_QUALITY = 20  # flatter pictures have hashes that say little
INSET_VARIANTS = (0, 5)  # a picture found in a page is looked up as it is and mirrored left-right only: each
# variant costs 1.5 ms at 100,000 works
SHORTLIST = 3  # works verified per candidate and segment from the descriptor vote (5 found no more)
SMALL_SHORTLIST = 8  # ... for a small candidate (Fingerprint.small), whose blurred descriptors vote less surely
PLAIN_QUALITY = 70  # a candidate whose PDQ quality is under this is smooth (_plain) ...
PLAIN_FEATURES = 200  # ... and so is one with fewer local features than this (pictures have 400)
MIN_VOTES = 6  # fewer near-identical descriptors than this is chance
PROBE_MAX_DESCRIPTORS = 1 << KEY_BITS  # neighbouring buckets are probed in segments of up to this many descriptors
# (about 2,500 works), whose buckets hold one descriptor on average: there probing costs milliseconds; in larger
# ones it would cost a second per candidate, so a badly degraded copy is found only in a library of that size
MIN_PROBE_VOTES = 10  # the same when neighbouring buckets vote too (a degraded copy gets 12 to 70)
RECENT_MAX = 1000  # works the recent segment holds before it is sealed
MAX_SEGMENTS = 4  # sealed segments before they are merged into one (also when a tenth of their rows are removed)
CACHE_FORMAT = f"image-10-{TABLES}x{KEY_BITS}"  # 6: fingerprints of image.VERSION 5; 7: mirrored descriptors
# tabled; 8: a row per view in hue; 9: views know where they lie (image.VERSION 7)
log = logging.getLogger(__name__)
_STATE = ("ids", "sizes", "segments", "gone_segment", "gone_row")  # the cache's record of the index

_Distances = tuple[np.ndarray, np.ndarray, np.ndarray]  # per work: PDQ distance, nearest variant, trusted

MIRRORED = 5  # the PDQ variant of the candidate mirrored left-right
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
    """Image works held in memory (or memory-mapped from `cache_dir`, which is kept up to date)."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir
        self._sealed: list[tuple[str, Segment, np.ndarray]] = []  # name, segment, rows not removed since
        self._where: dict[int, list[tuple[int, int]]] = {}  # work id: (sealed segment number, row) of each view
        self._recent: dict[int, tuple[bytes, Fingerprint]] = {}
        self._recent_segment = EMPTY
        self._on_disk: set[int] = set()  # recent works whose blob is in the cache
        self._stale = False  # the recent segment's table lags behind _recent
        self._batch = False

    def add(self, work_id: int, blob: bytes) -> None:
        fingerprint = Fingerprint.from_bytes(blob)
        self._drop_sealed(work_id)
        self._recent[work_id] = (blob, fingerprint)
        self._on_disk.discard(work_id)
        self._changed()

    def add_many(self, items: Iterable[tuple[int, bytes]]) -> None:
        self._batch = True
        try:
            super().add_many(items)
        finally:
            self._batch = False
        self.flush()

    def remove(self, work_id: int) -> None:
        dropped = self._drop_sealed(work_id)
        if self._recent.pop(work_id, None) is not None or dropped:
            self._changed()

    def __len__(self) -> int:
        return len(self._where) + len(self._recent)

    def search(self, blob: bytes, threshold: float, complete: Callable[[], bytes] | None = None,
               in_hue: Callable[[], bytes] | None = None) -> list[Hit]:  # fmt: skip
        """The works `blob` copies. With `complete`, `blob` was made without the candidate's local features and
        complete() makes them too, asked only when the whole-picture hash leaves the search needing them
        (needs_local): the same hits as searching the whole fingerprint, the hashes compared once. Likewise
        in_hue() makes it with its views in hue, asked only when its grey finds nothing."""
        query = Fingerprint.from_bytes(blob)
        hits = self._search(query, complete)
        if all(h.score < threshold for h in hits):  # its hues add nothing to a copy its grey already found
            views = Fingerprint.from_bytes(in_hue()).views if in_hue is not None else query.views
            hits += [_in_hue(hit, view.region) for view in views for hit in self._search(view, smooth=True)]
        return sorted((h for h in best_of_each(hits) if h.score >= threshold), key=lambda h: -h.score)

    def _search(self, query: Fingerprint, complete: Callable[[], bytes] | None = None,
                smooth: bool = False) -> list[Hit]:  # fmt: skip
        """search() for one view of the candidate: every hit, at any score. A `smooth` one (a view in hue: a
        picture of one brightness, most often a gradient) is slid over the works' layouts whatever its detail."""
        found = self._hashed(query)
        if complete is not None and _needs_local(*found):
            query = Fingerprint.from_bytes(complete())  # the same hashes: only local features are added
        parts, hashed, inset_hashed, certain = found
        insets = query.insets  # pictures laid on a page: their own hashes find them when the page's features cannot
        hits, judged = [], []
        for number, ((segment, live), pdq) in enumerate(zip(parts, hashed, strict=True)):
            voted = _shortlist(query, segment, live) if not certain else None
            judged.append(voted.rows if voted is not None else set())
            hits += self._judge_near(query, segment, live, pdq, voted)
            for inset, distances in zip(insets, inset_hashed, strict=True):  # a gallery's pictures have their own
                featured = len(inset.picture.descriptors) > 0 and not certain  # local features
                seen = _shortlist(inset.picture, segment, live) if featured else None
                inside = self._judge_near(inset.picture, segment, live, distances[number], seen)
                hits += [_placed(hit, inset, query) for hit in inside]
        if query.quality < PDQ_MIN_QUALITY:  # a picture too flat for its hash: an exact copy by its thumbnail
            hits += [Hit(int(segment.ids[row]), score, evidence) for segment, live in parts
                     for row, score, evidence in same_thumbnail(query, segment, live)]  # fmt: skip
        if not certain and all(h.score < DEFAULT_THRESHOLD for h in hits):  # a badly degraded copy, or none
            for (segment, live), pdq, before in zip(parts, hashed, judged, strict=True):
                if segment.plain_descriptors > PROBE_MAX_DESCRIPTORS:
                    continue
                voted = _shortlist(query, segment, live, probe=True).without(before)
                hits += self._judge_near(query, segment, live, pdq, voted, near_too=False)
        if not certain and all(h.score < DEFAULT_THRESHOLD for h in hits):
            # A gallery's pictures are often cut to fill their tiles, which their hashes cannot see; a small
            # thumbnail's layout is too little to tell by (a blank corner of one matched a portrait).
            gallery = [i for i in insets if _large(i, query)] if smooth or len(insets) > 1 else []
            laid = [*([(query, None)] if smooth or _plain(query) else []),
                    *((replace(i.picture, hue=query.hue), i) for i in gallery)]
            for segment, live in parts:  # a part of a work too small or smooth for local features (image_crop); a
                hued = live & (np.isnan(segment.hues[:, 0]) == (query.hue is None))  # view's pictures laid on a
                for looked, where in laid:  # page or by a caption bar slide on their own too; only rows with a hue,
                    slid = [Hit(int(segment.ids[row]), score, evidence)  # if it has one
                            for row, score, evidence in crop_matches(looked, segment, hued)
                            if hue_agrees(looked.hue, segment.hues[row], segment.thumbs[row], evidence["work_box"])]
                    hits += slid if where is None else [_placed(h, where, query) for h in slid]
        return hits

    def needs_local(self, query: Fingerprint) -> bool:
        """Whether search() would look at the candidate's local features: not when its whole-picture hash finds
        a work for certain and no other work is near by hash without being plainly the same (each would be
        verified by local features). When not, a fingerprint without them gets the very same hits."""
        return _needs_local(*self._hashed(query))

    def _hashed(self, query: Fingerprint) -> tuple[list[tuple[Segment, np.ndarray]], list[_Distances],
                                                   list[list[_Distances]], bool]:  # fmt: skip
        """The segments (and their rows not removed), the candidate's PDQ distances to their works, those of each
        picture found in it (segment by segment), and whether any hash already finds a work for certain."""
        self.flush()
        parts = [(s, live) for _, s, live in self._sealed]
        parts.append((self._recent_segment, np.ones(len(self._recent_segment), bool)))
        hashed = [_pdq_distances(query, segment, live) for segment, live in parts]
        inset_hashed = [[_pdq_distances(i.picture, s, live, INSET_VARIANTS) for s, live in parts] for i in query.insets]
        every = hashed + [d for distances in inset_hashed for d in distances]
        certain = any((d[usable] <= PDQ_SAME).any() for d, _, usable in every)  # local can rest
        return parts, hashed, inset_hashed, certain

    def flush(self) -> None:
        """Seal or merge segments as needed and re-table the recent works (search does it when needed)."""
        if not self._stale:
            return
        removed = sum(int((~live).sum()) for _, _, live in self._sealed)
        rows = sum(len(live) for _, _, live in self._sealed)
        compact = removed > max(RECENT_MAX, rows // 10)
        if len(self._recent) > RECENT_MAX or compact:
            works = self._recent_rows()
            if compact or len(self._sealed) >= MAX_SEGMENTS:
                works = [work for _, s, live in self._sealed for work in s.rows_where(live)] + works
                self._sealed, self._where = [], {}
            self._seal(Segment.build(works))
            self._recent = {}
        self._recent_segment = Segment.build(self._recent_rows())
        self._stale = False
        self._save_state()

    def _recent_rows(self) -> list[tuple[int, int, Fingerprint]]:
        """The recent works as Segment.build takes them: a row for each view, the work's own with its hue."""
        return [(w, len(b), view) for w, (b, fp) in self._recent.items() for view in _rows_of(fp)]

    def restore(self, works: Iterable[tuple[int, int]]) -> bool:
        """Open the index saved in cache_dir if it holds exactly `works` ((work id, blob size) pairs)."""
        pairs = list(works)
        if self._cache_dir is None:
            return False
        expected = {"format": CACHE_FORMAT, "works": index_cache.signature(pairs)}
        state = index_cache.load(self._cache_dir / "state", _STATE, expected)
        if state is None:
            return False
        sealed = []
        for name in state["segments"].tolist():
            arrays = index_cache.load(self._cache_dir / name, ARRAYS, {"format": CACHE_FORMAT})
            if arrays is None:
                return False
            sealed.append((name, Segment(arrays)))
        ids = state["ids"].tolist()
        try:
            blobs = [self._blob_path(w, n).read_bytes() for w, n in zip(ids, state["sizes"].tolist(), strict=True)]
        except OSError:
            return False
        self._sealed, self._where = [], {}
        for name, segment in sealed:
            self._seal(segment, name)
        for number, row in zip(state["gone_segment"].tolist(), state["gone_row"].tolist(), strict=True):
            self._drop_sealed(int(self._sealed[number][1].ids[row]))
        self._recent = {w: (b, Fingerprint.from_bytes(b)) for w, b in zip(ids, blobs, strict=True)}
        self._on_disk = set(self._recent)
        self._recent_segment = Segment.build(self._recent_rows())
        self._stale = False
        return True

    def _seal(self, segment: Segment, name: str | None = None) -> None:
        """Add `segment` to the sealed ones (saving it in the cache if it is new)."""
        if name is None:
            name = f"segment-{uuid.uuid4().hex[:12]}"
            if self._cache_dir is not None:
                index_cache.save(self._cache_dir / name, segment.arrays, {"format": CACHE_FORMAT})
        number = len(self._sealed)
        self._sealed.append((name, segment, np.ones(len(segment), bool)))
        for row, work_id in enumerate(segment.ids.tolist()):
            self._where.setdefault(work_id, []).append((number, row))

    def _changed(self) -> None:
        self._stale = True
        if not self._batch:
            self._save_state()

    def _drop_sealed(self, work_id: int) -> bool:
        places = self._where.pop(work_id, [])
        for number, row in places:
            self._sealed[number][2][row] = False
        return bool(places)

    def _save_state(self) -> None:
        """Record in the cache which sealed segments and recent works (one blob file each) the index holds,
        and which sealed rows are removed; then forget what it no longer needs."""
        if self._cache_dir is None:
            return
        try:
            for work_id in self._recent.keys() - self._on_disk:
                blob = self._recent[work_id][0]
                atomic.write_bytes(self._blob_path(work_id, len(blob)), blob)
        except OSError as exc:  # a full disk: the saved copy stays as it was, and is rebuilt when next opened
            log.warning("the image index could not be saved in %s: %s", self._cache_dir, exc)
            return
        gone = [(number, row) for number, (_, _, live) in enumerate(self._sealed) for row in np.flatnonzero(~live)]
        arrays = {
            "ids": np.array(list(self._recent), np.int64),
            "sizes": np.array([len(b) for b, _ in self._recent.values()], np.int64),
            "segments": np.array([name for name, _, _ in self._sealed], str),
            "gone_segment": np.array([number for number, _ in gone], np.int64),
            "gone_row": np.array([row for _, row in gone], np.int64),
        }
        current = [np.stack([s.ids[live], s.sizes[live]], axis=1) for _, s, live in self._sealed]
        current.append(np.stack([arrays["ids"], arrays["sizes"]], axis=1))
        works = np.unique(np.concatenate(current), axis=0)  # a work with views in hue has a row for each
        meta = {"format": CACHE_FORMAT, "works": index_cache.signature(works)}
        if not index_cache.save(self._cache_dir / "state", arrays, meta):
            return  # what the saved state names is kept, so the copy stays whole
        self._on_disk = set(self._recent)
        wanted = {self._blob_path(w, len(b)) for w, (b, _) in self._recent.items()}
        for path in (self._cache_dir / "blobs").glob("*.bin"):
            if path not in wanted:
                path.unlink(missing_ok=True)
        names = {name for name, _, _ in self._sealed}
        for folder in self._cache_dir.glob("segment-*"):
            if folder.name not in names:
                index_cache.remove(folder)

    def _blob_path(self, work_id: int, size: int) -> Path:
        assert self._cache_dir is not None
        return self._cache_dir / "blobs" / f"{work_id}-{size}.bin"

    def _judge_near(self, query: Fingerprint, segment: Segment, live: np.ndarray, pdq: tuple[np.ndarray, ...],
                    voted: Voted | None, near_too: bool = True) -> list[Hit]:  # fmt: skip
        """Judge the works near `query` by PDQ (unless not `near_too`), and the rows the descriptor vote chose
        (if any; without a vote, each near work is matched both as it is and mirrored)."""
        distances, variants, usable = pdq
        near = live & (distances <= PDQ_NEAR) & near_too
        hashed = set(np.flatnonzero(near & usable).tolist())
        flat = np.flatnonzero(near & ~usable).tolist()
        hits = []
        for row in hashed | (voted.rows if voted is not None else set()):
            variant = int(variants[row])
            mirror_too = voted is None or bool(voted.mirror_worth[row]) or (row in hashed and variant == MIRRORED)
            # (the nearest variant of a far hash, 1 in 8 a mirror by chance, says nothing)
            as_is = voted is None or row in hashed or row in voted.as_is or not voted.mirror_worth[row]
            hits.append(self._judge(query, segment, row, int(distances[row]) if usable[row] else 256, variant,
                                    mirror_too, as_is))  # fmt: skip
        return hits + [self._judge_flat(query, segment, row, int(distances[row]), int(variants[row])) for row in flat]

    def _judge(self, query: Fingerprint, segment: Segment, row: int, distance: int, variant: int,
               mirror_too: bool = True, as_is: bool = True) -> Hit:  # fmt: skip
        work_id = int(segment.ids[row])
        hashed = max(0.0, 1.0 - distance / (2.0 * PDQ_HALF))
        if distance <= PDQ_SAME:  # the whole picture is plainly the same: a near-certain match
            hashed = 1.0 - (1.0 - SAME_SCORE) * distance / PDQ_SAME
        work = segment.fingerprint(row)
        local = verify_either_way(query, work, mirror_too, as_is) if distance > PDQ_SAME else None
        if distance > PDQ_SAME and hashed > 0:  # a near hash, not a certain one: the thumbnails must agree too
            hashed *= thumbnail_likeness(query, work, variant, flat=False)
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

    def _judge_flat(self, query: Fingerprint, segment: Segment, row: int, distance: int, variant: int) -> Hit:
        """A smooth picture near by PDQ, whose hash alone proves little: the thumbnails must agree too."""
        score = thumbnail_likeness(query, segment.fingerprint(row), variant, flat=True)
        evidence = {**_flat_evidence(distance), "transform": _DIHEDRAL[variant]}
        return Hit(int(segment.ids[row]), round(score, 4), evidence)


def _rows_of(work: Fingerprint) -> tuple[Fingerprint, ...]:
    """A work's rows in a segment: its own and its views in hue (the own row given its design's colour)."""
    if not work.views or work.views[0].hue is None:
        return (work,)
    return (replace(work, hue=of_the_work(work.views[0].hue)), *work.views)


def _in_hue(hit: Hit, region: tuple[float, float, float, float]) -> Hit:
    """A hit on a view of the candidate in hue, made from `region` of it (a picture found on a page lies where
    it was found)."""
    return within(hit, region, IN_HUE)


def _placed(hit: Hit, inset: Inset, page: Fingerprint) -> Hit:
    """A hit on a picture found in the page."""
    x0, y0, x1, y1 = inset.box
    return within(hit, (x0 / page.width, y0 / page.height, x1 / page.width, y1 / page.height), IN_PAGE)


def _large(inset: Inset, page: Fingerprint) -> bool:
    """Whether a picture found on a page is no small thumbnail (image_region.MIN_SHARE of the page or more)."""
    x0, y0, x1, y1 = inset.box
    return (x1 - x0) * (y1 - y0) >= MIN_SHARE * page.width * page.height


def _flat_evidence(distance: int) -> dict[str, Any]:
    return {"method": "whole picture (thumbnail), for a smooth picture whose hash says little",
            "pdq_distance": distance, "work_box": [0.0, 0.0, 1.0, 1.0], "candidate_box": [0.0, 0.0, 1.0, 1.0]}


def _needs_local(parts: list[tuple[Segment, np.ndarray]], hashed: list[_Distances],
                 inset_hashed: list[list[_Distances]], certain: bool) -> bool:  # fmt: skip
    """Index.needs_local, from what Index._hashed found: a gallery's pictures (two or more) count too, since
    they have local features of their own (image.fingerprint_candidate)."""
    if not certain:
        return True
    looked = [hashed, *(inset_hashed if len(inset_hashed) > 1 else [])]
    return any((live & usable & (d > PDQ_SAME) & (d <= PDQ_NEAR)).any()
               for distances in looked for (_, live), (d, _, usable) in zip(parts, distances, strict=True))


def _plain(query: Fingerprint) -> bool:
    """Whether a candidate nothing else found may be a part of a work that local features cannot see, worth
    sliding over the works' thumbnails (image_crop): one shown small, whose features are blurred, or a smooth
    one, with a weak hash, few features or a smooth layout under grain. A detailed picture of fair size would
    have been found by its features: on the bench, 1 in 100 unrelated pictures is smooth by this rule, three
    quarters of smooth wallpapers' crops are."""
    return (query.small or query.quality < PLAIN_QUALITY or len(query.descriptors) < PLAIN_FEATURES
            or smooth_layout(query.thumb))


class Voted(NamedTuple):
    """The rows the descriptor vote chose: for the works as they are, for the works mirrored left-right, and per
    row whether the mirrored work won at least one vote and no fewer than the work as it is: only then is a
    mirrored verification worth its cost (half the verification time otherwise). A row chosen for its mirrored
    votes alone, whose mirrored work won, is verified mirrored only: verifying it as it is too found nothing on
    the art family (with the next rule, 28 % of all verifications, the same hits score for score); on the held-out
    photos, 27 % fewer verifications lost only a chance match of 0.26 to another work."""

    as_is: set[int]
    mirrored: set[int]
    mirror_worth: np.ndarray

    @property
    def rows(self) -> set[int]:
        return self.as_is | self.mirrored

    def without(self, rows: set[int]) -> Voted:
        return Voted(self.as_is - rows, self.mirrored - rows, self.mirror_worth)


def _shortlist(query: Fingerprint, segment: Segment, live: np.ndarray, probe: bool = False) -> Voted:
    """The rows of the works with most descriptors near the candidate's, as they are and mirrored left-right
    (the works' own mirrored descriptors: the same as the candidate mirrored), if not by chance; with `probe`,
    votes from neighbouring buckets too (image_vote), for degraded copies."""
    if not live.any():
        return Voted(set(), set(), np.zeros(len(live), bool))
    least = MIN_PROBE_VOTES if probe else MIN_VOTES
    votes = np.where(np.concatenate([live, live]), segment.table.votes(query.descriptors, probe), 0)
    plain, mirrored = votes[: len(live)], votes[len(live) :]
    most = SMALL_SHORTLIST if query.small else SHORTLIST
    chosen = []
    for counts in (plain, mirrored):
        top = np.argpartition(-counts, most)[:most] if len(counts) > most else np.arange(len(counts))
        chosen.append(set(top[counts[top] >= least].tolist()))
    return Voted(chosen[0], chosen[1], mirrored >= np.maximum(plain, 1))


def _pdq_distances(query: Fingerprint, segment: Segment, live: np.ndarray,
                   numbers: Iterable[int] = range(8)) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each work's PDQ distance to the nearest of the candidate's variants `numbers` (all 8 unless told), which
    variant, and whether the hash can be trusted (both pictures have enough detail, the work not removed)."""
    chosen = np.fromiter(numbers, np.int32)
    bits = np.zeros((len(chosen), len(segment)), np.int32)  # per variant and work: all variants at once, word
    for column, words in zip(segment.pdq, query.pdq[chosen].T, strict=True):  # by word (a third of the time)
        bits += np.bitwise_count(column[None, :] ^ words[:, None])
    best, variant = bits.min(axis=0), chosen[bits.argmin(axis=0)]  # the first of equally near variants
    usable = live & (segment.shape[:, 2] >= PDQ_MIN_QUALITY) & (query.quality >= PDQ_MIN_QUALITY)
    return best, variant, usable
