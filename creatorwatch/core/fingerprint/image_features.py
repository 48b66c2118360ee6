"""What an image fingerprint holds: a whole-picture PDQ hash (all 8 flips/turns), ORB local features (and
their descriptors as seen in the picture mirrored left-right), a tiny thumbnail and, for a page holding a
picture, that picture's own hash and thumbnail.

The hash finds resized, recompressed, recoloured or flipped copies; the local features find crops,
embeds, rotations and captioned copies and give the geometric evidence (see image_index.py); the thumbnail
tells a copy of a smooth picture, whose few features sit on one small detail, from another picture that only
shares that detail (image_verify.py). A smooth picture laid on a page loses its few features among the page's
text, so the picture found there (image_region.py) is hashed on its own too. ORB descriptors change under a
mirror, and a mirrored copy that is also cropped defeats the whole-picture hash: the mirrored descriptors, taken
at the same keypoints mirrored (about 40 % more local-feature time), let such a copy be matched and verified too.
Works hold them; a candidate need not (the index matches it against the works mirrored), so it skips that cost.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from . import pdq
from .image_layout import smooth_layout
from .image_region import MOST, find_regions

cv2.setNumThreads(1)  # pictures are small and the library fingerprints files in parallel: OpenCV's own thread
# pool would only add CPU time (measured: 20 % more CPU for the same wall time)

FORMAT = 4  # first byte of every blob (2: with a thumbnail; 3: with the picture found in a page; 4: mirrored)
SIZED = 5  # ... of a candidate's blob, which also says how small the file's picture was (works' blobs stay 4)
SIDE = 512  # pictures are compared at this longer side
FEATURES = 400  # ORB keypoints kept per picture
GRID = 4  # keypoints are spread over GRID × GRID cells
POOL, CANDIDATE_POOL = 2, 4  # ... chosen among this many × FEATURES of the strongest found: a candidate looks wider,
# since bold text (a meme's caption, a watermark) outshouts a picture's own corners, and among 2 × FEATURES a
# picture under three lines of caption kept a tenth of them (on the art family's pictures under 1-3 lines of bold
# caption: found 130 -> 154 of 180; 1.8 ms more CPU per candidate that needs local features). Not a candidate
# smooth at thumbnail scale (image_layout.py), whose wider choice is only more of its grain (smooth wallpapers under
# film grain lost 19 of 630 crops). A work's stay as they were, so none is fingerprinted again.
LEVELS = 6  # ORB pyramid levels, 1.2 apart: scales 1 to 2.5 (8 levels cost 10 % more time for 0.5 % recall)
SMALL_SIDE = 256  # a candidate whose longer side is at most this (enlarged 2× or more to SIDE) is small: a crop
# of the work shown smaller, often, whose details lie at the work's coarse levels times the crop's enlargement
SMALL_LEVELS, SMALL_STEP = 12, 1.15  # its pyramid: scales 1 to 4.7, finer steps (on unseen art, a 60 % corner
# scaled to 1/3 was found 0.65 -> 0.77 of the time, with the looser ratio test of image_verify 0.80)
_HEADER = struct.Struct("<BHHBH")  # format, width, height, PDQ quality, keypoint count
_PDQ_BYTES = 8 * 32  # 8 dihedral PDQ hashes of 256 bits
THUMB = 32  # the thumbnail is THUMB × THUMB grey pixels, the picture squeezed to a square
_COUNT = struct.Struct("<B")  # how many pictures found in a page follow (0: none)
_BOX = struct.Struct("<HHHH")  # the box of one of them (pixels), before its fingerprint
_MIRRORED = struct.Struct("<H")  # how many mirrored descriptors follow (the keypoint count, or 0)
_SOURCE = struct.Struct("<H")  # in a SIZED blob, after the header: the file's longer side in pixels
_HUE = struct.Struct("<5f")  # before each view's blob: its hue
_REGION = struct.Struct("<4f")  # ... and the part of the picture it was made from
WHOLE = (0.0, 0.0, 1.0, 1.0)


def _no_descriptors() -> np.ndarray:
    return np.zeros((0, 32), np.uint8)


@dataclass(frozen=True)
class Fingerprint:
    """The decoded form of a blob."""

    width: int
    height: int
    quality: int  # PDQ quality 0..100; low for flat pictures whose hash says little
    pdq: np.ndarray  # (8, 4) uint64: the picture's hash and its 7 flipped/turned variants (index 5 = mirror)
    points: np.ndarray  # (n, 2) float32 keypoint positions in pixels of the width × height picture
    descriptors: np.ndarray  # (n, 32) uint8 ORB descriptors
    thumb: np.ndarray  # (THUMB, THUMB) uint8: the whole picture, grey, squeezed to a square
    insets: tuple[Inset, ...] = ()  # the pictures this one holds on a plain page, the largest first (a work: that
    # one alone)
    mirrored: np.ndarray = field(default_factory=_no_descriptors)  # (n, 32) or (0, 32) uint8: descriptor i
    # as computed in the picture mirrored left-right, at keypoint i mirrored (x becomes width - 1 - x)
    source_side: int = 0  # a candidate's longer side as decoded (at most SIDE), before it was enlarged to SIDE (0:
    # not recorded, as for works and candidates fingerprinted by earlier versions)
    views: tuple[Fingerprint, ...] = ()  # for a picture whose grey is all but blank, the fingerprints of the grey
    # pictures carrying its design in hue (image_hue.py); they follow its own in the blob, which they leave as it was
    hue: np.ndarray | None = None  # a view's hue (image_hue.Hue): the colours it was projected from
    region: tuple[float, float, float, float] = WHOLE  # the part of the picture a view was made from (shares of
    # its width and height: x0, y0, x1, y1), so that what a view finds is shown where it lies in the picture

    @property
    def small(self) -> bool:
        """A candidate enlarged 2× or more to be compared: its details are blurred, its descriptors noisier."""
        return _small(self.source_side)

    def to_bytes(self) -> bytes:
        head = _HEADER.pack(SIZED if self.source_side else FORMAT, self.width, self.height, self.quality,
                            len(self.points))  # fmt: skip
        if self.source_side:
            head += _SOURCE.pack(min(self.source_side, 0xFFFF))
        insets = _COUNT.pack(len(self.insets)) + b"".join(_BOX.pack(*i.box) + i.picture.to_bytes() for i in self.insets)
        return (
            head
            + self.pdq.astype("<u8").tobytes()
            + self.points.astype("<f2").tobytes()
            + self.descriptors.astype(np.uint8).tobytes()
            + _MIRRORED.pack(len(self.mirrored))
            + self.mirrored.astype(np.uint8).tobytes()
            + self.thumb.astype(np.uint8).tobytes()
            + insets
            + b"".join(_HUE.pack(*view.hue) + _REGION.pack(*view.region) + view.to_bytes()
                      for view in self.views if view.hue is not None)
        )

    def mirror(self) -> Fingerprint:
        """This picture mirrored left-right, as far as local matching needs: its keypoints mirrored, with the
        mirrored descriptors, and its thumbnail mirrored (no hash, no inset)."""
        points = self.points.copy()
        points[:, 0] = self.width - 1 - points[:, 0]
        return Fingerprint(self.width, self.height, self.quality, self.pdq, points, self.mirrored,
                           np.ascontiguousarray(self.thumb[:, ::-1]))  # fmt: skip

    @classmethod
    def from_bytes(cls, blob: bytes) -> Fingerprint:
        fingerprint, at = _read(blob, 0)
        views = []
        while at < len(blob):
            hue = np.array(_HUE.unpack_from(blob, at), np.float32)
            region = _REGION.unpack_from(blob, at + _HUE.size)
            view, at = _read(blob, at + _HUE.size + _REGION.size)
            views.append(replace(view, hue=hue, region=region))
        return replace(fingerprint, views=tuple(views)) if views else fingerprint


@dataclass(frozen=True)
class Inset:
    """A picture laid on a page: where it lies and its own hash and thumbnail (no local features)."""

    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels of the page's width × height
    picture: Fingerprint


def own_part(blob: bytes) -> tuple[Fingerprint, bool]:
    """A blob's own fingerprint, without its views in hue, and whether any follow it (raises ValueError)."""
    fingerprint, end = _read(blob, 0)
    return fingerprint, end < len(blob)


