"""Text matching bench: our engine against plain 5-word-shingle containment, on real Debian documents.

Two corpus families (scripture and manuals: text_corpus.py; verse and quotations: text_verse.py), each with the
single edits of text_transforms.py and the edits seen online of text_edits.py. Thresholds are fitted on one
family's distractors and reported on the other's copies, so the figures are not fitted to the corpus they
describe. Run by hand: python -m tests.bench.text [--quick]. Prints the tables and saves
tests/bench/results/text.md.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from creatorwatch.core.fingerprint import text as engine
from tests.bench import text_corpus, text_verse
from tests.bench.text_boilerplate import licence_texts
from tests.bench.text_corpus import CORPUS, Document
from tests.bench.text_edits import EDITS, NEAR_CERTAIN, quote_distinctive
from tests.bench.text_scale import scale_test, summary
from tests.bench.text_transforms import TRANSFORMS, delete_punctuation

RESULTS = Path(__file__).parent / "results" / "text.md"
MAX_FP = 0.01
RUN = 50  # words in a window that, with NEAR of its shingles in one work, make a held-out document a copy
NEAR = 0.4  # a passage with 15% of its words replaced keeps about half its 4-word shingles
STOCK = 5  # a shingle in more library works than this is a stock phrase
FAMILIES = {"scripture and manuals": text_corpus.build, "verse and quotations": text_verse.build}
ALL_EDITS = {**TRANSFORMS, **EDITS}
QUOTE_WORDS = 30
DISTINCTIVE_QUOTE = f"{QUOTE_WORDS} distinctive words in prose"
DISTINCTIVE_DELETED = f"{QUOTE_WORDS} distinctive words, punct deleted"  # the same quotes, punctuation deleted
ROWS = [*ALL_EDITS, DISTINCTIVE_QUOTE, DISTINCTIVE_DELETED]


@dataclass
class Candidate:
    text: str
    transform: str  # "" for a distractor
    work: int = -1  # index of the library work it copies


@dataclass
class Run:
    name: str
    positives: list[float] = field(default_factory=list)  # score of the true work
    negatives: list[float] = field(default_factory=list)  # best score of any work
    seconds: float = 0.0


@dataclass
class Family:
    """One corpus family's run: its candidates, and our engine's and the peer's scores for them."""

    name: str
    works: int
    distractors: list[Document]
    candidates: list[Candidate]
    ours: Run
    peer: Run
    throughput: float
    rule: str
    deleted: Run  # ours on the distractors with their punctuation deleted (a work's joined reading must not match)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="a small subset, in a couple of minutes")
    args = parser.parse_args()
    families = [_family(name, build, args.quick) for name, build in FAMILIES.items()]
    scale = scale_test(1000 if args.quick else 10_000)
    table = _tables(families, scale)
    print(table)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(table + "\n")


def _family(name: str, build: Callable[[bool], tuple[list[Document], list[Document]]], quick: bool) -> Family:
    library, held_out = build(quick)
    holders = _holders(library)
    copies = _true_copies(holders, held_out)
    honest = [d for i, d in enumerate(held_out) if i not in copies]
    distractors = random.Random(81).sample(honest, min(len(library), len(honest)))
    rule = (f"{name}: {len(copies)} of {len(held_out)} held-out documents are not distractors: each holds a "
            f"{RUN}-word passage with at least {NEAR:.0%} of its 4-word shingles in one library work's own text (a "
            "copy as the transforms make them: verse numbers, standard licence text and stock phrases ignored); "
            f"{len(distractors)} of the other {len(honest)} are the distractors")
    print(rule, flush=True)
    candidates = _candidates(library, distractors, 15 if quick else 60)
    rare = {gram for gram, works in holders.items() if len(works) <= STOCK}
    candidates += _distinctive_quotes(library, distractors, 15 if quick else 60, rare)
    print(f"{name}: library {len(library)} works, {len(distractors)} distractors, {len(candidates)} candidates",
          flush=True)
    deleted = [Candidate(delete_punctuation(d.text), "") for d in distractors]
    ours, throughput, ours_deleted = _run_ours(library, candidates, deleted)
    peer = _run_peer(library, candidates)
    return Family(name, len(library), distractors, candidates, ours, peer, throughput, rule, ours_deleted)


def _holders(library: list[Document]) -> dict[int, list[int]]:
    """The library works holding each 4-word shingle of their own text (verse numbers ignored), standard
    licence text left out: the bench's own view of what is distinctive, independent of our engine."""
    licences = set().union(*(_grams(text) for text in licence_texts(CORPUS / "licences")))
    holders: dict[int, list[int]] = {}
    for w, doc in enumerate(library):
        for gram in set(_grams(doc.plain)) - licences:
            holders.setdefault(gram, []).append(w)
    return holders


