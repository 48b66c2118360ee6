"""The Sources page: where CreatorWatch looks, how each source is doing and what it has found (for Common Crawl and
Spawning, a status rather than copies), and its token — written to the system keyring and never shown back, not
even as dots of the right length."""

from __future__ import annotations

import html
from dataclasses import replace

import sqlite_utils
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from creatorwatch.core.records.source_reports import SourceReport, source_reports
from creatorwatch.core.records.source_store import ConfiguredSource, SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.sources.folder import how_soon
from creatorwatch.core.sources.registry import token_entry
from creatorwatch.core.store.secrets import delete_secret, get_secret, set_secret
from creatorwatch.core.wording.times import local_short as when
from creatorwatch.paths import Paths
from creatorwatch.ui.add_source import AddSourceDialog, type_name
from creatorwatch.ui.ask_to_remove import ask_to_remove
from creatorwatch.ui.could_not_read import ReadOrReason
from creatorwatch.ui.dashboard import HEALTH_MARKS, health_words
from creatorwatch.ui.data import query
from creatorwatch.ui.tasks import run_in_background
from creatorwatch.ui.warn import warn
from creatorwatch.ui.window_words import in_window_words

COLUMNS = ("Name", "Type", "Health", "Last run", "Next run", "Latest problem")


def why_no_token(type_name: str) -> str:
    """Why a source of this type takes no token, in a few words."""
    return "it reads a folder on this computer" if type_name == "folder" else "what it reads is open to anyone"


def token_name(source: ConfiguredSource) -> str | None:
    """The keyring entry this source reads its token from (None: it takes no token)."""
    return token_entry(source.config.type, source.config.settings)


def _load(db: sqlite_utils.Database) -> tuple[list[ConfiguredSource], dict[str, SourceReport], dict[str, str | None]]:
    """The sources, what each has found, and their keyring entries (naming one loads its connector: 0.2 s for all
    of them the first time, kept off the window's thread)."""
    sources = SourceStore(db).all()
    return sources, source_reports(db), {s.config.name: token_name(s) for s in sources}


