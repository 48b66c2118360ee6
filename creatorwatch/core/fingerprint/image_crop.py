"""The last look for a candidate nothing else found: is it a part of a work, too small or too smooth for local
features? Its thumbnail is slid over the works' thumbnails.

A corner of a picture shown at a third of its size (a thumbnail of 80-150 pixels) is too blurred for local
features to meet the work's, and a crop of a smooth wallpaper has none; a crop defeats the whole-picture hash.
What survives is the picture's layout. The candidate's thumbnail, shrunk to each size a crop of the work keeping
its proportions could have had, is compared with every place of that size in the work's thumbnail (normalised
correlation), as it is and mirrored. A near-perfect correlation counts only if it still holds once what varies
along one axis only is taken from each side (every line's and every column's mean): any two skies over a dark
horizon correlate, the shapes in them do not. Every work is looked at in a coarse pass first, the nearest few in
full: about 0.25 ms per work, paid only by small or smooth candidates nothing else found (image_index._plain).
Looking at every candidate this way, 0 of 2,420 altered distractors of the bench were taken for any of its 253
works, while 26 of 30 smooth wallpapers' corners at a third were found (local features had found 16).
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from .image_features import THUMB, Fingerprint
from .image_segment import Segment
from .image_verify import MIN_CONTRAST, shape_correlation

FRACTIONS = np.round(np.arange(0.45, 1.001, 0.05), 2)  # the share of the work's width a crop may have kept
MIN_SIDE = 8  # thumbnail pixels: a smaller window says too little
MATCH_FROM = 0.95  # correlation of the layouts, and of their shapes (less what varies along one axis only), from
SHAPE_FROM = 0.95  # which a crop is a copy (on the bench: the parts of works at a third of their size, 0.96 and more;
# another photo's sky over a horizon reached 0.97 and 0.96 with only a brightness ramp taken away)
SCORE_FROM, SCORE_TO = 0.5, 0.7  # a copy at the lines scores the alert line, a perfect one 0.7: this is the
# weakest evidence the engine gives, so it never reads as certain
COARSE = THUMB // 2  # every work first at half the thumbnail's size (Segment.half_thumbs), the near ones in full
COARSE_FROM = 0.85  # coarse correlation from which a work is looked at in full ...
NEAREST = 8  # ... if it is among the works correlating best (a copy's own work ranked first in 769 of the 772
# copies of the bench's three families found this way, fourth at worst; photos of landscapes pass 0.85 38 at a time)
MAX_WORKS = 2000  # larger segments are not searched this way (about 0.25 ms per work and candidate)


def crop_matches(query: Fingerprint, segment: Segment, live: np.ndarray) -> list[tuple[int, float, dict[str, Any]]]:
    """(row, score, evidence) for each work of `segment` (rows where `live`) of which `query` looks like a crop."""
    rows = np.flatnonzero(live)
    if not len(rows) or len(segment) > MAX_WORKS or float(query.thumb.std()) < MIN_CONTRAST:
        return []
    candidate = query.thumb.astype(np.float32)
    coarse = segment.half_thumbs[rows]
    small = cv2.resize(candidate, (COARSE, COARSE), interpolation=cv2.INTER_AREA)
    values, _ = _scan(small, _Stack(coarse, query, segment, rows))
    near = np.argsort(-values, kind="stable")[:NEAREST]
    rows = np.sort(rows[near[values[near] >= COARSE_FROM]])
    if not len(rows):
        return []
    best = _best(candidate, segment.thumbs[rows], query, segment, rows, MATCH_FROM)
    found = []
    for row, (value, x, y, width, height, mirrored) in best.items():
        if value < MATCH_FROM:
            continue
        source = np.ascontiguousarray(candidate[:, ::-1]) if mirrored else candidate
        template = cv2.resize(source, (width, height), interpolation=cv2.INTER_AREA)
        window = segment.thumbs[row, y : y + height, x : x + width].astype(np.float32)
        shape = shape_correlation(template, window)
        if shape is None or shape < SHAPE_FROM:
            continue
        certainty = min(value - MATCH_FROM, shape - SHAPE_FROM) / (1.0 - MATCH_FROM)
        score = SCORE_FROM + (SCORE_TO - SCORE_FROM) * float(np.clip(certainty, 0.0, 1.0))
        box = [round(x / THUMB, 3), round(y / THUMB, 3), round((x + width) / THUMB, 3), round((y + height) / THUMB, 3)]
        enlarged = float(query.width / (segment.shape[row, 0] * width / THUMB))  # as local features measure it
        transform = {"flipped": mirrored, "scale": round(enlarged, 3), "rotation_degrees": 0.0} | (
            {"mirror": "left-right"} if mirrored else {})  # fmt: skip
        evidence = {"method": "layout: its thumbnail slid over the work's (a part too small or smooth for local "
                              "features)", "layout_correlation": round(value, 3), "shape_correlation": round(shape, 3),
                    "work_box": box, "candidate_box": [0.0, 0.0, 1.0, 1.0], "transform": transform}  # fmt: skip
        found.append((row, round(score, 4), evidence))
    return found


Place = tuple[float, int, int, int, int, bool]  # correlation, x, y, width, height (thumbnail pixels), mirrored


def _best(candidate: np.ndarray, thumbs: np.ndarray, query: Fingerprint, segment: Segment, rows: np.ndarray,
          at_least: float) -> dict[int, Place]:  # fmt: skip
    """For each work (its thumbnail in `thumbs`, all of the candidate's size) whose best crop place correlates
    with the candidate at `at_least`, that place, over every size a crop keeping the candidate's proportions
    could have."""
    stack = _Stack(thumbs, query, segment, rows)
    values, chosen = _scan(candidate, stack)
    sources = (candidate, np.ascontiguousarray(candidate[:, ::-1]))
    side = candidate.shape[0]
    found: dict[int, Place] = {}
    for number in np.flatnonzero(values >= at_least).tolist():
        size, mirrored = (int(v) for v in chosen[number])
        template = cv2.resize(sources[mirrored], (size, size), interpolation=cv2.INTER_AREA)
        own = stack.tall[stack.starts[number] : stack.starts[number] + stack.heights[number]]
        _, value, _, (x, y) = cv2.minMaxLoc(cv2.matchTemplate(own, template, cv2.TM_CCOEFF_NORMED))
        height = max(1, min(side, round(size / stack.stretch[number])))  # the place in the work's squeezed thumbnail
        found[int(rows[number])] = (float(value), x, min(side - height, round(y / stack.stretch[number])), size,
                                    height, bool(mirrored))  # fmt: skip
    return found


class _Stack:
    """The works' thumbnails (`thumbs`, all of one size), each first stretched upright so that a crop keeping
    the candidate's proportions is square in it, as the candidate's thumbnail is, and stacked: then one
    search over all the works tries one size of crop."""

    def __init__(self, thumbs: np.ndarray, query: Fingerprint, segment: Segment, rows: np.ndarray) -> None:
        side = thumbs.shape[1]
        self.stretch = (query.width / query.height) / (segment.shape[rows, 0] / segment.shape[rows, 1])
        self.heights = np.clip(np.rint(side * self.stretch), 1, 8 * side).astype(np.int64)
        self.tall = _stacked(thumbs, self.heights)
        self.starts = np.concatenate([[0], np.cumsum(self.heights)[:-1]])


def _scan(candidate: np.ndarray, stack: _Stack) -> tuple[np.ndarray, np.ndarray]:
    """Each work's best correlation with the candidate, over every size of crop and both mirrors (-1: none
    fits), and the size and mirror (0 or 1) that reached it."""
    side = candidate.shape[0]
    tall, heights, starts = stack.tall, stack.heights, stack.starts
    below = np.arange(len(tall)) - np.repeat(starts, heights)  # each line's place in its own thumbnail
    room = np.repeat(heights, heights) - below  # ... and the lines left below it
    values = np.full(len(heights), -1.0)
    chosen = np.zeros((len(heights), 2), np.int64)
    for mirrored, source in enumerate((candidate, np.ascontiguousarray(candidate[:, ::-1]))):
        for size in sorted({round(side * fraction) for fraction in FRACTIONS}):  # (at 16 pixels, some fall together)
            if size < side * MIN_SIDE // THUMB or size > heights.max():
                continue
            template = cv2.resize(source, (size, size), interpolation=cv2.INTER_AREA)
            across = _row_max(cv2.matchTemplate(tall, template, cv2.TM_CCOEFF_NORMED))
            lines = np.full(len(tall), -1.0, np.float32)
            lines[: len(across)] = across
            lines[room < size] = -1.0  # a place running into the next thumbnail
            best = np.maximum.reduceat(lines, starts)
            better = best > values
            values[better] = best[better]
            chosen[better] = size, mirrored
    return values, chosen


def _row_max(values: np.ndarray) -> np.ndarray:
    """Each row's greatest value, taken column by column: a row holds only the few places a crop of that size
    has across the thumbnail, and numpy reduces thousands of such short rows 3 to 7 times slower (a fifth of the
    layout search's time)."""
    best = values[:, 0].copy()
    for column in range(1, values.shape[1]):
        np.maximum(best, values[:, column], out=best)
    return best


def _stacked(thumbs: np.ndarray, heights: np.ndarray) -> np.ndarray:
    """The thumbnails, each resized to its height (width kept), one above the other (float32)."""
    side = thumbs.shape[1]
    out = np.empty((int(heights.sum()), side), np.float32)
    starts = np.concatenate([[0], np.cumsum(heights)])
    for height in np.unique(heights).tolist():
        numbers = np.flatnonzero(heights == height)
        interpolation = cv2.INTER_AREA if height < side else cv2.INTER_LINEAR
        resample = cv2.resize(np.eye(side, dtype=np.float32), (side, height), interpolation=interpolation)
        stretched = np.einsum("hs,nsw->nhw", resample, thumbs[numbers].astype(np.float32))
        for number, picture in zip(numbers.tolist(), stretched, strict=True):
            out[starts[number] : starts[number + 1]] = picture
    return out
