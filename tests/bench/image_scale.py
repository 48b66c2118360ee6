"""Scale test: an index over synthetic fingerprints of many works: build, reopening from the index cache,
lookup latency, the cost of adding a few works, and memory."""

from __future__ import annotations

import gc
import os
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

from creatorwatch.core.fingerprint import image as engine
from creatorwatch.core.fingerprint.image_features import FEATURES, SIDE, THUMB, Fingerprint
from creatorwatch.core.fingerprint.image_index import RECENT_MAX


def synthetic_blobs(count: int, seed: int = 1) -> list[bytes]:
    rng = np.random.default_rng(seed)
    blobs = []
    for _ in range(count):
        points = rng.uniform(0, SIDE - 1, (FEATURES, 2)).astype(np.float32)
        descriptors = rng.integers(0, 256, (FEATURES, 32), dtype=np.uint8)
        pdq = rng.integers(0, 2**63, (8, 4), dtype=np.uint64)
        thumb = rng.integers(0, 256, (THUMB, THUMB), dtype=np.uint8)
        mirrored = rng.integers(0, 256, (FEATURES, 32), dtype=np.uint8)
        blobs.append(Fingerprint(SIDE, SIDE * 2 // 3, 80, pdq, points, descriptors, thumb, (), mirrored).to_bytes())
    return blobs


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _load() -> str:
    return f"load avg {os.getloadavg()[0]:.1f}"


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def scale_report(count: int) -> dict[str, str]:
    blobs = synthetic_blobs(count)
    queries = synthetic_blobs(20, seed=2) + blobs[:: max(1, count // 20)][:20]
    pairs = [(work_id, len(blob)) for work_id, blob in enumerate(blobs)]
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "image"
        build = _timed(lambda: engine.Index(cache_dir=cache).add_many(enumerate(blobs)))
        build_load = _load()
        gc.collect()
        before = _rss_mb()
        index = engine.Index(cache_dir=cache)
        restored: list[bool] = []
        reopen = _timed(lambda: restored.append(index.restore(pairs)))
        reopen_load = _load()
        assert restored == [True] and len(index) == count, "the cache was not reused"
        latencies = [_timed(partial(index.search, q, engine.DEFAULT_THRESHOLD)) for q in queries]
        lookup_load = _load()
        memory = _rss_mb() - before
        found = sum(index.search(q, engine.DEFAULT_THRESHOLD)[:1] != [] for q in queries[20:])
        extra = synthetic_blobs(RECENT_MAX + 1, seed=3)
        adds = [_timed(partial(index.add, count + i, b)) for i, b in enumerate(extra[:10])]
        search_after_add = _timed(lambda: index.search(extra[0], engine.DEFAULT_THRESHOLD))
        seal = _timed(lambda: index.add_many((count + i, b) for i, b in enumerate(extra) if i >= 10))
        index.remove(0)
        remove = _timed(lambda: index.search(blobs[0], engine.DEFAULT_THRESHOLD))
        gone = all(hit.work_id != 0 for hit in index.search(blobs[0], engine.DEFAULT_THRESHOLD))
        reopened = engine.Index(cache_dir=cache)
        current = [p for p in pairs if p[0] != 0] + [(count + i, len(b)) for i, b in enumerate(extra)]
        again = _timed(lambda: restored.append(reopened.restore(current)))
        assert len(reopened) == len(current), "the cache was not kept up to date"
    blob_kb = np.mean([len(b) for b in blobs]) / 1024
    return {
        "works": f"{count:,}",
        "blob size": f"{blob_kb:.1f} KB",
        "index build from blobs (no cache; then saved)": f"{build:.2f} s ({build_load})",
        "index load, reopened from the cache": f"{reopen:.2f} s ({reopen_load})",
        "lookup latency median / max, all 40 queries": f"{1000 * np.median(latencies):.1f} / "
        f"{1000 * max(latencies):.1f} ms ({lookup_load})",
        "... of them 20 unseen pictures (full vote, nothing found)": f"{1000 * np.median(latencies[:20]):.1f} / "
        f"{1000 * max(latencies[:20]):.1f} ms",
        "... and 20 library works (found by PDQ at once)": f"{1000 * np.median(latencies[20:]):.1f} / "
        f"{1000 * max(latencies[20:]):.1f} ms",
        "library works found by their own fingerprint": f"{found} / {len(queries) - 20}",
        "add 1 work (cache kept up to date), median": f"{1000 * np.median(adds):.0f} ms",
        "first search after 10 adds": f"{1000 * search_after_add:.0f} ms",
        f"add {RECENT_MAX - 9:,} more works at once (seals a segment)": f"{seal:.2f} s",
        "first search after removing 1 work": f"{1000 * remove:.0f} ms (gone from results: {gone})",
        "reopen from the cache after these changes": f"{again:.2f} s",
        "index memory (RSS growth after reopening and lookups)": f"{memory:.0f} MB",
    }


if __name__ == "__main__":
    import sys

    for key, value in scale_report(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000).items():
        print(f"| {key} | {value} |", flush=True)
