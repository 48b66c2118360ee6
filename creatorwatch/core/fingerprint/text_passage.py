"""Seeds close together in a candidate and a work mark a region; aligning its words scores the copied passage.

Three readings of a region, each weighted by the rarity of words in the library (boilerplate weighs nothing):
- matched words: the candidate's words the work also has in the same 3-word context, so an excerpt with
  words replaced still scores on the words that survive, in any sentence order;
- the longest verbatim run: words the two texts share consecutively, in the same order, so a 30-word quote
  inside unrelated prose (a model regurgitating a script) is a copy on its own; runs, and aligned stretches of
  words kept among one-for-one swaps (synonyms), are followed along the region's diagonals past its seeds,
  since heavy swapping leaves one seed or two in a passage;
- containment: the share of the candidate's own distinctive words that come from the work, across all its
  passages, so the work itself, a verbatim excerpt or a condensed copy reads as near-certain; when it is half
  or more, the passages also count together on the words no other work holds (a heavily condensed copy).
A few shared stock phrases reach none of them.
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
REACH = 100  # words past a region's padding its verbatim runs and aligned stretches may extend into (sparse seeds)
CONTEXT = 3  # a word matches when a run of CONTEXT words around it is in the work's region too
REPEAT = 6  # words of a run that, seen again in the same region, count once
SCALE = 80.0  # rare matched words at which a passage scores 1 - 1/e: 0.5 at 55, 0.9 at 184 (see text.py)
RUN_FLOOR = 5.0  # rare words of a verbatim run that stock phrases reach by chance: they score nothing
RUN_SCALE = 30.0  # rare words past RUN_FLOOR at which a run scores 1 - 1/e: 0.57 at 30, 0.96 at 100
CONTAINED_SCALE = 25.0  # distinctive words past RUN_FLOOR of a candidate wholly the work's: 0.97 at 95
CONTAINED_POWER = 4  # a candidate counts as the work's text only when nearly all of it is (0.9 keeps 0.66)
DISTINCT = 2.0  # a word of a verbatim run counts whole while few works share it (weight >= 1 / DISTINCT)
MOSTLY = 0.5  # share of a candidate from one work at which its passages count together (a condensed copy),
# on the words no other work holds
WHOLE = 0.9  # share of a candidate one verbatim run covers for the candidate to be that excerpt, repeats and all
IDENTICAL = 0.95  # score of a candidate that is the whole work word for word (a short poem too, not only a novel),
WHOLE_WORK_FROM = 24.0  # once it holds the distinctive words an exact copy needs to reach the alert line
ALIGNED_CREDIT = 0.8  # an aligned stretch of kept and swapped words counts as this many verbatim words per word
_RESET = 1e9  # cost of boilerplate in an aligned stretch: it ends the stretch
MISS = 0.3  # cost of a swapped word in an aligned stretch: with a quarter of its words kept, a stretch grows
SLIP = 2  # words changed, added or dropped between two verbatim pieces of one quote ("d['xx']" read as "d xx")
DROPPED = 12  # words of the work a quote may leave out between two of its pieces, adding none (a heading, a verse
# number line, a caption): "how packages are sorted … open to change. This section describes…" quoted without the
# section heading "Customizing how packages are displayed" between them
ELIDED = 40  # ... or, where the diagonals searched find both pieces, any words up to this many: a quote's "[…]"
# ("… consistent with the Debian Free Software Guidelines […] We will communicate …", 18 words left out)
DIAGONALS = 4  # per region, the offsets (work word - candidate word) with most seeds, searched for runs
TOP_PASSAGES = 5
MIN_WORDS = 8  # words matched in context below which a region is a shared stock phrase, not a passage
MAX_REGIONS = 64  # per work, those with the most seeds
SPAN_RUN = 8  # words copied in a row, in the work's order, that a passage's shown span starts and ends on


@dataclass(frozen=True)
class Seeds:
    """Shingles a candidate shares with library works, one row per place in a work."""

    work: np.ndarray  # work id
    cand_pos: np.ndarray  # first word of the shingle in the candidate
    work_pos: np.ndarray  # first word of the shingle in the work


_Piece = tuple[tuple[int, int], tuple[int, int]]  # first and last words of a copied piece: candidate, work


@dataclass(frozen=True)
class _Passage:
    score: float
    words: int  # candidate words matched
    rare: float  # their summed rarity
    cand: tuple[int, int]  # first and last matched word
    work: tuple[int, int]
    run: int = 0  # words of the longest verbatim run
    run_rare: float = 0.0  # its summed rarity
    run_at: int = 0  # its first word in the candidate
    aligned: float = 0.0  # see Run
    matched: np.ndarray | None = None  # candidate word indices matched in context
    pieces: tuple[_Piece, ...] = ()  # of a quote with words of the work left out between them ("[...]"); () for one


@dataclass(frozen=True)
class Run:
    """The longest run of words a candidate shares verbatim with a work, in words and in summed rarity."""

    words: int
    rare: float
    cand: int  # first word of the run in the candidate
    work: int  # first word of the run in the work
    aligned: float = 0.0  # kept words less MISS per swapped word, at best, along the run's offsets


def best_passages(
    seeds: Seeds, candidate: Fingerprint, weight: np.ndarray, works: dict[int, Fingerprint]
) -> list[Hit]:
    """One hit per work with a copied passage, scored by its best passage."""
    found: dict[int, list[_Passage]] = {}
    for work_id, cand_pos, work_pos in _regions(seeds):
        passage = _align(candidate, works[work_id], weight, cand_pos, work_pos)
        if passage.words:
            found.setdefault(work_id, []).append(passage)
    distinct = np.where(_repeated(candidate.ids), 0.0, distinctive(weight))  # a repeated line counts once
    total = float(distinct.sum())
    own = np.where(_repeated(candidate.ids) | (weight < 1.0), 0.0, 1.0)  # words of the work's text alone
    hits = []
    for work_id, passages in found.items():
        contained, rare = _contained(passages, distinct, total)
        longest = max(passages, key=lambda p: p.run_rare)
        aligned = max(p.aligned for p in passages)
        passages = sorted(passages, key=lambda p: -p.score)[:TOP_PASSAGES]
        score = max(passages[0].score, run_score(longest.run_rare), run_score(ALIGNED_CREDIT * aligned),
                    contained**CONTAINED_POWER * whole_copy_score(rare),
                    _saturating(_own_matched(passages, own), SCALE) if contained >= MOSTLY else 0.0)
        if longest.run >= WHOLE * candidate.words:  # the candidate is one verbatim excerpt: its repeats count too
            said = distinctive(weight[longest.run_at : longest.run_at + longest.run])
            score = max(score, run_score(float(said.sum())))
            if longest.run >= WHOLE * works[work_id].written and rare >= WHOLE_WORK_FROM:  # and the excerpt is all
                score = max(score, IDENTICAL + (1.0 - IDENTICAL) * whole_copy_score(rare))  # of the work
        evidence = _evidence(_apart(passages), candidate, works[work_id])
        evidence.update(longest_run_words=longest.run, candidate_share_copied=round(contained, 4))
        hits.append(Hit(work_id, score, evidence))
    return hits


def run_score(rare: float) -> float:
    """Score of a verbatim run of `rare` distinctive words: 0.57 at 30 (past the alert line from 28), 0.96 at 100.

    Also the score of a candidate made wholly of `rare` of the work's words in context (an exact copy).
    """
    return _saturating(max(0.0, rare - RUN_FLOOR), RUN_SCALE)


def _boilerplate_stretches(weight: np.ndarray) -> np.ndarray:
    """Words of stretches of two or more weightless words (licence or library boilerplate); a lone weightless
    word (screenplay markup, or a word whose 16-bit id collides with it) does not end a run."""
    zero = weight == 0.0
    pair = zero[1:] & zero[:-1]  # this word and the next are both weightless
    near = np.zeros(len(zero), bool)
    near[1:] |= pair
    near[:-1] |= pair
    return near


def distinctive(weight: np.ndarray) -> np.ndarray:
    """How much each word counts in a verbatim run: whole while few works share it, nothing for boilerplate."""
    return np.minimum(1.0, DISTINCT * weight)


def whole_copy_score(rare: float) -> float:
    """Score of a candidate made wholly of `rare` distinctive words of the work, in context: 0.52 from 24."""
    return _saturating(max(0.0, rare - RUN_FLOOR), CONTAINED_SCALE)


def _saturating(rare: float, scale: float) -> float:
    return 1.0 - math.exp(-rare / scale)


def _matched(passages: list[_Passage]) -> np.ndarray:
    """Candidate words matched in some passage, each once."""
    parts = [p.matched for p in passages if p.matched is not None]
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)


def _own_matched(passages: list[_Passage], own: np.ndarray) -> float:
    """Words matched in some passage that no other work of the library holds: a condensed copy's passages
    count together on them, a template several works share does not."""
    return float(own[_matched(passages)].sum())


def _contained(passages: list[_Passage], weight: np.ndarray, total: float) -> tuple[float, float]:
    """Share of the candidate's distinctive weight matched in some passage of one work, and that weight."""
    rare = float(weight[_matched(passages)].sum())
    return (rare / total if total > 0 else 0.0), rare


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
    big = np.flatnonzero(sizes >= 1)
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
    if len(cand_pos) == 1 and _kept_in_place(candidate.ids, work.ids, int(cand_pos[0]), int(work_pos[0])) < MIN_WORDS:
        return _Passage(0.0, 0, 0.0, (0, 0), (0, 0))  # a lone shared phrase: cheaper to tell than to align
    cand_keys, work_keys = word_contexts(candidate.ids[c0:c1]), word_contexts(work.ids[w0:w1])
    found = np.isin(cand_keys, work_keys)
    in_cand = covered(found, c1 - c0, CONTEXT)
    if in_cand.sum() < MIN_WORDS:
        return _Passage(0.0, 0, 0.0, (0, 0), (0, 0))
    repeated = _repeated(candidate.ids[c0:c1])
    in_cand &= ~repeated
    if not in_cand.any():
        return _Passage(0.0, 0, 0.0, (0, 0), (0, 0))
    rare = float(weight[c0:c1][in_cand].sum())
    (first, last), (work_first, work_last), pieces = _shown_span(found, cand_keys, c0, cand_pos, work_pos,
                                                                 work_keys, w0)
    a0, a1 = max(0, c0 - REACH), min(candidate.words, c1 + REACH)  # runs and stretches may reach past the region
    v0, v1 = max(0, w0 - REACH), min(work.words, w1 + REACH)
    run = longest_run(candidate.ids, work.ids, weight[a0:a1], (a0, a1), (v0, v1), work_pos - cand_pos,
                      _repeated(candidate.ids[a0:a1]))
    return _Passage(
        _saturating(rare, SCALE), int(in_cand.sum()), rare,
        (c0 + first, c0 + last + CONTEXT - 1), (work_first, work_last + CONTEXT - 1),
        run.words, run.rare, run.cand, run.aligned, c0 + np.flatnonzero(in_cand),
        tuple(((c0 + a, c0 + b + CONTEXT - 1), (v, w + CONTEXT - 1)) for (a, b), (v, w) in pieces),
    )


