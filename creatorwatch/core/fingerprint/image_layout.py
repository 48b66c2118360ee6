"""Whether a picture is smooth at thumbnail scale, whatever its fine grain: such a picture is found by its layout
(image_crop.py), and its grain must not crowd out what local features it has (image_features.py)."""

from __future__ import annotations

import cv2
import numpy as np

SMOOTH_DETAIL = 9.0  # grey levels: a thumbnail whose mean Laplacian is under this has a smooth layout (fitted on
# the art family: 9 in 10 of its smooth wallpapers' crops under film grain lie under it, 1 in 100 of its other pictures)


def smooth_layout(thumb: np.ndarray) -> bool:
    """Whether a picture is smooth at thumbnail scale, whatever its fine grain. A gradient under film grain or
    noise gives ORB its 400 keypoints on the grain, which a copy at half size in JPEG has wiped out: its local
    features find nothing, yet its layout finds its crops as well as a clean gradient's."""
    layout = thumb.astype(np.float32)
    return float(np.abs(cv2.Laplacian(layout, cv2.CV_32F, ksize=1))[1:-1, 1:-1].mean()) < SMOOTH_DETAIL
