"""The audio scale test: an index of synthetic fingerprints for thousands of hours, searched with real clips.

Synthetic keys take each field (anchor semitone, bin steps, span, ratio) from a different random real key,
so each field is as skewed as in real music while keys stay varied; times are random.
"""

from __future__ import annotations

import resource
import time

import numpy as np

from creatorwatch.core.fingerprint.audio import Index
from creatorwatch.core.fingerprint.audio_blob import Fingerprint, dump, load
from creatorwatch.core.fingerprint.audio_peaks import FRAMES_PER_SECOND, Peaks

WORK_SECONDS = 240.0
FIELDS = (0x3F << 20, 0x3F << 14, 0x3F << 8, 0x1F << 3, 0x7)  # the bit fields of a key (audio_hashes)


def scale_report(hours: float, work_blobs: list[bytes], query_blobs: list[bytes]) -> dict[str, float]:
    real = [load(b) for b in work_blobs]
    pool = np.concatenate([fp.keys for fp in real])
    per_second = pool.size / sum(fp.seconds for fp in real)
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
        times = rng.integers(0, frames, per_work).astype(np.uint32)
        blobs.append(dump(Fingerprint(WORK_SECONDS, keys, times, empty)))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    index = Index()
    index.add_many(enumerate(work_blobs))
    index.add_many((len(work_blobs) + i, b) for i, b in enumerate(blobs))
    index.search(query_blobs[0], 1.0)  # the first search merges what was added
    load_s = time.perf_counter() - start
    del blobs
    latencies = []
    for blob in query_blobs:
        t = time.perf_counter()
        index.search(blob, 0.5)
        latencies.append(time.perf_counter() - t)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "hours": hours,
        "works": n_works + len(work_blobs),
        "hashes_per_second": round(per_second, 1),
        "postings": int(index.postings_bytes() / 8),
        "index_gb": round(index.postings_bytes() / 1e9, 2),
        "peak_rss_growth_gb": round((rss_after - rss_before) / 1e6, 2),
        "load_s": round(load_s, 2),
        "lookup_ms_median": round(1000 * float(np.median(latencies)), 1),
        "lookup_ms_p95": round(1000 * float(np.percentile(latencies, 95)), 1),
    }
