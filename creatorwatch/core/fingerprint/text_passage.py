"""Seeds close together in a candidate and a work mark a region; aligning its words scores the copied passage.

The score counts the candidate's words in the region that the work also has in the same 3-word context,
each weighted by its rarity in the library, so an excerpt with words replaced still scores on the words
that survive, in any sentence order, while boilerplate and a few shared stock phrases do not add up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from creatorwatch.core.fingerprint.base import Hit
from creatorwatch.core.fingerprint.text_shingle import GRAM, WINDOW, Fingerprint, packed_runs, shingles

GAP = 60  # words between seeds that still belong to one passage (seeds fall about every WINDOW / 2 words)
PAD = GRAM + WINDOW  # words aligned either side of a region's outermost seeds
CONTEXT = 3  # a word matches when a run of CONTEXT words around it is in the work's region too
REPEAT = 6  # words of a run that, seen again in the same region, count once
SCALE = 80.0  # rare matched words at which a passage scores 1 - 1/e: 0.5 at 55, 0.9 at 184 (see text.py)
TOP_PASSAGES = 5
MAX_REGIONS = 64  # per work, those with the most seeds


@dataclass(frozen=True)
class Seeds:
    """Shingles a candidate shares with library works, one row per place in a work."""

    work: np.ndarray  # work id
    cand_pos: np.ndarray  # first word of the shingle in the candidate
    work_pos: np.ndarray  # first word of the shingle in the work


@dataclass(frozen=True)
class _Passage:
    score: float
    words: int  # candidate words matched
    rare: float  # their summed rarity
    cand: tuple[int, int]  # first and last matched word
    work: tuple[int, int]


def best_passages(
    seeds: Seeds, candidate: Fingerprint, weight: np.ndarray, works: dict[int, Fingerprint]
) -> list[Hit]:
    """One hit per work with a copied passage, scored by its best passage."""
    found: dict[int, list[_Passage]] = {}
    for work_id, cand_pos, work_pos in _regions(seeds):
        passage = _align(candidate, works[work_id], weight, cand_pos, work_pos)
        if passage.words:
            found.setdefault(work_id, []).append(passage)
    hits = []
    for work_id, passages in found.items():
        passages = sorted(passages, key=lambda p: -p.score)[:TOP_PASSAGES]
        hits.append(Hit(work_id, passages[0].score, _evidence(passages, candidate, works[work_id])))
    return hits


def _regions(seeds: Seeds) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """Seeds close together in the work and then in the candidate; each work's MAX_REGIONS largest groups."""
    order = np.lexsort((seeds.work_pos, seeds.work))
    work, cand_pos, work_pos = seeds.work[order], seeds.cand_pos[order], seeds.work_pos[order]
    near_in_work = _groups(work, work_pos)
    order = np.lexsort((cand_pos, near_in_work))
    work, cand_pos, work_pos = work[order], cand_pos[order], work_pos[order]
    group = _groups(near_in_work[order], cand_pos)
    bounds = np.flatnonzero(np.diff(group, prepend=-1, append=-1))
    sizes = np.diff(bounds)
    big = np.flatnonzero(sizes >= 2)
    ranked = big[np.lexsort((-sizes[big], work[bounds[big]]))]
    regions: list[tuple[int, np.ndarray, np.ndarray]] = []
    per_work: dict[int, int] = {}
    for g in ranked:
        work_id = int(work[bounds[g]])
        per_work[work_id] = per_work.get(work_id, 0) + 1
        if per_work[work_id] <= MAX_REGIONS:
            part = slice(bounds[g], bounds[g + 1])
            regions.append((work_id, cand_pos[part], work_pos[part]))
    return regions


