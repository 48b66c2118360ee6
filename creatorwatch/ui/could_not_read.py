"""What a page shows in place of its list when the data file could not be read (a full disk, another program
holding it): the reason and a way to try again, never an empty list that would say the creator's works are gone."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget


class CouldNotRead(QWidget):
    retry = Signal()

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._what = what
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton("Try again")
        self.button.clicked.connect(self.retry)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)

    def in_place(self) -> bool:
        """Whether it stands in its page's stack in place of what could not be read."""
        stack = self.parentWidget()
        return isinstance(stack, QStackedWidget) and stack.currentWidget() is self

    def show_reason(self, exc: BaseException) -> None:
        """Say why `what` could not be read; nothing in it was lost."""
        self.label.setText(f"<h2>{self._what} could not be read just now</h2><p>{exc}</p>"
                           "<p>Nothing in it was changed or lost.</p>")


class ReadOrReason(QStackedWidget):
    """A page's content, or in its place the reason it could not be read: a page that says why itself needs no
    warning box (one per page stacked over the window on start), and shows nothing as if it were the file's."""

    def __init__(self, content: QWidget, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.unread = CouldNotRead(what)
        self.retry = self.unread.retry
        self.addWidget(content)
        self.addWidget(self.unread)

    def show_content(self) -> None:
        self.setCurrentWidget(self.content)

    def show_reason(self, exc: BaseException) -> None:
        self.unread.show_reason(exc)
        self.setCurrentWidget(self.unread)

    def unreadable(self) -> bool:
        return self.unread.in_place()
