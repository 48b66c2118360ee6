"""The one thing a new creator should do next, at the top of the Overview: add their works while the library is
empty, then choose what to watch while there are no sources. Gone once both are done, so it never nags."""

from __future__ import annotations

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from creatorwatch.ui.glyphs import symbol

ADD_WORKS = ("Add your works",
             "CreatorWatch looks for copies of your own writing, recordings and pictures, so it starts with them. "
             "They stay on this computer: only their fingerprints are compared with what it finds.")
CHOOSE_SOURCES = ("Choose what to watch",
                  "Your works are in the library. Now pick the places to check for copies and for your name: "
                  "AI model hubs and galleries, training-data indexes, takedown databases, your own feeds.")


class FirstStep(QFrame):
    add_files = Signal()
    add_folder = Signal()
    choose_sources = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("first-step")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)  # palette roles, not a style sheet: they follow a light/dark switch
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.add_files_button = self._button("add-file", "Add files…", self.add_files)
        self.add_folder_button = self._button("add-folder", "Add a folder…", self.add_folder)
        self.sources_button = self._button("sources", "Choose sources…", self.choose_sources)
        buttons = QHBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.sources_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.step: str | None = None
        self.hide()

    def _button(self, icon: str, text: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(symbol(icon), text)
        button.clicked.connect(signal.emit)
        return button

    def show_for(self, works: int, sources: int) -> None:
        """Show the next step for a library of `works` and `sources` configured sources; hide when none is left."""
        self.step = "add_works" if works == 0 else "choose_sources" if sources == 0 else None
        if self.step is None:
            self.hide()
            return
        title, text = ADD_WORKS if self.step == "add_works" else CHOOSE_SOURCES
        self.title.setText(title)
        self.text.setText(text)
        for button in (self.add_files_button, self.add_folder_button):
            button.setVisible(self.step == "add_works")
        self.sources_button.setVisible(self.step == "choose_sources")
        (self.add_files_button if self.step == "add_works" else self.sources_button).setDefault(True)
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)
        self.show()
