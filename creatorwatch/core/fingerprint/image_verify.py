"""The confirming stage: match a candidate's local features to one work's, fit an affine transform with
RANSAC, and score and explain the match (boxes, inliers, scale, rotation, stretch).

Features that agree over only a small part of the picture may be a shared logo, so they score low, unless the
whole overlap agrees too: the work's thumbnail, moved by the fitted transform, looks like the candidate's.
That is how a smooth picture, whose only features sit on one small detail, is still recognised.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import cv2
import numpy as np

from .image_features import THUMB, Fingerprint

RATIO = 0.8  # Lowe's ratio test for descriptor matches
SMALL_RATIO = 0.85  # ... for a small candidate (Fingerprint.small): its blurred descriptors sit further from all
# the work's, the right one barely nearer than the next (on unseen art: a small corner found 0.77 -> 0.80 of the
# time; for every candidate, a distractor rose from nothing to 0.28)
MIN_MATCHES = 6
INLIERS_HALF = 9  # MIN_MATCHES + this many inliers score 0.5 (before the spread factor)
SPREAD_FULL = 0.1  # share of the common view the inliers must span for the full score; a shared logo spans little
MAX_STRETCH = 2.0
MAX_ROTATION = 45.0  # degrees; larger turns are refused (chance alignments often come out turned)
AGREE_FROM, AGREE_FULL = 0.6, 0.9  # thumbnail correlation over the overlap: no say below, the full score above
MIN_OVERLAP = 0.25  # share of the candidate's thumbnail the moved work must cover for the correlation to count
HIDDEN_FACTOR, HIDDEN_LEVEL = 3.0, 16.0  # a row differing this many times the median row, and this many grey
# levels on average, shows something else than the work (a caption bar, a panel): left out of the agreement
MIN_CONTRAST = 4.0  # grey levels (standard deviation): flatter overlaps say nothing either way
MIN_SHAPE = 1.0  # grey levels (standard deviation) a shape needs, less its lines' and columns' means
SMALL_SHAPE_FROM = 0.4  # a small candidate's match stands only if the shapes over the overlap correlate this much
# (its loose ratio test lets one made-up landscape's ridge pass for another's: on 160 corners at a third of other
# landscapes, the 5 such matches reached 0.20-0.61; on the bench, the 116 small copies so found, 0.53 and up)
_DIHEDRAL: list[Callable[[np.ndarray], np.ndarray]] = [  # as pdqhash.compute_dihedral orders its variants
    lambda t: t, lambda t: np.rot90(t, 1), lambda t: np.rot90(t, 2), lambda t: np.rot90(t, 3),
    lambda t: t[::-1], lambda t: t[:, ::-1], lambda t: t.T, lambda t: np.rot90(t, 2).T,
]
SURE = 0.9  # a local match scoring this much needs no second look with the candidate mirrored
HALF_SEEN = 0.5  # ... and one under this (the alert line), or none, gets it even when the vote saw no mirror: a
# nearly symmetric picture (a login screen) mirrored and cropped matches itself unmirrored, and outvotes its mirror
SHAPE_FROM = 0.05  # share of the work the matched details must span for the fit's turn and stretch to be told: a
# cluster smaller than that (a smooth wallpaper's few corners) fits its own patch, and its turn is extrapolation (a
# crop of a gradient read "turned 4°", stretched 1.23). On the art family no turned copy's details spanned under 0.078
FLAT_FROM = 0.9  # thumbnail correlation below which two flat pictures are not the same (different smooth
# wallpapers reach 0.88); 0.95 scores 0.5
Fitted = tuple[np.ndarray, np.ndarray, dict[str, Any]]  # a transform (work to candidate), its inliers, description


def verify(query: Fingerprint, work: Fingerprint) -> dict[str, Any] | None:
    """The score and evidence for `work` appearing in the candidate `query`, or None if it does not."""
    if len(query.descriptors) < MIN_MATCHES or len(work.descriptors) < MIN_MATCHES:
        return None
    nearest, first, second = _two_nearest(query.descriptors, work.descriptors)
    good = np.flatnonzero(first < (SMALL_RATIO if query.small else RATIO) * second)
    if len(good) < MIN_MATCHES:
        return None
    src = work.points[nearest[good]]
    dst = query.points[good]
    fitted = _fit(src, dst)
    if fitted is None:
        return None
    matrix, inliers, transform = fitted
    count = int(inliers.sum())
    hull = cv2.convexHull(src[inliers].reshape(-1, 1, 2))
    area = float(cv2.contourArea(hull)) / float(work.width * work.height)
    work_box = _project(cv2.invertAffineTransform(matrix), query, work)
    spread = min(1.0, area / max(_box_area(work_box), 1e-6) / SPREAD_FULL)
    if query.small and _shapes_disagree(matrix, work, query):
        return None
    agreement = _whole_picture_agreement(matrix, work, query) if spread < 1.0 else 0.0
    score = (1.0 - 0.5 ** ((count - MIN_MATCHES) / INLIERS_HALF)) * max(spread, agreement)
    return {
        "score": round(score, 4),
        "method": "local features (ORB) with geometric verification (RANSAC affine)",
        "inliers": count,
        "matched_area": round(area, 3),
        "work_box": work_box,
        "candidate_box": _project(matrix, work, query),
        "transform": transform if area >= SHAPE_FROM else _shape_untold(transform),
    }


def _shape_untold(transform: dict[str, Any]) -> dict[str, Any]:
    """The move without its turn and stretch, which matched details spanning under SHAPE_FROM of the work cannot
    tell (evidence states only what it is sure of); whether it was mirrored and its scale stay."""
    return {key: value for key, value in transform.items() if key not in ("rotation_degrees", "stretch")}


def _two_nearest(query: np.ndarray, work: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each candidate descriptor, the nearest work descriptor and the Hamming distances to the nearest two,
    the same as cv2.batchDistance(K=2) (the first of equally near ones) in a quarter less time: all distances
    word by word (the candidate's words repeated over a row per work descriptor, made once per candidate, since
    broadcasting them costs as much again), then the two least of each row."""
    count = len(work)
    words = np.ascontiguousarray(np.ascontiguousarray(work).view(np.uint64).T)  # row k: each one's word k
    repeated = _repeated(query, count)
    xor = np.empty((len(query), count), np.uint64)
    halves = []  # the bits differing in words 0 and 1, then 2 and 3: at most 128, a byte each
    for k in (0, 2):
        low = np.bitwise_count(np.bitwise_xor(repeated[k][:, :count], words[k], out=xor))
        high = np.bitwise_count(np.bitwise_xor(repeated[k + 1][:, :count], words[k + 1], out=xor))
        halves.append(np.add(low, high, out=low))
    distances = np.add(halves[0], halves[1], dtype=np.uint16)
    rows = np.arange(len(query))
    nearest = distances.argmin(axis=1)
    first = distances[rows, nearest].astype(np.int32)
    distances[rows, nearest] = 0xFFFF  # more than any distance
    return nearest, first, distances.min(axis=1).astype(np.int32)


