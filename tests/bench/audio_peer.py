"""The peer: Chromaprint's `fpcalc -raw`, matched by sliding bit-error rate against each work's print."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np


def fpcalc(path: Path, whole: bool = False) -> np.ndarray:
    """Chromaprint's raw fingerprint (uint32 per ~0.124 s); empty if fpcalc cannot read the file."""
    cmd = ["fpcalc", "-raw", *(["-length", "0"] if whole else []), str(path)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("FINGERPRINT="):
            values = [int(v) for v in line.split("=", 1)[1].split(",") if v]
            return np.array(values, dtype=np.int64).astype(np.uint32)
    return np.zeros(0, dtype=np.uint32)


def similarity(candidate: np.ndarray, work: np.ndarray) -> float:
    """1 - the lowest bit-error rate over every alignment of the shorter fingerprint inside the longer."""
    short, long = (candidate, work) if candidate.size <= work.size else (work, candidate)
    if short.size < 8:
        return 0.0
    windows = np.lib.stride_tricks.sliding_window_view(long, short.size)
    errors = np.bitwise_count(windows ^ short[None, :]).sum(axis=1)
    return 1.0 - float(errors.min()) / (32 * short.size)


def search(candidate: np.ndarray, works: list[np.ndarray]) -> dict[int, float]:
    return {i: similarity(candidate, w) for i, w in enumerate(works)}
