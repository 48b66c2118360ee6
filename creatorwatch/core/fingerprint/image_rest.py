"""Search the rest of a candidate beside a work found in it: a collage, a before-and-after or a comparison post sets
two or three pictures side by side, and a search finds the one whose details outvote the others'. What lies
beside that work's frame, searched on its own, finds the next.

A side is searched only beside a frame spanning the candidate across (pictures set side by side at one height),
when it is wide (REST_FROM of the candidate) and not blank, so a copy cropped or laid on a page costs nothing more
(1 of the image bench's 1,840 copies is searched again). A candidate in which nothing is found is split where a
straight seam crosses it from edge to edge, as 1 to 2 % of the bench's ordinary pictures are (a horizon, a caption
bar's edge), their halves then searching in vain. On the collage bench (tests/bench/image_collage.py), both works
were found in 46 of 60 collages of art (14 before) and 59 of 60 of photographs (52), and none of 120 collages of
pictures not in the library matched anything.

Once a work is found beside another, the one found in the whole is looked at again on its own part (_closer): in
the whole it may have been found by a few details bunched along one band (a flock on a horizon), and the move fitted
to them, extrapolated, said a photo scaled to 90 % was shown at 95 %. On its own part (a tester's collage: 163
details instead of 22) it read 90 %. On the photo family's 60 collages the size said was within 2.6 % of the true one
for all 119 works found, before and after (the closer look replaced 5 of the hits; scores 0.962 -> 0.963 on
average).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .base import Hit
from .image_grid import JUMP
from .image_method import BESIDE, OWN_PART

REST_FROM = 0.15  # a side beside a found work's frame is searched when it spans this share of the candidate or more
BLANK = 8.0  # ... and its grey varies more than this (standard deviation): a page's margin shows nothing
ROUNDS = 2  # sides searched one after another: up to three pictures side by side
SPLIT = 0.95  # share of the rows (columns) that must jump along a seam for a candidate in which nothing was found
# to be split there and searched part by part. Between a fifth and four fifths of their width or height, 1 to 3 %
# of the image bench's ordinary copies show such a seam, a horizon or a caption bar's edge most often
SPLIT_FROM = 0.2
SPAN = 0.9  # a side is looked at only beside a frame spanning this share of the candidate across (pictures set side
# by side at one height): a work laid on a page has the page beside it, not another picture
SMALLEST = 256  # pixels: a candidate no longer than this (a thumbnail) is not split, its halves too small to tell

MARGIN = 0.01  # a side begins this share of the candidate away from the found frame, whose edge is a pixel or two
# off: a sliver of the found picture would hide the gap beyond it
EVEN = 3.0  # a side's edge columns and rows varying less than this are the gap between pictures, and left out
Region = tuple[float, float, float, float]  # x0, y0, x1, y1 as shares of the candidate's width and height


def beside(hits: list[Hit], grey: np.ndarray, larger: Callable[[], np.ndarray],
           search: Callable[[np.ndarray], list[Hit]]) -> list[Hit]:  # fmt: skip
    """The hits found beside the works in `hits` (the candidate's; `grey` its picture as searched, larger() the
    same decoded as large as its sides need), each for a work not found before and with its box said in terms
    of the whole candidate; search(part) searches a part of the larger picture on its own. When some were, also
    the works of `hits` looked at closer on their own parts (_closer), to take the place of their hits."""
    found = {hit.work_id for hit in hits}
    new: list[Hit] = []
    looked: set[Region] = set()
    latest = sorted(hits, key=lambda h: -h.score)[:1]
    for round_ in range(ROUNDS):
        sides = _split(grey) if not hits and not round_ else [
            side for hit in latest for side in _sides(_box(hit), grey) if side not in looked]
        looked.update(sides)
        latest = []
        for side in sides:
            part, region = _trimmed(larger(), side)
            latest += [within(hit, region) for hit in search(part) if hit.work_id not in found]
        found.update(hit.work_id for hit in latest)
        new += latest
        if not latest:
            break
    return new + _closer(hits, larger, search) if new else new


def _closer(hits: list[Hit], larger: Callable[[], np.ndarray], search: Callable[[np.ndarray], list[Hit]]) -> list[Hit]:
    """The works found in the whole candidate, each looked at again on its own part of it once another work was
    found beside it, where that scores at least as much. In the whole collage a picture is a small part, its few
    matched details bunched on one patch: the move fitted to them was 4 % too large (a photo scaled to 90 % was said
    to be shown at 95 %); on its own part, enlarged, its details span it and its size is measured on them."""
    closer = []
    for hit in hits:
        x0, y0, x1, y1 = _box(hit)
        part, region = _trimmed(larger(), (max(0.0, x0 - MARGIN), max(0.0, y0 - MARGIN), min(1.0, x1 + MARGIN),
                                           min(1.0, y1 + MARGIN)))  # fmt: skip
        again = [h for h in search(part) if h.work_id == hit.work_id and h.score >= hit.score] if part.size else []
        closer += [within(again[0], region, OWN_PART)] if again else []
    return closer


def within(hit: Hit, region: Region, words: str = BESIDE) -> Hit:
    """A hit on a part of the candidate (`region`), its method saying which in `words` and its box said in terms
    of the whole candidate."""
    x0, y0, x1, y1 = region
    bx0, by0, bx1, by1 = _box(hit)
    box = [round(x0 + bx0 * (x1 - x0), 3), round(y0 + by0 * (y1 - y0), 3), round(x0 + bx1 * (x1 - x0), 3),
           round(y0 + by1 * (y1 - y0), 3)]  # fmt: skip
    return Hit(hit.work_id, hit.score, {**hit.evidence, "method": f"{hit.evidence['method']}, {words}",
                                        "candidate_box": box})  # fmt: skip


def _box(hit: Hit) -> Region:
    x0, y0, x1, y1 = hit.evidence.get("candidate_box", (0.0, 0.0, 1.0, 1.0))
    return float(x0), float(y0), float(x1), float(y1)


def _sides(box: Region, grey: np.ndarray) -> list[Region]:
    """The wide, not blank regions left of, right of, above and below a found work's frame `box`."""
    tall, wide = box[3] - box[1] >= SPAN, box[2] - box[0] >= SPAN
    x0, y0, x1, y1 = box[0] - MARGIN, box[1] - MARGIN, box[2] + MARGIN, box[3] + MARGIN
    sides = [*([(0.0, 0.0, x0, 1.0), (x1, 0.0, 1.0, 1.0)] if tall else []),
             *([(0.0, 0.0, 1.0, y0), (0.0, y1, 1.0, 1.0)] if wide else [])]  # fmt: skip
    return [side for side in sides if min(side[2] - side[0], side[3] - side[1]) >= REST_FROM
            and _shows_something(side, grey)]  # fmt: skip


