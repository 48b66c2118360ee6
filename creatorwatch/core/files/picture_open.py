"""Open a picture with Pillow, HEIC included: phones save their photos as HEIC, which Pillow reads only through
the pillow-heif plugin (AVIF, which image servers send, Pillow reads itself)."""

from __future__ import annotations

from functools import cache
from typing import IO

from PIL import Image


def open_picture(source: str | IO[bytes]) -> Image.Image:
    """Image.open, with HEIC known to Pillow."""
    _register_heif()
    return Image.open(source)


@cache
def _register_heif() -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()