def _read(blob: bytes, at: int) -> tuple[Fingerprint, int]:
    """The fingerprint whose blob starts at `at`, and where it ends."""
    if len(blob) <= at or blob[at] not in (FORMAT, SIZED):
        raise ValueError(f"not an image fingerprint of format {FORMAT}")
    sized, width, height, quality, count = _HEADER.unpack_from(blob, at)
    at += _HEADER.size
    source_side = 0
    if sized == SIZED:
        (source_side,) = _SOURCE.unpack_from(blob, at)
        at += _SOURCE.size
    pdq = np.frombuffer(blob, "<u8", 32, at).reshape(8, 4).astype(np.uint64)
    at += _PDQ_BYTES
    points = np.frombuffer(blob, "<f2", count * 2, at).reshape(count, 2).astype(np.float32)
    at += count * 4
    descriptors = np.frombuffer(blob, np.uint8, count * 32, at).reshape(count, 32)
    at += count * 32
    (mirrored_count,) = _MIRRORED.unpack_from(blob, at)
    at += _MIRRORED.size
    mirrored = np.frombuffer(blob, np.uint8, mirrored_count * 32, at).reshape(mirrored_count, 32)
    at += mirrored_count * 32
    thumb = np.frombuffer(blob, np.uint8, THUMB * THUMB, at).reshape(THUMB, THUMB)
    at += THUMB * THUMB
    (count,) = _COUNT.unpack_from(blob, at)
    at += _COUNT.size
    insets = []
    for _ in range(count):
        x0, y0, x1, y1 = _BOX.unpack_from(blob, at)
        picture, at = _read(blob, at + _BOX.size)
        insets.append(Inset((x0, y0, x1, y1), picture))
    return Fingerprint(width, height, quality, pdq, points, descriptors, thumb, tuple(insets), mirrored,
                       source_side), at


