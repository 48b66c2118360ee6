"""The found picture turned back the way the work faces, for Compare's overlay: a mirrored copy was laid over the
work as it was found, so the two never coincided where the side-by-side outlines said they correspond."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QImage, QTransform

# How the copy was mirrored (the evidence's "mirror"), and the transform that lays it back: each is its own inverse.
UNMIRROR = {
    "left-right": QTransform.fromScale(-1, 1),
    "top-bottom": QTransform.fromScale(1, -1),
    "diagonal": QTransform(0, 1, 1, 0, 0, 0),
    "anti-diagonal": QTransform(0, -1, -1, 0, 0, 0),
}


def laid_back(region: QImage, transform: Mapping[str, object]) -> QImage:
    """`region` (the outlined part of the copy) turned as the work faces, per the evidence's transform: mirrored
    back, or turned back from upside down. A quarter or other turn is left as found: the matchers do not agree on
    which way they count it."""
    if transform.get("flipped"):
        undo = UNMIRROR.get(str(transform.get("mirror", "left-right")))
        return region.transformed(undo) if undo is not None else region
    degrees = transform.get("rotation_degrees", 0)
    turn = round(float(degrees)) % 360 if isinstance(degrees, int | float) else 0
    if turn == 180:
        return region.transformed(QTransform.fromScale(-1, -1))
    return region
