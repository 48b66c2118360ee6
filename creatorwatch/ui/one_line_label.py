"""A label that keeps to one line whatever it is told: a long message wrapped onto three lines and squeezed the
page above the status bar. The text is cut with "…" to the width the label is given; the whole of it is in the
tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class OneLineLabel(QLabel):
    """setText shows `text` on one line, cut at the label's width ("…" at the end), and puts it whole in the tooltip;
    the label takes the width its layout gives it, never the text's (a long text does not widen the window)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:  # plain text only
        self._whole = text
        self.setToolTip(text)
        self._fit()

    def clear(self) -> None:
        self.setText("")

    def whole_text(self) -> str:
        return self._whole

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        one_line = " ".join(self._whole.split())
        room = self.contentsRect().width()
        super().setText(self.fontMetrics().elidedText(one_line, Qt.TextElideMode.ElideRight, room)
                        if one_line and room > 0 else one_line)