def _kept_in_place(cand_ids: np.ndarray, work_ids: np.ndarray, cand_at: int, work_at: int) -> int:
    """Words equal in both texts at the same distance (up to PAD) from a seed found at these places."""
    before = min(PAD, cand_at, work_at)
    after = min(PAD + GRAM, len(cand_ids) - cand_at, len(work_ids) - work_at)
    return int(np.count_nonzero(cand_ids[cand_at - before : cand_at + after]
                                == work_ids[work_at - before : work_at + after]))


def longest_run(cand_ids: np.ndarray, work_ids: np.ndarray, weight: np.ndarray, cand_span: tuple[int, int],
                work_span: tuple[int, int], offsets: np.ndarray, repeated: np.ndarray | None = None) -> Run:
    """The run of consecutive words, equal in both texts, with the most rarity, along the most common offsets.

    `weight` holds the rarity of the candidate's words in `cand_span`; `offsets` are work word - candidate word
    of the seeds that found the region: a verbatim run lies on one. Boilerplate ends a run: a licence notice
    with a few words of its own in it is not a quote. A run goes on past SLIP words changed, added or dropped
    between pieces of at least GRAM words (a quote whose "option -S" reads "options" once its punctuation is
    stripped). Along the same offsets, `aligned` also credits words kept in place among words swapped one for
    one (synonyms). Words of `repeated` (a line the candidate has already said) count nothing but do not end a
    run: a verbatim excerpt that repeats a line of its own is still one quote.
    """
    values, counts = np.unique(offsets.astype(np.int64), return_counts=True)
    best, aligned = Run(0, 0.0, 0, 0), 0.0
    pieces: list[tuple[int, int, int, float]] = []  # candidate [first, end) word, offset, rarity
    breaks = _boilerplate_stretches(weight)
    if repeated is not None:
        weight = np.where(repeated, 0.0, weight)
    likeliest = values[np.argsort(-counts, kind="stable")[:DIAGONALS]]
    near = (likeliest[:, None] + np.arange(-DROPPED, DROPPED + 1)).ravel()  # a slip or a dropped heading moves the
    # rest of a quote off it
    for offset in dict.fromkeys(np.concatenate((likeliest, near)).tolist()):
        lo = max(cand_span[0], work_span[0] - int(offset))
        hi = min(cand_span[1], work_span[1] - int(offset))
        if hi <= lo:
            continue
        stop = breaks[lo - cand_span[0] : hi - cand_span[0]]
        same = (cand_ids[lo:hi] == work_ids[lo + offset : hi + offset]) & ~stop
        worth = distinctive(weight[lo - cand_span[0] : hi - cand_span[0]])
        aligned = max(aligned, _best_stretch(np.where(same, worth, np.where(stop, -_RESET, -MISS))))
        edges = np.diff(same.astype(np.int8), prepend=0, append=0)
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        sums = np.concatenate(([0.0], np.cumsum(worth)))
        rare = sums[ends] - sums[starts]
        long = np.flatnonzero(ends - starts >= GRAM)
        pieces += [(lo + int(starts[i]), lo + int(ends[i]), int(offset), float(rare[i])) for i in long]
        if len(starts) and rare.max() > best.rare:
            top = int(np.argmax(rare))
            best = Run(int(ends[top] - starts[top]), float(rare[top]), lo + int(starts[top]),
                       lo + int(starts[top]) + int(offset))
    chained = _chain(pieces)
    if chained.rare > best.rare:
        best = chained
    return Run(best.words, best.rare, best.cand, best.work, max(aligned, best.rare))