_last_repeated: tuple[np.ndarray, list[np.ndarray]] | None = None  # the latest candidate's descriptors, repeated


def _repeated(query: np.ndarray, count: int) -> list[np.ndarray]:
    """Per 64-bit word of the candidate's descriptors, a (candidates, at least `count`) array holding each
    descriptor's word along its row: kept for the candidate's next work (a search verifies a few)."""
    global _last_repeated
    last = _last_repeated
    if last is not None and last[0] is query and last[1][0].shape[1] >= count:
        return last[1]
    words = np.ascontiguousarray(query).view(np.uint64)
    repeated = [np.ascontiguousarray(np.broadcast_to(words[:, k : k + 1], (len(query), count))) for k in range(4)]
    _last_repeated = (query, repeated)
    return repeated


def _fit(src: np.ndarray, dst: np.ndarray) -> Fitted | None:
    """The transform taking work points `src` to candidate points `dst`, its inliers and description: a full
    affine (a stretched copy needs it), or when that fails, a similarity (turn, uniform scale, shift). Matches
    bunched on one small detail (a logo, the part of it a crop left) give an affine fit no stable shape, so it
    comes out sheared or folded and is refused; the similarity, with two fewer free parameters, still fits the
    true move there, and is harder for chance matches to satisfy. Point errors are measured in the coarser of
    the two pictures: a small crop shown enlarged has keypoints only as precise as its own few pixels."""
    for estimate in (cv2.estimateAffine2D, cv2.estimateAffinePartial2D):
        fitted = _ransac(estimate, src, dst)
        if fitted is not None and fitted[2]["scale"] > 1.0:  # the candidate shows the work enlarged
            back = _ransac(estimate, dst, src)
            if back is not None and back[1].sum() > fitted[1].sum():
                matrix = cv2.invertAffineTransform(back[0])
                transform = _describe(matrix)
                fitted = (matrix, back[1], transform) if transform is not None else fitted
        if fitted is not None:
            return fitted
    return None


