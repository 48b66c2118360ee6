"""Thumbnails, waveforms and first lines for the library, made on a pool thread in batches as rows come into view.

The worker makes QImages (safe off the main thread) and plain numbers; pixmaps are made on the main thread. A
picture whose file is missing shows the small grey copy its fingerprint keeps (core/library/kept_look.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sqlite_utils
from PySide6.QtCore import QObject, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from creatorwatch.core.library.kept_look import kept_thumbnail
from creatorwatch.core.library.preview import first_lines, waveform_peaks
from creatorwatch.core.library.works import Work
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
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

    def __init__(self, model: LibraryModel, paths: Paths) -> None:
        super().__init__(model)
        self._model = model
        self._database = paths.database
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
        database = self._database
        run_in_background(lambda _p: _make_all(batch, database), self._show, self._failed)

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


def _make_all(works: list[Work], database: Path, progress: Progress | None = None) -> list[_Made]:
    made = [_make(work) for work in works]
    unseen = [i for i, (work, item) in enumerate(zip(works, made, strict=True))
              if work.kind == "image" and item.image is None]
    if unseen:  # the data file is opened only for pictures that could not be read
        try:
            db = open_database(database)
            try:
                for i in unseen:
                    made[i] = _Made(works[i].id, image=_kept(db, works[i].id))
            finally:
                db.conn.close()
        except Exception:  # a locked or damaged data file: the pictures that could be read are still shown
            pass
    return made


def _kept(db: sqlite_utils.Database, work_id: int) -> QImage | None:
    """The grey copy of a picture its fingerprint keeps, at the list's thumbnail size."""
    grey = kept_thumbnail(db, work_id, max(THUMB.width(), THUMB.height()))
    if grey is None:
        return None
    return QImage(grey.data, grey.shape[1], grey.shape[0], grey.strides[0], QImage.Format.Format_Grayscale8).copy()


def _make(work: Work) -> _Made:
    if work.status == "missing":  # nothing to read: a picture is shown as its fingerprint keeps it
        return _Made(work.id)
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