def _chain(pieces: list[tuple[int, int, int, float]]) -> Run:
    """The rarest chain of verbatim pieces, each up to SLIP words changed, added or dropped after the one before, or
    up to ELIDED words of the work left out (the pieces found on the diagonals searched: DROPPED of the likeliest).
    Pieces overlapping by up to SLIP words (a word both sides of the cut share, "we") count those words once."""
    pieces = sorted(set(pieces))
    chains: list[tuple[float, int, int]] = []  # rarity, words, index of the chain's first piece
    best = Run(0, 0.0, 0, 0)
    for j, (first, end, offset, rare) in enumerate(pieces):
        chain = (rare, end - first, j)
        for i in range(j):
            _, prev_end, prev_offset, _ = pieces[i]
            cand_gap, work_gap = first - prev_end, first + offset - prev_end - prev_offset
            slipped = 0 <= cand_gap <= SLIP and 0 <= work_gap <= SLIP and cand_gap + work_gap > 0
            elided = -SLIP <= cand_gap <= 0 and 0 < work_gap + min(cand_gap, 0) <= ELIDED
            if slipped or elided:
                new = end - max(first, prev_end)  # words this piece adds
                before = chains[i]
                if new > 0 and before[0] + rare * new / (end - first) > chain[0]:
                    chain = (before[0] + rare * new / (end - first), before[1] + new, before[2])
        chains.append(chain)
        if chain[0] > best.rare:
            start = pieces[chain[2]]
            best = Run(chain[1], chain[0], start[0], start[0] + start[2])
    return best


