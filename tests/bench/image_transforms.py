"""The alterations a reused picture goes through, each a function (picture, random) -> (picture, file suffix)."""

from __future__ import annotations

import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageOps

Transform = Callable[[Image.Image, random.Random], tuple[Image.Image, str, int]]  # picture, suffix, JPEG quality


def _flat(im: Image.Image, colour: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    if im.mode != "RGBA":
        return im.convert("RGB")
    ground = Image.new("RGBA", im.size, (*colour, 255))
    return Image.alpha_composite(ground, im).convert("RGB")


def resize_quarter(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    return _flat(im).resize((max(1, im.width // 4), max(1, im.height // 4)), Image.Resampling.BILINEAR), ".jpg", 85


def jpeg30(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    return _flat(im), ".jpg", 30


def blur(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    radius = max(im.size) / rng.uniform(250, 400)
    return _flat(im).filter(ImageFilter.GaussianBlur(radius)), ".jpg", 85


def greyscale(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    return ImageOps.grayscale(_flat(im)), ".jpg", 85


def colour(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    hsv = _flat(im).convert("HSV")
    h, s, v = hsv.split()
    shift = rng.randint(25, 60)
    h = h.point(lambda x: (x + shift) % 256)
    picture = Image.merge("HSV", (h, s, v)).convert("RGB")
    return ImageEnhance.Color(picture).enhance(rng.uniform(0.5, 1.6)), ".jpg", 85


def brightness(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    picture = ImageEnhance.Brightness(_flat(im)).enhance(rng.choice([0.6, 0.7, 1.3, 1.45]))
    return ImageEnhance.Contrast(picture).enhance(rng.uniform(0.75, 1.3)), ".jpg", 85


def flip(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    return ImageOps.mirror(_flat(im)), ".jpg", 85


def rotate(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    angle = rng.choice([-1, 1]) * rng.uniform(3, 10)
    picture = _flat(im).rotate(angle, Image.Resampling.BILINEAR, expand=True, fillcolor=(255, 255, 255))
    return picture, ".jpg", 85


def crop(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    """A crop keeping 50-70 % of the area, anywhere (corners included)."""
    area = rng.uniform(0.5, 0.7)
    aspect = rng.uniform(0.75, 1.33)
    w = min(im.width, round(im.width * (area * aspect) ** 0.5))
    h = min(im.height, round(im.width * im.height * area / w))
    x, y = rng.choice([0, im.width - w, rng.randint(0, im.width - w)]), rng.randint(0, im.height - h)
    return _flat(im).crop((x, y, x + w, y + h)), ".jpg", 85


def crop_corner(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    side = rng.uniform(0.71, 0.8)
    w, h = round(im.width * side), round(im.height * side)
    x, y = rng.choice([0, im.width - w]), rng.choice([0, im.height - h])
    return _flat(im).crop((x, y, x + w, y + h)), ".jpg", 85


def embed(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    """The picture at 50-80 % of the side of a larger page with a heading and lines of text."""
    size = rng.uniform(0.5, 0.8)
    page_w, page_h = round(im.width / size), round(im.height / size * rng.uniform(1.0, 1.3))
    page = Image.new("RGB", (page_w, page_h), rng.choice([(255, 255, 255), (240, 236, 228), (30, 30, 34)]))
    draw = ImageDraw.Draw(page)
    x, y = rng.randint(0, page_w - im.width), rng.randint(0, page_h - im.height)
    for line in range(0, page_h, max(12, page_h // 30)):
        draw.text((8, line), "Lorem ipsum dolor sit amet, consectetur adipiscing elit " * 3, fill=(120, 120, 120))
    page.paste(_flat(im), (x, y))
    return page, ".jpg", 85


def caption(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    """A caption bar under (or over) the picture and a corner watermark."""
    picture = _flat(im)
    bar = max(24, picture.height // 6)
    framed = Image.new("RGB", (picture.width, picture.height + bar), (0, 0, 0))
    top = rng.random() < 0.5
    framed.paste(picture, (0, bar if top else 0))
    draw = ImageDraw.Draw(framed)
    draw.text((10, (0 if top else picture.height) + bar // 3), "when the AI makes art lol  #aiart", fill="white")
    return watermark(framed, rng)[0], ".jpg", 85


def watermark(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    picture = _flat(im).convert("RGBA")
    layer = Image.new("RGBA", picture.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    step = max(40, picture.height // 8)
    for y in range(0, picture.height, step):
        draw.text((rng.randint(0, step), y), "© imagebank  sample  " * 8, fill=(255, 255, 255, 120))
    w = max(40, picture.width // 5)
    draw.rectangle((picture.width - w - 8, picture.height - w // 3 - 8, picture.width - 8, picture.height - 8),
                   fill=(20, 20, 160, 200))  # fmt: skip
    return Image.alpha_composite(picture, layer).convert("RGB"), ".jpg", 85


def stretch(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    factor = rng.uniform(1.25, 1.6)
    size = (round(im.width * factor), im.height) if rng.random() < 0.5 else (im.width, round(im.height * factor))
    return _flat(im).resize(size, Image.Resampling.BILINEAR), ".webp", 85


def transparent(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    """Transparent works laid on a colour; opaque ones saved as PNG with an alpha channel."""
    if im.mode == "RGBA":
        return _flat(im, rng.choice([(255, 255, 255), (250, 250, 245), (235, 235, 235)])), ".jpg", 85
    return im.convert("RGBA"), ".png", 0


TRANSFORMS: dict[str, Transform] = {
    "resize 1/4": resize_quarter,
    "jpeg q30": jpeg30,
    "blur": blur,
    "greyscale": greyscale,
    "colour": colour,
    "brightness": brightness,
    "flip": flip,
    "rotate ±10°": rotate,
    "crop ≥50%": crop,
    "corner crop": crop_corner,
    "embedded": embed,
    "caption+watermark": caption,
    "watermark": watermark,
    "stretch": stretch,
    "transparent": transparent,
}

# Distractors get the same boilerplate as copies (caption bars, watermarks, pages), so shared furniture
# cannot make a match on its own.
DISTRACTOR_TRANSFORMS = ["caption+watermark", "embedded", "jpeg q30", "watermark"]


def save(picture: Image.Image, path_stem: str, suffix: str, quality: int) -> str:
    path = path_stem + suffix
    if suffix == ".png":
        picture.save(path)
    else:
        picture.save(path, quality=quality)
    return path
