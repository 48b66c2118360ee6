"""Spectral peaks on a log-frequency grid, where a pitch shift is a plain shift and loud is the same as soft.

The spectrogram is built chunk by chunk and peaks are picked in blocks with some context either side,
so memory stays bounded for recordings of any length.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from scipy import fft, ndimage, sparse

from creatorwatch.core.fingerprint.audio_decode import SAMPLE_RATE

N_FFT = 1024
HOP = 256
FRAMES_PER_SECOND = SAMPLE_RATE / HOP  # 31.25
BINS_PER_SEMITONE = 3
N_BINS = 128  # 300 Hz .. about 3.5 kHz: what survives a telephone line
F_MIN = 300.0
PEAK_SPAN = (11, 7)  # a peak is the loudest point in this many frames x bins around it
BACKGROUND_SPAN = (31, 25)  # the local level a peak must stand out from
FLOOR_DB = -75.0  # quieter than this (re full scale) counts as silence
PEAKS_PER_SECOND = 24
BLOCK = 2048  # frames picked at once
CONTEXT = 32  # frames of context either side of a block


@dataclass(frozen=True)
class Peaks:
    """Peaks sorted by time: frame, log-frequency bin, rank by strength within their second (0 strongest)."""

    t: np.ndarray  # uint32
    f: np.ndarray  # uint8
    rank: np.ndarray  # uint8
    frames: int


def _log_filterbank() -> sparse.csr_matrix:
    """Log-frequency bins x linear FFT bins, triangles one log bin wide (at least one FFT bin); sparse."""
    lin = np.arange(N_FFT // 2 + 1) * SAMPLE_RATE / N_FFT
    centres = F_MIN * 2.0 ** (np.arange(N_BINS) / (12 * BINS_PER_SEMITONE))
    width = np.maximum(centres * (2 ** (1 / (12 * BINS_PER_SEMITONE)) - 1), SAMPLE_RATE / N_FFT)
    weights = np.maximum(0.0, 1.0 - np.abs(lin[:, None] - centres[None, :]) / width[None, :])
    return sparse.csr_matrix((weights / weights.sum(axis=0, keepdims=True)).T.astype(np.float32))


_FILTERBANK = _log_filterbank()
_WINDOW = np.hanning(N_FFT).astype(np.float32)


def spectrogram_blocks(chunks: Iterable[np.ndarray]) -> Iterator[np.ndarray]:
    """Log-frequency spectrogram in dB, frames x N_BINS, one block per decoded chunk."""
    carry = np.zeros(N_FFT - HOP, dtype=np.float32)  # the first frame is centred at t=0
    for chunk in chunks:
        x = np.concatenate([carry, chunk.astype(np.float32, copy=False)])
        n = (x.size - N_FFT) // HOP + 1
        if n <= 0:
            carry = x
            continue
        frames = np.lib.stride_tricks.sliding_window_view(x, N_FFT)[: n * HOP : HOP]
        mag = np.abs(fft.rfft(frames * _WINDOW, axis=1)) / np.float32(N_FFT / 4)
        yield 20.0 * np.log10(np.ascontiguousarray((_FILTERBANK @ mag.T).T) + np.float32(1e-6))
        carry = x[n * HOP :]


def find_peaks(chunks: Iterable[np.ndarray]) -> Peaks:
    """All peaks of a recording, picked block by block."""
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    buf = np.zeros((0, N_BINS), dtype=np.float32)
    start = 0  # frame number of buf[0]
    done = 0  # frames whose peaks are already picked
    for spec in spectrogram_blocks(chunks):
        buf = np.concatenate([buf, spec])
        while buf.shape[0] - (done - start) >= BLOCK + CONTEXT:
            found.append(_pick(buf, start, done, done + BLOCK))
            done += BLOCK
            keep = done - CONTEXT - start
            buf, start = buf[keep:], start + keep
    total = start + buf.shape[0]
    if total > done:
        found.append(_pick(buf, start, done, total))
    return _rank(found, total)


def _pick(buf: np.ndarray, start: int, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Peaks with frames in [lo, hi) of `buf` (whose first row is frame `start`): time, bin, strength."""
    local = ndimage.maximum_filter(buf, size=PEAK_SPAN, mode="nearest")
    background = ndimage.uniform_filter(buf, size=BACKGROUND_SPAN, mode="nearest")
    strength = buf - background
    mask = (buf == local) & (buf > FLOOR_DB) & (strength > 3.0)
    rows, cols = np.nonzero(mask[lo - start : hi - start])
    rows = rows + (lo - start)
    return (rows + start).astype(np.uint32), cols.astype(np.uint8), strength[rows, cols]


def _rank(found: list[tuple[np.ndarray, np.ndarray, np.ndarray]], frames: int) -> Peaks:
    if not found:
        return Peaks(np.zeros(0, np.uint32), np.zeros(0, np.uint8), np.zeros(0, np.uint8), frames)
    t = np.concatenate([p[0] for p in found])
    f = np.concatenate([p[1] for p in found])
    s = np.concatenate([p[2] for p in found])
    second = (t / FRAMES_PER_SECOND).astype(np.int64)
    order = np.lexsort((-s, second))
    t, f, second = t[order], f[order], second[order]
    first = np.searchsorted(second, second, side="left")
    rank = np.arange(t.size) - first
    keep = rank < PEAKS_PER_SECOND
    t, f, rank = t[keep], f[keep], rank[keep]
    by_time = np.lexsort((f, t))
    return Peaks(t[by_time], f[by_time], rank[by_time].astype(np.uint8), frames)