def fingerprint_array(grey: np.ndarray, mirrored: bool = True, local: bool = True) -> Fingerprint:
    """The fingerprint of a grey uint8 picture of any size (scaled so its longer side is SIDE); with the mirrored
    descriptors unless not `mirrored`. A candidate needs none (the index holds the works' own), and records its
    own size instead: a small one (SMALL_SIDE) is looked at through a deeper pyramid; and it keeps every picture
    laid on it as on a page (a gallery's), where a work keeps its largest alone. Without `local`, no local
    features at all (with_local_features adds them when the search needs them)."""
    source_side = 0 if mirrored else max(grey.shape)
    grey = _to_side(grey)
    height, width = grey.shape
    pdq, quality, thumb = _whole(grey)
    nothing = np.zeros((0, 2), np.float32), _no_descriptors(), _no_descriptors()
    wide = not mirrored and not smooth_layout(thumb)  # a candidate (see CANDIDATE_POOL)
    points, descriptors, mirror = _local_features(grey, mirrored, _small(source_side), wide) if local else nothing
    insets = tuple(_inset(grey, box) for box in find_regions(grey, most=1 if mirrored else MOST))
    return Fingerprint(width, height, quality, pdq, points, descriptors, thumb, insets, mirror, source_side)


def _inset(page: np.ndarray, box: tuple[int, int, int, int]) -> Inset:
    """The picture found in `page` at `box`: its own hash and thumbnail, no local features."""
    x0, y0, x1, y1 = box
    inner, quality, thumb = _whole(page[y0:y1, x0:x1])
    none = np.zeros((0, 2), np.float32), np.zeros((0, 32), np.uint8)
    return Inset(box, Fingerprint(x1 - x0, y1 - y0, quality, inner, *none, thumb))


def with_local_features(fingerprint: Fingerprint, grey: np.ndarray) -> Fingerprint:
    """A candidate's fingerprint made without `local` features, completed with them (`grey` is the picture it was
    made from): the same fingerprint as made with them at once."""
    points, descriptors, _ = _local_features(_to_side(grey), False, fingerprint.small,
                                             not smooth_layout(fingerprint.thumb))
    return replace(fingerprint, points=points, descriptors=descriptors)


def with_tile_features(fingerprint: Fingerprint, page: np.ndarray) -> Fingerprint:
    """A candidate's fingerprint whose pictures found on its page (a gallery's) are given local features of their
    own, made from `page`, the candidate decoded larger: a picture among many holds too few of the page's
    features to be found by them, and one cut to fill its tile is beyond its hash."""
    scale = page.shape[1] / fingerprint.width
    insets = []
    for inset in fingerprint.insets:
        x0, y0, x1, y1 = (round(v * scale) for v in inset.box)
        tile = page[y0 : max(y1, y0 + 1), x0 : max(x1, x0 + 1)]  # a pixel at least, of a gallery a few pixels wide
        grey = _to_side(tile)
        points, descriptors, _ = _local_features(grey, False, _small(max(tile.shape)),
                                                 not smooth_layout(inset.picture.thumb))
        picture = replace(inset.picture, width=grey.shape[1], height=grey.shape[0], points=points,
                          descriptors=descriptors, source_side=max(tile.shape))  # fmt: skip
        insets.append(Inset(inset.box, picture))
    return replace(fingerprint, insets=tuple(insets))


def _small(source_side: int) -> bool:
    """Whether a candidate of this longer side (0: not recorded) is small (see Fingerprint.small)."""
    return 0 < source_side <= SMALL_SIDE


