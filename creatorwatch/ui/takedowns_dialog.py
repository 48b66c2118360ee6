"""Follow takedowns in the window as `creatorwatch takedown` does on the command line: the ones followed, the step
each reached and the days since its notice went, its log, and the next step or a note recorded through the same
core calls (Takedowns.record, Takedowns.note), so the window and the command line read and write the same rows."""

from __future__ import annotations

import html
import threading

import sqlite_utils
from PySide6.QtCore import QItemSelectionModel, Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from creatorwatch.core.evidence.custody import CustodyEntry, history
from creatorwatch.core.evidence.takedown import Recheck, Takedown, Takedowns
from creatorwatch.paths import Paths
from creatorwatch.ui.data import query
from creatorwatch.ui.fit_screen import fit_dialog_to_screen
from creatorwatch.ui.open_elsewhere import open_elsewhere
from creatorwatch.ui.rows_table import RowsTable
from creatorwatch.ui.takedown_history import TakedownHistory
from creatorwatch.ui.takedown_recheck import recheck_open, recheck_sentence
from creatorwatch.ui.takedown_step import Step, StepForm
from creatorwatch.ui.takedowns_model import STEP_WORDS, FollowedTakedown, TakedownsModel, read_takedowns
from creatorwatch.ui.tasks import run_in_background

RECHECK = ("Whether the copies are gone: while CreatorWatch runs it fetches each open takedown\u2019s address again "
           "once a day and records a copy that went as removed. Re-check now does it at once, as <code>creatorwatch "
           "takedown recheck</code> does.")
EMPTY = ("You follow no takedown{closed}. To start one, choose a find on Review, then Follow takedown "
         "(or run <code>creatorwatch takedown draft MATCH_ID --follow</code>).")


