"""The Sources page: where CreatorWatch looks, how each source is doing, and its token — written to the system
keyring and never shown back, not even as dots of the right length."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from creatorwatch import APP_NAME
from creatorwatch.core.secrets import delete_secret, get_secret, set_secret
from creatorwatch.core.source_store import ConfiguredSource, SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.sources.registry import TYPES, UnknownSourceType, source_class
from creatorwatch.paths import Paths
from creatorwatch.ui.dashboard import HEALTH_MARKS, when
from creatorwatch.ui.data import query
from creatorwatch.ui.tasks import run_in_background

COLUMNS = ("Name", "Type", "Health", "Last run", "Next run", "Latest problem")


def token_name(source: ConfiguredSource) -> str | None:
    """The keyring entry this source reads its token from (None: it takes no token)."""
    try:
        return source.config.settings.get("secret") or source_class(source.config.type).TOKEN
    except UnknownSourceType:
        return None


class SourcesView(QWidget):
    check_requested = Signal(object)  # a source name, or None for all
    sources_changed = Signal()
    message = Signal(str, int)

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.sources: list[ConfiguredSource] = []
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
        self.remove_button = self._button(buttons, "Remove", self.remove_selected)
        self.toggle_button = self._button(buttons, "Turn off", self.toggle_selected)
        buttons.addStretch(1)
        self.check_button = self._button(buttons, "Check this source now", self.check_selected)
        self.check_all_button = self._button(buttons, "Check all now", lambda: self.check_requested.emit(None))
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._token_box())
        self._selection_changed()

    def _button(self, row: QHBoxLayout, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

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
        row = QHBoxLayout()
        row.addWidget(self.token_field, 1)
        row.addWidget(self.save_token_button)
        row.addWidget(self.forget_token_button)
        layout = QVBoxLayout(self.token_group)
        layout.addWidget(self.token_state)
        layout.addLayout(row)
        return self.token_group

    # -- loading --------------------------------------------------------------------------------------------
    def reload(self) -> None:
        query(self.paths, lambda db: SourceStore(db).all(), self._show, self._show_error)

    def _show(self, sources: list[ConfiguredSource]) -> None:
        selected = self.selected()
        self.sources = sources
        self.table.setRowCount(len(sources))
        for row, s in enumerate(sources):
            mark, colour = HEALTH_MARKS.get(s.health.state, ("○", "#8a8f98"))
            health = f"{mark} {s.health.describe()}" if s.config.enabled else "turned off"
            cells = (s.config.name, s.config.type, health, when(s.health.last_run),
                     when(s.health.next_run, "–"), s.health.last_error or "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 2:
                    item.setForeground(QColor(colour))
                self.table.setItem(row, column, item)
            if selected is not None and s.config.name == selected.config.name:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def selected(self) -> ConfiguredSource | None:
        rows = self.table.selectionModel().selectedRows()
        return self.sources[rows[0].row()] if rows and rows[0].row() < len(self.sources) else None

    def _selection_changed(self) -> None:
        source = self.selected()
        for button in (self.remove_button, self.toggle_button, self.check_button):
            button.setEnabled(source is not None)
        self.toggle_button.setText("Turn on" if source is not None and not source.config.enabled else "Turn off")
        name = token_name(source) if source is not None else None
        self.token_group.setEnabled(name is not None)
        self.token_field.clear()
        if source is None:
            self.token_state.setText("Select a source to set its token.")
        elif name is None:
            self.token_state.setText(f"{source.config.name} needs no token.")
        else:
            self.token_state.setText("Looking in the keyring…")
            run_in_background(lambda _p: get_secret(name) is not None, lambda stored: self._token_known(name, stored),
                              lambda exc: self.token_state.setText(str(exc)))

    def _token_known(self, name: str, stored: bool) -> None:
        if stored:
            self.token_state.setText(f"A token is stored in the system keyring as “{name}”. It is never shown here; "
                                     "paste a new one to replace it.")
        else:
            self.token_state.setText(f"No token stored yet (keyring entry “{name}”).")

    # -- actions ---------------------------------------------------------------------------------------------
    def save_token(self) -> None:
        source, value = self.selected(), self.token_field.text()
        name = token_name(source) if source else None
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
        name = token_name(source) if source else None
        if name is not None:
            run_in_background(lambda _p: delete_secret(name), lambda _r: self._token_known(name, False),
                              self._show_error)

    def add_source(self) -> None:
        dialog = AddSourceDialog(self)
        dialog.accepted.connect(lambda: self._add(dialog.config()))
        dialog.open()

    def _add(self, config: SourceConfig) -> None:
        query(self.paths, lambda db: SourceStore(db).add(config), lambda _s: self._changed(), self._show_error)

    def remove_selected(self) -> None:
        source = self.selected()
        if source is not None:
            query(self.paths, lambda db: SourceStore(db).remove(source.config.name), lambda _r: self._changed())

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
        QMessageBox.warning(self, APP_NAME, str(exc))


class AddSourceDialog(QDialog):
    """Type, name, an optional mirror address, and the type's settings (one KEY=VALUE a line)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a source")
        self.setObjectName("add-source")
        self.type = QComboBox()
        self.type.addItems(TYPES)
        self.type.setAccessibleName("Source type")
        self.name = QLineEdit()
        self.name.setAccessibleName("Source name")
        self.base_url = QLineEdit(placeholderText="optional: a mirror or self-hosted copy")
        self.base_url.setAccessibleName("Base address")
        self.settings = QPlainTextEdit()
        self.settings.setAccessibleName("Settings, one KEY=VALUE a line")
        self.settings.setPlaceholderText("url=https://…   (feed and page)\npath=/home/…   (folder)")
        self.settings.setMaximumHeight(90)
        form = QFormLayout(self)
        form.addRow("Type", self.type)
        form.addRow("Name", self.name)
        form.addRow("Address", self.base_url)
        form.addRow("Settings", self.settings)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.type.currentTextChanged.connect(lambda t: self.name.setPlaceholderText(f"e.g. my-{t}"))
        self.name.setPlaceholderText(f"e.g. my-{self.type.currentText()}")

    def config(self) -> SourceConfig:
        pairs = (line.split("=", 1) for line in self.settings.toPlainText().splitlines() if "=" in line)
        settings = {key.strip(): value.strip() for key, value in pairs}
        name = self.name.text().strip() or f"my-{self.type.currentText()}"
        return SourceConfig(name, self.type.currentText(), self.base_url.text().strip() or None, settings)


