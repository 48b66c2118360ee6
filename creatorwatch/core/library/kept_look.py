"""What a picture looked like once its file is gone: its fingerprint, which outlives the file, holds a small grey
copy of it (image_features.THUMB square, the picture squeezed), given back here in the picture's own proportions
so the Library can still show a missing work's face."""

from __future__ import annotations

import struct

import numpy as np
import sqlite_utils


def kept_thumbnail(db: sqlite_utils.Database, work_id: int, side: int) -> np.ndarray | None:
    """The work's picture as its fingerprint keeps it: grey uint8, `side` pixels on its longer side, in its own
    proportions; None for a work with no image fingerprint, or one too old or damaged to hold a thumbnail."""
    row = db.execute("SELECT data FROM fingerprints WHERE work_id = ? AND kind = 'image'", [work_id]).fetchone()
    if row is None:
        return None
    import cv2  # loaded only for a picture whose file is missing

    from creatorwatch.core.fingerprint.image_features import own_part

    try:
        fingerprint, _views = own_part(bytes(row[0]))
    except (ValueError, struct.error):
        return None
    width, height = max(1, fingerprint.width), max(1, fingerprint.height)
    longer = max(width, height)
    size = (max(1, round(side * width / longer)), max(1, round(side * height / longer)))
    return np.ascontiguousarray(cv2.resize(fingerprint.thumb, size, interpolation=cv2.INTER_LINEAR))