def _best_stretch(values: np.ndarray) -> float:
    """The largest sum of consecutive values (0 for none): kept words gain, swapped words cost MISS."""
    sums = np.concatenate(([0.0], np.cumsum(values)))
    return float(np.max(sums - np.minimum.accumulate(sums)))


def _repeated(ids: np.ndarray) -> np.ndarray:
    """Words of runs of REPEAT words seen before in the region: a repeated line (a list) counts once."""
    grams = shingles(ids)
    if len(grams) <= REPEAT - GRAM:
        return np.zeros(len(ids), bool)
    keys = (grams[: len(grams) - REPEAT + GRAM].astype(np.uint64) << np.uint64(32)) | grams[REPEAT - GRAM :]
    again = np.ones(len(keys), bool)
    again[np.unique(keys, return_index=True)[1]] = False
    return covered(again, len(ids), REPEAT)


def _shown_span(found: np.ndarray, cand_keys: np.ndarray, c0: int, cand_pos: np.ndarray, work_pos: np.ndarray,
                work_keys: np.ndarray, w0: int) -> tuple[tuple[int, int], tuple[int, int], list[_Piece]]:
    """The first and last matched contexts a passage shows (candidate words from c0) and the first and last
    words of the work they come from. Only contexts in a copied stretch count: SPAN_RUN words in a row, each the
    next word of the work. A stock phrase the work shares with the text around the copy (another work quoted
    just before it) matched in context too; taken as the passage's end it stretched the candidate's span over
    that other text and put the work's span in the middle of the work (a whole work copied after another read
    as "words 9144 to 13335 of the work"). Reordered sentences are stretches of their own, so the work's span
    runs from the first to the last word any of them copies. Where a copied stretch follows the one before after
    more words of the work than of the candidate (a quote's "[...]"), the stretches are also given as pieces, so the
    words left out are not shown as copied."""
    at = np.flatnonzero(found)
    place = _counterparts(cand_keys[at], c0 + at, cand_pos, work_pos, work_keys, w0) + w0
    follows = (np.diff(at) == 1) & (np.diff(place) == 1)  # this context's next one is the work's next one too
    edges = np.diff(np.concatenate(([0], follows.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)  # stretches of contexts in a row
    long = (ends - starts) + CONTEXT >= SPAN_RUN
    pieces: list[_Piece] = []
    if long.any():
        kept = np.zeros(at.size, bool)
        for a, b in zip(starts[long], ends[long], strict=True):
            kept[a : b + 1] = True
        pieces = _left_out_between([((int(at[a]), int(at[b])), (int(place[a]), int(place[b])))
                                    for a, b in zip(starts[long], ends[long], strict=True)])
        at, place = at[kept], place[kept]
    return (int(at[0]), int(at[-1])), (int(place.min()), int(place.max())), pieces


def _left_out_between(stretches: list[_Piece]) -> list[_Piece]:
    """The copied stretches (in the candidate's order) joined where the next follows the one before in both texts
    (a word or two changed), apart where the work has more than SLIP words more between them than the candidate:
    words the quote left out. [] when that leaves one piece (the passage's span says it all)."""
    pieces = stretches[:1]
    for (a, b), (v, w) in stretches[1:]:
        (pa, pb), (pv, pw) = pieces[-1]
        cand_gap, work_gap = a - pb, v - pw
        if work_gap >= 0 and work_gap - cand_gap <= SLIP:
            pieces[-1] = ((pa, b), (pv, max(pw, w)))
        else:
            pieces.append(((a, b), (v, w)))
    return pieces if len(pieces) > 1 else []


def _counterparts(keys: np.ndarray, at: np.ndarray, cand_pos: np.ndarray, work_pos: np.ndarray,
                  work_keys: np.ndarray, w0: int) -> np.ndarray:
    """Where the work's region has each candidate context (`keys`, at candidate words `at`), counted from the
    region's start: of its occurrences, the one nearest the closest seed's diagonal."""
    order = np.argsort(cand_pos, kind="stable")
    sorted_pos = cand_pos[order]
    i = np.clip(np.searchsorted(sorted_pos, at), 1, max(1, sorted_pos.size - 1))
    if sorted_pos.size == 1:
        seed = np.zeros(at.size, np.int64)
    else:
        seed = np.where(np.abs(sorted_pos[i - 1] - at) <= np.abs(sorted_pos[i] - at), i - 1, i)
    seed = order[seed]
    expected = work_pos[seed].astype(np.int64) + at - cand_pos[seed].astype(np.int64)
    known = np.unique(work_keys)
    ranks = np.searchsorted(known, keys).astype(np.int64)  # each key is in the work's region (it was found)
    span = np.int64(work_keys.size + 1)
    table = np.sort(np.searchsorted(known, work_keys).astype(np.int64) * span + np.arange(work_keys.size))
    want = ranks * span + np.clip(expected - w0, 0, work_keys.size)
    j = np.searchsorted(table, want)
    before, after = table[np.maximum(j - 1, 0)], table[np.minimum(j, table.size - 1)]
    ok_before = (j > 0) & (before // span == ranks)
    ok_after = (j < table.size) & (after // span == ranks)
    take_after = ok_after & (~ok_before | (np.abs(after % span - want % span) < np.abs(before % span - want % span)))
    return np.where(take_after, after, before) % span


def word_contexts(ids: np.ndarray) -> np.ndarray:
    """Key of each run of CONTEXT word ids."""
    if len(ids) < CONTEXT:
        return np.zeros(0, np.uint64)
    return packed_runs(ids, CONTEXT)


def covered(found: np.ndarray, words: int, width: int) -> np.ndarray:
    """Words that belong to at least one found run of `width` words."""
    hits = np.zeros(words + width, np.int64)
    starts = np.flatnonzero(found)
    hits[starts] += 1
    hits[starts + width] -= 1
    return np.cumsum(hits)[:words] > 0


def _apart(passages: list[_Passage]) -> list[_Passage]:
    """The passages (best first) that do not overlap a better one in the candidate: one quote whose seeds fell
    into two regions is aligned twice, and shown twice it read as twice the words copied ("120 words in 2
    passages" for one quote of 60)."""
    kept: list[_Passage] = []
    for p in passages:
        if all(p.cand[1] < k.cand[0] or p.cand[0] > k.cand[1] for k in kept):
            kept.append(p)
    return kept


def _shown_words(p: _Passage) -> int:
    """The passage's copied words as a creator reads them: those matched in context and those of its verbatim
    run. Scoring leaves out words whose context the candidate repeats (a refrain says its words only once), so
    without the run a copy of 160 words could read as "152 copied words" beside a longest run of 160. Only words
    inside the span shown count: a stock phrase the work shares with the text around the copy is not copied
    from it (a whole work quoted after another read as more words copied than the work has)."""
    if p.matched is None:
        return p.words
    shown = p.matched[(p.matched >= p.cand[0]) & (p.matched <= p.cand[1])]
    return len(np.union1d(shown, np.arange(p.run_at, p.run_at + p.run))) if p.run else len(shown)


def _evidence(passages: list[_Passage], candidate: Fingerprint, work: Fingerprint) -> dict[str, Any]:
    cand_starts, cand_ends = candidate.spans()
    work_starts, work_ends = work.spans()
    return {
        "candidate_words": candidate.words,
        "passages": [
            {
                "score": round(p.score, 4),
                "matched_words": _shown_words(p),
                "rare_words": round(p.rare, 1),
                "longest_run_words": p.run,
                "candidate_span": [int(cand_starts[p.cand[0]]), int(cand_ends[p.cand[1]])],
                "work_span": [int(work_starts[p.work[0]]), int(work_ends[p.work[1]])],
                **_pieces(p, (cand_starts, cand_ends), (work_starts, work_ends)),
            }
            for p in passages
        ],
    }


def _pieces(p: _Passage, cand: tuple[np.ndarray, np.ndarray], work: tuple[np.ndarray, np.ndarray]) -> dict[str, Any]:
    """The copied pieces of a passage whose quote leaves words of the work out, each with both character spans, so
    Compare highlights what was copied and not the words between; nothing for a passage of one piece (as before)."""
    if not p.pieces:
        return {}
    return {"pieces": [
        {"candidate_span": [int(cand[0][c0]), int(cand[1][c1])], "work_span": [int(work[0][w0]), int(work[1][w1])]}
        for (c0, c1), (w0, w1) in p.pieces
    ]}
