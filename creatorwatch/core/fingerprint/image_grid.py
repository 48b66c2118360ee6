"""Find the pictures of a grid set edge to edge, with no page between them: a model's samples saved as one image
(four variations in a 2 × 2 grid, a contact sheet), where image_region finds no page to lift them from.

Such a grid's pictures meet along straight seams at even shares of its width and height, and across a seam the
grey level jumps in most rows, far more than a few pixels either side of it. A picture crosses no straight line
at even shares of both its sides that way: on the image bench's ordinary copies (caption bars, watermarks, pages
and crops included), at most 0.32 of the rows jump at the best-placed grid, where grids of unrelated pictures
jump in 0.37 or more and grids of one picture's different parts (variations sharing a palette) mostly in 0.34 or
more. A single row or column of pictures (a batch of samples side by side, a before-and-after) must show plainer
seams: a straight line across a picture at a half or a third of it (a caption bar's edge, a horizon, a page's
fold) is common, so there 0.6 of the rows must jump, which 9 of 2,766 ordinary copies do and 71 of 80 strips.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

SHARES = range(2, 6)  # columns (rows) a grid may have: 2 × 2 to 5 × 5
JUMP = 10  # grey levels a seam's two-pixel step exceeds the steps three pixels either side of it by
SEAM = 0.35  # share of the rows (columns) that must jump there, at every seam of the grid
STRIP = 0.6  # ... at every seam of a single row or column of pictures
SLACK = 2  # pixels a seam may lie from its even share (a grid resized, pictures of rounded sizes)
EDGE = 2  # pixels left out on each side of a picture: the seam's blend with its neighbour


def grid_cells(grey: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The boxes (x0, y0, x1, y1) of the pictures of an edge-to-edge grid, row by row; none when `grey` is no
    grid of at least 2 × 2, or a row or column of 2 to 5 pictures."""
    height, width = grey.shape
    columns, rows = _parts(grey, SEAM), _parts(grey.T, SEAM)
    if rows == 1:
        columns = _parts(grey, STRIP) if columns > 1 else 1
    elif columns == 1:
        rows = _parts(grey.T, STRIP)
    if columns * rows < 2:
        return []
    xs = [round(k * width / columns) for k in range(columns + 1)]
    ys = [round(k * height / rows) for k in range(rows + 1)]
    return [(x0 + EDGE, y0 + EDGE, x1 - EDGE, y1 - EDGE)
            for y0, y1 in pairwise(ys) for x0, x1 in pairwise(xs)]  # fmt: skip


def _parts(grey: np.ndarray, line: float) -> int:
    """Into how many even columns seams (each jumping in `line` of the rows) divide `grey`, or 1. Where several
    counts fit, a count whose seams are all among another's (2 among 4) gives way to it, and of counts that do
    not share their seams (2 and 3: a line across a picture at a third of it) the one whose weakest seam is
    strongest is taken."""
    width = grey.shape[1]
    seams: dict[int, float] = {}  # a half is also two quarters: each place is measured once
    weakest = {}
    for parts in SHARES:
        places = [round(k * width / parts) for k in range(1, parts)]
        if all(seams.setdefault(x, _seam(grey, x)) >= line for x in places):
            weakest[parts] = min(seams[x] for x in places)
    finest = [p for p in weakest if not any(q != p and q % p == 0 for q in weakest)]
    return max(finest, key=weakest.__getitem__, default=1)


def _seam(grey: np.ndarray, x: int) -> float:
    """The share of rows whose grey level jumps between columns x - 1 and x, at the best place within SLACK."""
    reach = SLACK + 4
    if x - reach < 0 or x + reach >= grey.shape[1]:
        return 0.0
    step = np.abs(np.diff(grey[:, x - reach : x + reach + 1].astype(np.int16), axis=1))  # step[:, i]: between
    places = 2 * SLACK + 1  # columns x - reach + i and the next; the seam at x - SLACK .. x + SLACK is step[:, 4 + j]
    across = step[:, 3 : 3 + places] + step[:, 4 : 4 + places]  # the seam, blurred over two pixels
    beside = np.maximum(step[:, :places] + step[:, 1 : 1 + places], step[:, 6 : 6 + places] + step[:, 7:])  # 3 px
    return float(np.max(np.mean(across > beside + JUMP, axis=0)))  # either side of it
