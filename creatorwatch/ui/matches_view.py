"""The Review page: every match and mention, filtered and sorted; decisions and licensed sites written in the
background; bulk actions on the selection; every action on a key."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QByteArray, QItemSelectionModel, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from creatorwatch.core.evidence.bundle import ExportOptions, ExportResult, export_bundle
from creatorwatch.core.evidence.candidate_provenance import headlines
from creatorwatch.core.evidence.takedown import Takedown, Takedowns
from creatorwatch.core.evidence.timestamp import saved_tsa_url
from creatorwatch.core.evidence.unconfirmed import licensed, licensed_note, unconfirmed, unconfirmed_note
from creatorwatch.core.records.allowlist import Allowlist, AllowRule, allow_choices
from creatorwatch.core.records.findings import Finding, Findings
from creatorwatch.core.records.source_store import stored_secrets
from creatorwatch.core.wording.words import counted
from creatorwatch.paths import Paths
from creatorwatch.ui.allow_choice import AllowChoiceDialog
from creatorwatch.ui.compare_view import CompareDialog
from creatorwatch.ui.content_column import ContentColumn
from creatorwatch.ui.could_not_read import ReadOrReason
from creatorwatch.ui.data import query
from creatorwatch.ui.decisions import DECISIONS
from creatorwatch.ui.elide_cells import ElideAsAsked
from creatorwatch.ui.find_details import FindDetails
from creatorwatch.ui.fitting_toolbar import FittingToolBar
from creatorwatch.ui.glyphs import symbol
from creatorwatch.ui.last_folder import EVIDENCE, remember_folder, start_folder
from creatorwatch.ui.matches_model import STATUS_WORDS, MatchesModel
from creatorwatch.ui.open_elsewhere import open_elsewhere
from creatorwatch.ui.readable_column import ReadableColumn
from creatorwatch.ui.rows_table import RowsTable
from creatorwatch.ui.saved_columns import columns_note
from creatorwatch.ui.takedown_start import DECIDED_AGAINST, follow_takedown
from creatorwatch.ui.warn import warn

SHOW = (("Needs review", ("new",)), ("Confirmed", ("confirmed",)), ("Dismissed", ("dismissed",)),
        ("Licensed", ("licensed",)), ("Everything", ()))
COLUMNS_VERSION = 3  # raise it when Review's columns, their first order or widths change: a layout saved before
# is then dropped for the new one (1: the note was the column names alone, or, earlier still, there was none;
# 3: Source wide enough for a name)
TYPES = (("Matches and mentions", ""), ("Matches", "match"), ("Mentions", "mention"))


def _load(db: sqlite_utils.Database) -> tuple[list[Finding], dict[int, str]]:
    findings = Findings(db)
    return findings.all(), findings.work_titles()


class MatchesView(QWidget):
    changed = Signal()  # statuses changed: the dashboard and tray should refresh
    allowlist_changed = Signal(object)  # list[str] of patterns
    message = Signal(str, int)
    takedown_followed = Signal(int, bool)  # a find's takedown started or found: its id, and whether it is closed

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.loaded = False
        self._readable = True  # the finds could be read: what acts on them may be enabled
        self._open_when_loaded: int | None = None
        self._dialogs: list[CompareDialog] = []
        self.unconfirmed_box: QMessageBox | None = None  # asks before a bundle swears to unconfirmed finds
        self.saved_box: QMessageBox | None = None  # where the last evidence bundle was saved, and what is in it
        self.model = MatchesModel()
        self._build_table()
        self._build_toolbar()
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addLayout(self.filters)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.details = FindDetails()  # the selected find's page, and why no copy was kept
        self.details.linkActivated.connect(lambda link: open_elsewhere(QUrl(link), self.message.emit))
        layout.addWidget(self.details)
        self.provenance_line = QLabel(wordWrap=True)  # the selected find's Content Credentials
        self.provenance_line.hide()
        self.provenance_line.setContentsMargins(8, 2, 8, 4)
        layout.addWidget(self.provenance_line)
        self.page = ReadOrReason(content, "Your finds")
        self.page.retry.connect(self.reload)
        page_layout = QVBoxLayout(self)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.page)
        for signal in (self.table.selectionModel().selectionChanged, self.model.layoutChanged, self.model.modelReset):
            signal.connect(self._show_chosen)  # a method, not a lambda: Qt disconnects it when the page goes
        self.model.modelReset.connect(self._show_empty)
        self.model.layoutChanged.connect(self._show_empty)
        self._show_empty()

    def _build_toolbar(self) -> None:
        self.toolbar = FittingToolBar("Review")
        self.decision_actions: dict[str, QAction] = {}
        for status, text, key, icon in DECISIONS:
            action = self._action(text, key, icon, lambda _c=False, s=status: self.set_status(s))
            action.setToolTip(f"{text} the selected finds")
            self.decision_actions[status] = action
        self.undo_action = self._action("Undo", "Ctrl+Z", "review", self.undo_decision)
        self.undo_action.setToolTip("Put the finds of the last decision back as they were")
        self.undo_action.setEnabled(False)
        self._undo: dict[int, str] = {}  # the last decision's finds and the status each had before it
        self._undo_rule: AllowRule | None = None  # ... or the licensed use just allowed, whose finds it marked
        self.toolbar.addSeparator()
        self.allow_action = self._action("Allow site…", "A", "licensed", self.allow_selected_site)
        self.compare_action = self._action("Compare", "Return", "compare", self.compare_selected)
        self.export_action = self._action("Export evidence…", "E", "export", self.export_selected)
        self.export_action.setToolTip("Save an evidence bundle, with a draft to send, for the selected finds")
        self.takedown_action = self._action("Follow takedown\u2026", "T", "takedown", self.follow_takedown)
        self.takedown_action.setToolTip("Start following a takedown of the selected find (recorded as drafted), or "
                                        "open the one you follow, to record when the notice went and what came of it")
        self.allowlist_action = QAction("Licensed uses…", self)
        self.allowlist_action.setToolTip("The sites and addresses you allowed, each removable")
        self.allowlist_action.triggered.connect(self.edit_allowlist)
        self.allowlist_button = QToolButton()  # beside the filters: at the window's first width the toolbar hid it
        self.allowlist_button.setDefaultAction(self.allowlist_action)
        self.show_filter = QComboBox()
        self.show_filter.setAccessibleName("Show finds with status")
        for text, statuses in SHOW:
            self.show_filter.addItem(text, statuses)
        self.type_filter = QComboBox()
        self.type_filter.setAccessibleName("Show matches or mentions")
        for text, type_ in TYPES:
            self.type_filter.addItem(text, type_)
        self.search = QLineEdit(placeholderText="Search finds", clearButtonEnabled=True)  # whole in a narrow box
        self.search.setToolTip("Search the finds' sites, titles and works")
        self.search.setAccessibleName("Search finds")
        self.search.setMaximumWidth(240)
        self.filters = QHBoxLayout()
        self.filters.setContentsMargins(8, 0, 8, 4)
        self.filters.addWidget(QLabel("Show"))
        self.ai_filter = QCheckBox("Labelled as AI-generated")
        self.ai_filter.setToolTip("Only finds whose file says it was made by AI (Content Credentials or IPTC)")
        for widget in (self.show_filter, self.type_filter, self.ai_filter):
            self.filters.addWidget(widget)
        self.filters.addStretch(1)
        self.filters.addWidget(self.allowlist_button)
        self.filters.addWidget(self.search)
        self.show_filter.currentIndexChanged.connect(self._apply_filter)
        self.type_filter.currentIndexChanged.connect(self._apply_filter)
        self.search.textChanged.connect(self._apply_filter)
        self.ai_filter.toggled.connect(self._apply_filter)

    def _action(self, text: str, key: str, icon: str, slot: object) -> QAction:
        action = QAction(symbol(icon), text, self, shortcut=QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        self.addAction(action)
        return action

    def columns_saved(self) -> tuple[QByteArray, str]:
        """The column layout to remember, and which columns it is of (kept beside it, so a later version with other
        columns can tell it is not theirs)."""
        return self.table.horizontalHeader().saveState(), columns_note(COLUMNS_VERSION, self.model.HEADERS)

    def restore_columns(self, state: QByteArray, columns: str | None = None) -> bool:
        """Put back the column widths, order and sorting a creator left, if they are of today's columns: a layout
        saved by another version (or with no note of its version, `columns` None), or with a "What" too narrow for
        today's words ("Image copy by a model"), is dropped for today's first layout. True when the saved one was
        kept."""
        header = self.table.horizontalHeader()
        if columns == columns_note(COLUMNS_VERSION, self.model.HEADERS) and header.restoreState(state) and all(
                header.sectionSize(column) >= width and not header.isSectionHidden(column)
                for column, width in self._needed.items()):
            return True
        header.restoreState(self._first_columns)
        return False

    def _build_table(self) -> None:
        self.table = RowsTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Matches and mentions")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        header.resizeSection(0, 130)
        header.resizeSection(1, metrics.horizontalAdvance("Image copy by a model") + 16)
        header.resizeSection(3, metrics.averageCharWidth() * 24)  # a site's name; a longer one is cut in its middle
        header.resizeSection(5, metrics.horizontalAdvance("named") + 28)  # gives What its room
        header.resizeSection(6, max(header.sectionSizeHint(6),
                                    max(map(metrics.horizontalAdvance, STATUS_WORDS.values())) + 16))
        header.resizeSection(4, metrics.averageCharWidth() * 19)  # a source's name whole ("downl…watch" it was)
        header.moveSection(4, 6)  # the source that found it last: at 960 px the status was out of sight, not it
        self._needed = {1: header.sectionSize(1)}  # "What" shows its longest words whole
        self.work_column = ReadableColumn(self.table, 2, self.table.fontMetrics().horizontalAdvance("W" * 12))
        self.where_column = ContentColumn(self.table, 3, 2, header.sectionSize(3))  # the room shared by content
        self._first_columns = header.saveState()
        self.table.doubleClicked.connect(lambda _i: self.compare_selected())
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a long address keeps its file name in view
        self.table.setItemDelegateForColumn(3, ElideAsAsked(self.table))  # ... and a found file its name's start
        self.empty = QLabel()
        self.empty.setObjectName("review-empty")
        self.empty.setWordWrap(True)
        self.empty.setContentsMargins(12, 8, 12, 8)

    # -- loading ------------------------------------------------------------------------------------
    def reload(self) -> None:
        query(self.paths, _load, self._loaded, self._could_not_read)
        query(self.paths, lambda db: [r.pattern for r in Allowlist(db).all()], self._allowlist_loaded)
        query(self.paths, headlines, self._provenance_loaded)

    # The page's own methods receive what the reads bring back: a result arriving after the page was closed and
    # deleted is then dropped (tasks._gone), where the model's method or the signal's emit was still called.
    def _allowlist_loaded(self, patterns: list[str]) -> None:
        self.allowlist_changed.emit(patterns)

    def _provenance_loaded(self, headlines: dict[int, tuple[bool, str]]) -> None:
        self.model.set_provenance(headlines)

    def _could_not_read(self, exc: BaseException) -> None:
        """Say why in place of the list, with no action to take on finds that are not there."""
        self.page.show_reason(exc)
        self._enable_actions(False)

    def _enable_actions(self, enabled: bool) -> None:
        self._readable = enabled
        for action in self.actions():
            action.setEnabled(enabled)
        self.undo_action.setEnabled(enabled and self._can_undo())  # only when there is a decision to undo
        self._enable_for_chosen(self.selected_ids())

    def _enable_for_chosen(self, ids: list[int]) -> None:
        """What acts on finds is greyed while none is chosen, as the Library's work buttons are (they looked
        enabled, and a click only wrote a hint); Follow takedown takes exactly one. Their tooltips stay."""
        for action in (*self.decision_actions.values(), self.allow_action, self.compare_action, self.export_action):
            action.setEnabled(self._readable and bool(ids))
        self.takedown_action.setEnabled(self._readable and len(ids) == 1)

    def _loaded(self, result: tuple[list[Finding], dict[int, str]]) -> None:
        self.page.show_content()
        self._enable_actions(True)
        selected = set(self.selected_ids())
        self.model.set_findings(*result)
        self.loaded = True
        self._show_empty()
        self._select(selected)
        if self._open_when_loaded is not None:
            finding_id, self._open_when_loaded = self._open_when_loaded, None
            if self.model.holds(finding_id):
                self.open_finding(finding_id)
            else:  # gone meanwhile (its work removed, say): Review stays open, and says so
                self.message.emit("That find is no longer in your list; Review shows your other finds.", 10_000)

    def _show_chosen(self, *_signal_args: object) -> None:
        ids = self.selected_ids()
        self._enable_for_chosen(ids)
        row = self.model.row_of(ids[0]) if len(ids) == 1 else None
        chosen = self.model.finding_at(row) if row is not None else None
        self.details.show_find(chosen)
        line = self.model.provenance_line(chosen) if chosen is not None else ""
        self.provenance_line.setText(line)
        self.provenance_line.setVisible(bool(line))

    def _show_empty(self) -> None:
        """An empty list says why it is empty and what to do, instead of showing bare column headings."""
        if self.model.rowCount() > 0:
            self.empty.hide()
            return
        if not self.loaded:
            self.empty.setText("Reading your finds…")
        elif not self.model._all:
            self.empty.setText("Nothing found yet. When a check finds a possible copy of one of your works, or a page "
                               "that names one of your watch terms, it appears here for you to decide about. Add "
                               "sources on the Sources page, then choose Check all now.")
        else:
            self.empty.setText(f"None of your {len(self.model._all)} finds fits what is chosen under Show. Choose "
                               "“Everything” and clear the search to see them all.")
        self.empty.show()

    def _apply_filter(self) -> None:
        self.model.ai_only = self.ai_filter.isChecked()
        self.model.set_filter(self.show_filter.currentData() or (), self.type_filter.currentData() or "",
                              self.search.text())

    def show_status(self, label: str) -> None:
        self.show_filter.setCurrentIndex(max(0, self.show_filter.findText(label)))

    # -- selection ------------------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.finding_at(row).id for row in rows]

    def _select(self, finding_ids: set[int]) -> None:
        selection = self.table.selectionModel()
        first = True
        for finding_id in finding_ids:
            row = self.model.row_of(finding_id)
            if row is None:
                continue
            index = self.model.index(row, 0)
            flags = QItemSelectionModel.SelectionFlag.Rows | (
                QItemSelectionModel.SelectionFlag.ClearAndSelect if first else QItemSelectionModel.SelectionFlag.Select)
            selection.select(index, flags)
            if first:
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.table.scrollTo(index)
            first = False

    def open_finding(self, finding_id: int) -> None:
        """Select the find (showing every status if it is filtered out) and open it side by side."""
        if not self.loaded or not self.model.holds(finding_id):
            self._open_when_loaded = finding_id
            self.reload()
            return
        if self.model.row_of(finding_id) is None:  # filtered out
            self.show_status("Everything")
            self.type_filter.setCurrentIndex(0)
            self.ai_filter.setChecked(False)
            self.search.clear()
        self._select({finding_id})
        self.table.setFocus()
        self.compare_selected()

    # -- decisions ------------------------------------------------------------------------------------
    def set_status(self, status: str) -> None:
        ids = self.selected_ids()
        if not ids:
            self.message.emit("Select one or more finds first.", 4000)
            return
        self._decide(ids, status)

    def _decide(self, ids: list[int], status: str) -> None:
        """Record the decision; the statuses the finds had before it are kept, to undo it."""
        rows = {i: row for i in ids if (row := self.model.row_of(i)) is not None}
        before = {i: self.model.finding_at(row).status for i, row in rows.items()}
        query(self.paths, lambda db: Findings(db).review(ids, status)[0],
              lambda changed: self._reviewed(changed, status, before, min(rows.values(), default=0)),
              self._show_error)

    def _reviewed(self, changed: list[int], status: str, before: dict[int, str], first_row: int) -> None:
        self.model.set_status(changed, status)
        self._select_next(first_row)
        self._undo = {i: before[i] for i in changed if before.get(i, status) != status}
        self._undo_rule = None
        self.undo_action.setEnabled(self._can_undo())
        words = {"confirmed": "confirmed", "dismissed": "dismissed", "licensed": "marked licensed",
                 "new": "back to review"}[status]
        self.message.emit(f"{counted(len(changed), 'find')} {words}." + (" Ctrl+Z undoes it." if self._undo else ""),
                          8000)
        self.changed.emit()

    def _select_next(self, row: int) -> None:
        """The decided finds left the list and the selection with them: choose the find that took the first one's
        place (or the last), so the next C, D or L has one to act on."""
        if self.selected_ids() or not self.model.rowCount():
            return
        self._select({self.model.finding_at(min(row, self.model.rowCount() - 1)).id})

    def _can_undo(self) -> bool:
        return bool(self._undo) or self._undo_rule is not None

    def undo_decision(self) -> None:
        """Put the finds of the last decision back as they were: a Dismiss by mistake took them out of sight. After
        Allow site, the licensed use goes, and the finds it marked licensed come back to Needs review."""
        undo, self._undo = self._undo, {}
        rule, self._undo_rule = self._undo_rule, None
        self.undo_action.setEnabled(False)
        if rule is not None:
            self.forget_rules([rule.id])
            return
        if not undo:
            self.message.emit("Nothing to undo.", 4000)
            return
        groups: dict[str, list[int]] = {}
        for finding_id, status in undo.items():
            groups.setdefault(status, []).append(finding_id)

        def put_back(db: sqlite_utils.Database) -> dict[str, list[int]]:
            return {status: Findings(db).review(ids, status)[0] for status, ids in groups.items()}

        query(self.paths, put_back, self._undone, self._show_error)

    def _undone(self, back: dict[str, list[int]]) -> None:
        for status, ids in back.items():
            self.model.set_status(ids, status)
        self._select({i for ids in back.values() for i in ids})  # Enter then opens the find put back, not its neighbour
        self.message.emit(f"Undone: {counted(sum(map(len, back.values())), 'find')} as before.", 5000)
        self.changed.emit()

    def allow_selected_site(self) -> None:
        """Ask which licensed use to allow, once the finds waiting for review are read (each choice counts those it
        would mark licensed)."""
        ids = self.selected_ids()
        row = self.model.row_of(ids[0]) if ids else None
        url = self.model.finding_at(row).candidate_url if row is not None else ""
        query(self.paths, lambda db: Allowlist(db).new_urls(), lambda urls: self._ask_what_to_allow(url, urls),
              self._show_error)

    def _ask_what_to_allow(self, url: str, new_urls: list[str]) -> None:
        dialog = AllowChoiceDialog(allow_choices(url), new_urls, self)
        dialog.chosen.connect(self.allow)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def allow(self, pattern: str) -> None:
        query(self.paths, lambda db: Allowlist(db).add(pattern), self._allowed, self._show_error)

    def _allowed(self, result: tuple[AllowRule, list[int]]) -> None:
        rule, licensed = result
        self.model.set_status(licensed, "licensed")
        self._undo, self._undo_rule = {}, rule
        self.undo_action.setEnabled(True)
        self.message.emit(f"{rule.pattern} is allowed; {counted(len(licensed), 'find')} there marked licensed. "
                          "Ctrl+Z undoes it.", 8000)
        self.reload()
        self.changed.emit()

    def forget_rules(self, rule_ids: list[int], then: Callable[[list[AllowRule]], None] | None = None) -> None:
        """Take licensed uses away; the finds they marked licensed come back to Needs review. `then(rules left)`."""
        def remove(db: sqlite_utils.Database) -> tuple[list[int], list[AllowRule]]:
            allowlist = Allowlist(db)
            return allowlist.remove(rule_ids), allowlist.all()

        query(self.paths, remove, lambda result: self._rules_forgotten(*result, then), self._show_error)

    def _rules_forgotten(self, back: list[int], rules: list[AllowRule],
                         then: Callable[[list[AllowRule]], None] | None) -> None:  # fmt: skip
        self.model.set_status(back, "new")
        self._select(set(back))
        self.allowlist_changed.emit([r.pattern for r in rules])
        self.message.emit(f"No longer allowed; {counted(len(back), 'find')} back in Needs review.", 6000)
        self.reload()
        self.changed.emit()
        if then is not None:
            then(rules)

    def edit_allowlist(self) -> None:
        AllowlistDialog(self).open()

    def compare_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.message.emit("Choose a find in the list first, then Compare shows it beside your work.", 6000)
            return
        row = self.model.row_of(ids[0])
        assert row is not None
        finding = self.model.finding_at(row)
        dialog = CompareDialog(self.paths, finding, self.model.subject(finding), self)
        dialog.decided.connect(lambda status, fid=finding.id: self._decide([fid], status))
        dialog.message.connect(self.message)
        dialog.finished.connect(lambda _r, d=dialog: self._dialogs.remove(d) if d in self._dialogs else None)
        dialog.finished.connect(self._back_to_list)
        self._dialogs.append(dialog)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()  # the keys go to it (Escape closes it), not on to the list behind

    def _back_to_list(self) -> None:
        """Compare closed: its keys go to the list again (Ctrl+Z after a decision there did nothing until the list
        was clicked, and the next C found no find chosen)."""
        self.window().activateWindow()
        self.table.setFocus()

    # -- takedowns ------------------------------------------------------------------------------------
    def follow_takedown(self) -> None:
        """Start a takedown of the one find chosen, as `creatorwatch takedown draft --follow` does (a find decided as
        needing none is refused, as there), or open the one already followed, at the step it reached."""
        ids = self.selected_ids()
        if len(ids) != 1:
            self.message.emit("Choose one find, then Follow takedown starts following its takedown.", 6000)
            return
        finding = self.model.finding_at(self.model.row_of(ids[0]) or 0)
        query(self.paths, lambda db: Takedowns(db).get(finding.id) is not None,
              lambda followed: self._ask_or_follow(finding, followed), self._show_error)

    def _ask_or_follow(self, finding: Finding, followed: bool) -> None:
        """A takedown to start on a find never confirmed: its notice draft swears, as the exported one does, so it is
        asked as Export asks (one followed already opens as it is; a dismissed one is refused, with why)."""
        if not followed and finding.status not in DECIDED_AGAINST and unconfirmed([finding]):
            self._ask_about_unconfirmed([finding.id], [finding.id], [], "follow its takedown",
                                        lambda confirm: self._follow(finding.id, finding.status, confirm))
        else:
            self._follow(finding.id, finding.status)

    def _follow(self, match_id: int, status: str, confirm: Sequence[int] = ()) -> None:
        """Follow the takedown of `match_id`, the finds in `confirm` marked confirmed first, in the same step."""
        def follow(db: sqlite_utils.Database) -> Takedown:
            if confirm:
                Findings(db).review(confirm, "confirmed")
            return follow_takedown(db, match_id, "confirmed" if confirm else status)

        query(self.paths, follow, lambda takedown: self._following(takedown, list(confirm)), self._show_error)

    def _following(self, takedown: Takedown, confirmed: list[int]) -> None:
        self.model.set_status(confirmed, "confirmed")
        self.takedown_followed.emit(takedown.match_id, not takedown.is_open)
        self.changed.emit()

    # -- evidence -------------------------------------------------------------------------------------
    def export_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.message.emit("Select one or more finds first.", 4000)
            return
        chosen = [self.model.finding_at(row) for i in ids if (row := self.model.row_of(i)) is not None]
        if waiting := unconfirmed(chosen):
            self._ask_about_unconfirmed(ids, [f.id for f in waiting], [licensed_note(f) for f in licensed(chosen)],
                                        "export", lambda confirm: self._choose_target(ids, confirm))
        else:
            self._choose_target(ids)

    def _ask_about_unconfirmed(self, ids: list[int], waiting: list[int], kept_out: list[str], verb: str,
                               go: Callable[[Sequence[int]], None]) -> None:
        """Before anything is written: the notice draft (in the bundle, or of the takedown followed) swears the finds
        infringe, and these were never confirmed. Confirming them here records the decision, as C would; `go` gets
        the ones to confirm. `kept_out` says which chosen finds are licensed, so left out of the notice (the bundle
        saved says it again). `verb`: what goes on, "export" or "follow its takedown"."""
        said = [unconfirmed_note(len(waiting), len(ids)), *kept_out]
        self.unconfirmed_box = box = QMessageBox(QMessageBox.Icon.Warning, "Not confirmed yet", "\n\n".join(
            f"{note[:1].upper()}{note[1:]}." for note in said), parent=self)
        box.setObjectName("export-unconfirmed" if verb == "export" else "takedown-unconfirmed")
        confirm = box.addButton(f"Confirm {'them' if len(waiting) > 1 else 'it'} and {verb}",
                                QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton(f"{verb[:1].upper()}{verb[1:]} anyway", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        confirm.clicked.connect(lambda: go(waiting))
        anyway.clicked.connect(lambda: go(()))
        box.open()

    def _choose_target(self, ids: list[int], confirm: Sequence[int] = ()) -> None:
        suggested = start_folder(self.paths, EVIDENCE) / f"CreatorWatch evidence {datetime.now():%Y-%m-%d %H%M}.zip"
        target, _ = QFileDialog.getSaveFileName(self, "Save the evidence bundle", str(suggested),
                                                "Evidence bundle (*.zip)", "",
                                                QFileDialog.Option.DontConfirmOverwrite)  # never "replace it?":
        # an earlier bundle of that name is kept beside the new one ("… (earlier 1).zip"), and the export says so
        if target:
            remember_folder(self.paths, EVIDENCE, Path(target).parent)
            self.export_to(Path(target), ids, confirm)

    def export_to(self, target: Path, ids: list[int], confirm: Sequence[int] = ()) -> None:
        """Write the bundle in the background; the notice draft (notice.txt) is inside it. The finds in `confirm`
        are marked confirmed first, in the same background step, so the notice is written knowing it."""
        def export(db: sqlite_utils.Database) -> ExportResult:
            if confirm:
                Findings(db).review(confirm, "confirmed")
            options = ExportOptions(tsa_url=saved_tsa_url(db))
            return export_bundle(db, ids, target, options, secrets=stored_secrets(db))

        self.message.emit("Writing the evidence bundle…", 0)
        query(self.paths, export, lambda result: self._exported(result, list(confirm)), self._show_error)

    def _exported(self, result: ExportResult, confirmed: list[int]) -> None:
        self.model.set_status(confirmed, "confirmed")
        notes = f" Take note: {'; '.join(c.rstrip('.') for c in _cautions(result))}." if _cautions(result) else ""
        self.message.emit(f"Saved the evidence bundle {result.path}, with a notice draft inside.{notes}", 10000)
        self.changed.emit()
        self._say_saved(result)

    def _say_saved(self, result: ExportResult) -> None:
        """Where the bundle is and what to open in it, with a way to its folder: the status line went after ten
        seconds and left the creator to find the file. What is missing from it is said apart, as a warning, as
        `export` notes it on the command line: a find with no copy of its material is a gap in the evidence."""
        inside = {"report-pdf": "report.pdf, the report to read, print or attach",
                  "notice": "notice.txt, a draft notice to send to whoever published the copy"}
        roles = [f.role for f in result.manifest.files]
        said = [f"\u2022 {words}" for role, words in inside.items() if role in roles]
        beside = ["", f"Beside it, \u201c{result.notice_copy.name}\u201d: the notice draft to fill in and sign. "
                  "Leave notice.txt inside the bundle as it is: a change there makes verify fail."] \
            if result.notice_copy is not None else []
        copies = "the copies as they were found, " if "candidate" in roles else ""
        cautions = _cautions(result)
        icon = QMessageBox.Icon.Warning if cautions else QMessageBox.Icon.Information
        self.saved_box = box = QMessageBox(icon, "Evidence bundle saved", f"Saved to {result.path}", parent=self)
        box.setObjectName("bundle-saved")
        missing = ["", "Take note:", *(f"\u2022 {caution}" for caution in cautions)] if cautions else []
        box.setInformativeText("\n".join(
            ["Open it as you open any zip file. Inside:", *said,
             f"\u2022 {copies}your work, and a manifest: \u201ccreatorwatch verify\u201d on the file shows that "
             "nothing in it changed", *beside, *missing]))
        folder = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
        folder.clicked.connect(lambda: open_elsewhere(QUrl.fromLocalFile(str(result.path.parent)), self.message.emit))
        box.addButton(QMessageBox.StandardButton.Close)
        box.open()

    def _show_error(self, exc: BaseException) -> None:
        warn(self, str(exc))


def _cautions(result: ExportResult) -> list[str]:
    """What the creator should know about a bundle just saved: its gaps, and a trusted timestamp asked for and not
    had (`export` prints that line too; the window said only "Saved to …")."""
    return [*result.warnings, *([result.timestamp_missed] if result.timestamp_missed else [])]


class AllowlistDialog(QDialog):
    """The licensed uses, each removable."""

    def __init__(self, view: MatchesView) -> None:
        super().__init__(view)
        self.setWindowTitle("Licensed uses")
        self.setObjectName("allowlist")
        self._view = view
        self.rules = QListWidget()
        self.rules.setAccessibleName("Allowed sites and URL patterns")
        self.rules.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        add = buttons.addButton("Add…", QDialogButtonBox.ButtonRole.ActionRole)
        remove = buttons.addButton("Remove", QDialogButtonBox.ButtonRole.ActionRole)
        add.clicked.connect(view.allow_selected_site)
        remove.clicked.connect(self._remove)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Finds on these sites and URLs are marked licensed and never alert."))
        layout.addWidget(self.rules)
        layout.addWidget(buttons)
        query(view.paths, lambda db: Allowlist(db).all(), self._show)

    def _show(self, rules: list[AllowRule]) -> None:
        self.rules.clear()
        for rule in rules:
            item = QListWidgetItem(rule.pattern + (f" — {rule.note}" if rule.note else ""))
            item.setData(Qt.ItemDataRole.UserRole, rule.id)
            self.rules.addItem(item)

    def _remove(self) -> None:
        self._view.forget_rules([item.data(Qt.ItemDataRole.UserRole) for item in self.rules.selectedItems()],
                                self._show)
