"""A table of rows (works, finds) that the keyboard moves along as in a file manager: Home and End go to the first
and last row, where Qt's went to the first and last column (End scrolled the Library sideways instead of going to
the last work), Tab goes on to the next control instead of from cell to cell, and a table reached by the keyboard
with nothing selected selects the row it is on, so the keys that act on the selection work at once."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QFocusEvent
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


    def focusInEvent(self, event: QFocusEvent) -> None:
        """Reached by Tab (not a click, which selects for itself) with nothing selected: select the current row, or
        the first, where Qt only drew a current cell and D said "Select one or more finds first."."""
        super().focusInEvent(event)
        chosen = self.selectionModel()
        if event.reason() == Qt.FocusReason.MouseFocusReason or chosen is None or chosen.hasSelection():
            return
        current = self.currentIndex()
        if not current.isValid():
            current = self.moveCursor(HOME, Qt.KeyboardModifier.NoModifier)
        if current.isValid():
            flags = QItemSelectionModel.SelectionFlag
            chosen.setCurrentIndex(current, flags.ClearAndSelect | flags.Rows)
