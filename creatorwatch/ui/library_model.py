"""The library as a Qt table model: title, kind, size, added, status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from creatorwatch.core.humanize import human_size
from creatorwatch.core.library import Work

_KIND_NAMES = {"image": "Image", "audio": "Audio", "text": "Text"}
_STATUS_NAMES = {"ok": "", "missing": "File missing", "changed": "Changed since added"}

Index = QModelIndex | QPersistentModelIndex




class LibraryModel(QAbstractTableModel):
    HEADERS = ("Title", "Kind", "Size", "Added", "Status")

    def __init__(self) -> None:
        super().__init__()
        self._works: list[Work] = []

    def set_works(self, works: list[Work]) -> None:
        self.beginResetModel()
        self._works = list(works)
        self.endResetModel()

    def work_at(self, row: int) -> Work:
        return self._works[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._works)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        work = self._works[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (work.title, _KIND_NAMES.get(work.kind, work.kind), human_size(work.size),
                    work.added_at[:10], _STATUS_NAMES.get(work.status, work.status))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return work.path
        if role == Qt.ItemDataRole.UserRole:
            return (work.title.lower(), work.kind, work.size, work.added_at, work.status)[column]
        return None
