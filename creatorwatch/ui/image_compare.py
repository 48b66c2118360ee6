"""Two pictures compared: side by side with the matched regions outlined, or overlaid with a slider."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from creatorwatch.ui.laid_back import laid_back

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the picture
WHOLE: Box = (0.0, 0.0, 1.0, 1.0)
OUTLINE = QColor("#e8590c")
CAPTIONS = ("Yours", "Found")
CAPTION_H = 22.0


def _fit(image: QImage, area: QRectF) -> QRectF:
    """Where `image` is drawn to fit `area`, keeping its shape."""
    if image.isNull() or area.isEmpty():
        return QRectF()
    scale = min(area.width() / image.width(), area.height() / image.height())
    w, h = image.width() * scale, image.height() * scale
    return QRectF(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h)


def _inside(frame: QRectF, box: Box) -> QRectF:
    x0, y0, x1, y1 = box
    return QRectF(frame.x() + x0 * frame.width(), frame.y() + y0 * frame.height(),
                  (x1 - x0) * frame.width(), (y1 - y0) * frame.height())


class ImageCompare(QWidget):
    """`overlay` 0 shows both side by side; above 0 the candidate's matched region is laid over the work's at that
    opacity (percent), so the creator can slide between them; `transform` (the evidence's: mirrored, turned) is
    undone on it first, so a mirrored copy lies over the work as the outlines say it corresponds."""

    def __init__(self, work: QImage, candidate: QImage, work_box: Box = WHOLE, candidate_box: Box = WHOLE,
                 parent: QWidget | None = None, transform: Mapping[str, object] | None = None) -> None:
        super().__init__(parent)
        self.work, self.candidate = work, candidate
        self.work_box, self.candidate_box = work_box, candidate_box
        self.transform = transform or {}
        self.overlay = 0
        self.setMinimumSize(480, 260)
        self.setAccessibleName("Your picture and the found picture")

    def sizeHint(self) -> QSize:
        return QSize(860, 420)

    def set_overlay(self, percent: int) -> None:
        self.overlay = percent
        self.setAccessibleDescription("overlaid" if percent else "side by side")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8)
        pictures = area.adjusted(0, CAPTION_H, 0, 0)
        painter.setPen(self.palette().windowText().color())
        if self.overlay:
            self._caption(painter, area, f"{CAPTIONS[0]}, with what was found laid over it")
            self._paint_overlay(painter, pictures)
        else:
            half = (area.width() - 16) / 2
            for column, (caption, image, box) in enumerate(((CAPTIONS[0], self.work, self.work_box),
                                                            (CAPTIONS[1], self.candidate, self.candidate_box))):
                x = area.x() + column * (half + 16)
                self._caption(painter, QRectF(x, area.y(), half, area.height()), caption)
                self._paint_one(painter, image, box, QRectF(x, pictures.y(), half, pictures.height()))
        painter.end()

    def _caption(self, painter: QPainter, area: QRectF, text: str) -> None:
        painter.setPen(self.palette().windowText().color())
        painter.drawText(QRectF(area.x(), area.y(), area.width(), CAPTION_H),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)

    def _paint_one(self, painter: QPainter, image: QImage, box: Box, area: QRectF) -> None:
        frame = _fit(image, area)
        painter.drawImage(frame, image)
        painter.setPen(QPen(OUTLINE, 3, Qt.PenStyle.SolidLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(_inside(frame, box))

    def _paint_overlay(self, painter: QPainter, area: QRectF) -> None:
        frame = _fit(self.work, area)
        painter.drawImage(frame, self.work)
        target = _inside(frame, self.work_box)
        x0, y0, x1, y1 = self.candidate_box
        source = QRectF(x0 * self.candidate.width(), y0 * self.candidate.height(),
                        (x1 - x0) * self.candidate.width(), (y1 - y0) * self.candidate.height())
        region = laid_back(self.candidate.copy(source.toAlignedRect()), self.transform)
        painter.setOpacity(self.overlay / 100)
        painter.drawImage(target, region)
        painter.setOpacity(1.0)
        painter.setPen(QPen(OUTLINE, 3))
        painter.drawRect(target)
