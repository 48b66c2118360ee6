"""Image matching bench: our engine against imagehash pHash on real pictures and their altered copies, in two
corpus families (wallpapers, paintings and game art; landscape photographs), with single and combined edits.

Each system's alert line is also fitted at 1 % false positives on one family and reported on the other (hold-out),
so the figures do not rest on a threshold tuned to the corpus they are measured on.

Run by hand: `python -m tests.bench.image [--quick]`. Prints the tables and saves tests/bench/results/image.md;
the smooth-wallpaper section (image_smooth) and the collage section (image_collage) follow.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import imagehash
import numpy as np
from PIL import Image

from creatorwatch.core.fingerprint import image as engine
from creatorwatch.core.fingerprint.image_decode import load_grey
from creatorwatch.core.library.works import Library
from creatorwatch.core.store.db import open_database
from tests.bench.scoring import Candidate, cached_candidates, threshold_at_fp

from . import image_photos, image_smooth
from .image_combined import COMBINED, EXACT, NEAR_CERTAIN
from .image_corpus import build
from .image_scale import scale_report
from .image_transforms import DISTRACTOR_TRANSFORMS, TRANSFORMS, save

EDITS = {**TRANSFORMS, **COMBINED}  # every edit a copy goes through; "overall" is over these
ALL_EDITS = {**EDITS, **EXACT}

ROOT = Path(__file__).parent / "corpus" / "image"
RESULTS = Path(__file__).parent / "results" / "image.md"
FAMILIES = {"art": (build, ROOT), "photos": (image_photos.build, image_photos.ROOT)}
SMALL_DISTRACTORS = ("corner crop 60%+⅓", "resize 1/4")  # distractors shown as small as the smallest copies,
# which are looked at most loosely (a deeper pyramid, a looser ratio test, their layout slid over the works')
SEARCH_FLOOR = 0.25  # our search threshold during the bench: scores below it are not needed


def make_candidates(works: list[Path], distractors: list[Path], quick: bool, root: Path = ROOT) -> list[Candidate]:
    def make(folder: Path) -> list[Candidate]:
        rng = random.Random(30)
        per_transform = 8 if quick else 40
        candidates: list[Candidate] = []
        for name, transform in ALL_EDITS.items():
            for work in rng.sample(range(len(works)), min(per_transform, len(works))):
                candidates.append(_make(folder, works[work], work, name, transform, rng))
        pool = distractors[: 40 if quick else len(distractors)]
        for number, source in enumerate(pool):
            for name in DISTRACTOR_TRANSFORMS if not quick else DISTRACTOR_TRANSFORMS[number % 4 : number % 4 + 1]:
                candidates.append(_make(folder, source, None, name, TRANSFORMS[name], rng))
        return candidates

    def make_small(folder: Path) -> list[Candidate]:
        rng = random.Random(31)
        pool = distractors[: 40 if quick else len(distractors)]
        return [_make(folder, source, None, name, ALL_EDITS[name], rng)
                for source in pool for name in SMALL_DISTRACTORS]  # fmt: skip

    suffix = "-quick" if quick else ""
    return (cached_candidates(root / f"candidates-2{suffix}", make)  # 2: combined edits
            + cached_candidates(root / f"small-distractors{suffix}", make_small))  # fmt: skip


def _make(folder: Path, source: Path, work: int | None, name: str, transform, rng: random.Random) -> Candidate:
    with Image.open(source) as im:
        im.load()
        picture, suffix, quality = transform(im, rng)
    tag = "w" if work is not None else "d"
    stem = f"{folder}/{tag}_{source.stem}_{name.split()[0]}_{len(name)}"
    return Candidate(save(picture, stem, suffix, quality), name, work)


def run_both(works: list[Path], candidates: list[Candidate]) -> dict[str, float]:
    """Our engine and pHash on the same batch, candidate by candidate in turn (which goes first rotates), so that
    all meet the same machine load; wall and CPU time of each (decode + fingerprint + search). Ours runs twice:
    as a search computes it (search_file: local features only when needed) and with them always computed
    first, which must find the very same."""
    index = engine.Index()
    index.add_many(enumerate(engine.fingerprint_file(p) for p in works))
    index.search(engine.fingerprint_file(works[0]), 1.0)  # the first search tables what was added
    library = np.array([_phash_bits(p) for p in works])
    times = {f"{system}{cpu}": 0.0 for system in SYSTEMS for cpu in ("", " cpu")}
    for number, candidate in enumerate(candidates):
        found = {}
        for system in SYSTEMS[number % 3 :] + SYSTEMS[: number % 3]:
            start, cpu = time.perf_counter(), time.process_time()
            if system == "peer":
                _peer(library, candidate)
            else:
                found[system] = _ours(index, candidate, system == "ours")
            times[system] += time.perf_counter() - start
            times[f"{system} cpu"] += time.process_time() - cpu
        assert found["ours"] == found["ours eager"], f"{candidate.path}: {found}"  # lazy features change nothing
        candidate.ours = found["ours"]
    return times


SYSTEMS = ("peer", "ours", "ours eager")  # eager: the candidate's local features computed before the search


def _ours(index: engine.Index, candidate: Candidate, lazy: bool) -> dict[int, float]:
    """Our scores for the candidate: with `lazy`, its local features computed only when the search needs them
    (search_file), or always."""
    try:
        if lazy:
            hits = engine.search_file(index, Path(candidate.path), SEARCH_FLOOR)
        else:
            path = Path(candidate.path)
            hits = index.search(engine.fingerprint_candidate(path), SEARCH_FLOOR)
            hits += engine.search_beside(index, path, load_grey(path, engine.SIDE), hits, SEARCH_FLOOR)
    except engine.UnreadableMedia:
        return {}
    return {hit.work_id: hit.score for hit in hits}


def _peer(library: np.ndarray, candidate: Candidate) -> None:
    distances = (library != _phash_bits(Path(candidate.path))).sum(axis=1)
    best = np.argsort(distances)[:5]
    candidate.peer = {int(i): 1.0 - distances[i] / 64.0 for i in best}


def import_throughput(works: list[Path]) -> dict[str, float]:
    """Fingerprints per second: one after another, on 2 threads, and through the library's own import (its
    thread pool, a worker per core up to 4, SQLite included)."""
    start, cpu = time.perf_counter(), time.process_time()
    for path in works:
        engine.fingerprint_file(path)
    one = len(works) / (time.perf_counter() - start)
    per_core = len(works) / (time.process_time() - cpu)
    start = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(engine.fingerprint_file, works))
    two = len(works) / (time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as home:
        library = Library(open_database(Path(home) / "bench.sqlite3"))
        start = time.perf_counter()
        added = library.add_paths(works)
        through = len(works) / (time.perf_counter() - start)
    assert not added.skipped, added.summary()
    return {"1 thread, wall": one, "2 threads, wall": two, "per CPU-second (per core)": per_core,
            f"library import ({min(4, os.cpu_count() or 1)} workers on {os.cpu_count()} cores), wall": through}


def _phash_bits(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        return imagehash.phash(im).hash.ravel()


def rates(candidates: list[Candidate], system: str, threshold: float) -> dict[str, float]:
    table: dict[str, list[bool]] = {}
    for c in candidates:
        scores = getattr(c, system)
        if c.work is None:
            table.setdefault("false positives", []).append(max(scores.values(), default=0.0) >= threshold)
        else:
            found = scores.get(c.work, 0.0) >= threshold
            if c.transform in EXACT:
                found = scores.get(c.work, 0.0) >= max(threshold, NEAR_CERTAIN)
            table.setdefault(c.transform, []).append(found)
            if c.transform in EDITS:
                table.setdefault("overall", []).append(found)
            wrong = any(s >= threshold for w, s in scores.items() if w != c.work)
            table.setdefault("wrong work matched", []).append(wrong)
    return {name: float(np.mean(values)) for name, values in table.items()}


def recall_table(family: str, candidates: list[Candidate], fitted: dict[str, float], held: dict[str, float],
                 other: str) -> list[str]:  # fmt: skip
    """Per-edit recall of one family: ours at the default line, each system at 1 % FP fitted on this family and
    at the line fitted on the other family (hold-out)."""
    columns = {
        f"ours @ default {engine.DEFAULT_THRESHOLD}": rates(candidates, "ours", engine.DEFAULT_THRESHOLD),
        f"ours @ 1% FP here ({fitted['ours']:.3f})": rates(candidates, "ours", fitted["ours"]),
        f"ours @ line fitted on {other} ({held['ours']:.3f})": rates(candidates, "ours", held["ours"]),
        f"pHash @ 1% FP here ({fitted['peer']:.3f})": rates(candidates, "peer", fitted["peer"]),
        f"pHash @ line fitted on {other} ({held['peer']:.3f})": rates(candidates, "peer", held["peer"]),
    }
    names = ["overall", *ALL_EDITS, "wrong work matched", "false positives"]
    labels = {name: f"{name} (scores ≥ {NEAR_CERTAIN})" for name in EXACT}
    n_pos = sum(c.work is not None for c in candidates)
    lines = [
        f"### {family}",
        "",
        f"{n_pos} altered copies, {len(candidates) - n_pos} altered distractors. "
        f"Combined edits end in JPEG q60-85; 'overall' leaves out the two exact-copy rows.",
        "",
        "| | " + " | ".join(columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for name in names:
        cells = " | ".join(f"{col.get(name, 0.0):.3f}" for col in columns.values())
        lines.append(f"| {labels.get(name, name)} | {cells} |")
    return lines


def timing_table(count: int, times: dict[str, float]) -> list[str]:
    return [
        "",
        "| timing | ours | pHash |",
        "|---|---|---|",
        f"| wall time, {count} candidates (decode + fingerprint + search, 1 thread, in turn) | "
        f"{times['ours']:.2f} s | "
        f"{times['peer']:.2f} s |",
        f"| CPU time of the same | {times['ours cpu']:.2f} s | {times['peer cpu']:.2f} s |",
        f"| per candidate (wall) | {1000 * times['ours'] / count:.1f} ms | {1000 * times['peer'] / count:.1f} ms |",
        f"| ratio ours / pHash, wall | {times['ours'] / times['peer']:.2f} | |",
        f"| ratio ours / pHash, CPU | {times['ours cpu'] / times['peer cpu']:.2f} | |",
        f"| the same with the candidate's local features always computed (before search_file): wall, CPU | "
        f"{times['ours eager'] / times['peer']:.2f}, {times['ours eager cpu'] / times['peer cpu']:.2f} | |",
    ]


def report(families: dict[str, tuple[list[Candidate], dict[str, float], int, int]], throughput: dict[str, float],
           scale: dict[str, str]) -> str:  # fmt: skip
    fitted = {
        family: {s: threshold_at_fp(cands, s, floor=SEARCH_FLOOR) for s in ("ours", "peer")}
        for family, (cands, _, _, _) in families.items()
    }
    names = list(families)
    load = f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    lines = [f"Machine load at the end of the run (1-minute average): {load}.", ""]
    for family, (candidates, times, n_works, n_distractors) in families.items():
        other = next(n for n in names if n != family) if len(names) > 1 else family
        lines += [f"Family '{family}': library {n_works} works, {n_distractors} distractor works.", ""]
        lines += recall_table(family, candidates, fitted[family], fitted[other], other)
        lines += [*timing_table(len(candidates), times), ""]
    lines += [
        "| fingerprinting at import (library works of the first family, decode included) | images/s |",
        "|---|---|",
        *(f"| {k} | {v:.0f} |" for k, v in throughput.items()),
        "",
        "| scale (synthetic fingerprints) | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in scale.items()),
    ]
    return "\n".join(lines)


def run_family(works: list[Path], distractors: list[Path], quick: bool, root: Path):
    candidates = make_candidates(works, distractors, quick, root)
    for path in [*works, *(Path(c.path) for c in candidates)]:
        path.read_bytes()  # warm the page cache so neither system pays for the disk
    print(f"{root.name}: {len(works)} works, {len(distractors)} distractors, {len(candidates)} candidates", flush=True)
    return candidates, run_both(works, candidates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small subset (a couple of minutes)")
    parser.add_argument("--no-scale", action="store_true", help="leave out the synthetic scale test")
    args = parser.parse_args()
    families = {}
    negatives: list[Path] = []
    throughput: dict[str, float] = {}
    for family, (builder, root) in FAMILIES.items():
        works, distractors = builder(root)
        candidates, times = run_family(works, distractors, args.quick, root)
        families[family] = (candidates, times, len(works), len(distractors))
        negatives += [Path(c.path) for c in candidates if c.work is None]
        throughput = throughput or import_throughput(works)
    scale = {} if args.no_scale else scale_report(20_000 if args.quick else 100_000)
    text = report(families, throughput, scale)
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("# Image matching bench\n\n" + text + "\n")
    image_smooth.publish(image_smooth.run(image_smooth.build(), negatives), RESULTS)
    from . import image_collage  # it imports this module

    image_collage.main()


if __name__ == "__main__":
    main()
