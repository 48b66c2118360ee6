"""Pictures as the window shows them: read by Qt where it can, by Pillow where Qt cannot (HEIC photos, AVIF),
shrunk to fit, and a transparent one laid on its ground (picture_ground). Safe off the main thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageReader

from creatorwatch.core.evidence.preview import image_preview
from creatorwatch.ui.picture_ground import on_its_ground


def read_picture(path: Path, fit: QSize) -> QImage | None:
    """The picture at `path` no larger than `fit` (decoded at that size where the format allows), or None."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    full = reader.size()
    if full.isValid() and (full.width() > fit.width() or full.height() > fit.height()):
        reader.setScaledSize(full.scaled(fit, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        jpeg = image_preview(path, side=max(fit.width(), fit.height()))
        image = QImage.fromData(jpeg) if jpeg else QImage()
    return None if image.isNull() else on_its_ground(image)
