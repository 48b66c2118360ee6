"""“Protect copies…” in the Library: write copies of the chosen works that carry every machine-readable "do not
train" signal into a folder the creator picks (in the background), then say what each copy carries, or why not."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from creatorwatch.core.library.works import Library, Work
from creatorwatch.core.optout.protect import ProtectedCopy, protect_works, reservation_from_settings
from creatorwatch.core.records.notice_details import set_identity
from creatorwatch.core.wording.words import counted
from creatorwatch.paths import Paths
from creatorwatch.ui.data import query
from creatorwatch.ui.glyphs import symbol
from creatorwatch.ui.last_folder import PROTECT, remember_folder, start_folder
from creatorwatch.ui.protect_name import AskName
from creatorwatch.ui.tasks import BackgroundTask
from creatorwatch.ui.warn import warn

LABEL = "Protect copies…"


def protected_summary(results: Sequence[ProtectedCopy]) -> str:
    done = [r for r in results if not r.problem]
    text = f"{counted(len(done), 'protected copy', 'protected copies')} written"
    failed = len(results) - len(done)
    return text + (f"; {failed} could not be made." if failed else ".")


def protected_details(results: Sequence[ProtectedCopy]) -> str:
    lines = []
    for r in results:
        name = Path(r.work.path).name or f"work #{r.work.id}"
        if r.problem:
            lines.append(f"{name}: not protected — {r.problem}")
            continue
        lines.append(f"{name} → {r.path}")
        lines += [f"    {signal}" for signal in r.signals] + [f"    note: {note}" for note in r.notes]
    return "\n".join(lines)


class ProtectCopies(QObject):
    """One toolbar action for the Library page; the work runs on a pool thread with its own connection. With no
    name in Settings nothing is written: the creator is asked for it first (protect_name.py)."""

    message = Signal(str, int)
    settings_wanted = Signal()  # the creator chose to set their name on the Settings page

    def __init__(self, paths: Paths, page: QWidget) -> None:
        super().__init__(page)
        self.paths, self.page = paths, page
        self.action = QAction(symbol("export"), LABEL, page)
        self.action.setIconText("Protect")  # short, so every Library action fits the toolbar at the first size
        self.action.setToolTip("Write copies of the chosen works that say \"do not train\" in every machine-readable "
                               "way; your originals are not changed")
        self.action.triggered.connect(self._act)
        self._selection: list[Work] = []
        self._task: BackgroundTask[list[ProtectedCopy] | None] | None = None
        self.update_action([])

    def update_action(self, works: list[Work]) -> None:
        self._selection = works
        self.action.setEnabled(bool(works) and not self.busy())

    def busy(self) -> bool:
        return self._task is not None and self._task.running

    def _act(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.page, "Where should the protected copies go?",
                                                  str(start_folder(self.paths, PROTECT)))
        if folder:
            remember_folder(self.paths, PROTECT, folder)
            self.protect([w.id for w in self._selection], Path(folder))

    def protect(self, work_ids: list[int], folder: Path, name: str = "") -> None:
        """Write the copies; `name`, typed when asked for, is kept as the Settings page's Name first."""
        def work(db: sqlite_utils.Database) -> list[ProtectedCopy] | None:
            if name:
                set_identity(db, name=name)
            reservation = reservation_from_settings(db)
            if not reservation.name:
                return None  # asked first: nothing is written without the rightholder's name
            return protect_works(Library(db), work_ids, folder, reservation)

        self.action.setEnabled(False)
        self.message.emit(f"Writing {counted(len(work_ids), 'protected copy', 'protected copies')}…", 0)
        self._task = query(self.paths, work, lambda results: self._done(results, work_ids, folder), self._failed)

    def _ask_name(self, work_ids: list[int], folder: Path) -> None:
        self.message.emit("No protected copy written: your name is not set yet.", 0)
        self.asking = AskName(self.page)
        self.asking.named.connect(lambda name: self.protect(work_ids, folder, name))
        self.asking.settings_wanted.connect(self.settings_wanted)
        self.asking.open()

    asking: AskName | None = None  # the question for the creator's name, while it is open

    def _done(self, results: list[ProtectedCopy] | None, work_ids: list[int], folder: Path) -> None:
        self.update_action(self._selection)
        if results is None:
            self._ask_name(work_ids, folder)
            return
        summary = protected_summary(results)
        self.message.emit(summary, 0)
        failed = any(r.problem for r in results)
        box = QMessageBox(QMessageBox.Icon.Warning if failed else QMessageBox.Icon.Information, "Protected copies",
                          f"{summary}\n\nEach copy was read back and checked; your originals were not changed. "
                          "The details say what each copy carries.", parent=self.page)
        box.setDetailedText(protected_details(results))
        box.setObjectName("protected-copies")
        box.open()

    def _failed(self, exc: BaseException) -> None:
        self.update_action(self._selection)
        warn(self.page, str(exc))
