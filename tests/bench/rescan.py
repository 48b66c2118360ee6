"""Retroactive-matching benchmark: 10,000 remembered candidates (images and texts) re-matched against 100 works
just added. Reports the time of the rescan, its peak memory (RSS growth) and the finds it recorded.

Run by hand: python -m tests.bench.rescan [--quick]   (--quick: 1,000 candidates against 20 works)
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from creatorwatch.core.fingerprint.registry import modality
from creatorwatch.core.library.works import Library
from creatorwatch.core.store.db import open_database, transaction
from creatorwatch.core.watch.rescan import remember_print, rescan_new_works
from tests.media import make_picture

WORDS = ("harbour", "light", "morning", "tide", "lantern", "rope", "gull", "stone", "chapel", "market", "bread",
         "salt", "window", "orchard", "river", "bell", "north", "quiet", "letter", "garden", "winter", "ferry",
         "cloud", "mirror", "ladder", "copper", "violet", "candle", "meadow", "thread")
DISTINCT = 200  # distinct candidate fingerprints, each remembered under many addresses


def story(seed: int, words: int = 400) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + ("." if rng.random() < 0.08 else "") for _ in range(words))


def build(folder: Path, candidates: int, works: int) -> Path:
    """A data file with `candidates` remembered prints (half images, half texts; 1 in 100 copies a new work),
    then `works` works added after them."""
    db = open_database(folder / "bench.sqlite3")
    prints: dict[str, list[bytes]] = {"image": [], "text": []}
    for seed in range(DISTINCT // 2):
        picture = make_picture(folder / f"c{seed}.png", seed=1000 + seed, size=(200, 150))
        prints["image"].append(modality("image").fingerprint_file(picture))
        text = folder / f"c{seed}.txt"
        text.write_text(story(1000 + seed), encoding="utf-8")
        prints["text"].append(modality("text").fingerprint_file(text))
    work_files = []
    for seed in range(works):
        if seed % 2:
            path = folder / f"w{seed}.txt"
            path.write_text(story(seed), encoding="utf-8")
        else:
            path = make_picture(folder / f"w{seed}.png", seed=seed, size=(200, 150))
        work_files.append(path)
    copies = {"image": [modality("image").fingerprint_file(p) for p in work_files if p.suffix == ".png"],
              "text": [modality("text").fingerprint_file(p) for p in work_files if p.suffix == ".txt"]}
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with transaction(db):
        for i in range(candidates):
            kind = ("image", "text")[i % 2]
            pool = copies[kind] if i % 100 < 2 else prints[kind]
            db.execute("INSERT INTO candidates (url, source, first_seen) VALUES (?, 'bench', ?)",
                       [f"https://example.org/{i}", now])
            remember_print(db, i + 1, kind, pool[(i // 2) % len(pool)], now)
    Library(db).add_paths(work_files)
    db.conn.close()
    return folder / "bench.sqlite3"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    candidates, works = (1_000, 20) if args.quick else (10_000, 100)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        database = build(Path(tmp), candidates, works)
        print(f"built {candidates} remembered candidates and {works} works in {time.perf_counter() - started:.1f} s")
        db = open_database(database)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started, cpu = time.perf_counter(), time.process_time()
        summary = rescan_new_works(db)
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        assert summary is not None
        print(f"rescan: {summary.candidates} candidates against {summary.works} works in {took:.2f} s "
              f"({took / max(1, summary.candidates) * 1000:.2f} ms each; {cpu:.1f} s of CPU time); "
              f"{summary.matches} finds recorded")
        print(f"peak RSS {peak / 1024:.0f} MiB (grew {max(0, peak - before) / 1024:.0f} MiB during the rescan)")
        db.conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