class SourcesView(QWidget):
    check_requested = Signal(object)  # a source name, or None for all
    sources_changed = Signal()
    rescan_requested = Signal()  # match everything the sources showed before against the library as it is now
    message = Signal(str, int)

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.sources: list[ConfiguredSource] = []
        self.reports: dict[str, SourceReport] = {}
        self.tokens: dict[str, str | None] = {}  # source name → its keyring entry (None: it takes no token)
        self._not_recorded: dict[str, str] = {}  # source name → why its last check could not even be recorded
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Sources")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        buttons = QHBoxLayout()
        self.add_button = self._button(buttons, "Add source…", self.add_source)
        self.change_button = self._button(buttons, "Change…", self.change_selected)
        self.remove_button = self._button(buttons, "Remove", self.remove_selected)
        self.toggle_button = self._button(buttons, "Turn off", self.toggle_selected)
        buttons.addStretch(1)
        self.check_button = self._button(buttons, "Check this source now", self.check_selected)
        self.check_all_button = self._button(buttons, "Check all now", lambda: self.check_requested.emit(None))
        self.rescan_button = self._button(buttons, "Match seen items again", self.rescan_requested.emit)
        self.rescan_button.setToolTip("Match everything the sources showed in the last days against your library as "
                                      "it is now: finds copies of works you added since.")
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._details_box())
        layout.addWidget(self._token_box())
        self.page = ReadOrReason(content, "Your sources")
        self.page.retry.connect(self.reload)
        page_layout = QVBoxLayout(self)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.page)
        self._selection_changed()

    def _button(self, row: QHBoxLayout, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def _details_box(self) -> QGroupBox:
        self.details_group = QGroupBox("What it found")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("What the selected source found")
        QVBoxLayout(self.details_group).addWidget(self.details)
        return self.details_group

    def _token_box(self) -> QGroupBox:
        self.token_group = QGroupBox("Token")
        self.token_state = QLabel()
        self.token_state.setWordWrap(True)
        self.token_field = QLineEdit()
        self.token_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_field.setAccessibleName("New token")
        self.token_field.setPlaceholderText("Paste a new token")
        self.save_token_button = QPushButton("Save to keyring")
        self.save_token_button.clicked.connect(self.save_token)
        self.forget_token_button = QPushButton("Forget token")
        self.forget_token_button.clicked.connect(self.forget_token)
        self.token_entry = QWidget()  # hidden for a source that takes no token: a field there looked typeable
        row = QHBoxLayout(self.token_entry)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.token_field, 1)
        row.addWidget(self.save_token_button)
        row.addWidget(self.forget_token_button)
        layout = QVBoxLayout(self.token_group)
        layout.addWidget(self.token_state)
        layout.addWidget(self.token_entry)
        return self.token_group

    # -- loading --------------------------------------------------------------------------------------------
    def _token_of(self, source: ConfiguredSource | None) -> str | None:
        return self.tokens.get(source.config.name) if source is not None else None

    paused = False  # monitoring paused from the tray: no run is coming at the times stored

    def set_paused(self, paused: bool) -> None:
        """Say "paused" under Next run while monitoring is paused (it showed times that passed with nothing run)."""
        if paused != self.paused:
            self.paused = paused
            if self.sources:
                self._show((self.sources, self.reports, self.tokens))

    def reload(self) -> None:
        query(self.paths, _load, self._show, self.page.show_reason)

    def _show(self, loaded: tuple[list[ConfiguredSource], dict[str, SourceReport], dict[str, str | None]]) -> None:
        self.page.show_content()
        self.loaded = True
        before = self.selected()
        self.sources, self.reports, self.tokens = loaded
        self.sources = [self._as_said(source) for source in self.sources]
        sources = self.sources
        self.table.blockSignals(True)  # a reload is not a new choice: keep a token being typed
        self.table.clearSelection()
        self.table.setRowCount(len(sources))
        for row, s in enumerate(sources):
            colour = HEALTH_MARKS.get(s.health.state, ("○", "#8a8f98"))[1]
            upcoming = "paused" if self.paused and s.config.enabled else when(s.health.next_try, "–")
            unread = self.reports[s.config.name].unread if s.config.name in self.reports else ""
            cells = (s.config.name, type_name(s.config.type), health_words(s), when(s.health.last_run),
                     upcoming, in_window_words(s.health.last_error or unread))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 2:
                    item.setForeground(QColor(colour))
                self.table.setItem(row, column, item)
            if s.config.name == (before.config.name if before is not None else sources[0].config.name):
                self.table.selectRow(row)  # the one chosen before, or the first, so the details below say something
        self.table.blockSignals(False)
        for column in range(len(COLUMNS) - 1):  # the latest problem takes the rest, cut short; details say it all
            self.table.resizeColumnToContents(column)
        after = self.selected()
        self._selection_changed(refresh_token=(after and after.config.name) != (before and before.config.name))

    loaded = False  # the sources have been read at least once

    def note_not_recorded(self, name: str, why: str) -> None:
        """A check of `name` whose outcome could not be saved at all (a disk full to the last byte): shown as the
        source's latest problem, since the data file cannot hold it, until a check of it is recorded again."""
        self._not_recorded[name] = why
        self.reload()

    def forget_not_recorded(self, name: str) -> None:
        if self._not_recorded.pop(name, None) is not None:
            self.reload()

    def _as_said(self, source: ConfiguredSource) -> ConfiguredSource:
        why = self._not_recorded.get(source.config.name)
        if why is None:
            return source
        health = replace(source.health, state="failing", last_error=why,
                         failing_since=source.health.failing_since or source.health.last_run)
        return replace(source, health=health)

    def none_yet(self) -> bool:
        """The sources were read, and there are none: nothing to check."""
        return self.loaded and not self.sources and not self.page.unreadable()

    def selected(self) -> ConfiguredSource | None:
        rows = self.table.selectionModel().selectedRows()
        return self.sources[rows[0].row()] if rows and rows[0].row() < len(self.sources) else None

    def _selection_changed(self, refresh_token: bool = True) -> None:
        source = self.selected()
        for button in (self.change_button, self.remove_button, self.toggle_button):
            button.setEnabled(source is not None)
        self.check_button.setEnabled(source is not None and source.config.enabled)
        self.check_button.setToolTip("Turn this source on to check it." if source is not None
                                     and not source.config.enabled else "")
        self.toggle_button.setText("Turn on" if source is not None and not source.config.enabled else "Turn off")
        self._show_details(source)
        if refresh_token or source is None:
            self._show_token_state(source)

    def _show_details(self, source: ConfiguredSource | None) -> None:
        """The selected source's state in words: its latest problem, and what it has found so far."""
        if source is None:
            self.details_group.setTitle("What it found")
            self.details.setText("Select a source to see what it has found." if self.sources else
                                 "Nothing is watched yet. Choose <b>Add source…</b> to pick the places CreatorWatch "
                                 "checks for copies of your works and for your name.")
            return
        self.details_group.setTitle(f"What {source.config.name} found")
        report = self.reports.get(source.config.name)
        lines = [html.escape(line) for line in (report.details if report else [])]
        if not lines:
            lines.append("Nothing yet: it has not been checked." if source.health.state == "new" else
                         "Nothing yet.")
        found = "<p>" + "<br>".join(lines) + "</p>"
        if source.config.type == "folder":  # copies dropped in waited for a check hours away, and nothing said so
            found += f"<p>{html.escape(how_soon(source.config.settings))}</p>"
        if source.health.last_error:
            since = f" (failing since {when(source.health.failing_since)})" if source.health.failing_since else ""
            said = html.escape(in_window_words(source.health.last_error))
            found = f"<p><b>Latest problem{since}:</b> {said}</p>{found}"
        self.details.setText(found)

    def _show_token_state(self, source: ConfiguredSource | None) -> None:
        name = self._token_of(source)
        self.token_entry.setVisible(name is not None)
        self.token_field.clear()
        if source is None:
            self.token_state.setText("Select a source to set its token.")
        elif name is None:
            self.token_state.setText(f"{source.config.name} needs no token: {why_no_token(source.config.type)}.")
        else:
            self.token_state.setText("Looking in the keyring…")
            run_in_background(lambda _p: get_secret(name) is not None, lambda stored: self._token_known(name, stored),
                              lambda exc: self.token_state.setText(str(exc)))

    def _token_known(self, name: str, stored: bool) -> None:
        source = self.selected()
        if self._token_of(source) != name:
            return  # the creator has moved on to another source meanwhile
        if stored:
            self.token_state.setText(f"A token is stored in the system keyring as “{name}”. It is never shown here; "
                                     "paste a new one to replace it.")
        else:
            self.token_state.setText(f"No token stored yet (keyring entry “{name}”).")

    # -- actions ---------------------------------------------------------------------------------------------
    def save_token(self) -> None:
        source, value = self.selected(), self.token_field.text()
        name = self._token_of(source)
        self.token_field.clear()
        if name is None or not value.strip():
            return

        def store(db: sqlite_utils.Database) -> None:
            set_secret(name, value)
            SourceStore(db).clear_retry()  # sources waiting for a token may try again at once

        query(self.paths, store, lambda _r: self._token_saved(name), self._show_error)

    def _token_saved(self, name: str) -> None:
        self._token_known(name, True)
        self.message.emit("Token saved to the system keyring.", 5000)
        self.sources_changed.emit()

    def forget_token(self) -> None:
        source = self.selected()
        name = self._token_of(source)
        if name is not None:
            run_in_background(lambda _p: delete_secret(name), lambda _r: self._token_known(name, False),
                              self._show_error)

    def add_source(self) -> AddSourceDialog:
        self.add_dialog = AddSourceDialog(self, self.paths)
        self.add_dialog.submitted.connect(self._add)
        self.add_dialog.open()
        return self.add_dialog

    def _add(self, config: SourceConfig) -> None:
        """Record it as `creatorwatch sources add` does; the dialog stays open with the reason if it cannot be."""
        dialog = self.add_dialog
        dialog.setEnabled(False)

        def added(source: ConfiguredSource) -> None:
            dialog.accept()
            self.message.emit(f"Added {source.config.name}. It will be checked shortly.", 5000)
            self._changed()

        def refused(exc: BaseException) -> None:
            dialog.setEnabled(True)
            dialog.show_problem(str(exc))

        query(self.paths, lambda db: SourceStore(db).add(config), added, refused)

    def change_selected(self) -> AddSourceDialog | None:
        """The add dialog over the chosen source; saved as `creatorwatch sources set` does (it starts afresh)."""
        source = self.selected()
        if source is None:
            return None
        before = source.config
        self.add_dialog = AddSourceDialog(self, self.paths)
        self.add_dialog.edit(before)
        dialog = self.add_dialog

        def save(config: SourceConfig) -> None:
            dialog.setEnabled(False)
            settings = {**{key: "" for key in before.settings}, **config.settings}  # a line taken out: removed

            def changed(_source: object) -> None:
                dialog.accept()
                self.message.emit(f"Changed {before.name}. It starts afresh and will be checked shortly.", 5000)
                self._changed()

            def refused(exc: BaseException) -> None:
                dialog.setEnabled(True)
                dialog.show_problem(str(exc))

            query(self.paths, lambda db: SourceStore(db).change(before.name, settings, config.base_url or ""),
                  changed, refused)

        dialog.submitted.connect(save)
        dialog.open()
        return dialog

    def remove_selected(self) -> None:
        """Ask first, naming the source and what stays: a folder path and a schedule took one click to lose."""
        source = self.selected()
        if source is None:
            return
        name, folder = source.config.name, source.config.settings.get("path") if source.config.type == "folder" else ""
        watched = f"watching the folder {folder}" if folder else "checking it"
        ask_to_remove(self, "remove-source", "Remove source",
                      f"Remove the source “{name}”? CreatorWatch stops {watched} and forgets its settings. "
                      "What it found so far stays in Review.",
                      lambda: query(self.paths, lambda db: SourceStore(db).remove(name), lambda _r: self._changed(),
                                    self._show_error))

    def toggle_selected(self) -> None:
        source = self.selected()
        if source is not None:
            query(self.paths, lambda db: SourceStore(db).set_enabled(source.config.name, not source.config.enabled),
                  lambda _r: self._changed())

    def check_selected(self) -> None:
        source = self.selected()
        if source is not None:
            self.check_requested.emit(source.config.name)

    def _changed(self) -> None:
        self.reload()
        self.sources_changed.emit()

    def _show_error(self, exc: BaseException) -> None:
        warn(self, str(exc))
