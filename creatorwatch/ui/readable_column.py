"""A table's stretching column (the Library's titles, Review's works) kept readable in a narrow window: it takes
the room the other columns leave while that is enough, and keeps a readable width when it is not, the table then
scrolling sideways. Left to stretch, it shrank to nothing: at a window 966 px wide (half a 1920 px screen, beside
a terminal) the Library showed no titles at all."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView

STRETCH, FIXED = QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.Interactive


class ReadableColumn(QObject):
    def __init__(self, table: QTableView, column: int, least: int) -> None:
        super().__init__(table)
        self.table, self.column, self.least = table, column, least
        header = table.horizontalHeader()
        header.sectionResized.connect(self._other_resized)
        header.geometriesChanged.connect(self.fit)
        table.viewport().installEventFilter(self)

    def roomy(self) -> bool:
        """Whether the other columns leave this one its `least` pixels inside the table."""
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c != self.column and not header.isSectionHidden(c))
        return others + self.least <= self.table.viewport().width()

    def fit(self) -> None:
        """Stretch the column if the others leave it `least` pixels, else give it `least` and let the table scroll."""
        header = self.table.horizontalHeader()
        roomy = self.roomy()
        if header.sectionResizeMode(self.column) == (STRETCH if roomy else FIXED):
            return
        header.setSectionResizeMode(self.column, STRETCH if roomy else FIXED)
        if not roomy:
            header.resizeSection(self.column, self.least)

    def _other_resized(self, column: int, _old: int, _new: int) -> None:
        if column != self.column:
            self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit()
        return False
