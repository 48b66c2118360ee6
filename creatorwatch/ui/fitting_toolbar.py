"""A toolbar that keeps every action in sight: names beside their icons where the width allows, under them where it
does not. Beside them, Review's "Export evidence…" went behind the toolbar's » at a window 966 px wide."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QActionEvent, QResizeEvent
from PySide6.QtWidgets import QToolBar, QWidget

BESIDE, UNDER = Qt.ToolButtonStyle.ToolButtonTextBesideIcon, Qt.ToolButtonStyle.ToolButtonTextUnderIcon


class FittingToolBar(QToolBar):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setToolButtonStyle(BESIDE)
        self._beside_width: int | None = None  # what the actions take with their names beside the icons

    def actionEvent(self, event: QActionEvent) -> None:
        super().actionEvent(event)
        if event.type() in (QEvent.Type.ActionAdded, QEvent.Type.ActionRemoved):  # not on/off: the width stays
            self._beside_width = None
            if self.isVisible():  # else measured when shown, in the style and font it is shown in
                self._fit(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(event.size().width())

    def _fit(self, width: int) -> None:
        if self._beside_width is None:
            self.setToolButtonStyle(BESIDE)
            self._beside_width = self.sizeHint().width()
        self.setToolButtonStyle(BESIDE if width >= self._beside_width else UNDER)
