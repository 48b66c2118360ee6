"""Scale test for the text index: synthetic fingerprints of many scripts, one lookup, load time, memory."""

from __future__ import annotations

import time

import numpy as np

from creatorwatch.core.fingerprint import text as engine
from creatorwatch.core.fingerprint.text_shingle import Fingerprint, encode, shingles, winnow

SCRIPT_WORDS = 20_000  # a feature-length screenplay


def scale_test(works: int) -> dict[str, float]:
    rng = np.random.default_rng(10)
    words = [rng.integers(0, 2**16, SCRIPT_WORDS, dtype=np.uint16) for _ in range(works)]
    blobs = [_blob(ids) for ids in words]
    entries = sum(int.from_bytes(blob[8:12], "little") for blob in blobs)
    before = _rss()
    start = time.perf_counter()
    index = engine.Index()
    index.add_many(enumerate(blobs))
    index.search(engine.fingerprint_text(""), 1.0)  # an empty candidate: builds the table
    load = time.perf_counter() - start
    memory = _rss() - before + sum(len(b) for b in blobs)
    target = works // 2
    page = np.concatenate((rng.integers(0, 2**16, 1000, dtype=np.uint16), words[target][5000:5300],
                           rng.integers(0, 2**16, 1700, dtype=np.uint16)))
    candidate = _blob(page)
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        hits = index.search(candidate, engine.DEFAULT_THRESHOLD)
        timings.append(time.perf_counter() - start)
    found = bool(hits) and hits[0].work_id == target
    return {"works": works, "words": SCRIPT_WORDS, "entries": entries, "load": load,
            "lookup": float(np.median(timings)), "memory": memory, "found": found}


def _blob(ids: np.ndarray) -> bytes:
    """The fingerprint of a text of these word ids, each word 5 characters after one space."""
    grams = shingles(ids)
    chosen = winnow(grams)
    ones = np.ones(len(ids), np.uint8)
    return encode(Fingerprint(ids, ones, ones * 5, np.zeros((0, 3), np.uint32), grams[chosen],
                              chosen.astype(np.uint32)))


def _rss() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0
