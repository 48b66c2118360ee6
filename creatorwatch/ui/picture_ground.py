"""A transparent picture shown on the ground the matcher sees it on, so the window shows what was compared:
white, or black for light art that white would hide (core/fingerprint/image_decode.ground_of)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter

from creatorwatch.core.fingerprint.image_decode import ground_of

LOOK_SIDE = 256  # the ground is chosen on a copy this small (as the matcher chooses it on its own small copy)


def on_its_ground(image: QImage) -> QImage:
    """`image` laid on its ground if it has transparency; an opaque picture as it is. Safe off the main thread."""
    if not image.hasAlphaChannel():
        return image
    small = image.scaled(LOOK_SIDE, LOOK_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.SmoothTransformation).convertToFormat(QImage.Format.Format_RGBA8888)
    rows = np.frombuffer(small.constBits(), np.uint8).reshape(small.height(), small.bytesPerLine())
    rgba = rows[:, : small.width() * 4].reshape(small.height(), small.width(), 4).astype(np.float32)
    luma = rgba[..., 0] * 0.299 + rgba[..., 1] * 0.587 + rgba[..., 2] * 0.114
    grey = ground_of(np.stack([luma.round(), rgba[..., 3]], axis=-1).astype(np.uint8))
    laid = QImage(image.size(), QImage.Format.Format_RGB32)
    laid.fill(QColor(grey, grey, grey))
    painter = QPainter(laid)
    painter.drawImage(0, 0, image)
    painter.end()
    return laid
