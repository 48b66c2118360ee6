"""Waveforms with the stretches that matched shaded: two recordings on one time line, shifted so a copied moment
sits one above the other; or one found recording with the seconds that sound most like the creator's voice."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QWidget

WORK_COLOUR = QColor("#3d7bd9")
CANDIDATE_COLOUR = QColor("#e8590c")


class WaveformCompare(QWidget):
    """Yours above, theirs below, on one time line: your recording's seconds. A copy played faster or slower is
    drawn stretched to your tempo (`speed`: your seconds per second of theirs), so the matched stretch lies under
    one shaded band in both lanes instead of running past it in one of them."""

    def __init__(self, work: tuple[np.ndarray, float], candidate: tuple[np.ndarray, float], work_at: float,
                 candidate_at: float, stretch: float, speed: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        (self.work_peaks, self.work_seconds), (self.cand_peaks, self.cand_seconds) = work, candidate
        self.work_at, self.candidate_at, self.stretch = work_at, candidate_at, max(stretch, 0.5)
        self.speed = speed if speed > 0 else 1.0  # evidence "speed_factor"; the stretch is in seconds of theirs
        self.setMinimumSize(480, 200)
        self.setAccessibleName("Waveforms of your recording and the found recording, aligned at the match")

    def sizeHint(self) -> QSize:
        return QSize(860, 260)

    def _their_start(self) -> float:
        """Where their first second lies on your time line: their matched moment over yours."""
        return self.work_at - self.speed * self.candidate_at

    def matched(self) -> tuple[float, float]:
        """The matched stretch on your time line (the shaded band)."""
        return self.work_at, self.work_at + self.speed * self.stretch

    def _span(self) -> tuple[float, float]:
        """The time line in your recording's seconds, long enough for both recordings."""
        start = min(0.0, self._their_start())
        end = max(self.work_seconds, self._their_start() + self.speed * self.cand_seconds)
        return start, max(end, start + 1.0)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        start, end = self._span()
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8)
        lane = (area.height() - 12) / 2

        def x_of(seconds: float) -> float:
            return area.x() + (seconds - start) / (end - start) * area.width()

        matched = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        matched.setAlpha(50)
        begin, end_ = self.matched()
        painter.fillRect(QRectF(x_of(begin), area.y(), x_of(end_) - x_of(begin), area.height()), matched)
        draw_lane(painter, self.work_peaks, self.work_seconds, 0.0, x_of, area.y(), lane, WORK_COLOUR)
        draw_lane(painter, self.cand_peaks, self.speed * self.cand_seconds, self._their_start(), x_of,
                  area.y() + lane + 12, lane, CANDIDATE_COLOUR)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(area.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft, "Yours")
        painter.drawText(area.adjusted(4, lane + 12, 0, 0), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
                         "Found")
        painter.end()


class VoiceWaveform(QWidget):
    """The found recording alone (a voice match copies no recording to align with), with the scored stretches
    shaded and each one's similarity written above it."""

    def __init__(self, candidate: tuple[np.ndarray, float], segments: list[tuple[float, float, float]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.peaks, self.seconds = candidate
        self.segments = segments  # (start, end, similarity), seconds of the found recording
        self.setMinimumSize(480, 160)
        self.setAccessibleName("Waveform of the found recording, with the stretches that sound most like your voice "
                               "marked")

    def sizeHint(self) -> QSize:
        return QSize(860, 220)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = QRectF(self.rect()).adjusted(8, 24, -8, -8)
        length = max(self.seconds, 1.0)

        def x_of(seconds: float) -> float:
            return area.x() + seconds / length * area.width()

        marked = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        marked.setAlpha(60)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        for start, end, similarity in self.segments:
            band = QRectF(x_of(start), area.y(), max(2.0, x_of(end) - x_of(start)), area.height())
            painter.fillRect(band, marked)
            painter.setPen(text)
            painter.drawText(QRectF(band.x() - 30, 4, band.width() + 60, 18), Qt.AlignmentFlag.AlignCenter,
                             f"{similarity:.2f}")
        draw_lane(painter, self.peaks, self.seconds, 0.0, x_of, area.y(), area.height(), CANDIDATE_COLOUR)
        painter.setPen(text)
        painter.drawText(area.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft, "Found")
        painter.end()


def draw_lane(painter: QPainter, peaks: np.ndarray, seconds: float, offset: float, x_of: Callable[[float], float],
              top: float, height: float, colour: QColor) -> None:
    """One recording's peaks as vertical strokes over `seconds` of the time line, from `offset` seconds along it."""
    painter.setPen(colour)
    mid = top + height / 2
    count = max(1, len(peaks))
    for i, peak in enumerate(peaks):
        x = x_of(offset + seconds * (i + 0.5) / count)
        half = max(0.5, float(peak) * (height / 2 - 2))
        painter.drawLine(int(x), int(mid - half), int(x), int(mid + half))
