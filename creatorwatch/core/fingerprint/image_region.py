"""Find the pictures laid on a page (a plain background, perhaps with text: a gallery, a board, an article), or a
picture under or over a plain caption bar, so that each can be hashed on its own: a smooth picture has too few
local features to be found among the page's or beside the bar, a picture among others in a gallery holds only
a share of the page's features, and the page or the bar moves the whole-picture hash far away; its own hash
finds it. Pictures set edge to edge, with no page between them (a model's samples saved as one grid), are
found by the seams between them (image_grid.py).
"""

from __future__ import annotations

import cv2
import numpy as np

from .image_grid import grid_cells

TOLERANCE = 14  # grey levels: pixels this close to the page's colour are page (JPEG noise, faint text edges)
PAGE_BORDER = 0.5  # share of the border that must be the page's colour: otherwise there is no page
TEXT = 9  # pixels (at the fingerprint's 512 side): an opening this wide wipes out lines of text, keeps pictures
MIN_SHARE, MAX_SHARE = 0.04, 0.9  # the picture's box as a share of the page
GALLERY_SHARE, GALLERY = 0.012, 3  # ... or at least this where the page holds this many pictures or more: a
# gallery, whose thumbnails may be small (a 5 × 5 screenful)
MIN_SIDE = 32  # pixels: a narrower strip is a rule or a banner, not a picture to hash
MIN_FILL = 0.6  # share of that box the picture must fill (a shape on a blank background is not a laid picture)
BUSY = 2.0, 1.5  # a row (column) busier than this × the picture's median + this is text touching it
MAX_TRIM = 8  # pixels of such text trimmed at most from each side
BAR_MIN, BAR_MAX = 0.05, 0.5  # a plain bar covers at least this share of the height; bars together at most
BAR_PLAIN = 0.5  # share of a bar's row in its colour (the rest: caption text, a watermark over it)
MOST = 25  # pictures looked for on one page at most: a gallery's screenful
EDGE = 2  # pixels left out on each side: there the picture blends with the page (one such row moves its
# thumbnail's correlation with the work's from 0.99 to 0.7)


def find_regions(grey: np.ndarray, most: int = MOST) -> list[tuple[int, int, int, int]]:
    """The boxes (x0, y0, x1, y1, in pixels) of the pictures laid on a plain page, the largest first and at most
    `most` of them, or the one picture beside plain bars; none when `grey` does not look like a page holding
    any. Where more than one is asked for and the page holds fewer, the pictures of a grid set edge to edge
    instead, if it is one (a grid's border may be one colour, as a page's: white around sprites or products)."""
    found = _on_page(grey, most)
    return (grid_cells(grey) or found) if most > 1 and len(found) < 2 else found


def _on_page(grey: np.ndarray, most: int) -> list[tuple[int, int, int, int]]:
    height, width = grey.shape
    border = np.concatenate([grey[0], grey[-1], grey[1:-1, 0], grey[1:-1, -1]])
    page = int(np.bincount(border, minlength=256).argmax())
    if np.mean(np.abs(border.astype(np.int16) - page) <= TOLERANCE) < PAGE_BORDER:
        beside = _beside_bars(grey)
        return [beside] if beside is not None else []
    differs = (cv2.absdiff(grey, np.full_like(grey, page)) > TOLERANCE).astype(np.uint8)
    solid = cv2.morphologyEx(differs, cv2.MORPH_OPEN, np.ones((TEXT, TEXT), np.uint8))
    outlines = cv2.findContours(solid, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]  # 10× faster than
    boxes: list[tuple[int, int, int, int]] = []  # connectedComponentsWithStats here
    areas = np.array([cv2.contourArea(outline) for outline in outlines])
    least = MIN_SHARE if most == 1 else GALLERY_SHARE
    large: list[bool] = []
    for number in np.argsort(-areas, kind="stable")[: len(outlines) if most > 1 else 1]:  # ties: as max() took them
        if areas[number] < MIN_FILL * least * width * height:
            break  # this and every smaller shape are too small to be laid pictures
        x, y, w, h = cv2.boundingRect(outlines[number])
        laid = least <= w * h / (width * height) <= MAX_SHARE and areas[number] >= MIN_FILL * w * h
        if not laid and not boxes:
            return []  # the largest shape is no laid picture: this is no page of pictures
        box = _picture_in(grey, x, y, w, h) if laid else None  # None: a banner, a rule
        if box is not None:
            boxes.append(box)
            large.append(w * h >= MIN_SHARE * width * height)
        if len(boxes) == most:
            break
    if len(boxes) >= GALLERY:
        return boxes
    return [box for box, big in zip(boxes, large, strict=True) if big]  # no gallery: its large pictures alone


def _picture_in(grey: np.ndarray, x: int, y: int, w: int, h: int) -> tuple[int, int, int, int] | None:
    """The picture's box within the bounding box of its outline: text touching it trimmed, its blended edge
    left out; None when too little is left."""
    part = grey[y : y + h, x : x + w].astype(np.int16)
    rows, columns = np.abs(np.diff(part, axis=1)).mean(axis=1), np.abs(np.diff(part, axis=0)).mean(axis=0)
    top, bottom, left, right = _calm_from(rows), _calm_from(rows[::-1]), _calm_from(columns), _calm_from(columns[::-1])
    box = x + left + EDGE, y + top + EDGE, x + w - right - EDGE, y + h - bottom - EDGE
    return box if min(box[2] - box[0], box[3] - box[1]) >= MIN_SIDE else None


def _beside_bars(grey: np.ndarray) -> tuple[int, int, int, int] | None:
    """The box of the picture between plain bars across its top and bottom (a caption bar, a letterbox), or
    None when there is no such bar."""
    height, width = grey.shape
    top, bottom = _bar_rows(grey), _bar_rows(grey[::-1])
    if max(top, bottom) < BAR_MIN * height or top + bottom > BAR_MAX * height:
        return None
    top, bottom = (top + EDGE if top >= BAR_MIN * height else 0), (bottom + EDGE if bottom >= BAR_MIN * height else 0)
    return (0, top, width, height - bottom) if height - top - bottom >= MIN_SIDE else None


def _bar_rows(grey: np.ndarray) -> int:
    """How many rows from the first are plain (mostly the first row's colour; a line of caption text allowed)."""
    colour = int(np.bincount(grey[0], minlength=256).argmax())
    plain = np.mean(np.abs(grey.astype(np.int16) - colour) <= TOLERANCE, axis=1) >= BAR_PLAIN
    return int(np.argmin(plain)) if not plain.all() else len(plain)


def _calm_from(busyness: np.ndarray) -> int:
    """How many rows (or columns) at the start are much busier than the picture's middle: lines of text
    touching the picture, which the opening kept because they join it."""
    limit = BUSY[0] * float(np.median(busyness)) + BUSY[1]
    calm = np.flatnonzero(busyness[:MAX_TRIM] <= limit)
    return int(calm[0]) if len(calm) else MAX_TRIM
