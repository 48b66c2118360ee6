"""Says, across the top of the window, that the data file is damaged, from the moment the window opens and after a
check could not record what it found: until then a damaged file showed most pages as usual, every source "ok", and
a check that recorded nothing passed for a quiet one. It stays until the file is whole again ("Check again", once a
backup is restored) or the creator hides it."""

from __future__ import annotations

from PySide6.QtGui import QPalette

from creatorwatch.core.errors import DamagedDataFile
from creatorwatch.core.store.integrity import damage
from creatorwatch.paths import Paths
from creatorwatch.ui.bar_frame import BarFrame
from creatorwatch.ui.data import query


class DamagedData(BarFrame):
    def __init__(self, paths: Paths) -> None:
        super().__init__("damaged-data", "Data file damaged", ("Check again", "Hide"), QPalette.ColorRole.Highlight,
                         QPalette.ColorRole.HighlightedText)
        self.paths = paths
        self.first.clicked.connect(self.look)
        self.second.clicked.connect(self.hide)

    def look(self) -> None:
        """Check the data file in the background; show the bar if it is damaged, hide it if it is whole. One that
        cannot be checked now (in use, or not even opened: the pages say why) leaves the bar as it was."""
        query(self.paths, lambda db: damage(db, self.paths.database), self._show, self._not_checked)

    def _not_checked(self, exc: BaseException) -> None:
        if isinstance(exc, DamagedDataFile):  # too damaged to open at all
            self._show(exc)

    def _show(self, said: DamagedDataFile | None) -> None:
        if said is None:
            self.hide()
            return
        self.text.setText(f"<b>{said}</b> Until then CreatorWatch cannot be sure to keep what it finds.")
        self.setAccessibleDescription(self.text.text())
        self.show()
