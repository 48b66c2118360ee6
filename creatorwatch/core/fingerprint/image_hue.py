"""A design carried by hue: the grey picture of a picture whose brightness is all but constant.

The engine compares pictures by light and dark, which sees a gradient of hues at one brightness as a blank. Such
a picture (most of its grey thumbnail within a few grey levels: `flat`) is decoded again in colour, and its chroma
projected on the axis along which it spreads most gives a grey picture that carries its design, fingerprinted
like any other (image.py). The axis is the picture's own, so a recoloured copy (hues turned, saturation changed)
projects to the same picture; its sign is arbitrary, so a work keeps both signs and a candidate one. What an edit
laid over the picture in another brightness (a caption bar, a page's margin, a rotation's corners, a watermark's
letters) is left out of the axis and shown as the projection's mean. Photos and other pictures with light and
dark are never decoded twice, and their fingerprints stay as they were.

Each view keeps its hue (`Hue`: the mean chroma, the axis and the spread), from which the work's colours in any
part of it can be told again: the weakest evidence, a layout alone (image_crop), stands for a view only where
the colours agree too (`hue_agrees`), because a part of one radial gradient is laid out like a part of any other.
The work's own grey row is given its design's mean colour (`of_the_work`), so that its nearly blank layout, which
any ramp fits, no longer stands alone.
"""

from __future__ import annotations

import cv2
import numpy as np

FLAT_SPREAD = 20.0  # grey levels: a thumbnail is flat when half its pixels lie within this range (fitted on the
# generated colour-carried designs, tests/bench/image_colour.py: all lie under it, and 8 of the art family's 107
# works; the densest half, not the spread of all, so that a caption bar or a rotation's corners leave it flat)
FLAT_SHARE = 0.75  # (a third of the art family's altered copies have a plain half, mostly a page or a white
# ground around a drawing; a tenth are flat with this, and 139 of 143 sampled copies of the generated designs)
MIN_HUE_SPREAD = 4.0  # chroma levels (standard deviation along the axis, at _COARSE scale) a design needs
SPREAD = 40.0  # grey levels: the projection's standard deviation, as in a picture of ordinary contrast
_COARSE = 64  # pixels: the axis and spread are measured at this size, above noise and JPEG's chroma blocks
HUE_TOLERANCE = 6.0  # chroma levels: a part of a work whose mean colour (told from its view) lies further from
# the candidate's is another design's (fitted on the generated designs: 359 of the 385 layouts of copies that
# slide onto their work's agree within it; the nearest other design, a radial gradient of like hues, lies at 7.0)
Hue = np.ndarray  # (5,) float32: mean Cb, mean Cr (as offsets from neutral), the axis (Cb, Cr), the spread


def flat(thumb: np.ndarray) -> bool:
    """Whether a grey thumbnail is all but blank where most of it lies: half of it within FLAT_SPREAD grey
    levels, and FLAT_SHARE of it near those (not a drawing on a plain ground, which its grey shows)."""
    low, high = _densest_half(thumb)
    return high - low < FLAT_SPREAD and float(_of_the_design(thumb, low, high).mean()) >= FLAT_SHARE


def hue_pictures(ycbcr: np.ndarray, both_signs: bool) -> list[tuple[np.ndarray, Hue]]:
    """The grey pictures (uint8) carrying the design of a luma + chroma picture, with their hues: its chroma
    along its main axis, and (if `both_signs`) the same negated; none when its chroma is as flat as its grey."""
    picture = ycbcr.astype(np.float32)
    coarse = cv2.resize(picture, _coarse_size(picture.shape), interpolation=cv2.INTER_AREA)
    low, high = _densest_half(coarse[..., 0])
    kept = coarse[_of_the_design(coarse[..., 0], low, high)][:, 1:]
    mean = kept.mean(axis=0)
    values, vectors = np.linalg.eigh(np.cov(kept - mean, rowvar=False))
    spread = float(np.sqrt(max(values[-1], 0.0)))
    if spread < MIN_HUE_SPREAD:
        return []
    projected = (picture[..., 1:] - mean) @ vectors[:, -1] * (SPREAD / spread)
    projected[~_of_the_design(picture[..., 0], low, high)] = 0.0
    signs = (1.0, -1.0) if both_signs else (1.0,)
    return [(np.clip(128.0 + sign * projected, 0, 255).astype(np.uint8),
             np.array([*(mean - 128.0), *(sign * vectors[:, -1]), spread], np.float32)) for sign in signs]


def of_the_work(view: Hue) -> Hue:
    """The hue of the grey row of a work with this view: its design's mean colour, along no axis."""
    return np.array([*view[:2], 0.0, 0.0, 0.0], np.float32)


def hue_agrees(query: Hue | None, work: Hue, work_thumb: np.ndarray, box: list[float]) -> bool:
    """Whether a candidate's hue agrees with the colours of the part `box` (shares of the width and height) of
    a work whose view has this hue (NaN: a work's own row) and thumbnail; a picture with a hue never agrees
    with one without, and two without always do."""
    without = bool(np.isnan(work).any())
    if query is None or without:
        return query is None and without
    side = work_thumb.shape[0]
    x0, y0, x1, y1 = (round(v * side) for v in box)
    level = float(work_thumb[y0 : max(y1, y0 + 1), x0 : max(x1, x0 + 1)].mean()) - 128.0
    told = work[:2] + work[2:4] * level * work[4] / SPREAD
    return float(np.hypot(*(told - query[:2]))) <= HUE_TOLERANCE


def _densest_half(values: np.ndarray) -> tuple[float, float]:
    """The narrowest range of values holding half of them."""
    ordered = np.sort(values, axis=None).astype(np.float32)
    half = len(ordered) // 2
    start = int(np.argmin(ordered[half:] - ordered[: len(ordered) - half]))
    return float(ordered[start]), float(ordered[start + half])


def _of_the_design(luma: np.ndarray, low: float, high: float) -> np.ndarray:
    """Where the picture lies within the design's brightness: its densest half, widened by FLAT_SPREAD."""
    return (luma >= low - FLAT_SPREAD) & (luma <= high + FLAT_SPREAD)


def _coarse_size(shape: tuple[int, ...]) -> tuple[int, int]:
    height, width = shape[:2]
    scale = min(1.0, _COARSE / max(height, width))
    return max(1, round(width * scale)), max(1, round(height * scale))
