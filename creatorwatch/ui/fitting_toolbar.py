"""A toolbar that keeps every action in sight and in reach: names beside their icons where the width allows, under
them where it does not (beside them, Review's "Export evidence…" went behind the toolbar's » at a window 966 px
wide); its buttons on the Tab key's way, in the order they are shown (Qt's are left out of it, so "Add folder…"
could not be reached without a mouse), pressed by Space or Enter; and their tooltips naming their keys."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QActionEvent, QResizeEvent
from PySide6.QtWidgets import QToolBar, QToolButton, QWidget

from creatorwatch.ui.enter_presses import EnterPresses
from creatorwatch.ui.key_tips import KeyTips

BESIDE, UNDER = Qt.ToolButtonStyle.ToolButtonTextBesideIcon, Qt.ToolButtonStyle.ToolButtonTextUnderIcon


class FittingToolBar(QToolBar):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setToolButtonStyle(BESIDE)
        self._beside_width: int | None = None  # what the actions take with their names beside the icons
        self._key_tips, self._enter_presses = KeyTips(self), EnterPresses(self)

    def actionEvent(self, event: QActionEvent) -> None:
        super().actionEvent(event)
        if event.type() in (QEvent.Type.ActionAdded, QEvent.Type.ActionRemoved):  # not on/off: the width stays
            self._beside_width = None
            self._reach_by_tab()
            for button in self.buttons():  # once each: Qt does not install a filter twice
                button.installEventFilter(self._key_tips)
                button.installEventFilter(self._enter_presses)
            if self.isVisible():  # else measured when shown, in the style and font it is shown in
                self._fit(self.width())

    def buttons(self) -> list[QToolButton]:
        """The action buttons, left to right."""
        widgets = (self.widgetForAction(action) for action in self.actions())
        return [widget for widget in widgets if isinstance(widget, QToolButton)]

    def _reach_by_tab(self) -> None:
        """Every button takes Tab's focus, one after the other (an action inserted later is put in its place)."""
        buttons = self.buttons()
        for button in buttons:
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        for before, after in pairwise(buttons):
            QWidget.setTabOrder(before, after)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(event.size().width())

    def _fit(self, width: int) -> None:
        if self._beside_width is None:
            self.setToolButtonStyle(BESIDE)
            self._beside_width = self.sizeHint().width()
        self.setToolButtonStyle(BESIDE if width >= self._beside_width else UNDER)