def _ransac(estimate: Callable[..., Any], src: np.ndarray, dst: np.ndarray) -> Fitted | None:
    """One RANSAC fit of `estimate` from `src` to `dst`, if it keeps enough inliers and a plausible move. A
    symmetric design (a playing card, a tile, a mandala) matches each detail to its twin as well, and the twins'
    move (turned half round) may outnumber the true one: when the best move is refused only for its turn, the
    matches it did not take are fitted once more."""
    fitted, turned = _ransac_once(estimate, src, dst)
    if fitted is None and turned is not None and len(src) - int(turned.sum()) >= MIN_MATCHES:
        rest = np.flatnonzero(~turned)
        again, _ = _ransac_once(estimate, src[rest], dst[rest])
        if again is not None:
            inliers = np.zeros(len(src), bool)
            inliers[rest[again[1]]] = True
            fitted = (again[0], inliers, again[2])
    return fitted


def _ransac_once(estimate: Callable[..., Any], src: np.ndarray, dst: np.ndarray) -> tuple[Fitted | None,
                                                                                         np.ndarray | None]:
    """_ransac() without a second try: the fit, or None and the inliers of a move refused only for being turned
    too far (the twins' move: a clean turn; chance matches seldom fit one)."""
    matrix, mask = estimate(src, dst, method=cv2.RANSAC, ransacReprojThreshold=6.0, maxIters=500, confidence=0.99)
    if matrix is None:
        return None, None
    inliers = mask.ravel().astype(bool)
    if int(inliers.sum()) < MIN_MATCHES:
        return None, None
    transform = _describe(matrix)
    if transform is None:
        return None, inliers if _move(matrix) is not None else None
    return (matrix, inliers, transform), None


def verify_either_way(query: Fingerprint, work: Fingerprint, mirror_too: bool = True,
                      as_is: bool = True) -> dict[str, Any] | None:  # fmt: skip
    """verify() (unless not `as_is`), and if that finds no sure match (and `mirror_too`, or it found nothing reaching
    the alert line, HALF_SEEN), verify() again against the work mirrored left-right (a mirrored copy that is also
    cropped, which the whole-picture hash misses), with the work's own mirrored descriptors: the candidate needs
    none of its own. The better one, described as the candidate mirrored (the evidence reads the same as if the
    candidate had been mirrored back)."""
    plain = verify(query, work) if as_is or not len(work.mirrored) else None
    if (plain is not None and plain["score"] >= SURE) or not len(work.mirrored):
        return plain
    if not mirror_too and plain is not None and plain["score"] >= HALF_SEEN:
        return plain
    mirrored = verify(query, work.mirror())
    if mirrored is None or (plain is not None and plain["score"] >= mirrored["score"]):
        return plain
    x0, y0, x1, y1 = mirrored["work_box"]
    turn = mirrored["transform"]  # mirroring both sides turns the other way round
    transform = {"flipped": True, "mirror": "left-right", "scale": turn["scale"]}
    if "rotation_degrees" in turn:  # told only when the matched details span enough of the work (SHAPE_FROM)
        transform |= {"rotation_degrees": round(0.0 - turn["rotation_degrees"], 1), "stretch": turn["stretch"]}
    return {**mirrored, "work_box": [round(1.0 - x1, 3), y0, round(1.0 - x0, 3), y1], "transform": transform}


