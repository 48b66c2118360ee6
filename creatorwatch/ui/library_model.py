"""The library as a Qt table model: title (with a thumbnail), kind, details, size, added, status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QPixmap

from creatorwatch.core.humanize import human_size
from creatorwatch.core.library import Work
from creatorwatch.ui.sorting import RowsTableModel

_KIND_NAMES = {"image": "Image", "audio": "Audio", "text": "Text"}
_STATUS_NAMES = {"ok": "", "missing": "File missing", "changed": "Changed since added"}

Index = QModelIndex | QPersistentModelIndex
THUMB_ROW = QSize(40, 40)  # thumbnail and waveform size in the list


def details(work: Work, first_line: str = "") -> str:
    """What a creator recognises a work by: pixel size, duration, or its first line."""
    facts = work.facts
    if work.kind == "image" and facts.get("width"):
        return f"{facts['width']} × {facts.get('height', '?')} px"
    if work.kind == "audio" and facts.get("duration") is not None:
        minutes, seconds = divmod(round(float(facts["duration"])), 60)
        return f"{minutes}:{seconds:02d}"
    if work.kind == "text":
        return first_line or (f"{facts['words']} words" if facts.get("words") is not None else "")
    return ""


class LibraryModel(RowsTableModel):
    HEADERS = ("Title", "Kind", "Details", "Size", "Added", "Status")
    preview_wanted = Signal(object)  # a Work whose thumbnail, waveform or first line is not loaded yet

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Work] = []
        self._row_of: dict[int, int] = {}
        self._pixmaps: dict[int, QPixmap] = {}
        self._lines: dict[int, str] = {}
        self._asked: set[int] = set()

    def set_works(self, works: list[Work]) -> None:
        self.beginResetModel()
        self._rows = list(works)
        self.order_rows()
        self.endResetModel()

    def rows_reordered(self) -> None:
        self._row_of = {work.id: row for row, work in enumerate(self._rows)}

    def sort_key(self, work: Work, column: int) -> Any:
        return (work.title.lower(), work.kind, details(work, self._lines.get(work.id, "")), work.size,
                work.added_at, work.status)[column]

    def work_at(self, row: int) -> Work:
        return self._rows[row]

    def set_preview(self, work_id: int, pixmap: QPixmap | None, first_line: str = "") -> None:
        if pixmap is not None:
            self._pixmaps[work_id] = pixmap
        if first_line:
            self._lines[work_id] = first_line
        row = self._row_of.get(work_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, 2))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        work = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (work.title, _KIND_NAMES.get(work.kind, work.kind), details(work, self._lines.get(work.id, "")),
                    human_size(work.size), work.added_at[:10], _STATUS_NAMES.get(work.status, work.status))[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._preview(work)
        if role == Qt.ItemDataRole.ToolTipRole:
            return work.path
        return None

    def _preview(self, work: Work) -> QPixmap | None:
        """The cached thumbnail, or None while it is asked for (once) in the background."""
        if work.id not in self._asked and work.status == "ok":
            self._asked.add(work.id)
            self.preview_wanted.emit(work)
        return self._pixmaps.get(work.id)
