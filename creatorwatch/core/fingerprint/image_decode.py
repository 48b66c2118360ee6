"""Open any picture file safely and cheaply as a small RGB array, or say in plain words why not.

Decoding dominates the cost of fingerprinting, so JPEGs are decoded at reduced scale (Pillow draft mode).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .base import UnreadableMedia

MAX_PIXELS = 80_000_000  # larger pictures are refused before anything is allocated (decompression bombs)


def load_picture(path: Path, side: int) -> np.ndarray:
    """The picture at `path` as an RGB uint8 array whose longer side is at most `side` pixels.

    Transparent pictures are laid on white; 16-bit, CMYK and palette pictures are converted; animations
    and multi-page files give their first frame.
    """
    path = Path(path)
    try:
        if path.stat().st_size == 0:
            raise UnreadableMedia("this file is empty (0 bytes)")
    except OSError as exc:
        raise UnreadableMedia(f"this file cannot be opened ({exc.strerror or exc})") from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                _refuse_huge(im)
                return _small_rgb(im, side)
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


def _small_rgb(im: Image.Image, side: int) -> np.ndarray:
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        im = _high_depth_to_grey(im)
    elif im.mode == "P" or im.mode == "PA":
        im = im.convert("RGBA")
    scale = min(1.0, side / max(im.size))
    target = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
    im.draft("RGB" if im.mode == "RGB" else None, target)  # JPEG: decode at 1/2, 1/4 or 1/8 scale
    im.thumbnail(target, Image.Resampling.BILINEAR, reducing_gap=None)
    im = ImageOps.exif_transpose(im)
    if im.mode in ("RGBA", "LA", "La", "RGBa"):
        white = Image.new("RGBA", im.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, im.convert("RGBA"))
    return np.asarray(im.convert("RGB"))


def _high_depth_to_grey(im: Image.Image) -> Image.Image:
    values = np.asarray(im, dtype=np.float32)
    top = 65535.0 if values.max(initial=0.0) > 255 else 255.0
    return Image.fromarray(np.clip(values * (255.0 / top), 0, 255).astype(np.uint8))
