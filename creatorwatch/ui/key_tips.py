"""Toolbar tooltips that name the action's key ("Add files (Ctrl+O)"): a creator who hovers learns the keyboard's
way too, and two actions that sound alike ("Add files", "Open original") show which key is which."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QHelpEvent, QKeySequence
from PySide6.QtWidgets import QToolButton, QToolTip


def tip_with_key(action: QAction) -> str:
    """The action's tooltip, with its first key after it in brackets unless the tooltip names it already."""
    tip = action.toolTip()
    key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{tip} ({key})" if key and f"({key})" not in tip else tip


class KeyTips(QObject):
    """Shows, over a tool button it watches, its action's tooltip with the key (read as it is shown: tooltips and
    keys change with the selection)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(watched, QToolButton) and isinstance(event, QHelpEvent):
            action = watched.defaultAction()
            if action is not None:
                QToolTip.showText(event.globalPos(), tip_with_key(action), watched)
                return True
        return False
