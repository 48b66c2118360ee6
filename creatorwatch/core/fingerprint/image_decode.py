"""Open any picture file safely and cheaply as a small grey array, or say in plain words why not.

Decoding dominates the cost of fingerprinting, and both stages look at brightness only, so JPEGs are decoded
at reduced scale and as luma alone (Pillow draft mode): the colour planes are never upsampled or converted.
Only a picture whose grey is nearly blank is decoded again in colour (load_colour), for its design in hue.
Formats Pillow can only decode whole (PNG, WebP, TIFF) are decoded within a pixel budget shared by all workers
and, when large, shrunk strip by strip before any conversion, so a huge picture never exists twice in memory.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.files.picture_open import open_picture
from creatorwatch.core.files.regular_file import open_regular

from .pixel_budget import PixelBudget

MAX_PIXELS = 80_000_000  # larger pictures are refused before anything is allocated (decompression bombs)
DECODE_BUDGET = PixelBudget(48_000_000)  # full-size pixels decoded at once across all threads (~200 MB in RGBA)
STRIPS_OVER = 16_000_000  # pictures larger than this are shrunk strip by strip, before any conversion
STRIP_PIXELS = 2_000_000
# Pillow keeps a picture in blocks of 16 MB, which the C library recycles per thread instead of giving them back,
# so each worker would keep the largest picture it ever decoded. Blocks of 64 MB are always handed back at once.
Image.core.set_block_size(64 * 1024 * 1024)
_STRIP_MODE = {"1": "L", "P": "RGBA", "PA": "RGBA", "I;16": "I", "I;16B": "I", "I;16L": "I", "I;16N": "I"}
_HIGH_DEPTH = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")
_ALPHA = ("RGBA", "LA", "La", "RGBa")
BLANK_SPREAD = 2.0  # grey levels (standard deviation) under which a picture laid on white shows nothing


def load_grey(path: Path, side: int) -> np.ndarray:
    """The picture at `path` as a grey (BT.601 luma) uint8 array whose longer side is at most `side` pixels.

    Transparent pictures are laid on white, or on black where white would hide them (ground_of); 16-bit, CMYK
    and palette pictures are converted; animations and multi-page files give their first frame.
    """
    return _decoded(Path(path), lambda im: _small(im, side, "L"))


def load_colour(path: Path, side: int) -> np.ndarray:
    """load_grey() in colour: an (h, w, 3) uint8 array of BT.601 luma and chroma (YCbCr), its luma the very
    grey load_grey gives, laid on the same ground."""
    return _decoded(Path(path), lambda im: _small(im, side, "YCbCr"))


def _decoded(path: Path, read: Callable[[Image.Image], np.ndarray]) -> np.ndarray:
    """read(the picture at `path`), any failure said in plain words (UnreadableMedia)."""
    try:
        if path.stat().st_size == 0:
            raise UnreadableMedia("this file is empty (0 bytes)")
    except OSError as exc:
        raise UnreadableMedia(f"this file cannot be opened ({exc.strerror or exc})") from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with open_regular(path) as handle, open_picture(handle) as im:
                _refuse_huge(im)
                return read(im)
    except UnreadableMedia:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnreadableMedia("this picture is too large to open safely (a possible decompression bomb)") from exc
    except UnidentifiedImageError as exc:
        raise UnreadableMedia("this file is not a picture format we can read") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        if "truncated" in str(exc) or isinstance(exc, EOFError):
            raise UnreadableMedia("this picture file is cut short (truncated)") from exc
        raise UnreadableMedia(f"this picture file is damaged and cannot be decoded ({exc})") from exc
    except MemoryError as exc:
        raise UnreadableMedia("this picture is too large to open") from exc


def _refuse_huge(im: Image.Image) -> None:
    width, height = im.size
    if width * height > MAX_PIXELS:
        raise UnreadableMedia(
            f"this picture is too large to open safely ({width} × {height} pixels; the limit is "
            f"{MAX_PIXELS // 1_000_000} megapixels)"
        )
    if width < 1 or height < 1:
        raise UnreadableMedia("this picture has no pixels")


def _small(im: Image.Image, side: int, mode: str) -> np.ndarray:
    """The picture in `mode` ("L" or "YCbCr") at most `side` pixels long."""
    scale = min(1.0, side / max(im.size))
    target = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
    im.draft(mode, target)  # JPEG: luma only (or its own YCbCr, unconverted), decoded at 1/2, 1/4 or 1/8 scale
    with DECODE_BUDGET.held(im.width * im.height):
        im.load()
        if im.width * im.height <= STRIPS_OVER:
            return _converted(im, target, ImageOps.exif_transpose, mode)
        orientation = im.getexif().get(0x0112)  # kept from the original: the shrunk copy has no EXIF
        im = _shrunk_in_strips(im, target)
    return _converted(im, target, lambda small: _oriented(small, orientation), mode)


def _shrunk_in_strips(im: Image.Image, target: tuple[int, int]) -> Image.Image:
    """`im` box-averaged by the factors Pillow's thumbnail would use, one strip at a time: no full-size copy."""
    fx = max(1, int(im.width / target[0] / 2.0))
    fy = max(1, int(im.height / target[1] / 2.0))
    mode = _STRIP_MODE.get(im.mode, im.mode)
    small = Image.new(mode, (math.ceil(im.width / fx), math.ceil(im.height / fy)))
    rows = fy * max(1, STRIP_PIXELS // (im.width * fy))
    for top in range(0, im.height, rows):
        strip = im.crop((0, top, im.width, min(im.height, top + rows)))
        if strip.mode != mode:
            strip = strip.convert(mode)
        small.paste(strip.reduce((fx, fy)), (0, top // fy))
    return small


def _oriented(im: Image.Image, orientation: object) -> Image.Image:
    method = _ORIENTATIONS.get(orientation) if isinstance(orientation, int) else None
    return im.transpose(method) if method is not None else im


_ORIENTATIONS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _converted(im: Image.Image, target: tuple[int, int], orient: Callable[[Image.Image], Image.Image],
               mode: str) -> np.ndarray:  # fmt: skip
    """Grey (or YCbCr) at the target size: high-depth, palette and transparent pictures converted, then shrunk."""
    if im.mode in _HIGH_DEPTH:
        im = _high_depth_to_grey(im)
    elif im.mode in ("P", "PA"):
        im = im.convert("RGBA")  # a palette may hold transparency
    if mode == "YCbCr" and im.mode != "YCbCr":
        im = _laid_in_colour(im) if im.mode in _ALPHA else im.convert("RGB")
    elif mode == "L" and im.mode != "L":
        im = im.convert("LA" if im.mode in _ALPHA else "L")
    im.thumbnail(target, Image.Resampling.BILINEAR)
    im = orient(im)
    if im.mode == "LA":
        return _laid_down(np.asarray(im))
    return np.asarray(im.convert(mode) if im.mode != mode else im)


def _laid_in_colour(im: Image.Image) -> Image.Image:
    """A transparent picture laid, in colour, on the ground its grey is laid on (ground_of)."""
    ground = ground_of(np.asarray(im.convert("LA")))
    return Image.alpha_composite(Image.new("RGBA", im.size, (ground, ground, ground, 255)), im.convert("RGBA"))


def _laid_down(grey_alpha: np.ndarray) -> np.ndarray:
    return _on(grey_alpha, ground_of(grey_alpha))


def ground_of(grey_alpha: np.ndarray) -> int:
    """The grey a transparent picture is seen on: white (255), as a page shows it, unless it is light art that
    white hides (a white drawing, a desktop overlay whose shapes live in its transparency), which black (0)
    shows, as a dark page or a JPEG made from it does. It depends on the picture alone, so a work and its
    identical copy are always laid alike."""
    on_white = _on(grey_alpha, 255)
    if on_white.std() >= BLANK_SPREAD:
        return 255
    return 0 if _on(grey_alpha, 0).std() > on_white.std() else 255


def _on(grey_alpha: np.ndarray, ground: int) -> np.ndarray:
    """Lay a grey + alpha picture on a grey ground (luma is linear in the colours, so this equals doing it in RGB)."""
    grey, alpha = grey_alpha[..., 0].astype(np.uint16), grey_alpha[..., 1].astype(np.uint16)
    return ((grey * alpha + ground * (255 - alpha) + 127) // 255).astype(np.uint8)


def _high_depth_to_grey(im: Image.Image) -> Image.Image:
    values = np.asarray(im, dtype=np.float32)
    top = 65535.0 if values.max(initial=0.0) > 255 else 255.0
    return Image.fromarray(np.clip(values * (255.0 / top), 0, 255).astype(np.uint8))
