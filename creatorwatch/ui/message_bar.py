"""The window's status bar, showing a message whole: QStatusBar draws its message on one line and cuts it at the
window's edge mid-sentence; here it wraps onto a second line instead."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from creatorwatch.ui.long_words import shortened


class MessageBar(QStatusBar):
    """showMessage / currentMessage / clearMessage as QStatusBar's, shown in a word-wrapping label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setObjectName("status-message")
        self.addWidget(self.label, 1)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.clearMessage)

    _text = ""

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        self._text = text
        self.label.setText(shortened(text))  # a long file name would widen the window past the screen
        self.label.setToolTip(text)
        if timeout:
            self._timer.start(timeout)
        else:
            self._timer.stop()

    def currentMessage(self) -> str:
        return self._text

    def clearMessage(self) -> None:
        self._text = ""
        self._timer.stop()
        self.label.clear()
        self.label.setToolTip("")
