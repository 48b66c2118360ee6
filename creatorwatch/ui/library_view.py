"""The Library page: the creator's works with previews; add by button or drag and drop, search, filter, remove,
mark recordings as "my voice", and switch model probing on or off for one work or several."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from creatorwatch.core.errors import StorageError
from creatorwatch.core.library.works import AddReport, FileOutcome, Library, Removal, Work
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.store.db import open_database
from creatorwatch.core.wording.words import counted
from creatorwatch.paths import Paths
from creatorwatch.ui.ask_to_remove import ask_to_remove
from creatorwatch.ui.could_not_read import CouldNotRead
from creatorwatch.ui.data import query
from creatorwatch.ui.fitting_toolbar import FittingToolBar
from creatorwatch.ui.glyphs import symbol
from creatorwatch.ui.last_folder import WORKS, remember_folder, start_folder
from creatorwatch.ui.library_columns import LibraryColumns
from creatorwatch.ui.library_model import THUMB_ROW, LibraryModel
from creatorwatch.ui.library_probe import ProbeSwitch
from creatorwatch.ui.library_protect import ProtectCopies
from creatorwatch.ui.library_voice import VoiceSamples
from creatorwatch.ui.look_on_return import LookOnReturn
from creatorwatch.ui.open_original import AT_ONCE, open_originals
from creatorwatch.ui.previews import PreviewLoader
from creatorwatch.ui.read_only_data import CANNOT_SAVE, greyed_unless_writable
from creatorwatch.ui.rows_table import RowsTable
from creatorwatch.ui.tasks import BackgroundTask, Progress, run_in_background
from creatorwatch.ui.warn import warn

log = logging.getLogger(__name__)
KINDS = (("All kinds", ""), ("Images", "image"), ("Audio", "audio"), ("Texts", "text"))


def _library(paths: Paths) -> Library:
    """A library on a connection of the calling (pool) thread."""
    return Library(open_database(paths.database))


class LibraryView(QWidget):
    message = Signal(str, int)  # for the status bar: text, milliseconds (0: until replaced)
    changed = Signal()  # works were added or removed

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self._adding: BackgroundTask[AddReport] | None = None
        self._cancel = threading.Event()
        self._stopped = threading.Event()  # the creator pressed Stop: the files not reached are let go, not kept
        self._count = 0
        self.setAcceptDrops(True)
        self._build_actions()
        self._build_table()
        self._build_progress()
        self.voice = VoiceSamples(paths, self.model, self.progress, self.is_adding, self)
        self.voice.message.connect(self.message)
        self.toolbar.insertAction(self.remove_action, self.voice.action)
        self.addAction(self.voice.action)
        self.protect = ProtectCopies(paths, self)
        self.protect.message.connect(self.message)
        self.toolbar.insertAction(self.remove_action, self.protect.action)
        self.addAction(self.protect.action)
        self.probe = ProbeSwitch(paths, self.model, self)
        self.probe.message.connect(self.message)
        self.toolbar.insertAction(self.remove_action, self.probe.action)
        self.addAction(self.probe.action)
        # The actions follow the rows selected *and shown*. A search that hides the selected rows drops them from the
        # selection without a selectionChanged, and so does a reload: Protect and Probe stayed enabled then, and
        # wrote a protected copy of a work the creator could no longer see, while Remove did nothing.
        self.table.selectionModel().selectionChanged.connect(self._follow_selection)
        self.model.layoutChanged.connect(self._follow_selection)
        self.model.modelReset.connect(self._follow_selection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)  # right-click: the same actions
        self.table.addActions([self.open_action, self.voice.action, self.protect.action, self.probe.action,
                               self.probe.off_action, self.remove_action, self.undo_action])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addLayout(self._filter_row)
        layout.addWidget(self.pages, 1)
        layout.addLayout(self._progress_row)
        self.returning = LookOnReturn(self.check_files, self)  # a file moved while the window was open
        self._select_after: int | None = None  # the work to select once the list is read again (after a removal)
        self._follow_selection()

    # -- building ---------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.toolbar = FittingToolBar("Library")
        self.add_files_action = QAction(symbol("add-file"), "Add files…", self,
                                        shortcut=QKeySequence(QKeySequence.StandardKey.Open))
        self.add_files_action.triggered.connect(self._choose_files)
        self.add_folder_action = QAction(symbol("add-folder"), "Add folder…", self)
        self.add_folder_action.triggered.connect(self._choose_folder)
        self.open_action = QAction(symbol("open"), "Open original", self)  # not "Open": Ctrl+O adds files
        self.open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # Enter on the list, as file managers do
        self.open_action.triggered.connect(self._open_selected)
        self.open_action.setToolTip("Open the original file")
        self.remove_action = QAction(symbol("remove"), "Remove from library", self,
                                     shortcut=QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_action.setIconText("Remove")  # (it was the one left behind the toolbar's overflow arrow)
        self.remove_action.setToolTip("Remove from library (your files are not touched)")
        self.remove_action.triggered.connect(self._remove_selected)
        self.undo_action = QAction("Undo remove", self, shortcut=QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_action.setToolTip("Put back the works just removed, as they were")
        self.undo_action.setEnabled(False)
        self.undo_action.triggered.connect(self.undo_remove)
        self._removal: Removal | None = None  # the last removal, kept whole to undo it
        for action in (self.add_files_action, self.add_folder_action, self.open_action, self.remove_action):
            self.toolbar.addAction(action)
            self.addAction(action)
        self.addAction(self.undo_action)  # Ctrl+Z and the right-click menu: the toolbar has no room to spare
        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName("Show kind")
        for text, kind in KINDS:
            self.kind_filter.addItem(text, kind)
        self.search = QLineEdit(placeholderText="Search works", clearButtonEnabled=True)  # whole in a narrow box
        self.search.setToolTip("Search the works' titles and file names")
        self.search.setAccessibleName("Search the library")
        self.search.setMaximumWidth(280)
        # in a row of their own under the actions, as on the Review page: in the toolbar they pushed "Remove from
        # library" and themselves out of sight, behind its overflow arrow, at the window's first size
        self._filter_row = QHBoxLayout()
        self._filter_row.setContentsMargins(6, 0, 6, 0)
        self._filter_row.addWidget(QLabel("Show"))
        self._filter_row.addWidget(self.kind_filter)
        self._filter_row.addStretch(1)
        self._filter_row.addWidget(self.search)

    def _build_table(self) -> None:
        self.model = LibraryModel()
        self.previews = PreviewLoader(self.model, self.paths)
        self.kind_filter.currentIndexChanged.connect(self._apply_filter)
        self.search.textChanged.connect(self._apply_filter)
        self.table = RowsTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Library")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setIconSize(THUMB_ROW)
        self.table.verticalHeader().setDefaultSectionSize(THUMB_ROW.height() + 8)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.columns = LibraryColumns(self.table, self.model)  # every column in sight at the first size
        self.table.doubleClicked.connect(lambda _i: self._open_selected())
        self.empty_label = QLabel(
            "<h2>Your library is empty</h2><p>Add your scripts, recordings and artwork with "
            "<b>Add files…</b> or <b>Add folder…</b>, or drop them here.<br>"
            "They stay on this computer; only fingerprints are kept.</p>"
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unread = CouldNotRead("Your library")
        self.unread.retry.connect(self.reload)
        self.pages = QStackedWidget()
        self.pages.addWidget(QWidget())  # until the works are read: neither empty nor unreadable yet
        self.pages.addWidget(self.empty_label)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.unread)

    def _build_progress(self) -> None:
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Import progress")
        self.progress.setFormat("%v of %m")  # a count on the bar itself: the status bar's line is often replaced
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Stop")
        self.cancel_button.setAccessibleName("Stop adding")
        self.cancel_button.clicked.connect(self.stop_adding)
        self._progress_row = QHBoxLayout()
        self._progress_row.setContentsMargins(8, 4, 8, 4)
        self._progress_row.addWidget(self.progress, 1)
        self._progress_row.addWidget(self.cancel_button)
        for widget in (self.progress, self.cancel_button):
            widget.hide()

    # -- library ----------------------------------------------------------------------------------
    def reload(self, announce: bool = True, check_files: bool = True) -> None:
        """Read the works again (`announce`: their count goes to the status bar); then, with `check_files`, look
        for files moved or changed since they were added, and show any found."""

        query(self.paths, lambda db: Library(db).works(), lambda works: self._show_works(works, announce),
              self._could_not_read)
        self.voice.reload()
        self.probe.reload()
        if check_files:
            self.check_files()

    def check_files(self) -> None:
        """Look, in the background, for files moved or changed since they were added (or back where they were); show
        the works again if any one's status changed."""
        query(self.paths, statuses_changed, lambda changed: self.reload(False, False) if changed else None,
              self._statuses_not_saved)

    def _statuses_not_saved(self, exc: BaseException) -> None:
        """A data file that cannot be written (read-only, as the bar above the pages says; a full disk) keeps the
        statuses it had; anything else is a fault, logged as every failed background work is."""
        if isinstance(exc, StorageError):
            log.info("the works' statuses were not saved: %s", exc)
        else:
            log.error("checking the works' files failed", exc_info=exc)

    def _show_works(self, works: list[Work], announce: bool) -> None:
        current = self.table.currentIndex()
        kept = [work.id for work in self.selected_works()]
        on = self.model.work_at(current.row()).id if 0 <= current.row() < self.model.rowCount() else None
        if on in kept:
            kept.insert(0, on)  # the row the keyboard is on comes first
        after, self._select_after = self._select_after, None
        self.model.set_works(works)
        self._select_works([after] if after is not None else kept)
        self._count = len(works)
        self.pages.setCurrentWidget(self.table if works else self.empty_label)
        if announce and not self.is_adding():
            self.message.emit(self.summary(), 0)

    def _select_works(self, work_ids: list[int]) -> None:
        """Select the works still shown among `work_ids`, the keyboard on the first: a reload (a file found moved,
        a removal) dropped the selection, and Down went back to the first work."""
        selection = self.table.selectionModel()
        rows = [row for work_id in dict.fromkeys(work_ids) if (row := self.model.row_of_work(work_id)) is not None]
        flags = QItemSelectionModel.SelectionFlag
        for number, row in enumerate(rows):
            index = self.model.index(row, 0)
            if number == 0:
                selection.setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
                self.table.scrollTo(index)
            else:
                selection.select(index, flags.Select | flags.Rows)

    def _could_not_read(self, exc: BaseException) -> None:
        """The works could not be read: say so where they are listed (not "Your library is empty")."""
        self.unread.show_reason(exc)
        self.pages.setCurrentWidget(self.unread)

    def summary(self) -> str:
        return f"{counted(self._count, 'work')} in your library"

    def _apply_filter(self) -> None:
        self.model.set_filter(self.kind_filter.currentData() or "", self.search.text())

    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Add your works", str(start_folder(self.paths, WORKS)))
        if files:
            remember_folder(self.paths, WORKS, files[0])
            self.add_paths([Path(f) for f in files])

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of your works",
                                                  str(start_folder(self.paths, WORKS)))
        if folder:
            remember_folder(self.paths, WORKS, folder)
            self.add_paths([Path(folder)])

    def add_paths(self, paths: Sequence[Path]) -> bool:
        """Add files and folders in the background, with progress and a summary at the end; False if busy."""
        if self.is_adding() or self.voice.busy():
            self.message.emit("Still busy with the previous works; please wait.", 5000)
            return False
        cancel = self._cancel = threading.Event()
        stopped = self._stopped = threading.Event()

        def add(progress: Progress) -> AddReport:
            def on_file(done: int, total: int, outcome: FileOutcome) -> None:
                progress(done, total, outcome.path.name)

            library = _library(self.paths)
            try:
                return library.add_paths(paths, on_file, cancel, let_go=stopped)
            finally:
                library.db.conn.close()

        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.message.emit("Adding your works…", 0)
        self._adding = run_in_background(add, self._added, self._show_error, self._show_progress)
        return True

    def is_adding(self) -> bool:
        return self._adding is not None and self._adding.running

    def stop_adding(self) -> None:
        """The Stop button: the files not yet reached are not added, and not offered again on the next start."""
        self._stopped.set()
        self.cancel_adding()

    def cancel_adding(self) -> None:
        """Stop after the current file (also at quit: the files not reached are offered on the next start)."""
        if self.is_adding():
            self._cancel.set()
            self.message.emit("Stopping after the current file…", 0)

    def _show_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.message.emit(f"Adding {done} of {total}: {name}", 0)

    def _added(self, report: AddReport) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.message.emit(report.summary(), 0)
        self.reload(announce=False)
        self.changed.emit()
        if report.skipped or report.warned:
            self._explain(report)

    def _explain(self, report: AddReport) -> None:
        """One box for what needs the creator's eye: files not added, and works whose copies cannot be found."""
        parts = [("The files that were skipped, and why:", [f"{o.path}: {o.reason}" for o in report.skipped]),
                 ("Added, but copies of these will not be found, and why:",
                  [f"{o.path}: {o.warning}" for o in report.warned])]
        details = "\n\n".join("\n".join([heading, *lines]) for heading, lines in parts if lines)
        box = QMessageBox(QMessageBox.Icon.Warning if report.skipped else QMessageBox.Icon.Information,
                          "Some files were not added" if report.skipped else "Some works cannot be matched",
                          f"{report.summary()}\n\nThe details say which files, and why.", parent=self)
        box.setDetailedText(details)
        box.setObjectName("skipped-files" if report.skipped else "unfindable-works")
        box.open()

    def selected_works(self) -> list[Work]:
        """The works selected in rows the creator can see (a row the filter hides is never acted on)."""
        rows = {i.row() for i in self.table.selectionModel().selectedRows() if i.isValid()}
        return [self.model.work_at(row) for row in sorted(rows) if 0 <= row < self.model.rowCount()]

    writable = True  # False: the data file is read-only, so what would write is greyed

    def set_writable(self, writable: bool) -> None:
        """On a read-only data file, adding, removing and learning a voice could only be refused: greyed, saying
        why (they were drawn enabled under the bar that says changes cannot be saved)."""
        self.writable = self.voice.writable = writable
        greyed_unless_writable(self.add_files_action, writable, "Add files")
        greyed_unless_writable(self.add_folder_action, writable, "Add folder")
        self._follow_selection()

    def _follow_selection(self, *_signal_args: object) -> None:
        """Every selection action acts on the same works: those selected and shown, or none."""
        chosen = self.selected_works()
        for action in (self.voice, self.protect, self.probe):
            action.update_action(chosen)
        self.remove_action.setEnabled(bool(chosen) and self.writable)
        self.remove_action.setToolTip("Remove from library (your files are not touched)" if self.writable else
                                      CANNOT_SAVE)
        self.open_action.setEnabled(bool(chosen))
        self._look_at_chosen(chosen)

    def _open_selected(self) -> None:
        if open_originals(self.selected_works(), self.message.emit):
            self.check_files()  # and its Status says Missing

    def _look_at_chosen(self, chosen: list[Work]) -> None:
        """A file gone (or back) since the list was read shows as such once its work is chosen: one stat per work
        chosen, and the whole library looked at in the background only when one differs."""
        if any(Path(work.path).is_file() == (work.status == "missing") for work in chosen[:AT_ONCE]):
            self.check_files()

    def showEvent(self, event: QShowEvent) -> None:
        """Each time the Library is shown, look for files gone or changed meanwhile, in the background."""
        super().showEvent(event)
        if self.model.rowCount():
            self.check_files()

    def _remove_selected(self) -> None:
        """Remove at once works with no finds; ask first about works with some (their finds lose the work)."""
        chosen = self.selected_works()
        ids, titles = [work.id for work in chosen], [work.title for work in chosen]
        after = self._work_in_their_place(ids)
        if ids:
            query(self.paths, lambda db: [f.status for f in Findings(db).all(type_="match") if f.work_id in ids],
                  lambda statuses: self._ask_to_remove(ids, statuses, titles, after), self._show_error)

    def _work_in_their_place(self, ids: list[int]) -> int | None:
        """The work shown after the last of `ids` (else before the first): selected once they are gone, so a keyboard
        user keeps their place (the selection was lost, and Down went back to the first work)."""
        going = set(ids)
        rows = [row for row in range(self.model.rowCount()) if self.model.work_at(row).id in going]
        if not rows:
            return None
        later = [r for r in range(rows[-1] + 1, self.model.rowCount()) if self.model.work_at(r).id not in going]
        earlier = [r for r in range(rows[0] - 1, -1, -1) if self.model.work_at(r).id not in going]
        return self.model.work_at((later or earlier)[0]).id if later or earlier else None

    def _ask_to_remove(self, ids: list[int], statuses: list[str], titles: list[str], after: int | None) -> None:
        if not statuses:
            self._remove(ids, after)
            return
        confirmed = statuses.count("confirmed")
        works = _named(titles)  # the question names what goes (it said "this work")
        ask_to_remove(
            self, "remove-works", "Remove from library",
            f"{counted(len(statuses), 'find')} of {works} ({confirmed or 'none'} confirmed) will stay in Review but "
            f"no longer name your work, and {'its' if len(statuses) == 1 else 'their'} evidence will not include it.",
            lambda: self._remove(ids, after))

    def _remove(self, ids: list[int], after: int | None = None) -> None:
        query(self.paths, lambda db: Library(db).take_out(ids), lambda removal: self._removed(removal, after),
              self._show_error)

    def _removed(self, removal: Removal, after: int | None = None) -> None:
        self._removal = removal
        self._select_after = after
        self.undo_action.setEnabled(bool(removal.works))
        self.reload(announce=False)
        self.changed.emit()
        if removal.works:
            self.message.emit(f"Removed {_named([w.title for w in removal.works])}. Ctrl+Z puts "
                              f"{'it' if len(removal.works) == 1 else 'them'} back.", 0)

    def undo_remove(self) -> None:
        """Put the last removed works back exactly as they were (no file is read again)."""
        removal, self._removal = self._removal, None
        self.undo_action.setEnabled(False)
        if removal is not None:
            query(self.paths, lambda db: Library(db).restore(removal), self._restored, self._show_error)

    def _restored(self, works: list[Work]) -> None:
        self.reload(announce=False)
        self.changed.emit()
        self.message.emit(f"Put back {_named([w.title for w in works])}." if works else
                          "Those works are in the library already.", 0)

    def _show_error(self, exc: BaseException) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        warn(self, str(exc))

    # -- drag and drop ------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)


def statuses_changed(db: sqlite_utils.Database) -> bool:
    """Flag works whose file moved or changed (and clear those back as they were); whether any status changed."""
    library = Library(db)
    before = {work.id: work.status for work in library.works()}
    library.refresh_statuses()
    return before != {work.id: work.status for work in library.works()}


def _named(titles: list[str]) -> str:
    """Works by name: “A”; “A” and “B”; “A”, “B” and 3 other works."""
    quoted = [f"\u201c{title}\u201d" for title in titles]
    if len(quoted) <= 2:
        return " and ".join(quoted)
    return f"{quoted[0]}, {quoted[1]} and {counted(len(quoted) - 2, 'other work')}"
