"""A copy of a picture too dark or flat for its hash (a near-black wallpaper) reads as the exact copy it is, and
another such picture is not taken for it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.test_image_combined_edits import jpeg
from tests.test_image_crop_layout import scores


def near_black(seed: int, size: tuple[int, int] = (1920, 1080)) -> Image.Image:
    """A dark wallpaper: mean brightness about 6 of 255, its design a faint glow and a few dim shapes."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0 : size[1], 0 : size[0]].astype(np.float32)
    cx, cy = rng.uniform(0.2, 0.8) * size[0], rng.uniform(0.2, 0.8) * size[1]
    glow = 9.0 * np.exp(-(((x - cx) / size[0]) ** 2 + ((y - cy) / size[1]) ** 2) / 0.08)
    for _ in range(4):
        x0, y0 = rng.uniform(0, size[0] * 0.8), rng.uniform(0, size[1] * 0.8)
        glow[int(y0) : int(y0 + size[1] * 0.15), int(x0) : int(x0 + size[0] * 0.15)] += rng.uniform(2.0, 4.0)
    grey = np.clip(2.0 + glow, 0, 255).astype(np.uint8)
    return Image.fromarray(np.stack([grey, grey, (grey * 1.2).clip(0, 255).astype(np.uint8)], axis=-1))


@pytest.mark.parametrize("quality", [None, 90, 75], ids=["identical", "jpeg-90", "jpeg-75"])
def test_a_copy_of_a_near_black_picture_is_near_certain(tmp_path: Path, quality: int | None) -> None:
    work = near_black(1)
    copy = work if quality is None else jpeg(work, quality)
    found = scores(work, copy, tmp_path, [near_black(2), near_black(3)], saved_as="png")
    assert set(found) == {0} and found[0] >= 0.95


def test_another_near_black_picture_is_not_taken_for_it(tmp_path: Path) -> None:
    assert scores(near_black(1), near_black(4), tmp_path, [near_black(2), near_black(3)], saved_as="png") == {}
