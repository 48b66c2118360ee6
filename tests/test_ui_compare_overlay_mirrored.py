"""Compare's Overlaid view of a mirrored and cropped copy lays it back the way the work faces, over the outlined part
of the work: it was laid over as found, mirrored, so the copy's peak sat top-left over the work's top-right."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QTransform
from pytestqt.qtbot import QtBot

from creatorwatch.ui.image_compare import CAPTION_H, Box, ImageCompare, _fit, _inside

WIDTH, HEIGHT = 400, 300


def a_cliff() -> QImage:
    """A picture unlike its mirror image: red rises left to right, green top to bottom."""
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    for x in range(WIDTH):
        for y in range(HEIGHT):
            image.setPixelColor(x, y, QColor(x * 255 // WIDTH, y * 255 // HEIGHT, 90))
    return image


def pixels(image: QImage, area: QRectF) -> np.ndarray:
    """The red and green of `area` of `image`, a few pixels in from its outline."""
    inner = area.adjusted(5, 5, -5, -5).toAlignedRect()
    part = image.copy(inner).convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(part.constBits(), np.uint8).reshape(part.height(), part.bytesPerLine() // 4, 4)
    return data[:, : part.width(), 1:3].astype(int)  # BGRA: green and red


def overlaid(
    qtbot: QtBot, work: QImage, copy: QImage, work_box: Box, copy_box: Box, transform: dict[str, object] | None
) -> tuple[QImage, QRectF]:
    """The Overlaid view, the copy fully opaque, and where on it the outlined part of the work is."""
    view = ImageCompare(work, copy, work_box, copy_box, transform=transform)
    qtbot.addWidget(view)
    view.resize(860, 420)
    view.set_overlay(100)
    shown = view.grab().toImage()
    area = QRectF(view.rect()).adjusted(8, 8, -8, -8).adjusted(0, CAPTION_H, 0, 0)
    return shown, _inside(_fit(work, area), work_box)


def test_a_mirrored_crop_lies_over_the_work_as_the_outlines_say(qtbot: QtBot) -> None:
    work = a_cliff()
    # convert cliff -flop -gravity east -crop 75%x85%+0+0: the flopped picture's right 300 × 255, which is the
    # work's left 300 columns (rows 22 to 277), mirrored
    copy = work.transformed(QTransform.fromScale(-1, 1)).copy(100, 22, 300, 255)
    work_box = (0.0, 22 / HEIGHT, 300 / WIDTH, 277 / HEIGHT)
    alone, target = overlaid(qtbot, work, work, work_box, work_box, None)  # the work over itself: what to see
    shown, same_target = overlaid(
        qtbot, work, copy, work_box, (0.0, 0.0, 1.0, 1.0), {"flipped": True, "mirror": "left-right", "scale": 1.0}
    )
    assert same_target == target
    difference = np.abs(pixels(shown, target) - pixels(alone, target))
    assert difference.mean() < 6, difference.mean()  # the copy's pixels line up with the work's
    assert np.percentile(difference, 99) < 20
