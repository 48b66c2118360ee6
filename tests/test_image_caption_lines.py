"""A picture reposted under (or over) a meme's caption, lines of bold text in a bar, is found: the text's strong
corners outshouted the picture's own among the candidate's local features, so such a copy was missed as often
as not."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from creatorwatch.core.fingerprint import image
from tests.test_image_combined_edits import found, fractal, jpeg, painting
from tests.test_image_matching import artwork

CAPTION = ("WHEN THE AI MAKES ART", "NOBODY ASKED ME ABOUT", "MY OWN WORK AGAIN LOL")


def sprite(seed: int) -> Image.Image:
    """A figure cut out on white, as game art and stickers are."""
    art = artwork(seed, (400, 400))
    mask = Image.new("L", art.size, 0)
    ImageDraw.Draw(mask).ellipse((60, 20, 340, 390), fill=255)
    page = Image.new("RGB", art.size, (255, 255, 255))
    page.paste(art, (0, 0), mask)
    return page


def under_caption(picture: Image.Image, lines: int, dark: bool, top: bool) -> Image.Image:
    """`picture` with a bar of `lines` lines of bold capitals above (`top`) or below it, white on black or black on
    white, saved as a JPEG of quality 80."""
    width, height = picture.size
    size = int(0.07 * height)
    font = ImageFont.load_default(size=size)
    bar = int(lines * size * 1.35 + size * 0.6)
    page = Image.new("RGB", (width, height + bar), (0, 0, 0) if dark else (255, 255, 255))
    page.paste(picture.convert("RGB"), (0, bar if top else 0))
    draw, ink = ImageDraw.Draw(page), (255, 255, 255) if dark else (0, 0, 0)
    for line in range(lines):
        draw.text((width // 2, (0 if top else height) + int(size * (0.3 + 1.35 * line))), CAPTION[line], font=font,
                  fill=ink, anchor="ma", stroke_width=2, stroke_fill=ink)
    return jpeg(page, 80)


PICTURES = {"fractal": lambda: fractal(-0.7435 + 0.1314j, 0.02), "painting": lambda: painting(3),
            "artwork": lambda: artwork(5), "sprite": lambda: sprite(7)}


@pytest.mark.parametrize("dark", [False, True], ids=["black on white", "white on black"])
@pytest.mark.parametrize("top", [True, False], ids=["above", "below"])
@pytest.mark.parametrize("name", list(PICTURES))
def test_a_picture_under_three_lines_of_bold_caption_is_found(name: str, top: bool, dark: bool,
                                                               tmp_path: Path) -> None:
    picture = PICTURES[name]()
    others = [painting(11), sprite(9)]
    assert found(picture, under_caption(picture, 3, dark, top), tmp_path, others) >= image.DEFAULT_THRESHOLD
