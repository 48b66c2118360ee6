"""Colour-carried designs for the smooth bench: pictures whose design lives in hue at near-constant brightness.

A radial, linear, swirled or waved gradient between a few hues, or bands of hues, all of about one brightness:
their grey is nearly blank, their colour is not. Each is drawn with NumPy from a seed (its kind, hues, centre,
frequencies, whether film-like noise lies over it), so the library and the distractors (independently seeded
designs of the same kinds) are the same on every machine. Any line the engine fits for such pictures is fitted
here; ImageMagick's gradient:/plasma: pictures are kept for an independent check and never used.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
from PIL import Image

KINDS = ("radial", "linear", "swirled", "waved", "banded")
SIZE = (1600, 1000)
WORKS = 10  # seeds 0-9: each kind twice, the second time under noise
DISTRACTORS = 10  # seeds 100-109, drawn the same way
NOISE = 6.0  # levels (standard deviation) of the noise laid over every second design
LUMA = 12.0  # levels: brightness follows the design by at most this much (its grey spreads 0-9 levels)


def design(seed: int, size: tuple[int, int] = SIZE, hues: int | None = None) -> Image.Image:
    """The design of this seed (with the hues of seed `hues` if given: the same design, other colours)."""
    rng = np.random.default_rng(seed)
    kind = KINDS[seed % len(KINDS)]
    field = _field(kind, rng, size)
    palette = _palette(np.random.default_rng(seed if hues is None else hues + 10_000))
    luma = rng.uniform(105, 150) + rng.uniform(0, LUMA) * np.sin(2 * np.pi * field)  # brightness all but even
    stops = np.linspace(0.0, 1.0, len(palette))
    cb = np.interp(field, stops, palette[:, 0])
    cr = np.interp(field, stops, palette[:, 1])
    rgb = _rgb(luma, cb, cr)
    if (seed // len(KINDS)) % 2:
        rgb = rgb + rng.normal(0.0, NOISE, rgb.shape)
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))


def _field(kind: str, rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    """A smooth scalar field in 0..1 carrying the design's shape."""
    width, height = size
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    x, y = xx / width - rng.uniform(0.2, 0.8), (yy / width) - rng.uniform(0.1, 0.5)
    radius = np.hypot(x, y)
    angle = rng.uniform(0, 2 * np.pi)
    along = x * np.cos(angle) + y * np.sin(angle)
    if kind == "radial":
        return radius / radius.max()
    if kind == "linear":
        return (along - along.min()) / np.ptp(along)
    if kind == "swirled":
        turns = rng.integers(2, 5)
        return 0.5 + 0.5 * np.sin(turns * np.arctan2(y, x) + rng.uniform(6, 14) * radius)
    across = -x * np.sin(angle) + y * np.cos(angle)
    if kind == "waved":
        wave = rng.uniform(1.5, 3.5) * along + rng.uniform(0.1, 0.3) * np.sin(2 * np.pi * rng.uniform(1, 3) * across)
        return 0.5 + 0.5 * np.sin(2 * np.pi * wave)
    bands = rng.integers(4, 9)  # banded: steps of hue along a gently bent line
    bent = (along - along.min()) / np.ptp(along) + 0.05 * np.sin(2 * np.pi * across)
    return np.clip(np.floor(bent * bands) / (bands - 1), 0, 1)


def _palette(rng: np.random.Generator) -> np.ndarray:
    """Two to four hues as (Cb, Cr) offsets of similar strength, well apart on the colour wheel."""
    count = int(rng.integers(2, 5))
    first = rng.uniform(0, 2 * np.pi)
    hues = first + np.cumsum(rng.uniform(0.6, 2.0, count)) - 0.6
    strength = rng.uniform(25, 45, count)
    return np.stack([strength * np.cos(hues), strength * np.sin(hues)], axis=1)


def _rgb(luma: np.ndarray, cb: np.ndarray, cr: np.ndarray) -> np.ndarray:
    """BT.601 YCbCr (chroma as offsets from neutral) to RGB."""
    red = luma + 1.402 * cr
    green = luma - 0.344136 * cb - 0.714136 * cr
    blue = luma + 1.772 * cb
    return np.stack([red, green, blue], axis=-1)


def build(root: Path) -> tuple[list[Path], list[Path]]:
    """The library designs and the distractor designs (cached as PNG under root/works and root/distractors)."""
    folders = []
    for name, seeds in (("works", range(WORKS)), ("distractors", range(100, 100 + DISTRACTORS))):
        folder = root / name
        if not folder.is_dir():
            partial = folder.with_suffix(".partial")
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir(parents=True)
            for seed in seeds:
                design(seed).save(partial / f"{KINDS[seed % len(KINDS)]}-{seed:03d}.png")
            partial.rename(folder)
        folders.append(sorted(folder.iterdir()))
    return folders[0], folders[1]
