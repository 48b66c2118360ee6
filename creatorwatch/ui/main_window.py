"""The main window: the creator's library, with adding files and folders in the background."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
)

from creatorwatch import APP_NAME
from creatorwatch.core.db import open_database
from creatorwatch.core.library import AddReport, FileOutcome, Library, Work
from creatorwatch.paths import Paths
from creatorwatch.ui.library_model import LibraryModel
from creatorwatch.ui.tasks import BackgroundTask, Progress, run_in_background


def _library(paths: Paths) -> Library:
    """A library on a connection of the calling (pool) thread."""
    return Library(open_database(paths.database))


class MainWindow(QMainWindow):
    def __init__(self, paths: Paths) -> None:
        super().__init__()
        self.paths = paths
        self.last_report: AddReport | None = None
        self._adding: BackgroundTask[AddReport] | None = None
        self._cancel = threading.Event()
        self.setWindowTitle(APP_NAME)
        self.resize(900, 560)
        self._build_table()
        self._build_actions()
        self._build_status_bar()
        self._restore_geometry()
        self.reload()

    # -- building ---------------------------------------------------------------------------------
    def _build_table(self) -> None:
        self.model = LibraryModel()
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView()
        self.table.setModel(proxy)
        self.table.setAccessibleName("Library")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(
            "<h2>Your library is empty</h2><p>Add your scripts, recordings and artwork with "
            "<b>Add files…</b> or <b>Add folder…</b>.<br>They stay on this computer; only fingerprints are kept.</p>"
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_label)
        self.pages.addWidget(self.table)
        self.setCentralWidget(self.pages)

    def _build_actions(self) -> None:
        toolbar = self.addToolBar("Library")
        toolbar.setObjectName("library-toolbar")
        self.add_files_action = QAction("Add files…", self, shortcut=QKeySequence(QKeySequence.StandardKey.Open))
        self.add_files_action.triggered.connect(self._choose_files)
        self.add_folder_action = QAction("Add folder…", self)
        self.add_folder_action.triggered.connect(self._choose_folder)
        delete = QKeySequence(QKeySequence.StandardKey.Delete)
        self.remove_action = QAction("Remove from library", self, shortcut=delete)
        self.remove_action.triggered.connect(self._remove_selected)
        for action in (self.add_files_action, self.add_folder_action, self.remove_action):
            toolbar.addAction(action)

    def _build_status_bar(self) -> None:
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.progress.setAccessibleName("Import progress")
        self.cancel_button = QPushButton("Stop")
        self.cancel_button.clicked.connect(self.cancel_adding)
        for widget in (self.progress, self.cancel_button):
            widget.hide()
            self.statusBar().addPermanentWidget(widget)

    # -- library ----------------------------------------------------------------------------------
    def reload(self) -> None:
        def load(progress: Progress) -> list[Work]:
            library = _library(self.paths)
            library.refresh_statuses()
            return library.works()

        run_in_background(load, self._show_works, self._show_error)

    def _show_works(self, works: list[Work]) -> None:
        self.model.set_works(works)
        self.pages.setCurrentWidget(self.table if works else self.empty_label)
        if not self.is_adding() and not self.statusBar().currentMessage():
            count = f"{len(works)} works" if len(works) != 1 else "1 work"
            self.statusBar().showMessage(f"{count} in your library")

    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Add your works")
        if files:
            self.add_paths([Path(f) for f in files])

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of your works")
        if folder:
            self.add_paths([Path(folder)])

    def add_paths(self, paths: Sequence[Path]) -> None:
        """Add files and folders in the background, with progress and a summary at the end."""
        if self.is_adding():
            self.statusBar().showMessage("Still adding the previous files; please wait.", 5000)
            return

        cancel = self._cancel = threading.Event()

        def add(progress: Progress) -> AddReport:
            def on_file(done: int, total: int, outcome: FileOutcome) -> None:
                progress(done, total, outcome.path.name)

            return _library(self.paths).add_paths(paths, on_file, cancel)

        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.statusBar().showMessage("Adding your works…")
        self._adding = run_in_background(add, self._added, self._show_error, self._show_progress)

    def is_adding(self) -> bool:
        return self._adding is not None and self._adding.running

    def cancel_adding(self) -> None:
        if self.is_adding():
            self._cancel.set()
            self.statusBar().showMessage("Stopping after the current file…")

    def _show_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.statusBar().showMessage(f"Adding {done} of {total}: {name}")

    def _added(self, report: AddReport) -> None:
        self.last_report = report
        self.progress.hide()
        self.cancel_button.hide()
        self.statusBar().showMessage(report.summary())
        self.reload()
        if report.skipped:
            box = QMessageBox(QMessageBox.Icon.Warning, "Some files were not added",
                              f"{report.summary()}\n\nThe files that were skipped, and why:", parent=self)
            box.setDetailedText("\n".join(f"{o.path}: {o.reason}" for o in report.skipped))
            box.setObjectName("skipped-files")
            box.open()

    def _remove_selected(self) -> None:
        proxy = self.table.model()
        rows = {proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}  # type: ignore[attr-defined]
        ids = [self.model.work_at(row).id for row in rows]
        if not ids:
            return
        run_in_background(lambda _p: _library(self.paths).remove(ids), lambda _r: self.reload(), self._show_error)

    def _show_error(self, exc: BaseException) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        QMessageBox.warning(self, APP_NAME, str(exc))

    # -- window state -----------------------------------------------------------------------------
    def _settings(self) -> QSettings:
        return QSettings(str(self.paths.config / "window.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        geometry = self._settings().value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings().setValue("geometry", self.saveGeometry())
        self.cancel_adding()
        super().closeEvent(event)