def _whole(grey: np.ndarray) -> tuple[np.ndarray, int, np.ndarray]:
    """The picture's 8 PDQ hashes, their quality and its thumbnail."""
    small = cv2.resize(grey, (128, 128), interpolation=cv2.INTER_AREA)
    hashes, quality = pdq.compute_dihedral(small)
    packed = np.packbits(np.asarray(hashes, dtype=np.uint8), axis=1).view("<u8").reshape(8, 4)
    return packed, int(quality), cv2.resize(small, (THUMB, THUMB), interpolation=cv2.INTER_AREA)


def _local_features(grey: np.ndarray, mirrored: bool = True, deep: bool = False,
                    wide: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """ORB keypoints spread over the picture, their descriptors, and (if `mirrored`) the same keypoints'
    descriptors in the picture mirrored left-right. Contrast is equalised locally first so that smooth, dark or
    faded pictures still yield features, and the same ones after a brightness change. With `deep`, for a small
    picture enlarged to SIDE, the pyramid reaches coarser scales in finer steps (SMALL_LEVELS): a small crop of
    a work holds the work's details enlarged, so they meet the work's at the candidate's coarse levels. With
    `wide`, the keypoints are chosen among more of the strongest (CANDIDATE_POOL)."""
    grey = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(grey)
    levels, step = (SMALL_LEVELS, SMALL_STEP) if deep else (LEVELS, 1.2)
    pool = (CANDIDATE_POOL if wide else POOL) * FEATURES
    orb = cv2.ORB.create(nfeatures=pool, scaleFactor=step, nlevels=levels, fastThreshold=8)  # not thread-safe
    keypoints, every = orb.detectAndCompute(grey, None)  # one pyramid for both (compute() would build it again)
    if every is None or not keypoints:
        return np.zeros((0, 2), np.float32), _no_descriptors(), _no_descriptors()
    spread = _spread(keypoints, grey.shape)
    spread = spread[np.argsort([keypoints[i].octave for i in spread], kind="stable")]  # compute()'s order (by
    # pyramid level): the same blob, byte for byte, as describing the chosen keypoints alone gave
    chosen = [keypoints[i] for i in spread]
    descriptors = np.ascontiguousarray(every[spread])
    points: np.ndarray = np.array(cv2.KeyPoint.convert(chosen), dtype=np.float32).reshape(-1, 2)
    if not mirrored:
        return points, descriptors, _no_descriptors()
    return points, descriptors, _mirrored_descriptors(orb, grey, chosen, len(descriptors))


def _mirrored_descriptors(orb: cv2.ORB, grey: np.ndarray, keypoints: Sequence[cv2.KeyPoint], count: int) -> np.ndarray:
    """The descriptors of `keypoints` in the picture mirrored left-right, in the same order (or none if ORB
    drops any of them). Mirroring turns a keypoint's orientation θ into 180° − θ; ORB keeps given angles."""
    width = grey.shape[1]
    mirrored = [cv2.KeyPoint(width - 1 - k.pt[0], k.pt[1], k.size, (180.0 - k.angle) % 360.0, k.response, k.octave,
                             number) for number, k in enumerate(keypoints)]  # fmt: skip
    kept, descriptors = orb.compute(np.ascontiguousarray(grey[:, ::-1]), mirrored)
    if descriptors is None or len(kept) != count or [k.class_id for k in kept] != list(range(count)):
        return _no_descriptors()
    return descriptors


def _spread(keypoints: Sequence[cv2.KeyPoint], shape: tuple[int, ...]) -> np.ndarray:
    """The indices of the FEATURES strongest keypoints, at most a fair share from each cell of a 4 × 4 grid."""
    if len(keypoints) <= FEATURES:
        return np.arange(len(keypoints))
    where = np.array(cv2.KeyPoint.convert(keypoints)) * (GRID / (shape[1] + 1e-3), GRID / (shape[0] + 1e-3))
    cells = where[:, 1].astype(np.int64) * GRID + where[:, 0].astype(np.int64)
    strength = np.array([k.response for k in keypoints])
    order = np.lexsort((-strength, cells))
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order)) - np.searchsorted(cells[order], cells[order], side="left")
    return np.lexsort((-strength, rank))[:FEATURES]


def _to_side(grey: np.ndarray) -> np.ndarray:
    height, width = grey.shape
    scale = SIDE / max(height, width)
    if abs(scale - 1.0) < 0.02:
        return np.ascontiguousarray(grey)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return cv2.resize(grey, size, interpolation=interpolation)
