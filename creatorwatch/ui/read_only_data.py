"""Says once, across the top of the window, that the data file can be read but not written (a disk mounted
read-only, a folder without write permission), and which of the two: the library, finds and settings are shown as
they are, and whatever the creator tries to change is refused with the same reason."""

from __future__ import annotations

from PySide6.QtGui import QPalette

from creatorwatch.core.store.read_only import read_only_because, shown_read_only
from creatorwatch.paths import Paths
from creatorwatch.ui.bar_frame import BarFrame


class ReadOnlyData(BarFrame):
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
        if because is None:
            self.hide()
            return
        self.text.setText(f"<b>Changes cannot be saved.</b> {shown_read_only(because, self.paths.database)}")
        self.setAccessibleDescription(self.text.text())
        self.show()
