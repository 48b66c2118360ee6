"""Sorting done by the source model in Python, in one pass, instead of by QSortFilterProxyModel calling data() for
every comparison (with 10,000 rows that was over 200,000 calls into Python and seconds of frozen window)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex


class SortsItself:
    """Mixin for a table model holding `_rows`: `sort()` reorders them by `sort_key(column)(row_object)`. The key
    of one column only, so a sort of 10,000 rows computes 10,000 values, not every column's."""

    sort_column = 0
    sort_order = Qt.SortOrder.AscendingOrder
    _rows: list[Any]
    sort_key: Callable[[int], Callable[[Any], Any]]

    def order_rows(self) -> None:
        """Put `_rows` in the current order (call between beginResetModel and endResetModel)."""
        self._rows.sort(key=self.sort_key(self.sort_column), reverse=self.sort_order == Qt.SortOrder.DescendingOrder)
        self.rows_reordered()

    def rows_reordered(self) -> None:
        """Rebuild whatever maps ids to rows."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model: QAbstractItemModel = self  # type: ignore[assignment]
        self.sort_column, self.sort_order = column, order
        model.layoutAboutToBeChanged.emit()
        persistent = model.persistentIndexList()
        held = [(self._rows[i.row()], i.column()) for i in persistent]
        self.order_rows()
        where = {id(item): row for row, item in enumerate(self._rows)}
        model.changePersistentIndexList(persistent, [model.index(where[id(item)], column_)
                                                     for item, column_ in held])
        model.layoutChanged.emit()


class RowsTableModel(SortsItself, QAbstractTableModel):
    """A flat table of one Python object per row (`_rows`), with column titles in HEADERS."""

    HEADERS: tuple[str, ...] = ()
    LONG_LIVED = 2_000  # rows from which a load is handed out of the garbage collector's sight

    def set_rows(self, rows: list[Any]) -> None:
        """Show `rows` (in the current order) in place of what was shown."""
        self.beginResetModel()
        self._rows = list(rows)
        self.order_rows()
        self.endResetModel()
        if len(rows) >= self.LONG_LIVED:
            # The rows live until the next load. A full collection would walk them all again each time, holding
            # every thread (with 10,000 works, 90 ms of frozen window). Frozen objects are still freed when no
            # longer referenced; only reference cycles among them wait.
            gc.freeze()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class FilterOnly(QSortFilterProxyModel):
    """A proxy that filters and hands sorting to its source model."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)
