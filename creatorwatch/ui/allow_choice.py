"""The question Allow site asks: which licensed use to allow, each choice saying how many of the finds now waiting
for review it would mark licensed. A find in a watched folder starts on that one file: the whole folder used to be
offered, with OK the default, and one Enter marked six finds licensed and silenced the folder for good."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from creatorwatch.core.records.allowlist import AllowChoice, covered_count
from creatorwatch.core.wording.words import counted

OTHER = "Another site or URL pattern:"


def marks(count: int) -> str:
    return f"marks {counted(count, 'find')} waiting for review licensed now"


class AllowChoiceDialog(QDialog):
    """Opened (not run): `chosen` carries the pattern once the creator presses Allow."""

    chosen = Signal(str)

    def __init__(self, choices: Sequence[AllowChoice], new_urls: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("allow-choice")
        self.setWindowTitle("Allow a licensed use")
        self.new_urls = list(new_urls)
        layout = QVBoxLayout(self)
        intro = QLabel("Finds covered by what you allow are marked licensed and never alert again. What should be "
                       "allowed?")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.group = QButtonGroup(self)
        self.options: list[tuple[QRadioButton, str]] = []
        for choice in choices:
            button = QRadioButton(f"{choice.words}: {marks(covered_count(choice.pattern, self.new_urls))}")
            button.setToolTip(choice.pattern)
            self._add(layout, button, choice.pattern)
        self.other = QRadioButton(OTHER)
        self._add(layout, self.other, "")
        self.pattern = QLineEdit(placeholderText="example.com, or https://example.com/art/*")
        self.pattern.setAccessibleName("Site or URL pattern to allow")
        self.pattern.textChanged.connect(self._typed)
        layout.addWidget(self.pattern)
        self.other_count = QLabel("A site (example.com) covers its subdomains; in a URL pattern, * stands for "
                                  "anything.")
        self.other_count.setWordWrap(True)
        layout.addWidget(self.other_count)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.allow_button = self.buttons.addButton("Allow", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.options[0][0] if choices else self.other).setChecked(True)  # the narrowest sensible one, first
        self.group.buttonToggled.connect(lambda *_: self._enable())
        self._enable()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.allow_button.setDefault(True)  # Enter allows what is chosen: at first the narrowest choice

    def _add(self, layout: QVBoxLayout, button: QRadioButton, pattern: str) -> None:
        self.group.addButton(button)
        self.options.append((button, pattern))
        layout.addWidget(button)

    def _typed(self, text: str) -> None:
        if text.strip():
            self.other.setChecked(True)
            self.other_count.setText(f"{text.strip()} {marks(covered_count(text, self.new_urls))}.")
        self._enable()

    def _enable(self) -> None:
        self.allow_button.setEnabled(bool(self.pattern_chosen()))

    def pattern_chosen(self) -> str:
        for button, pattern in self.options:
            if button.isChecked():
                return pattern or self.pattern.text().strip()
        return ""

    def accept(self) -> None:
        pattern = self.pattern_chosen()
        super().accept()
        if pattern:
            self.chosen.emit(pattern)
