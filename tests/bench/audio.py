"""Audio matching bench: our engine against Chromaprint (fpcalc -raw) on two families of real music and speech.

Run by hand: `python -m tests.bench.audio [--quick] [--hours N]`. Prints a table and saves
tests/bench/results/audio.md. Needs ffmpeg and libchromaprint-tools (Debian) and apt-get download access.
Each family's table gives, beside the app's own alert line, the threshold allowing 1% false positives
fitted on the OTHER family (held out: the line is not fitted to the works it is reported on), for us and
for Chromaprint alike.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.fingerprint import audio as engine
from creatorwatch.core.library.works import Library
from creatorwatch.core.store.db import open_database
from tests.bench.scoring import Candidate, cached_candidates, threshold_at_fp

from . import audio_peer as peer
from . import audio_shared as shared
from .audio_corpus import _seconds, build, build_other
from .audio_scale import scale_report
from .audio_transforms import EXCERPT_SECONDS, TRANSFORMS, make_excerpt

ROOT = Path(__file__).parent / "corpus" / "audio"
FAMILIES = {
    "A (orchestral game music, English speech)": (build, "candidates"),
    "B (tracker electronica, acoustic, French and Russian speech)": (build_other, "candidates-other"),
}
RESULTS = Path(__file__).parent / "results" / "audio.md"
MAX_FP = 0.01
SILENT_DB = -60.0  # a copy whose loudest sample is quieter than this holds nothing anyone could hear


def plan(works: list[Path], distractors: list[Path]) -> list[tuple[str, Path, float, str, bool, int | None]]:
    """Each candidate's (file stem, source, start second, edit, up, work), from a seeded RNG over the sources:
    the same list every run, whether the files are being made or are already there."""
    rng = random.Random(10)
    out = []
    sources = [(i, p) for i, p in enumerate(works)] + [(None, p) for p in distractors]
    for number, (work, source) in enumerate(sources):
        length = _seconds(source)
        for k, edit in enumerate(TRANSFORMS):
            apart = TRANSFORMS[edit].lead_in or TRANSFORMS[edit].seed_apart  # the older edits' starts unmoved
            draw = random.Random(f"{number}-{edit}" if TRANSFORMS[edit].seed_apart else number) if apart else rng
            start = draw.uniform(0, max(0.0, length - EXCERPT_SECONDS - 0.5))
            out.append((f"{number:03d}-{edit}", source, start, edit, (number + k) % 2 == 0, work))
    return out


def make_candidates(
    works: list[Path], distractors: list[Path], quick: bool, name: str = "candidates"
) -> list[Candidate]:
    others = [d for title, (builder, folder) in FAMILIES.items() if folder != name for d in builder(ROOT)[1]]

    def make(folder: Path) -> list[Candidate]:
        candidates = []
        for number, (stem, source, start, edit, up, work) in enumerate(plan(works, distractors)):
            lead = others[number % len(others)]  # the other family's: no work of this one is in it
            path = make_excerpt(source, start, edit, up=up, out=folder / stem, lead=lead)
            candidates.append(Candidate(str(path), edit, work))
        return candidates

    return cached_candidates(ROOT / (f"{name}-quick" if quick else name), make, TRANSFORMS)


def true_distractors(
    candidates: list[Candidate], works: list[Path], distractors: list[Path], folder: Path
) -> tuple[list[Candidate], list[str]]:
    """The candidates without the held-out clips that hold part of a library work's very recording (found from
    the source tracks' waveforms, never from a matcher's score: see audio_shared), and a note naming them. Such
    a clip is neither a distractor nor a copy the bench made, so it is left out for both systems."""
    spans = shared.shared_map(distractors, works, folder / "shared.json")
    where = {stem: (source, start, TRANSFORMS[edit].seconds) for stem, source, start, edit, _, _ in
             plan(works, distractors)}
    dropped: dict[tuple[Path, int], list[str]] = {}
    kept = []
    for c in candidates:
        source, start, seconds = where[Path(c.path).stem]
        work = None if c.work is not None else shared.overlapping_work(spans.get(shared.key(source), []),
                                                                        start, seconds)
        if work is None:
            kept.append(c)
        else:
            dropped.setdefault((source, work), []).append(Path(c.path).name)
    notes = [
        f"{source.parent.name}/{source.name} (held out) holds recordings of the work "
        f"{works[work].parent.name}/{works[work].name} at "
        f"{_seconds_span([s for s, w in spans[shared.key(source)] if w == work])}: {', '.join(names)}"
        for (source, work), names in dropped.items()
    ]
    return kept, notes


def _seconds_span(starts: list[float]) -> str:
    return f"{min(starts):.0f}-{max(starts) + shared.WINDOW_S:.0f} s"


def loudest_db(path: Path) -> float:
    """The loudest sample of a file, in dB re full scale (ffmpeg's volumedetect)."""
    out = subprocess.run(["ffmpeg", "-hide_banner", "-i", str(path), "-af", "volumedetect", "-f", "null", "-"],
                         capture_output=True, text=True, check=True).stderr
    found = re.search(r"max_volume: (-?[\d.]+|-inf) dB", out)
    return float(found.group(1)) if found else float("-inf")


def audible_copies(candidates: list[Candidate]) -> tuple[list[Candidate], list[str]]:
    """The candidates without the silent ones, and their names. A phase-inverted stereo mix (tracker music)
    downmixed to mono by the telephone edit cancels to -90 dB: no copy of anything, for us or for Chromaprint,
    so it is left out of recall and named in the report instead. A distractor cut from a track's digital silence
    (a tracker module ending early) tests nothing either: Chromaprint scores silence against any silent stretch
    of a work 1.0, which set its 1% line at 1.0 on family B; it is left out of the distractors for both."""
    silent = [c for c in candidates if loudest_db(Path(c.path)) < SILENT_DB]
    kept = [c for c in candidates if all(c is not s for s in silent)]
    return kept, [f"{Path(c.path).name} ({c.transform}{'' if c.work is not None else ', distractor'})"
                  for c in silent]


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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_both(
    works: list[Path], candidates: list[Candidate]
) -> tuple[dict[str, float | str], dict[str, float | str], list[bytes]]:
    """Our engine and Chromaprint on the same batch, candidate by candidate in turn, so that both meet the same
    load on a shared machine; wall time and CPU time (fpcalc's processes included) for each."""
    blobs = [engine.fingerprint_file(p) for p in works]
    index = engine.Index()
    index.add_many(enumerate(blobs))
    index.search(blobs[0], 1.0)  # the first search sorts what was added
    prints = [peer.fpcalc(p, whole=True) for p in works]
    ours = {"batch_s": 0.0, "cpu_s": 0.0}
    theirs = {"batch_s": 0.0, "cpu_s": 0.0}
    for c in candidates:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            c.ours = {h.work_id: h.score for h in index.search(engine.fingerprint_file(Path(c.path)), 0.0)}
        except UnreadableMedia:
            c.ours = {}
        ours["batch_s"] += time.perf_counter() - wall
        ours["cpu_s"] += time.process_time() - cpu
        wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
        c.peer = peer.search(peer.fpcalc(Path(c.path)), prints)
        theirs["batch_s"] += time.perf_counter() - wall
        theirs["cpu_s"] += time.process_time() - cpu + _children_cpu() - children
    audio_s = sum(_seconds(p) for p in works)
    load = _load()
    return (
        {**ours, "batch_load": load, "blob_bytes_per_s": sum(len(b) for b in blobs) / audio_s},
        {**theirs, "batch_load": load},
        blobs,
    )


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


def family_report(
    title: str, candidates: list[Candidate], ours: dict, theirs: dict, held_out: tuple[float, float], n_works: int,
    silent: list[str], not_distractors: list[str],
) -> str:
    """One family's table: ours and Chromaprint at 1% FP fitted here, at lines fitted on the other family, and
    the app's own alert line."""
    t_ours, t_peer = threshold_at_fp(candidates, "ours"), threshold_at_fp(candidates, "peer")
    h_ours, h_peer = held_out
    columns = [
        (f"ours @default {engine.DEFAULT_THRESHOLD}", "ours", engine.DEFAULT_THRESHOLD),
        ("ours @1% FP, other family's line", "ours", h_ours),
        ("Chromaprint @1% FP, other family's line", "peer", h_peer),
        ("ours @1% FP here", "ours", t_ours),
        ("Chromaprint @1% FP here", "peer", t_peer),
    ]
    results = [
        (label, recall(candidates, system, t), fp_rate(candidates, system, t), t) for label, system, t in columns
    ]
    n_pos = sum(c.work is not None for c in candidates)
    top_distractor = max(max(c.ours.values(), default=0.0) for c in candidates if c.work is None)
    certain = np.mean([c.ours.get(c.work, 0.0) >= 0.9 for c in candidates if c.work is not None])
    lines = [
        f"### Family {title}",
        "",
        f"Library {n_works} works, {len(candidates) - n_pos} distractor clips, {n_pos} copies "
        f"({EXCERPT_SECONDS:.0f} s excerpts unless the edit says otherwise; distractors get the same edits).",
        *([f"Left out, for both systems, as silent (loudest sample under {SILENT_DB:.0f} dB: nothing anyone "
           f"could hear): {', '.join(silent)}."] if silent else []),
        *([f"Left out of the distractors, for both systems, as they hold part of a library work's very recording "
           f"(the source tracks' waveforms show it, not a matcher): {'; '.join(not_distractors)}."]
          if not_distractors else []),
        "",
        "| | " + " | ".join(r[0] for r in results) + " |",
        "|---|" + "---|" * len(results),
        "| threshold | " + " | ".join(f"{r[3]:.3f}" for r in results) + " |",
        "| false positives | " + " | ".join(f"{r[2]:.3f}" for r in results) + " |",
    ]
    for key in ["overall", *TRANSFORMS]:
        lines.append(f"| recall {key} | " + " | ".join(f"{r[1].get(key, 0.0):.3f}" for r in results) + " |")
    lines += [
        "",
        f"Our scores: highest distractor {top_distractor:.3f}; copies scoring 0.9 or more {certain:.3f}.",
        f"Same batch of {len(candidates)} candidates, fingerprinting + search, each candidate by both in turn: "
        f"wall time ours {ours['batch_s']:.1f} s, Chromaprint {theirs['batch_s']:.1f} s, "
        f"ratio {ours['batch_s'] / theirs['batch_s']:.2f}; CPU time ours {ours['cpu_s']:.1f} s, Chromaprint "
        f"{theirs['cpu_s']:.1f} s (fpcalc processes included), ratio {ours['cpu_s'] / theirs['cpu_s']:.2f} "
        f"({ours['batch_load']}).",
        "",
    ]
    return "\n".join(lines)


def speed_report(speed: dict, ours: dict, scale: dict) -> str:
    return "\n".join([
        f"Fingerprinting at import (family A, decode included), x real time: one file after another "
        f"{speed['serial_x']:.0f}x wall, {speed['serial_cpu_x']:.0f}x per CPU-second ({speed['serial_load']}); "
        f"through Library.add_paths (thread pool, hashing and probing too) {speed['library_x']:.0f}x wall, "
        f"{speed['library_cpu_x']:.0f}x per CPU-second, {speed['library_parallel']:.2f} cores busy "
        f"({speed['library_load']}). {ours['blob_bytes_per_s']:.0f} bytes of fingerprint per second.",
        "",
        "Scale (synthetic fingerprints): " + ", ".join(f"{k} {v}" for k, v in scale.items()),
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small subset of each family, a few minutes")
    parser.add_argument(
        "--hours", type=float, default=None, help="hours of synthetic audio in the scale test"
    )
    args = parser.parse_args()
    runs = []
    for title, (builder, folder) in FAMILIES.items():
        works, distractors = builder(ROOT)
        if args.quick:
            works, distractors = works[:8], distractors[:8]
        candidates, silent = audible_copies(make_candidates(works, distractors, args.quick, folder))
        candidates, not_distractors = true_distractors(
            candidates, works, distractors, ROOT / (f"{folder}-quick" if args.quick else folder)
        )
        ours, theirs, blobs = run_both(works, candidates)
        runs.append((title, works, candidates, ours, theirs, blobs, silent, not_distractors))
        print(f"family {title}: {len(works)} works, {len(candidates)} candidates scored", flush=True)
    fitted = [(threshold_at_fp(r[2], "ours"), threshold_at_fp(r[2], "peer")) for r in runs]
    tables = [
        family_report(title, candidates, ours, theirs, fitted[1 - i], len(works), silent, not_distractors)
        for i, (title, works, candidates, ours, theirs, _, silent, not_distractors) in enumerate(runs)
    ]
    works, blobs, candidates = runs[0][1], runs[0][5], runs[0][2]
    speed = run_import(works)
    sample = candidates[:: max(1, len(candidates) // 200)]
    queries = [(engine.fingerprint_file(Path(c.path)), c.work) for c in sample]
    hours = args.hours if args.hours is not None else (100.0 if args.quick else 5000.0)
    scale = scale_report(hours, blobs, queries)
    table = "\n".join(tables) + "\n" + speed_report(speed, runs[0][3], scale)
    print(table)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("# Audio matching bench\n\n" + table + "\n")
    from . import audio_voiceover

    audio_voiceover.main()


if __name__ == "__main__":
    main()
