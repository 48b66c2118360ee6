"""Enter presses the toolbar button the keyboard is on, as Space does: Review's Enter (Compare) went to the page
instead, so Tab to "Export evidence…" and Enter opened Compare."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton

ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EnterPresses(QObject):
    """Watches buttons: Enter on one is its own, not a shortcut of the page around it, and clicks it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not (isinstance(watched, QAbstractButton) and isinstance(event, QKeyEvent) and event.key() in ENTER
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the key comes to the button as a key press
            return True
        if event.type() == QEvent.Type.KeyPress:
            watched.animateClick()
            return True
        return False