class TakedownsDialog(QDialog):
    changed = Signal()  # a step or a note was recorded: the Overview counts again
    message = Signal(str, int)  # for the window's status bar

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.setWindowTitle("Takedowns")
        self.setObjectName("takedowns")
        self.resize(980, 620)
        self.loaded = False
        self._reads = 0  # the newest read of the list: an older one arriving late is dropped
        self._choose: int | None = None  # the takedown to choose once the list is read
        self.model = TakedownsModel()
        self.closed_too = QCheckBox("Show closed too (removed or refused)")
        self.closed_too.toggled.connect(lambda _on: self.reload())
        self.table = self._table()
        self.empty = QLabel(wordWrap=True)
        self.empty.setContentsMargins(8, 8, 8, 8)
        self.empty.hide()
        self.history = TakedownHistory()
        self.about = QLabel(wordWrap=True)  # the chosen takedown's find: its work and full address
        self.about.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.about.linkActivated.connect(lambda link: open_elsewhere(QUrl(link), self.message.emit))
        self.form = StepForm()
        self.form.recorded.connect(self.record)
        self.form.follow_from(None)
        self.note = QLineEdit(placeholderText="Add a note to the chosen takedown\u2019s log")
        self.note.setAccessibleName("Note")
        self.note_button = QPushButton("Add note")
        self.note_button.clicked.connect(self.add_note)
        self.note.returnPressed.connect(self.add_note)
        self.said = QLabel(wordWrap=True)  # what was just recorded, or why not
        self.said.setAccessibleName("What was recorded")
        recheck = QLabel(RECHECK, wordWrap=True)
        recheck.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recheck_button = QPushButton("Re-check now")
        self.recheck_button.setToolTip("Fetch every open takedown\u2019s address again (from the web)")
        self.recheck_button.clicked.connect(self.recheck)
        self.recheck_progress = QProgressBar()
        self.recheck_progress.setAccessibleName("Re-checking")
        self.recheck_progress.hide()
        self._stop_recheck: threading.Event | None = None  # set to stop the re-check running
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("The takedowns you follow, and how far each got. <code>creatorwatch takedown</code> on "
                             "the command line shows and records the same ones.", wordWrap=True), 1)
        top.addWidget(self.closed_too)
        layout.addLayout(top)
        layout.addWidget(self._split(), 1)
        layout.addWidget(self.said)
        checking = QHBoxLayout()
        checking.addWidget(recheck, 1)
        checking.addWidget(self.recheck_progress)
        checking.addWidget(self.recheck_button)
        layout.addLayout(checking)
        layout.addWidget(buttons)
        self._enable_for(None)
        for button in self.findChildren(QPushButton):  # Enter in a field acts on that field, never closes
            button.setAutoDefault(False)
        fit_dialog_to_screen(self)

    def _table(self) -> RowsTable:
        table = RowsTable()
        table.setModel(self.model)
        table.setAccessibleName("Takedowns you follow")
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        metrics = table.fontMetrics()
        for column, widest in ((0, "#00000"), (2, "copies.example.com"), (3, "Counter-notice"),
                               (4, "24 Nov, 07:09"), (5, "Days since sent"), (6, "changed, still matches")):
            header.resizeSection(column, metrics.horizontalAdvance(widest) + 24)
        table.selectionModel().selectionChanged.connect(self._chosen_changed)
        return table

    def _split(self) -> QSplitter:
        listed = QWidget()
        column = QVBoxLayout(listed)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.empty)
        column.addWidget(self.table, 1)
        log = QWidget()
        log_column = QVBoxLayout(log)
        log_column.setContentsMargins(0, 0, 0, 0)
        log_column.addWidget(self.about)
        log_column.addWidget(self.history, 1)
        noting = QHBoxLayout()
        noting.addWidget(self.note, 1)
        noting.addWidget(self.note_button)
        log_column.addLayout(noting)
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(log)
        below.addWidget(self.form)
        below.setStretchFactor(0, 3)
        below.setStretchFactor(1, 2)
        below.setChildrenCollapsible(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(listed)
        split.addWidget(below)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        return split

    # -- reading ------------------------------------------------------------------------------------------
    def reload(self) -> None:
        self._reads += 1
        read, closed_too = self._reads, self.closed_too.isChecked()
        query(self.paths, lambda db: read_takedowns(db, closed_too), lambda rows: self._listed(read, rows),
              self._failed)

    def follow(self, match_id: int | None = None, closed: bool = False) -> None:
        """Show the list read afresh, with the takedown of `match_id` chosen; a `closed` one is shown with the
        closed ones rather than lost from sight."""
        self._choose = match_id
        if closed and not self.closed_too.isChecked():
            self.closed_too.setChecked(True)  # reads the list again
        else:
            self.reload()

    def _listed(self, read: int, rows: list[FollowedTakedown]) -> None:
        if read != self._reads:
            return
        chosen = self._choose if self._choose is not None else self.chosen_id()
        self._choose = None
        self.model.set_rows(rows)
        self.loaded = True
        self.empty.setText(EMPTY.format(closed="" if self.closed_too.isChecked() else " that is still open"))
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        row = self.model.row_of(chosen) if chosen is not None else None
        if row is None and rows:
            row = 0
        if row is not None:
            index = self.model.index(row, 0)
            self.table.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                               | QItemSelectionModel.SelectionFlag.Rows)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
        else:
            self._chosen_changed()

    def _failed(self, exc: BaseException) -> None:
        self.said.setText(f"Could not read your takedowns: {exc}")

    def chosen_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.followed_at(rows[0].row()).id if rows else None

    def chosen(self) -> FollowedTakedown | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.followed_at(rows[0].row()) if rows else None

    def _chosen_changed(self, *_args: object) -> None:
        followed = self.chosen()
        self._enable_for(followed)
        if followed is None:
            self.history.clear()
            return
        match_id = followed.id
        query(self.paths, lambda db: history(db, match_id), lambda entries: self._show_history(match_id, entries))

    def _show_history(self, match_id: int, entries: list[CustodyEntry]) -> None:
        if self.chosen_id() == match_id:
            self.history.show_entries(entries)

    _following: tuple[int, str] | None = None  # the takedown and step the form was set for

    def _enable_for(self, followed: FollowedTakedown | None) -> None:
        """The form offers the step after the chosen takedown's; left as it is while that stays (a refresh after a
        change elsewhere keeps what the creator is typing), set afresh when another is chosen or it moved on."""
        following = (followed.id, followed.takedown.status) if followed else None
        if following != self._following:
            self.form.follow_from(followed.takedown.status if followed else None)
        self._following = following
        if followed is None:
            self.form.setTitle("Record the next step")
            self.about.setText("<b>Its log</b>")
        else:
            self.form.setTitle(f"Record the next step of find #{followed.id} (now: "
                               f"{STEP_WORDS.get(followed.takedown.status, followed.takedown.status).lower()})")
            self.about.setText(f"<b>Find #{followed.id}</b> \u2014 {html.escape(followed.subject)}, at "
                               f"<a href=\"{html.escape(followed.address)}\">{html.escape(followed.address)}</a>")
        self.note.setEnabled(followed is not None)
        self.note_button.setEnabled(followed is not None)

    # -- recording ----------------------------------------------------------------------------------------
    def record(self, step: Step) -> None:
        match_id = self.chosen_id()
        if match_id is None:
            return

        def write(db: sqlite_utils.Database) -> Takedown:
            return Takedowns(db).record(match_id, step.status, note=step.note, channel=step.channel,
                                        recipient=step.recipient, when=step.when)

        query(self.paths, write, self._recorded, self._refused)

    def _recorded(self, takedown: Takedown) -> None:
        words = STEP_WORDS.get(takedown.status, takedown.status).lower()
        self.said.setText(f"Recorded: the takedown of find #{takedown.match_id} is {words}." + (
            "" if takedown.is_open else " It is closed now, and no longer counted on the Overview."))
        self.message.emit(f"Takedown of find #{takedown.match_id}: {words}.", 6000)
        self.follow(takedown.match_id, closed=not takedown.is_open)
        self.changed.emit()

    def add_note(self) -> None:
        match_id, text = self.chosen_id(), self.note.text().strip()
        if match_id is None or not text:
            return
        query(self.paths, lambda db: Takedowns(db).note(match_id, text), lambda _none: self._noted(match_id),
              self._refused)

    def _noted(self, match_id: int) -> None:
        self.note.clear()
        self.said.setText(f"Note added to the log of find #{match_id}.")
        self.follow(match_id)
        self.changed.emit()

    # -- re-checking --------------------------------------------------------------------------------------
    def recheck(self) -> None:
        """Fetch the open takedowns' addresses again on a pool thread; how far it got, then what became of them."""
        if self._stop_recheck is not None:
            return
        self._stop_recheck = stop = threading.Event()
        self.recheck_button.setEnabled(False)
        self.recheck_progress.setRange(0, 0)
        self.recheck_progress.show()
        self.said.setText("Re-checking the addresses\u2026")
        database = self.paths.database
        run_in_background(lambda progress: recheck_open(database, stop, progress), self._rechecked,
                          self._recheck_failed, self._recheck_progress)

    def _recheck_progress(self, done: int, total: int, text: str) -> None:
        self.recheck_progress.setRange(0, max(total, 1))
        self.recheck_progress.setValue(done)
        if text:
            self.said.setText(text)

    def _rechecked(self, results: list[Recheck]) -> None:
        self._recheck_done()
        self.said.setText(recheck_sentence(results))
        self.reload()
        self.changed.emit()

    def _recheck_failed(self, exc: BaseException) -> None:
        self._recheck_done()
        self.said.setText(f"Could not re-check: {exc}")

    def _recheck_done(self) -> None:
        self._stop_recheck = None
        self.recheck_button.setEnabled(True)
        self.recheck_progress.hide()

    def done(self, result: int) -> None:
        """Closed: a re-check still fetching stops at once (what it found so far is kept)."""
        if self._stop_recheck is not None:
            self._stop_recheck.set()
        super().done(result)

    def _refused(self, exc: BaseException) -> None:
        self.said.setText(f"Not recorded: {exc}")