def _split(grey: np.ndarray) -> list[Region]:
    """The two parts of a candidate in which nothing was found, if a straight seam divides it from edge to edge
    (image_grid's seams, at any place, not only at even shares): a collage whose pictures each hold too few of
    its details to be found."""
    if max(grey.shape) <= SMALLEST:
        return []
    (share, at), across = max((_strongest_seam(grey), False), (_strongest_seam(grey.T), True))
    if share < SPLIT:
        return []
    parts = [(0.0, 0.0, at, 1.0), (at, 0.0, 1.0, 1.0)]
    if across:
        parts = [(y0, x0, y1, x1) for x0, y0, x1, y1 in parts]
    return [part for part in parts if _shows_something(part, grey)]


def _strongest_seam(grey: np.ndarray) -> tuple[float, float]:
    """The share of rows whose grey level jumps at the strongest seam between SPLIT_FROM and 1 - SPLIT_FROM of
    the width, far more than a few pixels either side of it (image_grid._seam, at every column at once), and
    where it lies (a share of the width)."""
    width = grey.shape[1]
    step = np.abs(np.diff(grey.astype(np.int16), axis=1))
    pair = step[:, :-1] + step[:, 1:]  # pair[:, k]: from column k to k + 2, the step blurred over two pixels
    xs = np.arange(max(4, round(SPLIT_FROM * width)), min(width - 4, round((1 - SPLIT_FROM) * width)))
    if not len(xs):
        return 0.0, 0.0
    shares = np.mean(pair[:, xs - 1] > np.maximum(pair[:, xs - 4], pair[:, xs + 2]) + JUMP, axis=0)
    best = int(shares.argmax())
    return float(shares[best]), float(xs[best] / width)


def _trimmed(picture: np.ndarray, region: Region) -> tuple[np.ndarray, Region]:
    """The `region` of `picture` without the even columns and rows at its edges (a collage's white gap or
    frame, which a smooth picture's layout would be slid over), and the region it is."""
    height, width = picture.shape
    x0, y0, x1, y1 = round(region[0] * width), round(region[1] * height), round(region[2] * width), \
        round(region[3] * height)  # fmt: skip
    part = picture[y0:y1, x0:x1]
    columns = np.flatnonzero(part.std(axis=0) >= EVEN) if part.size else np.zeros(0, np.int64)
    rows = np.flatnonzero(part.std(axis=1) >= EVEN) if part.size else np.zeros(0, np.int64)
    if not len(columns) or not len(rows):
        return part, (x0 / width, y0 / height, x1 / width, y1 / height)
    x0, x1, y0, y1 = x0 + int(columns[0]), x0 + int(columns[-1]) + 1, y0 + int(rows[0]), y0 + int(rows[-1]) + 1
    return picture[y0:y1, x0:x1], (x0 / width, y0 / height, x1 / width, y1 / height)


def _shows_something(region: Region, grey: np.ndarray) -> bool:
    height, width = grey.shape
    x0, y0, x1, y1 = region
    part = grey[round(y0 * height) : round(y1 * height), round(x0 * width) : round(x1 * width)]
    return part.size > 0 and float(part.std()) > BLANK
