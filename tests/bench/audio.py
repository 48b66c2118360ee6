"""Audio matching bench: our engine against Chromaprint (fpcalc -raw) on real music and speech, altered.

Run by hand: `python -m tests.bench.audio [--quick] [--hours N]`. Prints a table and saves
tests/bench/results/audio.md. Needs ffmpeg and libchromaprint-tools (Debian) and apt-get download access.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

import numpy as np

from creatorwatch.core.db import open_database
from creatorwatch.core.fingerprint import audio as engine
from creatorwatch.core.fingerprint.base import UnreadableMedia
from creatorwatch.core.library import Library
from tests.bench.scoring import Candidate, cached_candidates, threshold_at_fp

from . import audio_peer as peer
from .audio_corpus import _seconds, build
from .audio_scale import scale_report
from .audio_transforms import EXCERPT_SECONDS, TRANSFORMS, make_excerpt

ROOT = Path(__file__).parent / "corpus" / "audio"
RESULTS = Path(__file__).parent / "results" / "audio.md"
MAX_FP = 0.01


def make_candidates(works: list[Path], distractors: list[Path], quick: bool) -> list[Candidate]:
    def make(folder: Path) -> list[Candidate]:
        rng = random.Random(10)
        candidates = []
        sources = [(i, p) for i, p in enumerate(works)] + [(None, p) for p in distractors]
        for number, (work, source) in enumerate(sources):
            length = _seconds(source)
            for k, name in enumerate(TRANSFORMS):
                start = rng.uniform(0, max(0.0, length - EXCERPT_SECONDS - 0.5))
                out = folder / f"{number:03d}-{name}"
                path = make_excerpt(source, start, name, up=(number + k) % 2 == 0, out=out)
                candidates.append(Candidate(str(path), name, work))
        return candidates

    return cached_candidates(ROOT / ("candidates-quick" if quick else "candidates"), make)


def _load() -> str:
    return "load " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def run_import(works: list[Path]) -> dict[str, float | str]:
    """Import speed: one file after another, then through the library (its thread pool), decode included."""
    audio_s = sum(_seconds(p) for p in works)
    wall, cpu = time.perf_counter(), time.process_time()
    for p in works:
        engine.fingerprint_file(p)
    serial_wall, serial_cpu = time.perf_counter() - wall, time.process_time() - cpu
    serial_load = _load()
    with tempfile.TemporaryDirectory() as home:
        library = Library(open_database(Path(home) / "bench.sqlite3"))
        wall, cpu = time.perf_counter(), time.process_time()
        report = library.add_paths(works)
        lib_wall, lib_cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert not report.skipped, report.summary()
    return {
        "serial_x": audio_s / serial_wall,
        "serial_cpu_x": audio_s / serial_cpu,
        "serial_load": serial_load,
        "library_x": audio_s / lib_wall,
        "library_cpu_x": audio_s / lib_cpu,
        "library_parallel": lib_cpu / lib_wall,
        "library_load": _load(),
    }


def run_ours(works: list[Path], candidates: list[Candidate]) -> tuple[dict[str, float | str], list[bytes]]:
    blobs = [engine.fingerprint_file(p) for p in works]
    index = engine.Index()
    index.add_many(enumerate(blobs))
    start = time.perf_counter()
    for c in candidates:
        try:
            c.ours = {h.work_id: h.score for h in index.search(engine.fingerprint_file(Path(c.path)), 0.0)}
        except UnreadableMedia:
            c.ours = {}
    batch_s = time.perf_counter() - start
    audio_s = sum(_seconds(p) for p in works)
    stats: dict[str, float | str] = {
        "batch_s": batch_s,
        "batch_load": _load(),
        "blob_bytes_per_s": sum(len(b) for b in blobs) / audio_s,
    }
    return stats, blobs


def run_peer(works: list[Path], candidates: list[Candidate]) -> dict[str, float | str]:
    prints = [peer.fpcalc(p, whole=True) for p in works]
    start = time.perf_counter()
    for c in candidates:
        c.peer = peer.search(peer.fpcalc(Path(c.path)), prints)
    return {"batch_s": time.perf_counter() - start, "batch_load": _load()}


def recall(candidates: list[Candidate], system: str, threshold: float) -> dict[str, float]:
    out: dict[str, list[bool]] = {"overall": []}
    for c in candidates:
        if c.work is None:
            continue
        ok = getattr(c, system).get(c.work, 0.0) >= threshold
        out["overall"].append(ok)
        out.setdefault(c.transform, []).append(ok)
    return {k: float(np.mean(v)) for k, v in out.items()}


def fp_rate(candidates: list[Candidate], system: str, threshold: float) -> float:
    tops = [max(getattr(c, system).values(), default=0.0) for c in candidates if c.work is None]
    return float(np.mean([t >= threshold for t in tops]))


def report(
    works: list[Path], candidates: list[Candidate], ours: dict, theirs: dict, speed: dict, scale: dict
) -> str:
    t_ours, t_peer = threshold_at_fp(candidates, "ours"), threshold_at_fp(candidates, "peer")
    columns = [
        ("ours @1% FP", recall(candidates, "ours", t_ours), fp_rate(candidates, "ours", t_ours), t_ours),
        (
            f"ours @default {engine.DEFAULT_THRESHOLD}",
            recall(candidates, "ours", engine.DEFAULT_THRESHOLD),
            fp_rate(candidates, "ours", engine.DEFAULT_THRESHOLD),
            engine.DEFAULT_THRESHOLD,
        ),
        (
            "Chromaprint @1% FP",
            recall(candidates, "peer", t_peer),
            fp_rate(candidates, "peer", t_peer),
            t_peer,
        ),
    ]
    n_pos = sum(c.work is not None for c in candidates)
    top_distractor = max(max(c.ours.values(), default=0.0) for c in candidates if c.work is None)
    certain = np.mean([c.ours.get(c.work, 0.0) >= 0.9 for c in candidates if c.work is not None])
    lines = [
        f"Library {len(works)} works, {len(candidates) - n_pos} distractor clips, {n_pos} copies "
        f"({EXCERPT_SECONDS:.0f} s excerpts).",
        "",
        "| | " + " | ".join(c[0] for c in columns) + " |",
        "|---|" + "---|" * len(columns),
        "| threshold | " + " | ".join(f"{c[3]:.3f}" for c in columns) + " |",
        "| false positives | " + " | ".join(f"{c[2]:.3f}" for c in columns) + " |",
    ]
    for key in ["overall", *TRANSFORMS]:
        lines.append(f"| recall {key} | " + " | ".join(f"{c[1].get(key, 0.0):.3f}" for c in columns) + " |")
    lines += [
        "",
        f"Our scores: highest distractor {top_distractor:.3f}; copies scoring 0.9 or more {certain:.3f}.",
        f"Same batch of {len(candidates)} candidates, fingerprinting + search: ours {ours['batch_s']:.1f} s "
        f"({ours['batch_load']}), Chromaprint {theirs['batch_s']:.1f} s ({theirs['batch_load']}); "
        f"ratio {ours['batch_s'] / theirs['batch_s']:.2f}.",
        f"Fingerprinting at import (decode included), x real time: one file after another "
        f"{speed['serial_x']:.0f}x wall, {speed['serial_cpu_x']:.0f}x per CPU-second ({speed['serial_load']}); "
        f"through Library.add_paths (thread pool, hashing and probing too) {speed['library_x']:.0f}x wall, "
        f"{speed['library_cpu_x']:.0f}x per CPU-second, {speed['library_parallel']:.2f} cores busy "
        f"({speed['library_load']}). {ours['blob_bytes_per_s']:.0f} bytes of fingerprint per second.",
        "",
        "Scale (synthetic fingerprints): " + ", ".join(f"{k} {v}" for k, v in scale.items()),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small subset, a couple of minutes")
    parser.add_argument(
        "--hours", type=float, default=None, help="hours of synthetic audio in the scale test"
    )
    args = parser.parse_args()
    works, distractors = build(ROOT)
    if args.quick:
        works, distractors = works[:10], distractors[:10]
    candidates = make_candidates(works, distractors, args.quick)
    speed = run_import(works)
    ours, blobs = run_ours(works, candidates)
    theirs = run_peer(works, candidates)
    sample = candidates[:: max(1, len(candidates) // 200)]
    queries = [(engine.fingerprint_file(Path(c.path)), c.work) for c in sample]
    hours = args.hours if args.hours is not None else (100.0 if args.quick else 5000.0)
    scale = scale_report(hours, blobs, queries)
    table = report(works, candidates, ours, theirs, speed, scale)
    print(table)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("# Audio matching bench\n\n" + table + "\n")


if __name__ == "__main__":
    main()