def _true_copies(holders: dict[int, list[int]], held_out: list[Document]) -> set[int]:
    """Held-out documents holding a copy of a library passage as the bench's own transforms make them (an
    oracle, independent of our engine): a window of RUN words of which at least NEAR of the 4-word shingles
    are in one library work's own text, stock phrases (held by more than STOCK works) left out."""
    return {i for i, doc in enumerate(held_out) if _holds_copy(_grams(doc.plain), holders)}


def _holds_copy(grams: list[int], holders: dict[int, list[int]]) -> bool:
    owners = [h if len(h := holders.get(g, [])) <= STOCK else [] for g in grams]
    for start in range(0, max(1, len(grams) - RUN + 1), RUN // 5):
        counts: dict[int, int] = {}
        for work in itertools.chain.from_iterable(owners[start : start + RUN]):
            counts[work] = counts.get(work, 0) + 1
        if max(counts.values(), default=0) >= NEAR * RUN:
            return True
    return False


def _grams(text: str) -> list[int]:
    words = [w for w in re.findall(r"\w+", text.lower()) if not w.isdigit()]
    return [hash(tuple(words[i : i + 4])) for i in range(len(words) - 3)]


def _candidates(library: list[Document], distractors: list[Document], per_transform: int) -> list[Candidate]:
    rng = random.Random(80)
    sources = [i for i, d in enumerate(library) if d.family != "copyright" and len(d.plain.split()) >= 400]
    fillers = {d.family: [o for o in distractors if o.family != d.family] or distractors for d in library}
    out = []
    for name, transform in ALL_EDITS.items():
        for _ in range(per_transform):
            work = rng.choice(sources)
            doc = library[work]
            filler = rng.choice([d for d in fillers[doc.family] if len(d.plain.split()) > 2500] or
                                fillers[doc.family]).plain
            vocabulary = re.findall(r"[A-Za-z]+", filler)[:5000]
            out.append(Candidate(transform(doc, filler, vocabulary, rng), name, work))
    out += [Candidate(d.text, "") for d in distractors]
    return out


def _distinctive_quotes(library: list[Document], distractors: list[Document], count: int,
                        rare: set[int]) -> list[Candidate]:
    """The issue's own definition of a quote that is a copy: a verbatim run holding QUOTE_WORDS distinctive words
    (words of a 4-word shingle at most STOCK works hold, licence text and markup left out), inside unrelated
    prose. "30-word quote in prose" counts any 30 tokens, table borders, `>>>` and stock lines included."""
    rng = random.Random(82)  # its own stream: the other edits' candidates stay as they were
    sources = [i for i, d in enumerate(library) if d.family != "copyright" and len(d.plain.split()) >= 400]
    fillers = {d.family: [o for o in distractors if o.family != d.family] or distractors for d in library}
    out = []
    for _ in range(count):
        work = rng.choice(sources)
        doc = library[work]
        filler = rng.choice([d for d in fillers[doc.family] if len(d.plain.split()) > 2500] or
                            fillers[doc.family]).plain
        quote = quote_distinctive(doc, filler, rng, rare, QUOTE_WORDS, _grams)
        out.append(Candidate(quote, DISTINCTIVE_QUOTE, work))
        out.append(Candidate(delete_punctuation(quote), DISTINCTIVE_DELETED, work))
    return out


def _run_ours(library: list[Document], candidates: list[Candidate],
              deleted: list[Candidate]) -> tuple[Run, float, Run]:
    index = engine.Index()
    start = time.perf_counter()
    blobs = [engine.fingerprint_text(d.text) for d in library]
    seconds = time.perf_counter() - start
    throughput = sum(len(d.text.encode()) for d in library) / seconds / 1e6
    index.add_many(enumerate(blobs))
    index.search(engine.fingerprint_text(""), 1.0)  # builds the table: part of loading, not of the batch
    def scores(text: str) -> dict[int, float]:
        return {hit.work_id: hit.score for hit in index.search(engine.fingerprint_text(text, candidate=True), 0.0)}

    return _score(candidates, "ours", scores), throughput, _score(deleted, "ours, punctuation deleted", scores)


def _run_peer(library: list[Document], candidates: list[Candidate]) -> Run:
    """Plain 5-word-shingle containment, both ways: the share of the candidate's shingles found in a work
    (a copy of the work) or of the work's found in the candidate (an excerpt), whichever is larger."""
    works = [_shingles(d.text) for d in library]

    def containment(text: str) -> dict[int, float]:
        shingles = _shingles(text)
        if not shingles:
            return {}
        shared = [len(shingles & w) for w in works]
        return {i: max(n / len(shingles), n / max(1, len(works[i]))) for i, n in enumerate(shared)}

    return _score(candidates, "peer", containment)


def _shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    return {hash(tuple(words[i : i + 5])) for i in range(len(words) - 4)}


def _score(candidates: list[Candidate], name: str, scores: Callable[[str], dict[int, float]]) -> Run:
    run = Run(name)
    start = time.perf_counter()
    for c in candidates:
        found = scores(c.text)
        if c.transform:
            run.positives.append(found.get(c.work, 0.0))
        else:
            run.negatives.append(max(found.values(), default=0.0))
    run.seconds = time.perf_counter() - start
    return run


def threshold_at(negatives: list[float], max_fp: float = MAX_FP) -> float:
    """The lowest threshold at which at most `max_fp` of the distractors score at or above it."""
    ranked = sorted(negatives, reverse=True)
    allowed = int(max_fp * len(ranked))
    return float(np.nextafter(ranked[allowed], 2.0)) if allowed < len(ranked) else 0.0


def _recall(run: Run, candidates: list[Candidate], threshold: float, transform: str | None) -> float:
    kinds = [c.transform for c in candidates if c.transform]
    chosen = [s for s, k in zip(run.positives, kinds, strict=True) if transform in (None, k)]
    return sum(s >= threshold for s in chosen) / max(1, len(chosen))


def _fp(run: Run, threshold: float) -> float:
    return sum(s >= threshold for s in run.negatives) / max(1, len(run.negatives))


def _tables(families: list[Family], scale: dict[str, float]) -> str:
    """One table per family, at thresholds fitted on the other family's distractors (held out)."""
    lines = [f"# Text matching bench — {len(families)} corpus families, thresholds fitted on the other family", ""]
    for family in families:
        other = next(f for f in families if f is not family) if len(families) > 1 else family
        lines += [_table(family, other), ""]
    lines += [
        f"- {summary(scale)}",
        *(f"- {family.rule}" for family in families),
    ]
    return "\n".join(lines)


def _table(family: Family, fitted: Family) -> str:
    ours, peer, candidates = family.ours, family.peer, family.candidates
    t_ours, t_zero = threshold_at(fitted.ours.negatives), threshold_at(fitted.ours.negatives, 0.0)
    t_peer, t_peer_own = threshold_at(fitted.peer.negatives), threshold_at(peer.negatives)
    t_def = engine.DEFAULT_THRESHOLD
    where = "fitted on " + fitted.name if fitted is not family else "fitted here"
    columns = [(f"ours @ default {t_def}", ours, t_def),
               (f"ours @ {t_ours:.3f} (≤1% FP, {where})", ours, t_ours),
               (f"ours @ {t_zero:.3f} (0 FP, {where})", ours, t_zero),
               (f"peer @ {t_peer:.3f} (≤1% FP, {where})", peer, t_peer),
               (f"peer @ {t_peer_own:.3f} (≤1% FP, fitted here)", peer, t_peer_own)]
    lines = [
        f"## {family.name} — {family.works} library works, {len(family.distractors)} held-out distractors, "
        f"{len(ours.positives)} altered copies",
        "",
        "| measure | " + " | ".join(name for name, _, _ in columns) + " |",
        "|---|" + "---|" * len(columns),
        "| recall, all edits | " + " | ".join(f"{_recall(r, candidates, t, None):.3f}" for _, r, t in columns)
        + " |",
    ]
    for transform in ROWS:
        cells = " | ".join(f"{_recall(r, candidates, t, transform):.3f}" for _, r, t in columns)
        lines.append(f"| recall, {transform} | {cells} |")
    lines.append("| false-positive rate | " + " | ".join(f"{_fp(r, t):.3f}" for _, r, t in columns) + " |")
    certain = " | ".join(f"{_recall(r, candidates, 0.95, NEAR_CERTAIN[0]):.3f}" for _, r, _ in columns)
    lines.append(f"| {NEAR_CERTAIN[0]} scoring ≥ 0.95 | {certain} |")
    batch = len(candidates)
    times = " | ".join(f"{r.seconds:.2f} s" for _, r, _ in columns)
    top = max(ours.negatives, default=0.0)
    lines += [
        f"| wall time, {batch} candidates (fingerprint + search) | {times} |",
        "",
        f"- wall time ours / peer: {ours.seconds / peer.seconds:.2f}× (target ≤ 3.0×)",
        f"- highest distractor score, ours: {top:.3f} (default alert line {t_def}); with the distractors' "
        f"punctuation deleted: {max(family.deleted.negatives, default=0.0):.3f}, false-positive rate "
        f"{_fp(family.deleted, t_def):.3f} at the default line",
        f"- fingerprinting at import: {family.throughput:.1f} MB/s (target ≥ 5 MB/s)",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
