"""A column sized by what it holds, sharing the room with the table's stretching column: Review's Where showed
"altered-s…n watched" on every row while "Your work or name" kept a wide empty stretch beside it. Where now takes
the width its words need when there is room, and a share in proportion to its needs when there is not (never
less than `least`); the stretching column takes the rest. Once the creator drags its edge, their width stays."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QTableView


class ContentColumn(QObject):
    def __init__(self, table: QTableView, column: int, stretching: int, least: int) -> None:
        super().__init__(table)
        self.table, self.column, self.stretching, self.least = table, column, stretching, least
        self.chosen = False  # the creator set its width by hand
        self._fitting = False
        header = table.horizontalHeader()
        header.sectionResized.connect(self._resized)
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.dataChanged):
            signal.connect(self.fit)
        table.viewport().installEventFilter(self)

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        if self.chosen or header.isSectionHidden(self.column):
            return
        room = self.table.viewport().width() - sum(
            header.sectionSize(c) for c in range(header.count())
            if c not in (self.column, self.stretching) and not header.isSectionHidden(c))
        need, other = self._need(self.column), self._need(self.stretching)
        width = need if need + other <= room else room * need // max(need + other, 1)
        width = max(self.least, min(width, need))
        if width != header.sectionSize(self.column):
            self._fitting = True
            try:
                header.resizeSection(self.column, width)
            finally:
                self._fitting = False

    def _need(self, column: int) -> int:
        """The width the column's words take in the rows in sight, and its title."""
        return max(self.table.sizeHintForColumn(column), self.table.horizontalHeader().sectionSizeHint(column))

    def _resized(self, column: int, _old: int, _new: int) -> None:
        if column == self.column and not self._fitting and QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self.chosen = True  # dragged by its edge

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit()
        return False
