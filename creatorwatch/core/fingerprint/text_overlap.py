"""How much of one text another repeats word for word: for probing a model's output against one work.

No library and no index: every 4-word shingle of the candidate is looked up in the work, so the longest
verbatim run is exact (words equal after canonical folding, in the same order). Standard licence text and
screenplay markup are not the writer's own words and count for nothing, as in matching.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from creatorwatch.core.fingerprint.text_index import own_words
from creatorwatch.core.fingerprint.text_passage import run_score
from creatorwatch.core.fingerprint.text_shingle import GRAM, fingerprint_of, shingles

SHARED = 8  # words of a verbatim run from which its words count as matched (shorter ones are stock phrases)
CROWDED = 8  # places in the work a shingle may have before it is a refrain, not evidence of where a run is


@dataclass(frozen=True)
class Overlap:
    """What a candidate text repeats of a work, word for word."""

    longest_run: int  # words of the longest verbatim run (licence and markup words excluded)
    matched_words: int  # candidate words in verbatim runs of SHARED words or more
    candidate_words: int
    score: float  # what the run alone scores in matching: at or above the alert line from 30 words
    candidate_span: tuple[int, int]  # [start, end) characters of the run in the candidate ((0, 0) if none)
    work_span: tuple[int, int]  # [start, end) characters of the run in the work


def verbatim_overlap(work_text: str, candidate_text: str) -> Overlap:
    """The longest run of words `candidate_text` shares verbatim with `work_text`, and its matched words."""
    work, candidate = fingerprint_of(work_text), fingerprint_of(candidate_text, joined=False)
    none = Overlap(0, 0, candidate.words, 0.0, (0, 0), (0, 0))
    if work.words < GRAM or candidate.words < GRAM:
        return none
    cand_grams = shingles(candidate.ids)
    runs = _runs(cand_grams, shingles(work.ids))
    own = own_words(candidate.ids)
    own_before = np.concatenate(([0], np.cumsum(own)))
    run_words = own_before[runs[:, 1]] - own_before[runs[:, 0]]
    if not run_words.any():
        return none
    long = runs[runs[:, 1] - runs[:, 0] >= SHARED]
    inside = np.zeros(candidate.words + 1, np.int64)
    np.add.at(inside, long[:, 0], 1)
    np.add.at(inside, long[:, 1], -1)
    shared = int((own & (np.cumsum(inside)[:-1] > 0)).sum())
    best = int(np.argmax(run_words))
    first, last, place = (int(v) for v in runs[best])
    cand_starts, cand_ends = candidate.spans()
    work_starts, work_ends = work.spans()
    return Overlap(int(run_words[best]), shared, candidate.words, run_score(float(run_words[best])),
                   (int(cand_starts[first]), int(cand_ends[last - 1])),
                   (int(work_starts[place]), int(work_ends[place + last - first - 1])))


def _runs(cand_grams: np.ndarray, work_grams: np.ndarray) -> np.ndarray:
    """Every run of shingles consecutive in both texts, as rows of candidate words [first, last) and the
    first word of the work it matches."""
    order = np.argsort(work_grams, kind="stable")
    ranked = work_grams[order]
    lo, hi = np.searchsorted(ranked, cand_grams), np.searchsorted(ranked, cand_grams, side="right")
    hi = np.where(hi - lo > CROWDED, lo + CROWDED, hi)
    counts = hi - lo
    cand_pos = np.repeat(np.arange(len(cand_grams)), counts)
    work_pos = order[np.repeat(lo - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))]
    if not len(cand_pos):
        return np.zeros((0, 3), np.int64)
    diagonal = work_pos - cand_pos
    by = np.lexsort((cand_pos, diagonal))
    cand_pos, diagonal = cand_pos[by], diagonal[by]
    breaks = np.ones(len(cand_pos), bool)
    breaks[1:] = (diagonal[1:] != diagonal[:-1]) | (cand_pos[1:] != cand_pos[:-1] + 1)
    starts = np.flatnonzero(breaks)
    ends = np.append(starts[1:], len(cand_pos))  # shingles [start, end) of each run
    first, last = cand_pos[starts], cand_pos[ends - 1] + GRAM
    return np.stack((first, last, first + diagonal[starts]), axis=1).astype(np.int64)
