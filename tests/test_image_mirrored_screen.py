"""A mirrored, cropped copy of a nearly symmetric picture (a login screen: a gradient, round icons in a row, a few
lines of words) is found. Its symmetric parts match the work unmirrored, so the descriptor vote sees no mirror, and
the unmirrored check finds too little: the work is then checked mirrored as well (image_verify.HALF_SEEN). A
creator's screenshot of a desktop theme, mirrored, cropped to 85 % and scaled down, went unfound even on High."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageOps

from tests.test_image_combined_edits import crop, found, jpeg, painting, scale

WORDS = ["Suspend", "Restart", "Shutdown", "mercredi", "novembre", "Connexion", "Other", "00:27", "Bienvenue"]


def login_screen(seed: int) -> Image.Image:
    """A 900 × 506 gradient, even from side to side, three rings in a row across its middle, three lines of words."""
    y = np.linspace(0, 1, 506)[:, None]
    x = np.abs(np.linspace(-1, 1, 900))[None, :]
    ground = 90 + 60 * y - 30 * x**2
    screen = Image.fromarray(np.stack([ground, ground + 5, ground + 20], -1).clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(screen)
    for centre in (380, 450, 520):
        draw.ellipse((centre - 22, 150, centre + 22, 194), outline=(30, 30, 30), width=4)
    for row in range(3):
        line = " ".join(WORDS[(row * 3 + seed) % 9 :][:3])
        draw.text((360 + 7 * ((row + seed) % 3), 240 + 14 * row), line, fill=(250, 250, 250))
    return screen


def test_a_mirrored_crop_of_a_nearly_symmetric_screen_is_found(tmp_path: Path) -> None:
    work = login_screen(5)
    copy = jpeg(scale(crop(ImageOps.mirror(work), 0.85), 0.7), 70)
    assert found(work, copy, tmp_path, [login_screen(6), painting(3)]) >= 0.9


def test_another_screen_of_the_same_theme_mirrored_is_not_found(tmp_path: Path) -> None:
    assert found(login_screen(5), jpeg(scale(crop(ImageOps.mirror(login_screen(6)), 0.85), 0.7), 70), tmp_path) == 0.0
