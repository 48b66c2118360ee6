"""Says once, across the top of the window, that the data file can be read but not written (a disk mounted
read-only, a folder without write permission), and which of the two: the library, finds and settings are shown as
they are, and whatever the creator tries to change is refused with the same reason."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QWidget

from creatorwatch.core.store.read_only import read_only_because, shown_read_only
from creatorwatch.paths import Paths
from creatorwatch.ui.bar_frame import BarFrame

CANNOT_SAVE = "Changes cannot be saved: your data file is read-only (the bar at the top of the window says why)"


def greyed_unless_writable(thing: QAction | QWidget, writable: bool, tip: str) -> None:
    """An action that would write, drawn enabled on a read-only data file, offered what could only be refused: it is
    greyed then, its tooltip saying why, and given back with its usual `tip` once the file can be written."""
    thing.setEnabled(writable)
    thing.setToolTip(tip if writable else CANNOT_SAVE)


class ReadOnlyData(BarFrame):
    writable_changed = Signal(bool)  # looked again: whether changes can be saved, for the pages to grey what writes

    def __init__(self, paths: Paths) -> None:
        super().__init__(
            "read-only-data",
            "Changes cannot be saved",
            ("Check again", "Hide"),
            QPalette.ColorRole.Highlight,
            QPalette.ColorRole.HighlightedText,
        )
        self.paths = paths
        self.first.clicked.connect(self.look)
        self.second.clicked.connect(self.hide)

    def look(self) -> None:
        """Show the bar while the data file is read-only; hide it once it can be written."""
        because = read_only_because(self.paths.database)
        self.writable_changed.emit(because is None)
        if because is None:
            self.hide()
            return
        self.text.setText(f"<b>Changes cannot be saved.</b> {shown_read_only(because, self.paths.database)}")
        self.setAccessibleDescription(self.text.text())
        self.show()
