"""A bar across the top of the window's pages: one sentence and two buttons (an alert, an add cut short)."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton


class BarFrame(QFrame):
    """Hidden until there is something to say. Coloured by palette roles rather than a style sheet, so it follows a
    light/dark switch."""

    def __init__(self, name: str, accessible_name: str, buttons: tuple[str, str], background: QPalette.ColorRole,
                 foreground: QPalette.ColorRole | None = None) -> None:  # fmt: skip
        super().__init__()
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(background)
        self.text = QLabel()
        if foreground is not None:
            self.text.setForegroundRole(foreground)
        self.text.setWordWrap(True)
        self.first, self.second = QPushButton(buttons[0]), QPushButton(buttons[1])
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.first)
        layout.addWidget(self.second)
        self.setAccessibleName(accessible_name)
        self.hide()
