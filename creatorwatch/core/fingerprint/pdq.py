"""PDQ, Meta's perceptual image hash, in NumPy: the same 256 bits and quality as the reference C++ (the
`pdqhash` package), so stored fingerprints keep matching, without a C++ compiler on the creator's machine.

The steps follow the published algorithm (pdqhash-2017-10-09): luma; two passes of a box ("Jarosz") filter
along rows and columns; a 64×64 decimation; the 16×16 block of a 64-point DCT without its DC term; one bit per
coefficient, set when it exceeds the median. The eight turns and mirrors come from the DCT by sign changes
and transposition, as the reference computes them. Sums run in single precision and in the reference's order:
a flat picture has many coefficients at the median, and only the same rounding gives the same bits there.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)
MIN_SIDE = 5  # the reference hashes nothing smaller
PASSES = 2  # two box passes: a tent filter

_I = np.arange(16, dtype=np.float64)[:, None]
_J = np.arange(64, dtype=np.float64)[None, :]
_SCALE = float(np.float32(np.sqrt(2.0 / 64)))  # the reference keeps the scale in single precision
DCT = (_SCALE * np.cos(np.pi / 2.0 / 64 * (_I + 1) * (2 * _J + 1))).astype(np.float32)  # 16×64

DCT64 = DCT.astype(np.float64)
ABS_DCT64 = np.abs(DCT64)
# How far single-precision sums of 64 terms in two stages stray, relative to the sum of the terms' sizes: a
# generous multiple of the typical error (it grows as the square root of the count), far below the worst case.
ROUNDING = 4 * 8 * 2.0**-24

_ODD_ROW = (np.arange(16)[:, None] & 1).astype(bool) & np.ones((1, 16), bool)
_ODD_COL = _ODD_ROW.T
_ODD_SUM = _ODD_ROW ^ _ODD_COL


def compute_dihedral(image: np.ndarray) -> tuple[list[np.ndarray], int]:
    """The eight hashes (as is, turned 90°, 180°, 270° counter-clockwise, mirrored top to bottom, left to right,
    and about each diagonal: pdqhash.compute_dihedral's order) as 256-element 0/1 vectors, and the quality."""
    luma = _luma(image)
    if min(luma.shape) < MIN_SIDE:
        return [np.zeros(256, np.uint8) for _ in range(8)], 0
    small = _downscale(luma)
    quality = _quality(small)
    grey = small.astype(np.float64)
    quick = _variants(DCT64 @ grey @ DCT64.T)
    slack = _variants(ABS_DCT64 @ np.abs(grey) @ ABS_DCT64.T * ROUNDING)
    if all(_median_is_clear(v, e) for v, e in zip(quick, slack, strict=True)):  # single precision ranks alike
        return [_bits(v) for v in quick], quality
    return [_bits(v) for v in _variants(_dct16(small))], quality


def _variants(dct: np.ndarray) -> list[np.ndarray]:
    return [
        dct,
        np.where(_ODD_COL, dct, -dct).T,  # turned 90°
        np.where(_ODD_SUM, -dct, dct),  # turned 180°
        np.where(_ODD_ROW, dct, -dct).T,  # turned 270°
        np.where(_ODD_ROW, dct, -dct),  # mirrored top to bottom
        np.where(_ODD_COL, dct, -dct),  # mirrored left to right
        dct.T,  # about the main diagonal
        np.where(_ODD_SUM, -dct, dct).T,  # about the other diagonal
    ]


def _median_is_clear(block: np.ndarray, slack: np.ndarray) -> bool:
    """The coefficients either side of the median are further apart than rounding could move them."""
    flat = block.reshape(-1)
    order = np.argpartition(flat, (127, 128))
    low, high = order[127], order[128]
    return bool(flat[high] - flat[low] > np.abs(slack.reshape(-1)[[low, high]]).sum())


def compute(image: np.ndarray) -> tuple[np.ndarray, int]:
    """The picture's hash as is, and its quality."""
    hashes, quality = compute_dihedral(image)
    return hashes[0], quality


def _luma(image: np.ndarray) -> np.ndarray:
    """Luma as pdqhash's binding makes it: in double precision, then single."""
    if image.ndim == 2:
        return image.astype(np.float32)
    r, g, b = (image[:, :, c].astype(np.float64) for c in range(3))
    return (r * 0.299 + g * 0.587 + b * 0.114).astype(np.float32)


def _dct16(block: np.ndarray) -> np.ndarray:
    """DCT · block · DCTᵀ, each sum accumulated term by term in single precision, in the reference's order.
    Needed only when the median is a near tie."""
    half = np.zeros((16, 64), np.float32)
    for k in range(64):  # T[i, j] += D[i, k] · A[k, j]
        half += DCT[:, k, None] * block[k]
    out = np.zeros((16, 16), np.float32)
    for k in range(64):  # B[i, j] += T[i, k] · D[j, k]
        out += half[:, k, None] * DCT[:, k]
    return out


def _window(old: int, new: int = 64) -> int:
    return (old + 2 * new - 1) // (2 * new)


def _downscale(luma: np.ndarray) -> np.ndarray:
    rows, cols = luma.shape
    if (rows, cols) == (64, 64):
        return luma
    across, down = _window(cols), _window(rows)
    out = luma
    for _ in range(PASSES):
        out = _box(out, across, axis=1)
        out = _box(out, down, axis=0)
    pick_rows = (((np.arange(64) + 0.5) * rows) / 64).astype(int)
    pick_cols = (((np.arange(64) + 0.5) * cols) / 64).astype(int)
    return out[np.ix_(pick_rows, pick_cols)]


def _box(values: np.ndarray, window: int, axis: int) -> np.ndarray:
    """The reference's running mean along `axis`, in its order and precision (a running float sum, whose
    rounding the bits of a flat picture depend on). A window of one over whole numbers is exact: skipped."""
    if window == 1 and values.size and float(np.abs(values).max()) < 2**23 and np.array_equal(values, np.rint(values)):
        return values
    moved = np.moveaxis(values, axis, 0)
    index, signs, taken, counts = _box_plan(moved.shape[0], window)
    shape = (-1, *([1] * (moved.ndim - 1)))
    running = np.add.accumulate(moved[index] * signs.reshape(shape), axis=0, dtype=np.float32)
    return np.moveaxis(running[taken] / counts.reshape(shape), 0, axis)


@lru_cache(maxsize=64)
def _box_plan(n: int, window: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The order in which the reference adds and subtracts values, and after which step it reads output i,
    the mean of [i - (window - half), i + half - 1] cut at the edges."""
    half = (window + 2) // 2
    events = [(r, 1.0) for r in range(min(half - 1, n))]
    taken, counts = [], []
    for i in range(n):
        right, left = i + half - 1, i - (window - half) - 1
        if right < n:
            events.append((right, 1.0))
        if left >= 0:
            events.append((left, -1.0))
        taken.append(len(events) - 1)
        counts.append(min(right, n - 1) - max(left + 1, 0) + 1)
    index, signs = zip(*events, strict=True)
    return (np.array(index), np.array(signs, np.float32), np.array(taken), np.array(counts, np.float32))


def _quality(small: np.ndarray) -> int:
    down = np.trunc((small[:-1, :] - small[1:, :]) * np.float32(100) / np.float32(255))
    across = np.trunc((small[:, :-1] - small[:, 1:]) * np.float32(100) / np.float32(255))
    total = int(np.abs(down).sum() + np.abs(across).sum())
    return min(total // 90, 100)


def _bits(block: np.ndarray) -> np.ndarray:
    flat = block.reshape(-1)
    median = np.partition(flat, 127)[127]
    return (flat > median).astype(np.uint8)[::-1]
