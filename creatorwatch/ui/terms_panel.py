"""Watch terms beside the Library: the names, aliases and titles the sources are searched for — add, remove, and
see what each one found (the mentions), so the Overview's "new mentions of you" can be traced to a term."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from creatorwatch.core.records.findings import Finding, Findings
from creatorwatch.core.records.terms import Terms
from creatorwatch.core.wording.words import counted
from creatorwatch.paths import Paths
from creatorwatch.ui.data import query
from creatorwatch.ui.read_only_data import greyed_unless_writable

FINDING_ROLE = Qt.ItemDataRole.UserRole
TERM_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class TermsLoaded:
    terms: list[str]
    mentions: list[Finding]

    def found_by(self, term: str) -> list[Finding]:
        return [f for f in self.mentions if (f.term or "").casefold() == term.casefold()]


def load_terms(db: sqlite_utils.Database) -> TermsLoaded:
    return TermsLoaded(Terms(db).all(), Findings(db).all(type_="mention"))


def wrap_lines(items: QListWidget) -> None:
    """Long names wrap inside the narrow panel, read whole, rather than cut off behind a sideways scroll bar."""
    items.setWordWrap(True)
    items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    items.setResizeMode(QListView.ResizeMode.Adjust)  # wrap again when the panel is widened or narrowed


class TermsPanel(QGroupBox):
    """Reads and writes on pool threads; `open_finding` asks the window to show a mention in Review."""

    message = Signal(str, int)
    open_finding = Signal(int)
    changed = Signal()

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__("Watch terms", parent)
        self.paths = paths
        self.loaded = TermsLoaded([], [])
        intro = QLabel("Your names, aliases, work titles and characters. Sources are searched for them; a page "
                       "that names one is a mention.")
        intro.setWordWrap(True)
        self.entry = QLineEdit(placeholderText="Name or title")  # whole in the panel's narrow box
        self.entry.setToolTip("A name or title to watch for: a page that names it is a mention")
        self.entry.setAccessibleName("New watch term")
        self.entry.returnPressed.connect(self.add_entered)
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self.add_entered)
        self.terms = QListWidget()
        self.terms.setAccessibleName("Watch terms")
        wrap_lines(self.terms)
        self.terms.currentItemChanged.connect(lambda *_: self._show_found())
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.found_label = QLabel()
        self.found_label.setWordWrap(True)
        self.found = QListWidget()
        self.found.setAccessibleName("What the selected term found")
        wrap_lines(self.found)
        self.found.itemActivated.connect(lambda item: self.open_finding.emit(int(item.data(FINDING_ROLE))))
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.entry, 1)
        entry_row.addWidget(self.add_button)
        self.setMinimumWidth(220)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(entry_row)
        layout.addWidget(self.terms, 2)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.found_label)
        layout.addWidget(self.found, 3)
        self.writable = True
        self._show_found()

    def set_writable(self, writable: bool) -> None:
        """On a read-only data file no term can be added or removed: greyed, saying why."""
        self.writable = writable
        greyed_unless_writable(self.add_button, writable, "")
        greyed_unless_writable(self.entry, writable, "A name or title to watch for: a page that names it is a mention")
        self._show_found()

    def reload(self) -> None:
        query(self.paths, load_terms, self._loaded,
              lambda exc: self.message.emit(f"Watch terms could not be read: {exc}", 10_000))

    def _loaded(self, loaded: TermsLoaded) -> None:
        chosen = self.selected_term()
        self.loaded = loaded
        self.terms.clear()
        for term in loaded.terms:
            found = len(loaded.found_by(term))
            item = QListWidgetItem(f"{term} — {counted(found, 'find')}" if found else f"{term} — nothing yet")
            item.setData(TERM_ROLE, term)
            item.setToolTip(item.text())
            self.terms.addItem(item)
            if term == chosen:
                self.terms.setCurrentItem(item)
        self._show_found()

    def selected_term(self) -> str | None:
        item = self.terms.currentItem()
        return str(item.data(TERM_ROLE)) if item is not None else None

    def _show_found(self) -> None:
        term = self.selected_term()
        self.remove_button.setEnabled(term is not None and self.writable)
        self.found.clear()
        if term is None:
            self.found_label.setText("Add a term, or choose one to see the pages that named it."
                                     if not self.loaded.terms else "Choose a term to see the pages that named it.")
            return
        finds = self.loaded.found_by(term)
        self.found_label.setText(f"“{term}” was named on {counted(len(finds), 'page')}"
                                 + (" (double-click one to review it):" if finds else "."))
        for f in finds:
            item = QListWidgetItem(f"{f.title or f.candidate_url} — {f.source}, {f.found_at[:10]} ({f.status})")
            item.setToolTip(f.candidate_url)
            item.setData(FINDING_ROLE, f.id)
            self.found.addItem(item)

    def add_entered(self) -> None:
        words = self.entry.text().strip()
        if not words:
            return
        self.entry.clear()
        query(self.paths, lambda db: Terms(db).add([words]), lambda added: self._done(
            f"Now watching for “{words}”." if added else f"“{words}” is already a watch term."),
              lambda exc: self._not_added(words, exc))

    def _not_added(self, words: str, exc: BaseException) -> None:
        """The term typed goes back in the box (unless another is being typed), so it is not typed twice."""
        if not self.entry.text().strip():
            self.entry.setText(words)
        self._failed(exc)

    def remove_selected(self) -> None:
        term = self.selected_term()
        if term is not None:
            query(self.paths, lambda db: Terms(db).remove([term]),
                  lambda _r: self._done(f"No longer watching for “{term}”; what it found stays in Review."),
                  self._failed)

    def _done(self, text: str) -> None:
        self.message.emit(text, 5000)
        self.changed.emit()
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        self.message.emit(f"Watch terms could not be changed: {exc}", 10_000)
