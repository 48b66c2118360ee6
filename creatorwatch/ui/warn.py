"""Tell the creator that something went wrong without stopping the window: the box is shown and the event loop
goes on, so background work keeps arriving and nothing waits on a click (QMessageBox.warning would)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from creatorwatch import APP_NAME


def warn(parent: QWidget, text: str, title: str = APP_NAME) -> QMessageBox:
    """Show `text` in a warning box over `parent`; returns the box (it deletes itself once closed)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("warning")
    box.open()
    return box
