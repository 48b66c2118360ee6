"""Protect copies… asks for the creator's name first when Settings has none: every copy says who holds the rights
("© 2026 the creator" went into copies given out). Typed here, it is kept as the Name on the Settings page."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

QUESTION = (
    "Each protected copy says who holds the rights: \u201c\u00a9 YEAR Your Name. All rights "
    "reserved.\u201d, with the year the work was made. Your name is not set yet. Type it here (it is kept "
    "as your name on the Settings page, for notices too), or set it in Settings and protect again. Nothing "
    "was written."
)


class AskName(QDialog):
    """Protect (with the name typed), Open Settings, or Cancel."""

    named = Signal(str)  # the name typed, Protect pressed
    settings_wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your name for the protected copies")
        self.setObjectName("protect-name")
        said = QLabel(QUESTION)
        said.setWordWrap(True)
        self.name = QLineEdit(placeholderText="Your name, as the rightholder")
        self.name.setAccessibleName("Your name, for the protected copies and notices")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.protect_button = self.buttons.addButton("Protect", QDialogButtonBox.ButtonRole.AcceptRole)
        self.protect_button.setDefault(True)
        self.settings_button = self.buttons.addButton("Open Settings", QDialogButtonBox.ButtonRole.ActionRole)
        self.settings_button.clicked.connect(self._to_settings)
        self.buttons.accepted.connect(self._protect)
        self.buttons.rejected.connect(self.reject)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAutoDefault(False)  # Cancel is Escape; Enter must never throw the typed name away
        self.name.textChanged.connect(self._name_typed)
        self.protect_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(said)
        layout.addWidget(self.name)
        layout.addWidget(self.buttons)

    def _name_typed(self, text: str) -> None:
        """Protect is the action once a name is typed, so Enter protects (a disabled default lost it to Cancel)."""
        self.protect_button.setEnabled(bool(text.strip()))
        if self.protect_button.isEnabled():
            self.protect_button.setDefault(True)

    def _protect(self) -> None:
        name = self.name.text().strip()
        if name:
            self.accept()
            self.named.emit(name)

    def _to_settings(self) -> None:
        self.reject()
        self.settings_wanted.emit()
