"""Thumbnails, waveforms and first lines for the library, made on a pool thread in batches as rows come into view.

The worker makes QImages (safe off the main thread) and plain numbers; pixmaps are made on the main thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from creatorwatch.core.library.preview import first_lines, waveform_peaks
from creatorwatch.core.library.works import Work
from creatorwatch.ui.library_model import THUMB_ROW, LibraryModel
from creatorwatch.ui.picture_read import read_picture
from creatorwatch.ui.tasks import Progress, run_in_background

THUMB = THUMB_ROW
BATCH = 24


@dataclass(frozen=True)
class _Made:
    work_id: int
    image: QImage | None = None
    peaks: np.ndarray | None = None
    line: str = ""


class PreviewLoader(QObject):
    """Listens to the model's `preview_wanted` and fills previews in, a batch at a time."""

    def __init__(self, model: LibraryModel) -> None:
        super().__init__(model)
        self._model = model
        self._queue: list[Work] = []
        self._busy = False
        self._kick = QTimer(self, singleShot=True, interval=0)
        self._kick.timeout.connect(self._next_batch)
        model.preview_wanted.connect(self._want)

    def _want(self, work: Work) -> None:
        self._queue.append(work)
        if not self._busy:
            self._kick.start()

    def _next_batch(self) -> None:
        if self._busy or not self._queue:
            return
        batch, self._queue = self._queue[:BATCH], self._queue[BATCH:]
        self._busy = True
        run_in_background(lambda _p: _make_all(batch), self._show, self._failed)

    def _show(self, made: list[_Made]) -> None:
        for item in made:
            pixmap = QPixmap.fromImage(item.image) if item.image is not None else None
            if item.peaks is not None:
                pixmap = waveform_pixmap(item.peaks, THUMB)
            self._model.set_preview(item.work_id, pixmap, item.line)
        self._failed(None)

    def _failed(self, _exc: BaseException | None) -> None:
        self._busy = False
        if self._queue:
            self._kick.start()


def _make_all(works: list[Work], progress: Progress | None = None) -> list[_Made]:
    return [_make(work) for work in works]


def _make(work: Work) -> _Made:
    try:
        if work.kind == "image":
            return _Made(work.id, image=read_picture(Path(work.path), THUMB))
        if work.kind == "audio":
            return _Made(work.id, peaks=waveform_peaks(Path(work.path), 40, max_seconds=600)[0])
        if work.kind == "text":
            return _Made(work.id, line=first_lines(Path(work.path), 1))
    except Exception:  # a preview is a nicety: a file that cannot be previewed just has none
        pass
    return _Made(work.id)


def waveform_pixmap(peaks: np.ndarray, size: QSize, colour: QColor | None = None) -> QPixmap:
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(colour or QColor("#3d7bd9"))
    mid = size.height() / 2
    step = size.width() / max(1, len(peaks))
    for i, peak in enumerate(peaks):
        x = int(i * step + step / 2)
        half = max(1, int(float(peak) * (mid - 2)))
        painter.drawLine(x, int(mid - half), x, int(mid + half))
    painter.end()
    return pixmap