def _groups(label: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Group of each seed (sorted by label, then pos): a new one where the label changes or pos jumps."""
    breaks = np.ones(len(pos), bool)
    breaks[1:] = (label[1:] != label[:-1]) | (pos[1:] - pos[:-1] > GAP)
    return np.cumsum(breaks)


def _align(candidate: Fingerprint, work: Fingerprint, weight: np.ndarray, cand_pos: np.ndarray,
           work_pos: np.ndarray) -> _Passage:
    """Match the region's words in context and score the candidate's matched words."""
    c0, c1 = max(0, int(cand_pos.min()) - PAD), min(candidate.words, int(cand_pos.max()) + GRAM + PAD)
    w0, w1 = max(0, int(work_pos.min()) - PAD), min(work.words, int(work_pos.max()) + GRAM + PAD)
    cand_keys, work_keys = _contexts(candidate.ids[c0:c1]), _contexts(work.ids[w0:w1])
    found = np.isin(cand_keys, work_keys)
    in_cand = _covered(found, c1 - c0, CONTEXT) & ~_repeated(candidate.ids[c0:c1])
    if not in_cand.any():
        return _Passage(0.0, 0, 0.0, (0, 0), (0, 0))
    rare = float(weight[c0:c1][in_cand].sum())
    first, last = np.flatnonzero(found)[[0, -1]]
    ends = [_counterpart(cand_keys[at], c0 + at, cand_pos, work_pos, work_keys, w0) for at in (first, last)]
    return _Passage(
        1.0 - math.exp(-rare / SCALE), int(in_cand.sum()), rare,
        (c0 + int(first), c0 + int(last) + CONTEXT - 1), (ends[0], ends[1] + CONTEXT - 1),
    )


def _repeated(ids: np.ndarray) -> np.ndarray:
    """Words of runs of REPEAT words seen before in the region: a repeated line (a list) counts once."""
    grams = shingles(ids)
    if len(grams) <= REPEAT - GRAM:
        return np.zeros(len(ids), bool)
    keys = (grams[: len(grams) - REPEAT + GRAM].astype(np.uint64) << np.uint64(32)) | grams[REPEAT - GRAM :]
    again = np.ones(len(keys), bool)
    again[np.unique(keys, return_index=True)[1]] = False
    return _covered(again, len(ids), REPEAT)


def _counterpart(key: np.uint64, at: int, cand_pos: np.ndarray, work_pos: np.ndarray, work_keys: np.ndarray,
                 w0: int) -> int:
    """Where the work has the candidate's context at `at`: the occurrence nearest the closest seed's diagonal."""
    seed = int(np.argmin(np.abs(cand_pos - at)))
    expected = int(work_pos[seed]) + at - int(cand_pos[seed])
    places = np.flatnonzero(work_keys == key) + w0
    return int(places[np.argmin(np.abs(places - expected))])


def _contexts(ids: np.ndarray) -> np.ndarray:
    """Key of each run of CONTEXT word ids."""
    if len(ids) < CONTEXT:
        return np.zeros(0, np.uint64)
    return packed_runs(ids, CONTEXT)


def _covered(found: np.ndarray, words: int, width: int) -> np.ndarray:
    """Words that belong to at least one found run of `width` words."""
    hits = np.zeros(words + width, np.int64)
    starts = np.flatnonzero(found)
    hits[starts] += 1
    hits[starts + width] -= 1
    return np.cumsum(hits)[:words] > 0


def _evidence(passages: list[_Passage], candidate: Fingerprint, work: Fingerprint) -> dict[str, Any]:
    cand_starts, cand_ends = candidate.spans()
    work_starts, work_ends = work.spans()
    return {
        "candidate_words": candidate.words,
        "passages": [
            {
                "score": round(p.score, 4),
                "matched_words": p.words,
                "rare_words": round(p.rare, 1),
                "candidate_span": [int(cand_starts[p.cand[0]]), int(cand_ends[p.cand[1]])],
                "work_span": [int(work_starts[p.work[0]]), int(work_ends[p.work[1]])],
            }
            for p in passages
        ],
    }
