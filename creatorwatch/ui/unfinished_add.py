"""Says once, when the window opens, that files of the last add were never added because CreatorWatch closed first
(killed, crashed, the computer switched off): the library held fewer works than chosen, and nothing said so. Offers
to add them now, or to forget them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette

from creatorwatch.core.library.unfinished import forget, not_added, unfinished
from creatorwatch.paths import Paths
from creatorwatch.ui.bar_frame import BarFrame
from creatorwatch.ui.data import query
from creatorwatch.ui.warn import warn


class UnfinishedAdd(BarFrame):
    add_requested = Signal(list)  # the files to add now (list[Path])

    def __init__(self, paths: Paths) -> None:
        super().__init__("unfinished-add", "Files not added", ("Add them", "Forget them"),
                         QPalette.ColorRole.AlternateBase)
        self.paths = paths
        self.files: list[Path] = []
        self.add_button, self.forget_button = self.first, self.second
        self.add_button.clicked.connect(lambda: self.add_requested.emit(list(self.files)))
        self.forget_button.clicked.connect(self._forget)

    def look(self) -> None:
        """Read what an earlier add left unfinished (once, at start: an add of this session is not "last")."""
        query(self.paths, unfinished, self._show, lambda _exc: None)  # an unreadable data file: the pages say so

    def _show(self, files: list[Path]) -> None:
        self.files = files
        if files:
            self.text.setText(not_added(len(files)))
            self.setAccessibleDescription(self.text.text())
            self.show()

    def _forget(self) -> None:
        files, self.files = self.files, []
        self.hide()
        query(self.paths, lambda db: forget(db, files), lambda _r: None, self._not_forgotten)

    def _not_forgotten(self, exc: BaseException) -> None:
        warn(self, str(exc))  # a read-only or full disk: the same files are offered on the next start
