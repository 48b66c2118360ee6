"""The Website page: the creator types their site's address, the audit runs in the background, and the page shows,
crawler by crawler, which AI crawlers may fetch it, what its other opt-out signals say, and the gaps; it writes
the files that close them into a folder the creator picks, and keeps the site to audit again on a schedule."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
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

from creatorwatch.core.net.client import HttpClient
from creatorwatch.core.optout.audit import SiteAudit, audit_site, unreached
from creatorwatch.core.optout.fixes import FixFiles, fix_files, write_fix_files
from creatorwatch.core.optout.page import ai_tags_said
from creatorwatch.core.optout.site_watch import WatchedSite, remember_site, watched_sites
from creatorwatch.core.wording.words import counted
from creatorwatch.paths import Paths
from creatorwatch.ui.data import query
from creatorwatch.ui.last_folder import WEBSITE, remember_folder, start_folder
from creatorwatch.ui.tasks import BackgroundTask, run_in_background

SAVE_LABEL = "Save the files that close the gaps…"
BLOCKED, OPEN = QColor(46, 160, 67, 60), QColor(218, 54, 51, 60)
USES = {"training": "trains AI", "search": "AI search", "user": "fetches for a user"}


def run_audit(url: str) -> SiteAudit:
    """On a pool thread: the audit, over a client of its own that is closed after."""
    with HttpClient(source="your site", retries=1) as http:
        return audit_site(http, url)


class AuditView(QWidget):
    message = Signal(str, int)  # for the status bar

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.audit: SiteAudit | None = None
        self._task: BackgroundTask[SiteAudit] | None = None
        self.address = QLineEdit(placeholderText="https://your-site.example/")
        self.address.setAccessibleName("Your website's address")
        self.address.returnPressed.connect(self.start_audit)
        self.audit_button = QPushButton("Audit")
        self.audit_button.clicked.connect(self.start_audit)
        self.state = QLabel("Type your website's address to see which AI crawlers may take your work from it.")
        self.state.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName("AI crawlers and what your site lets them do")
        self.table.setHorizontalHeaderLabels(["Crawler", "Operator", "What it does", "Your site", "Blocking it"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.signals = QLabel()
        self.signals.setWordWrap(True)
        self.signals.setTextFormat(Qt.TextFormat.RichText)
        self.gaps = QLabel()
        self.gaps.setWordWrap(True)
        self.gaps.setTextFormat(Qt.TextFormat.RichText)
        self.gaps.setAccessibleName("Gaps")
        self.save_button = QPushButton(SAVE_LABEL)
        self.save_button.setToolTip("Write robots.txt, tdmrep.json, ai.txt and a README saying where each goes; "
                                    "CreatorWatch uploads nothing")
        self.save_button.clicked.connect(self._choose_folder)
        self.every = QComboBox()
        self.every.addItem("weekly", 7)
        self.every.addItem("daily", 1)
        self.every.setAccessibleName("How often to audit it again")
        self.watch_button = QPushButton("Watch this site")
        self.watch_button.setToolTip("Audit it again on a schedule and alert me when its opt-out weakens")
        self.watch_button.clicked.connect(self.watch)
        self.watched = QLabel()
        self.watched.setWordWrap(True)
        self.watched.setAccessibleName("Watched sites")
        self._build()
        self._show_buttons()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Your website:"))
        top.addWidget(self.address, 1)
        top.addWidget(self.audit_button)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addStretch(1)
        actions.addWidget(QLabel("Audit it again"))
        actions.addWidget(self.every)
        actions.addWidget(self.watch_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.state)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.signals)
        layout.addWidget(self.gaps)
        layout.addLayout(actions)
        layout.addWidget(self.watched)

    def reload(self) -> None:
        query(self.paths, watched_sites, self._show_watched)

    def busy(self) -> bool:
        return self._task is not None and self._task.running

    # -- auditing ----------------------------------------------------------------------------------------
    def start_audit(self) -> None:
        url = self.address.text().strip()
        if not url or self.busy():
            return
        if "://" not in url:
            url = "https://" + url
            self.address.setText(url)
        self.state.setText(f"Auditing {url}…")
        self.audit_button.setEnabled(False)
        self._task = run_in_background(lambda _p: run_audit(url), self._audited, self._failed)
        self._show_buttons()

    def _audited(self, audit: SiteAudit) -> None:
        self.audit = audit
        self.audit_button.setEnabled(True)
        open_ones = audit.open_to_training()
        self.state.setText(f"<b>{_escape(audit.url)}</b> — audited {_when(audit.checked_at)}. "
                           + (_escape(unreached(audit.unreachable)) if audit.unreachable else
                              "Every machine-readable signal says “do not train”." if audit.protected else
                              f"{counted(len(open_ones), 'AI training crawler', 'AI training crawlers')} may "
                              "fetch your site." if open_ones else "Some opt-out signals are missing."
                              if audit.gaps() else "Some opt-out signals could not be checked."))
        self._fill_table(audit)
        self._fill_signals(audit)
        gaps, unread = audit.gaps(), audit.not_checked()
        self.gaps.setText(("<b>Gaps</b><ul>" + "".join(f"<li>{_escape(g)}</li>" for g in gaps) + "</ul>" if gaps
                           else "<b>No gaps.</b>" if not unread else "<b>No gaps among what could be read.</b>")
                          + ("<b>Not checked</b> (audit again when the site answers; no file is saved for these)"
                             "<ul>" + "".join(f"<li>{_escape(u)}</li>" for u in unread) + "</ul>" if unread else ""))
        self._show_buttons()
        self.message.emit(f"Audited {audit.site}: {counted(len(gaps), 'gap')}.", 10_000)

    def _failed(self, exc: BaseException) -> None:
        self.audit_button.setEnabled(True)
        self.state.setText(f"Could not audit that site: {exc}")
        self._show_buttons()

    def _fill_table(self, audit: SiteAudit) -> None:
        self.table.setRowCount(len(audit.crawlers))
        for row, verdict in enumerate(audit.crawlers):
            c = verdict.crawler
            where = "site not reached" if audit.unreachable else "may fetch" if verdict.open else "blocked"
            if verdict.open and not all(verdict.may_fetch.values()):
                where = "may fetch " + ", ".join(p for p, ok in verdict.may_fetch.items() if ok)
            if not verdict.named and audit.robots.mode == "rules":
                where += " (by the * rules)"
            cells = [c.token, c.operator, ", ".join(USES.get(u, u) for u in c.uses), where,
                     f"Stops {c.blocking_stops.rstrip('.')}. Does not stop {c.blocking_does_not_stop.rstrip('.')}."]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text if column == 4 else c.documentation)
                if column == 3 and not audit.unreachable:  # green only for what the site said
                    item.setBackground(OPEN if verdict.open else BLOCKED)
                    item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{c.token}: {where}")
                self.table.setItem(row, column, item)

    def _fill_signals(self, audit: SiteAudit) -> None:
        robots = audit.robots
        modes = {"rules": "its rules decide", "allow_all": "missing, so every crawler may fetch everything",
                 "disallow_all": "cannot be read, so crawlers keep out for now"}
        page = audit.page
        lines = [f"robots.txt: {modes.get(robots.mode, robots.mode)}"
                 + "".join(f" — {_escape(n)}" for n in robots.notes),
                 f"TDMRep (EU text-and-data-mining reservation): {'reserved' if audit.reserved else 'not reserved'}"
                 f" — well-known file {audit.tdmrep.state}",
                 f"Page meta tags: not checked ({_escape(page.problem)})" if page.problem and not page.noai else
                 f"Page meta tags: {ai_tags_said(page.noai, page.noimageai)}"
                 + (f" ({_escape(page.problem)})" if page.problem else ""),
                 f"ai.txt: {'forbids AI training on every file' if audit.ai_txt.blocks_all else audit.ai_txt.state}"]
        self.signals.setText("<br>".join(lines))

    # -- closing the gaps ---------------------------------------------------------------------------------
    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Where should the files for your site go?",
                                                  str(start_folder(self.paths, WEBSITE)))
        if folder:
            remember_folder(self.paths, WEBSITE, folder)
            self.save_fixes(Path(folder))

    def save_fixes(self, folder: Path) -> None:
        audit = self.audit
        if audit is None:
            return

        def write(_progress: object) -> FixFiles:
            fixes = fix_files(audit)
            write_fix_files(fixes, folder)
            return fixes

        self.save_button.setEnabled(False)
        run_in_background(write, lambda fixes: self._saved(fixes, folder), self._save_failed)

    def _saved(self, fixes: FixFiles, folder: Path) -> None:
        self._show_buttons()
        names = ", ".join(p.name for p in fixes.written)
        text = (f"Wrote {names} into {folder}. Upload them to your site as README.txt says."
                if fixes.written else "Nothing to write: no gaps.")
        self.state.setText(text)
        self.message.emit(text, 0)

    def _save_failed(self, exc: BaseException) -> None:
        self._show_buttons()
        self.state.setText(f"Could not write the files: {exc}")

    # -- watching -------------------------------------------------------------------------------------------
    def watch(self) -> None:
        audit = self.audit
        if audit is None:
            return
        days = int(self.every.currentData())
        baseline = audit.as_json()

        def keep(db: sqlite_utils.Database) -> list[WatchedSite]:
            remember_site(db, audit.url, days, baseline)
            return watched_sites(db)

        query(self.paths, keep, self._show_watched)
        self.message.emit(f"Watching {audit.url}: audited again {self.every.currentText()}; you are alerted when "
                          "its opt-out weakens.", 10_000)

    def _show_watched(self, sites: list[WatchedSite]) -> None:
        if not sites:
            self.watched.setText("No site is watched yet.")
            return
        lines = []
        for site in sites:
            every = "daily" if site.every_days == 1 else "weekly"
            lines.append(f"<b>{_escape(site.url)}</b> — audited again {every}, last "
                         f"{_when(site.checked_at) if site.checked_at else 'never'}")
            lines += [f"&nbsp;&nbsp;⚠ {_escape(change)}" for change in site.changes]
        self.watched.setText("Watched sites:<br>" + "<br>".join(lines))

    def _show_buttons(self) -> None:
        has = self.audit is not None and not self.busy()
        self.save_button.setEnabled(has and bool(self.audit and self.audit.gaps()))  # only gaps seen are closed
        self.watch_button.setEnabled(has)


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d %B %Y at %H:%M")
    except ValueError:
        return iso


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
