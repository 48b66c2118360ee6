"""A picture reposted as a phone's screenshot of a post: the picture across the screen's width between the app's
bars, a name above it, icons, likes and a caption below. The page's text outshouts the picture's few corners, and
a dark picture on a dark-mode page blends into it at its edge, so the picture found on the page is cut a little
short and its own hash misses: it is looked at with local features of its own (image.TILE_SHARE)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from creatorwatch.core.fingerprint import image as engine
from tests.test_image_combined_edits import painting


def night_scene(seed: int) -> Image.Image:
    """A dark panorama whose lower part fades into black, as trees against a night sky do."""
    picture = np.asarray(painting(seed, (1200, 600)), dtype=np.float32) * 0.45
    fade = np.clip((600 - np.arange(600)) / 180.0, 0.0, 1.0)[:, None, None]
    return Image.fromarray((picture * fade).astype(np.uint8))


def phone_screenshot(picture: Image.Image, dark: bool) -> Image.Image:
    """The picture as a 720-pixel-wide phone screen shows a post of it."""
    ground, ink = ((0, 0, 0), (240, 240, 240)) if dark else ((255, 255, 255), (20, 20, 20))
    width = 720
    shown = picture.resize((width, round(picture.height * width / picture.width)))
    screen = Image.new("RGB", (width, shown.height + 900), ground)
    draw = ImageDraw.Draw(screen)
    text = ImageFont.load_default(size=26)
    draw.text((40, 20), "12:41", font=text, fill=ink)
    draw.text((width - 150, 20), "4G  87%", font=text, fill=ink)
    draw.text((28, 90), "Photos", font=ImageFont.load_default(size=44), fill=ink)
    draw.ellipse((20, 175, 75, 230), outline=ink, width=3)
    draw.text((90, 188), "nightowl_art · Follow", font=text, fill=ink)
    top = 250
    screen.paste(shown, (0, top))
    y = top + shown.height + 20
    for x in (28, 95, 162):
        draw.ellipse((x, y, x + 40, y + 40), outline=ink, width=4)
    y += 70
    for line in ("Liked by maria.draws and 2,341 others", "nightowl_art where can I get a print of this?",
                 "#art #aiart #wallpaper #night", "View all 48 comments"):
        draw.text((28, y), line, font=text, fill=ink)
        y += 40
    for x in range(60, width, 140):
        draw.rectangle((x, screen.height - 90, x + 40, screen.height - 50), outline=ink, width=4)
    return screen


@pytest.mark.parametrize("seed", [4, 5, 6, 8, 9, 10])
def test_a_dark_picture_in_a_dark_mode_screenshot_is_found(tmp_path: Path, seed: int) -> None:
    work = tmp_path / "night.png"
    night_scene(seed).save(work)
    index = engine.Index()
    index.add(7, engine.fingerprint_file(work))
    shot = tmp_path / "screenshot.jpg"
    phone_screenshot(Image.open(work), dark=True).save(shot, quality=80)
    assert [hit.work_id for hit in engine.search_file(index, shot, engine.DEFAULT_THRESHOLD)] == [7]


def test_a_screenshot_of_another_picture_is_not_taken_for_it(tmp_path: Path) -> None:
    work = tmp_path / "night.png"
    night_scene(1).save(work)
    index = engine.Index()
    index.add(7, engine.fingerprint_file(work))
    shot = tmp_path / "screenshot.jpg"
    phone_screenshot(night_scene(11), dark=True).save(shot, quality=80)
    assert engine.search_file(index, shot, engine.DEFAULT_THRESHOLD) == []
