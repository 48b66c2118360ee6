"""The window's status bar, one line high whatever it says: a long message (an export's notes) once wrapped onto
three lines and squeezed the page above. The line ends in "…" where it is cut; the whole message is its tooltip
(and, for an export, in the dialog that said it)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QStatusBar, QWidget

from creatorwatch.ui.long_words import shortened
from creatorwatch.ui.one_line_label import OneLineLabel


class MessageBar(QStatusBar):
    """showMessage / currentMessage / clearMessage as QStatusBar's, shown on one line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = OneLineLabel()
        self.label.setObjectName("status-message")
        self.addWidget(self.label, 1)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.clearMessage)

    _text = ""

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        self._text = text
        self.label.setText(shortened(text))  # a long file name's end stays in sight, the line's end cut instead
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
