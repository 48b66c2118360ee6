"""Pictures for checking the NumPy PDQ against the reference: made from fixed seeds with NumPy alone, so the
same pixels come back on any machine. Flat ones (many coefficients tie at the median), noisy ones, smooth
ones, tiny ones (upscaled) and large ones (filtered before decimation), grey and colour."""

from __future__ import annotations

import numpy as np


def pdq_pictures() -> list[tuple[str, np.ndarray]]:
    pictures: list[tuple[str, np.ndarray]] = []
    for seed in range(24):
        rng = np.random.default_rng(seed)
        rows, cols = [(128, 128), (16, 16), (30, 45), (64, 64), (300, 200), (517, 733)][seed % 6]
        y, x = np.mgrid[0:rows, 0:cols].astype(np.float64)
        kind = seed % 4
        if kind == 0:  # noise
            picture = rng.integers(0, 256, (rows, cols, 3))
        elif kind == 1:  # smooth and curved
            wave = np.sin(x * y / (300 + 11 * seed)) * 110 + 128
            picture = np.stack([wave, np.cos((x - y) / (7 + seed)) * 90 + 120, rng.integers(0, 40, (rows, cols))], -1)
        elif kind == 2:  # a flat logo: a block on a plain ground
            picture = np.full((rows, cols, 3), 240.0)
            picture[rows // 4 : 3 * rows // 4, cols // 3 : 2 * cols // 3] = (20, 60, 200)
        else:  # grey shapes with a little noise
            picture = ((x - cols / 2) ** 2 + (y - rows / 3) ** 2 < (min(rows, cols) / 3) ** 2) * 180.0
            picture = np.repeat(picture[:, :, None], 3, axis=2) + rng.integers(0, 25, (rows, cols, 1))
        image = np.clip(picture, 0, 255).astype(np.uint8)
        pictures.append((f"{seed:02d}-{rows}x{cols}-{['noise', 'smooth', 'flat', 'shapes'][kind]}", image))
    return pictures
