"""Small pictures for the report: a reduced copy of an image with the matched region outlined, and a waveform
of a sound with the aligned stretch shaded — so a reader sees the comparison without opening the files."""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.files.picture_open import open_picture
from creatorwatch.core.fingerprint.image_decode import ground_of

PREVIEW_SIDE = 640
MARK = (220, 30, 60)


def image_preview(path: Path, box: Sequence[float] | None = None, side: int = PREVIEW_SIDE) -> bytes | None:
    """A JPEG no larger than `side` pixels, with `box` (fractions x0, y0, x1, y1) outlined; None if unreadable.
    JPEGs are decoded at reduced scale (draft mode), so a 20 MB photo costs milliseconds, not a second."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with open_picture(str(path)) as im:
                im.draft("RGB", (side, side))
                picture = _on_its_ground(im)
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None
    picture.thumbnail((side, side))
    if box is not None and len(box) == 4 and tuple(box) != (0.0, 0.0, 1.0, 1.0):
        w, h = picture.size
        x0, y0, x1, y1 = (float(v) for v in box)
        ImageDraw.Draw(picture).rectangle([x0 * w, y0 * h, x1 * w, y1 * h], outline=MARK, width=3)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def _on_its_ground(im: Image.Image) -> Image.Image:
    """RGB, transparent parts laid on white, or on black for light art white would hide (as the matcher sees it)."""
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        small = rgba.convert("LA")
        small.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))
        grey = ground_of(np.asarray(small))
        ground = Image.new("RGB", rgba.size, (grey, grey, grey))
        ground.paste(rgba, mask=rgba.getchannel("A"))
        return ground
    return im.convert("RGB")


def waveform(path: Path, start_s: float = 0.0, length_s: float = 0.0, width: int = PREVIEW_SIDE,
             height: int = 120, context_s: float = 10.0) -> bytes | None:
    """A PNG waveform around the aligned stretch [start_s, start_s + length_s], the stretch shaded."""
    from creatorwatch.core.fingerprint.audio_decode import SAMPLE_RATE, decode_chunks

    begin = max(0.0, start_s - context_s)
    end = start_s + max(length_s, 1.0) + context_s
    samples: list[np.ndarray] = []
    got = 0
    try:
        for chunk in decode_chunks(path):
            samples.append(chunk)
            got += chunk.size
            if got >= end * SAMPLE_RATE:
                break
    except (UnreadableMedia, OSError, ValueError):
        return None
    if not samples:
        return None
    sound = np.concatenate(samples)[int(begin * SAMPLE_RATE):int(end * SAMPLE_RATE)]
    if sound.size < width:
        return None
    columns = np.array_split(sound, width)
    top = np.array([c.max() for c in columns])
    bottom = np.array([c.min() for c in columns])
    scale = max(float(np.abs(sound).max()), 1e-6)
    picture = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(picture)
    seconds = sound.size / SAMPLE_RATE
    x0 = (start_s - begin) / seconds * width
    x1 = (start_s + length_s - begin) / seconds * width
    draw.rectangle([x0, 0, x1, height], fill=(255, 214, 220))
    middle, reach = height / 2, height * 0.46  # headroom, so the shade shows above and below the loudest part
    for x, (hi, lo) in enumerate(zip(top, bottom, strict=True)):
        inside = x0 <= x <= x1  # the aligned stretch also drawn in colour: visible in greyscale print too
        draw.line([x, middle - hi / scale * reach, x, middle - lo / scale * reach],
                  fill=(150, 20, 45) if inside else (120, 120, 120))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()
