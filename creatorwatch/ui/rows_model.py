"""A table model that sorts and filters its own rows, in Python, in one pass each. A QSortFilterProxyModel would call
back into Python for every comparison and every row (with 10,000 rows: 200,000 calls and seconds of frozen window
to sort; 40 ms of proxy bookkeeping on every reload)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel):
    """One Python object with an `id` per row. `_all` holds every row loaded; `_rows` those shown: the ones
    `accepts()` lets through, ordered by `sort_key(column)`. Subclasses give HEADERS, sort_key, and may filter
    with accepts()."""

    HEADERS: tuple[str, ...] = ()
    LONG_LIVED = 2_000  # rows from which a load is handed out of the garbage collector's sight
    sort_column = 0
    sort_order = Qt.SortOrder.AscendingOrder

    def __init__(self) -> None:
        super().__init__()
        self._all: list[Any] = []
        self._rows: list[Any] = []

    def sort_key(self, column: int) -> Callable[[Any], Any]:
        raise NotImplementedError

    def accepts(self, row: Any) -> bool:
        """Whether `row` is shown under the current filter."""
        return True

    def rows_reordered(self) -> None:
        """Rebuild whatever maps ids to shown rows."""

    def set_rows(self, rows: list[Any]) -> None:
        """Show `rows` (filtered, in the current order) in place of what was loaded."""
        self.beginResetModel()
        self._all = list(rows)
        self._order()
        self.endResetModel()
        if len(rows) >= self.LONG_LIVED:
            # The rows live until the next load. A full collection would walk them all again each time, holding
            # every thread (with 10,000 works, 90 ms of frozen window). Frozen objects are still freed when no
            # longer referenced; only reference cycles among them would wait, so the young ones are collected
            # first (a few ms).
            gc.collect(1)
            gc.freeze()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self.refresh()

    def refresh(self) -> None:
        """Filter and order again (the filter, the order or `_all` changed); the selection stays on the rows still
        shown, found by their id."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self._rows[i.row()].id, i.column()) for i in persistent]
        self._order()
        where = {item.id: row for row, item in enumerate(self._rows)}
        self.changePersistentIndexList(persistent, [self.index(where[key], column) if key in where
                                                    else QModelIndex() for key, column in held])
        self.layoutChanged.emit()

    def _order(self) -> None:
        """Put in `_rows` the rows shown, in order."""
        rows = [row for row in self._all if self.accepts(row)]
        rows.sort(key=self.sort_key(self.sort_column), reverse=self.sort_order == Qt.SortOrder.DescendingOrder)
        self._rows = rows
        self.rows_reordered()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None
