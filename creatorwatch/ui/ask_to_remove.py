"""One way to ask before removing something the creator set up (works, sources): the box names what goes and what
stays, Cancel is the default so a stray Enter keeps everything, and the window goes on meanwhile (ui/warn.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_to_remove(parent: QWidget, name: str, title: str, text: str, remove: Callable[[], object]) -> QMessageBox:
    """Show the question over `parent` (object name `name`, for tests); `remove` runs only on the Remove button."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName(name)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole).clicked.connect(remove)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.open()  # not exec(): the window goes on meanwhile
    return box
