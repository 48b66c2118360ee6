"""Scale test: an index over synthetic fingerprints of many works, its load time, lookup latency and memory."""

from __future__ import annotations

import time

import numpy as np

from creatorwatch.core.fingerprint import image as engine
from creatorwatch.core.fingerprint.image_features import FEATURES, SIDE, Fingerprint


def synthetic_blobs(count: int, seed: int = 1) -> list[bytes]:
    rng = np.random.default_rng(seed)
    blobs = []
    for _ in range(count):
        points = rng.uniform(0, SIDE - 1, (FEATURES, 2)).astype(np.float32)
        descriptors = rng.integers(0, 256, (FEATURES, 32), dtype=np.uint8)
        pdq = rng.integers(0, 2**63, (8, 4), dtype=np.uint64)
        blobs.append(Fingerprint(SIDE, SIDE * 2 // 3, 80, pdq, points, descriptors).to_bytes())
    return blobs


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def scale_report(count: int) -> dict[str, str]:
    blobs = synthetic_blobs(count)
    queries = synthetic_blobs(20, seed=2) + blobs[:: max(1, count // 20)][:20]
    before = _rss_mb()
    start = time.perf_counter()
    index = engine.Index()
    index.add_many(enumerate(blobs))
    index.search(queries[0], engine.DEFAULT_THRESHOLD)  # the first search builds the lookup tables
    load = time.perf_counter() - start
    memory = _rss_mb() - before
    latencies = []
    for query in queries:
        start = time.perf_counter()
        index.search(query, engine.DEFAULT_THRESHOLD)
        latencies.append(time.perf_counter() - start)
    blob_kb = np.mean([len(b) for b in blobs]) / 1024
    return {
        "works": f"{count:,}",
        "blob size": f"{blob_kb:.1f} KB",
        "index load from blobs": f"{load:.2f} s",
        "lookup latency median / max": f"{1000 * np.median(latencies):.1f} / {1000 * max(latencies):.1f} ms",
        "index memory (RSS growth, blobs excluded)": f"{memory:.0f} MB",
    }