def thumbnail_likeness(query: Fingerprint, work: Fingerprint, variant: int, flat: bool) -> float:
    """0..1: how alike the two thumbnails are, the candidate's turned or mirrored as its nearest PDQ variant
    says. For a flat picture, whose hash says little, only a near-perfect correlation counts (FLAT_FROM); for a
    hash that is near but not certain, a plain agreement (AGREE_FROM, AGREE_FULL) tells a copy from another
    picture laid out alike (different Debian wallpapers of one swirl correlate at 0.25, their copies at 0.97+)."""
    turned = _DIHEDRAL[variant](query.thumb).astype(np.float32)
    correlation = _correlation(work.thumb.astype(np.float32), turned)
    low, high = (FLAT_FROM, 1.0) if flat else (AGREE_FROM, AGREE_FULL)
    return float(np.clip((correlation - low) / (high - low), 0.0, 1.0))


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    if min(float(a.std()), float(b.std())) < MIN_CONTRAST:
        return 0.0
    return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])


def _whole_picture_agreement(matrix: np.ndarray, work: Fingerprint, query: Fingerprint) -> float:
    """0..1: how well the work's thumbnail, moved by `matrix` (work pixels to candidate pixels), matches the
    candidate's over their overlap (0 when they hardly overlap or the overlap is flat)."""
    picture, covered = _moved(matrix, work, query)
    candidate = query.thumb.astype(np.float32)
    covered &= ~_covered_up(np.abs(picture - candidate), covered)
    if covered.mean() < MIN_OVERLAP:
        return 0.0
    correlation = _correlation(picture[covered], candidate[covered])
    return float(np.clip((correlation - AGREE_FROM) / (AGREE_FULL - AGREE_FROM), 0.0, 1.0))


def _shapes_disagree(matrix: np.ndarray, work: Fingerprint, query: Fingerprint) -> bool:
    """Whether the work's thumbnail, moved by `matrix`, and the candidate's show other shapes over their overlap
    (shape_correlation below SMALL_SHAPE_FROM); False when the overlap is too small or plain to tell. All of the
    overlap counts: rows that differ most are what tells a look-alike, so none is taken for a caption bar."""
    picture, covered = _moved(matrix, work, query)
    if covered.mean() < MIN_OVERLAP:
        return False
    correlation = shape_correlation(picture, query.thumb, covered)
    return correlation is not None and correlation < SMALL_SHAPE_FROM


def _moved(matrix: np.ndarray, work: Fingerprint, query: Fingerprint) -> tuple[np.ndarray, np.ndarray]:
    """The work's thumbnail moved by `matrix` (work pixels to candidate pixels) onto the candidate's, and where it
    covers it."""
    to_thumb = np.diag([THUMB / query.width, THUMB / query.height])
    from_thumb = np.diag([work.width / THUMB, work.height / THUMB])
    moved = np.hstack([to_thumb @ matrix[:, :2] @ from_thumb, (to_thumb @ matrix[:, 2])[:, None]])
    size = (THUMB, THUMB)
    picture = cv2.warpAffine(work.thumb.astype(np.float32), moved, size, flags=cv2.INTER_LINEAR)
    covered = cv2.warpAffine(np.ones((THUMB, THUMB), np.float32), moved, size, flags=cv2.INTER_LINEAR) > 0.99
    return picture, covered


