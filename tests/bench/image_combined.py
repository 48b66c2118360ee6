"""Combined alterations, as copies really appear online: a re-post is cropped and scaled down and recompressed,
a mirrored picture is also trimmed. Each is a transform as in image_transforms (picture, random) -> (picture,
file suffix, JPEG quality), every one ending in a JPEG of quality 60-85; plus the identical copy and a light
recompression, whose scores must read as near-certain (>= NEAR_CERTAIN).
"""

from __future__ import annotations

import random

from PIL import Image, ImageDraw, ImageOps

from .image_transforms import Transform, _flat

NEAR_CERTAIN = 0.95


def _quality(rng: random.Random) -> int:
    return rng.randint(60, 85)


def _crop(im: Image.Image, side: float, x_share: float, y_share: float) -> Image.Image:
    """The part `side` of each side, its top left corner at x_share, y_share of the room left."""
    w, h = round(im.width * side), round(im.height * side)
    x, y = round((im.width - w) * x_share), round((im.height - h) * y_share)
    return im.crop((x, y, x + w, y + h))


def _scale(im: Image.Image, factor: float) -> Image.Image:
    size = (max(1, round(im.width * factor)), max(1, round(im.height * factor)))
    return im.resize(size, Image.Resampling.LANCZOS)


def mirror_crop_scale(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    """Mirrored, cropped to 80-90 % of each side anywhere, scaled to 1/2-2/3."""
    cropped = _crop(ImageOps.mirror(_flat(im)), rng.uniform(0.8, 0.9), rng.random(), rng.random())
    return _scale(cropped, rng.uniform(0.5, 0.67)), ".jpg", _quality(rng)


def mirror_scale(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    return _scale(ImageOps.mirror(_flat(im)), rng.uniform(0.33, 0.5)), ".jpg", _quality(rng)


def centre_crop_half(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    return _scale(_crop(_flat(im), 0.8, 0.5, 0.5), 0.5), ".jpg", _quality(rng)


def corner_crop_third(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    corner = _crop(_flat(im), 0.6, rng.choice([0.0, 1.0]), rng.choice([0.0, 1.0]))
    return _scale(corner, 1 / 3), ".jpg", _quality(rng)


def crop_caption(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    """Cropped to 75-90 % of each side, a caption bar added under or over it."""
    picture = _crop(_flat(im), rng.uniform(0.75, 0.9), rng.random(), rng.random())
    bar = max(24, picture.height // 6)
    framed = Image.new("RGB", (picture.width, picture.height + bar), rng.choice([(0, 0, 0), (255, 255, 255)]))
    top = rng.random() < 0.5
    framed.paste(picture, (0, bar if top else 0))
    ink = "white" if framed.getpixel((0, 0 if top else framed.height - 1)) == (0, 0, 0) else "black"
    ImageDraw.Draw(framed).text((10, (0 if top else picture.height) + bar // 3), "ai did this one lol #aiart", fill=ink)
    return framed, ".jpg", _quality(rng)


def rotate_crop(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    """Turned 3-7 degrees, then cropped to 80 % of each side so no corner shows, scaled to 1/2-1."""
    angle = rng.choice([-1, 1]) * rng.uniform(3, 7)
    turned = _flat(im).rotate(angle, Image.Resampling.BICUBIC, expand=False)
    return _scale(_crop(turned, 0.8, 0.5, 0.5), rng.uniform(0.5, 1.0)), ".jpg", _quality(rng)


def identical(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    """The work as it is (saved losslessly)."""
    return (im if im.mode == "RGBA" else im.convert("RGB")), ".png", 0


def light_recompress(im: Image.Image, rng: random.Random) -> tuple[Image.Image, str, int]:
    return _flat(im), ".jpg", 90


COMBINED: dict[str, Transform] = {
    "mirror+scale ⅓-½": mirror_scale,
    "mirror+crop 80-90%+scale": mirror_crop_scale,
    "centre crop 80%+½": centre_crop_half,
    "corner crop 60%+⅓": corner_crop_third,
    "crop+caption": crop_caption,
    "rotate 3-7°+crop+scale": rotate_crop,
}
EXACT: dict[str, Transform] = {"identical": identical, "JPEG q90": light_recompress}
