"""The audio scale test: an index of synthetic fingerprints for thousands of hours, searched with real clips.

Synthetic keys take each field (anchor semitone, bin steps, span, ratio) from a different random real key,
so each field is as skewed as in real music while keys stay varied; times are random. The real works are
in the index too, so the real clips must still find them (recall at scale).
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from creatorwatch.core.fingerprint.audio import DEFAULT_THRESHOLD, Index
from creatorwatch.core.fingerprint.audio_blob import Fingerprint, dump, load
from creatorwatch.core.fingerprint.audio_peaks import FRAMES_PER_SECOND, Peaks

WORK_SECONDS = 240.0
FIELDS = (0x3F << 20, 0x3F << 14, 0x3F << 8, 0x1F << 3, 0x7)  # the bit fields of a key (audio_hashes)


def _synthetic(hours: float, pool: np.ndarray, per_second: float) -> list[bytes]:
    n_works = int(hours * 3600 / WORK_SECONDS)
    per_work = int(per_second * WORK_SECONDS)
    rng = np.random.default_rng(5)
    empty = Peaks(np.zeros(0, np.uint32), np.zeros(0, np.uint8), np.zeros(0, np.uint8), 0)
    frames = int(WORK_SECONDS * FRAMES_PER_SECOND)
    blobs = []
    for _ in range(n_works):
        keys = np.zeros(per_work, dtype=np.uint32)
        for mask in FIELDS:
            keys |= pool[rng.integers(0, pool.size, per_work)] & np.uint32(mask)
        times = np.sort(rng.integers(0, frames, per_work)).astype(np.uint32)
        blobs.append(dump(Fingerprint(WORK_SECONDS, keys, times, empty)))
    return blobs


def scale_report(
    hours: float, work_blobs: list[bytes], queries: list[tuple[bytes, int | None]]
) -> dict[str, float | str]:
    """`queries`: real clips' fingerprints with the index (in work_blobs) of the work they copy, or None."""
    real = [load(b) for b in work_blobs]
    pool = np.concatenate([fp.keys for fp in real])
    per_second = pool.size / sum(fp.seconds for fp in real)
    blobs = _synthetic(hours, pool, per_second)
    items = [*enumerate(work_blobs), *((len(work_blobs) + i, b) for i, b in enumerate(blobs))]
    sizes = [(i, len(b)) for i, b in items]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory(dir=Path(__file__).parent / "corpus") as cache:
        start = time.perf_counter()
        index = Index(cache_dir=Path(cache) / "audio")
        index.add_many(items)
        index.search(queries[0][0], 1.0)  # the first search sorts what was added (and saves it)
        build_s = time.perf_counter() - start
        del blobs, items, index
        os.sync()
        start = time.perf_counter()
        index = Index(cache_dir=Path(cache) / "audio")
        assert index.restore(sizes), "the saved index was not accepted"
        load_s = time.perf_counter() - start
        latencies, found, false = [], [], []
        for blob, work in queries:
            t = time.perf_counter()
            hits = index.search(blob, DEFAULT_THRESHOLD)
            latencies.append(time.perf_counter() - t)
            if work is None:
                false.append(bool(hits))
            else:
                found.append(bool(hits) and hits[0].work_id == work)
        postings_gb = round(index.postings_bytes() / 1e9, 2)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "hours": hours,
        "works": len(sizes),
        "hashes_per_second": round(per_second, 1),
        "index_gb (postings + directory, memory-mapped)": postings_gb,
        "peak_rss_growth_gb": round((rss_after - rss_before) / 1e6, 2),
        "build_and_save_s": round(build_s, 1),
        "load_s (saved index)": round(load_s, 2),
        "lookup_ms_median": round(1000 * float(np.median(latencies)), 1),
        "lookup_ms_p95": round(1000 * float(np.percentile(latencies, 95)), 1),
        "copies_found_first_at_default": f"{sum(found)}/{len(found)}",
        "distractors_matching_at_default": f"{sum(false)}/{len(false)}",
        "load_average": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }
