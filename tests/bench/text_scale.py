"""Scale test for the text index: synthetic fingerprints of many feature-length scripts.

It measures what a creator meets: the first start, which builds the index and saves it in the cache folder
(`build`); every later start, which reopens the saved copy (`load`, the target is 5 s at 10,000 scripts); one
lookup; the memory the reopened index holds after the lookups (`memory`, of which `private` is not backed by
the saved files, which the system can page out); adding one script, merged in and saved again before the next
search (`add`). Run with the text bench, or alone:
python -m tests.bench.text_scale [--works 1000]
"""

from __future__ import annotations

import argparse
import gc
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from creatorwatch.core.fingerprint import text as engine
from creatorwatch.core.fingerprint.text_shingle import Fingerprint, encode, shingles, winnow

SCRIPT_WORDS = 20_000  # a feature-length screenplay


def scale_test(works: int) -> dict[str, float]:
    rng = np.random.default_rng(10)
    words = [rng.integers(0, 2**16, SCRIPT_WORDS, dtype=np.uint16) for _ in range(works)]
    blobs = [_blob(ids) for ids in words]
    entries = sum(int.from_bytes(blob[8:12], "little") for blob in blobs)
    target = works // 2
    page = np.concatenate((rng.integers(0, 2**16, 1000, dtype=np.uint16), words[target][5000:5300],
                           rng.integers(0, 2**16, 1700, dtype=np.uint16)))
    candidate = _blob(page)
    extra = rng.integers(0, 2**16, SCRIPT_WORDS, dtype=np.uint16)
    del words
    cache = Path(tempfile.mkdtemp(prefix="text-scale-"))
    try:
        start = time.perf_counter()
        first = engine.Index(cache_dir=cache)
        first.add_many(enumerate(blobs))  # the first start: built and saved
        build = time.perf_counter() - start
        del first
        gc.collect()
        pairs = [(work_id, len(blob)) for work_id, blob in enumerate(blobs)]
        del blobs
        gc.collect()
        before = _status()
        start = time.perf_counter()
        index = engine.Index(cache_dir=cache)
        restored = index.restore(pairs)
        index.search(engine.fingerprint_text(""), 1.0)
        load = time.perf_counter() - start
        timings = []
        for _ in range(5):
            start = time.perf_counter()
            hits = index.search(candidate, engine.DEFAULT_THRESHOLD)
            timings.append(time.perf_counter() - start)
        after = _status()
        found = restored and bool(hits) and hits[0].work_id == target
        start = time.perf_counter()
        index.add(works, _blob(extra))
        added = index.search(_blob(extra[7000:7300]), engine.DEFAULT_THRESHOLD)
        add = time.perf_counter() - start
        found = found and bool(added) and added[0].work_id == works
        saved = sum(f.stat().st_size for f in cache.rglob("*") if f.is_file())
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return {"works": works, "words": SCRIPT_WORDS, "entries": entries, "build": build, "load": load,
            "lookup": float(np.median(timings)), "memory": after["VmRSS"] - before["VmRSS"],
            "private": after["RssAnon"] - before["RssAnon"], "add": add, "saved": saved, "found": found}


def _blob(ids: np.ndarray) -> bytes:
    """The fingerprint of a text of these word ids, each word 5 characters after one space."""
    grams = shingles(ids)
    chosen = winnow(grams)
    ones = np.ones(len(ids), np.uint8)
    return encode(Fingerprint(ids, ones, ones * 5, np.zeros((0, 3), np.uint32), grams[chosen],
                              chosen.astype(np.uint32), len(ids)))


def _status() -> dict[str, int]:
    """This process's resident memory, in bytes: all of it (VmRSS) and the part no file backs (RssAnon)."""
    found = {"VmRSS": 0, "RssAnon": 0}
    with open("/proc/self/status") as status:
        for line in status:
            name = line.split(":")[0]
            if name in found:
                found[name] = int(line.split()[1]) * 1024
    return found


def summary(scale: dict[str, float]) -> str:
    return (f"scale, {scale['works']:.0f} synthetic scripts of {scale['words']:.0f} words "
            f"({scale['entries'] / 1e6:.1f} M fingerprints): index load from the saved copy {scale['load']:.2f} s "
            f"(target < 5 s; first start, building and saving it: {scale['build']:.1f} s, "
            f"{scale['saved'] / 2**20:.0f} MiB on disk), lookup {scale['lookup'] * 1000:.1f} ms (target < 50 ms), "
            f"memory {scale['memory'] / 2**20:.0f} MiB ({scale['private'] / 2**20:.0f} MiB not backed by the "
            f"saved files), adding one script and searching {scale['add']:.1f} s, planted copy and added script "
            f"found: {bool(scale['found'])}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--works", type=int, default=1000, help="synthetic scripts of 20,000 words (10000: ~3 GB)")
    print(summary(scale_test(parser.parse_args().works)))