def shape_correlation(a: np.ndarray, b: np.ndarray, where: np.ndarray | None = None) -> float | None:
    """Correlation of two windows of one size (over `where`, if given) once what varies along one axis only is
    taken from each: every line's and every column's mean (a brightness ramp, a horizon). Any two skies over a
    dark horizon correlate; the shapes in them do not. None when either has too little shape to tell."""
    inside = np.ones(a.shape, bool) if where is None else where
    left, right = _shape(a, inside), _shape(b, inside)
    spread = float(left.std()) * float(right.std())
    if min(float(left.std()), float(right.std())) < MIN_SHAPE:
        return None
    return float((left * right).mean() / spread)


def _shape(window: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """The window's values inside, less each line's, then each column's mean over the inside."""
    weight = inside.astype(np.float64)
    values = window.astype(np.float64) * weight
    values -= values.sum(axis=1, keepdims=True) / np.maximum(weight.sum(axis=1, keepdims=True), 1.0) * weight
    values -= values.sum(axis=0, keepdims=True) / np.maximum(weight.sum(axis=0, keepdims=True), 1.0) * weight
    return values[inside]


def _covered_up(difference: np.ndarray, covered: np.ndarray) -> np.ndarray:
    """Where a caption bar or side panel hides the work: whole rows (columns) of the overlap that differ far more
    than the overlap's typical row (column). A cropped copy with a bar added hides the work's continuation."""
    hidden = np.zeros_like(covered)
    for axis in (1, 0):
        counts = covered.sum(axis=axis)
        lines = np.where(counts > 0, (difference * covered).sum(axis=axis) / np.maximum(counts, 1), 0.0)
        typical = float(np.median(lines[counts > 0])) if (counts > 0).any() else 0.0
        bad = lines > max(HIDDEN_FACTOR * typical, HIDDEN_LEVEL)
        hidden |= bad[:, None] if axis == 1 else bad[None, :]
    return hidden


def _describe(matrix: np.ndarray) -> dict[str, Any] | None:
    move = _move(matrix)
    if move is None or abs(move[2]) > MAX_ROTATION:
        return None
    scale, stretch, rotation = move
    return {"flipped": False, "scale": round(scale, 3), "rotation_degrees": round(rotation, 1),
            "stretch": round(stretch, 3)}  # fmt: skip


def _move(matrix: np.ndarray) -> tuple[float, float, float] | None:
    """The scale, stretch and turn (degrees) of a plausible move, turned any way, or None (folded, or scaled or
    stretched beyond belief)."""
    (a, b), (c, d) = matrix[:, :2].tolist()  # in closed form: numpy's det and SVD of a 2 × 2 cost 20 times more
    det = a * d - b * c
    if det <= 0:
        return None
    largest = (math.hypot(a + d, c - b) + math.hypot(a - d, c + b)) / 2  # singular values: this one and det / it
    scale, stretch = math.sqrt(det), largest * largest / det
    if not 0.1 <= scale <= 10 or stretch > MAX_STRETCH:
        return None
    return scale, stretch, math.degrees(math.atan2(c - b, a + d))


def _project(matrix: np.ndarray, source: Fingerprint, target: Fingerprint) -> list[float]:
    """Where the source picture's frame lands in the target, clipped, as [x0, y0, x1, y1] in 0..1."""
    corners = np.array([[0, 0], [source.width, 0], [0, source.height], [source.width, source.height]], float)
    moved = corners @ matrix[:, :2].T + matrix[:, 2]
    low = np.clip(moved.min(axis=0) / (target.width, target.height), 0, 1)
    high = np.clip(moved.max(axis=0) / (target.width, target.height), 0, 1)
    return [round(float(v), 3) for v in (*low, *high)]


def _box_area(box: list[float]) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])
