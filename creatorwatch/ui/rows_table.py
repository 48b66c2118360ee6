"""A table of rows (works, finds) that the keyboard moves along as in a file manager: Home and End go to the first
and last row, where Qt's went to the first and last column (End scrolled the Library sideways instead of going to
the last work), and Tab goes on to the next control instead of from cell to cell."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

HOME, END = QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd


class RowsTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabKeyNavigation(False)

    def moveCursor(self, cursorAction: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        rows = self.verticalHeader().count()
        if cursorAction not in (HOME, END) or self.model() is None or rows == 0:
            return super().moveCursor(cursorAction, modifiers)
        row = self.verticalHeader().logicalIndex(0 if cursorAction == HOME else rows - 1)
        current = self.currentIndex()  # the column stays: nothing scrolls sideways
        column = current.column() if current.isValid() else self.horizontalHeader().logicalIndex(0)
        return self.model().index(row, column, self.rootIndex())

