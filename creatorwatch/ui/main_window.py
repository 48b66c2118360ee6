"""The main window: a column of pages (Overview, Library, Review, Sources, Settings, Website), a banner for alerts when
there is no tray, and the memory of its size and layout. Closing it keeps watching from the tray, if there is one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from creatorwatch import APP_NAME
from creatorwatch.paths import Paths
from creatorwatch.ui.audit_view import AuditView
from creatorwatch.ui.bar_frame import BarFrame
from creatorwatch.ui.could_not_read import CouldNotRead
from creatorwatch.ui.damaged_data import DamagedData
from creatorwatch.ui.dashboard import DashboardView
from creatorwatch.ui.fit_screen import fit_to_screen
from creatorwatch.ui.glyphs import symbol
from creatorwatch.ui.interrupted_export import InterruptedExport
from creatorwatch.ui.library_view import LibraryView
from creatorwatch.ui.matches_view import MatchesView
from creatorwatch.ui.message_bar import MessageBar
from creatorwatch.ui.notifications import Alert
from creatorwatch.ui.read_only_data import ReadOnlyData
from creatorwatch.ui.settings_view import SettingsView
from creatorwatch.ui.sources_view import SourcesView
from creatorwatch.ui.takedowns_dialog import TakedownsDialog
from creatorwatch.ui.terms_panel import TermsPanel
from creatorwatch.ui.unfinished_add import UnfinishedAdd
from creatorwatch.ui.window_ini import window_settings
from creatorwatch.ui.window_place import remember_place, restore_place

PAGES = (("overview", "Overview", "dashboard"), ("library", "Library", "library"), ("review", "Review", "review"),
         ("sources", "Sources", "sources"), ("settings", "Settings", "settings"), ("website", "Website", "website"))
SITE_ALERT = -1  # an alert's finding id when it is about the creator's website, not a find


class AlertBanner(BarFrame):
    """An alert inside the window, for desktops without a tray. It lies below the pages, not above them: appearing or
    going, it never moves a toolbar button from under the creator's pointer (above, it pushed every page down 42 px),
    and nothing lies hidden under it, as it would if it floated over them."""

    open_finding = Signal(int)

    def __init__(self) -> None:
        super().__init__("alert-banner", "New finds", ("Show", "Dismiss"), QPalette.ColorRole.Highlight,
                         QPalette.ColorRole.HighlightedText)
        self.show_button, self.dismiss_button = self.first, self.second
        self.show_button.clicked.connect(self._open)
        self.dismiss_button.clicked.connect(self.hide)
        self.alert: Alert | None = None

    def show_alert(self, alert: Alert) -> None:
        self.alert = alert
        self.text.setText(f"<b>{alert.title}</b> — {alert.text}")
        self.setAccessibleDescription(f"{alert.title}. {alert.text}")
        self.show()

    def _open(self) -> None:
        self.hide()
        if self.alert is not None:
            self.open_finding.emit(self.alert.finding_id)


class MainWindow(QMainWindow):
    hidden_to_tray = Signal()  # the window was closed while the tray keeps watching
    quit_requested = Signal()  # Ctrl+Q: stop watching and leave, as the tray's Quit does

    def __init__(self, paths: Paths) -> None:
        super().__init__()
        self.paths = paths
        self.keep_in_tray = False  # the desktop sets this when a tray icon carries on after the window closes
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 700)
        self.dashboard = DashboardView(paths)
        self.library = LibraryView(paths)
        self.terms = TermsPanel(paths)
        self.matches = MatchesView(paths)
        self.sources = SourcesView(paths)
        self.settings_page = SettingsView(paths)
        self.website = AuditView(paths)
        self.takedowns: TakedownsDialog | None = None  # opened from the Overview's card or Review
        self._build()
        self._connect()
        self._restore_state()
        self.reload()
        self.unfinished.look()
        self.damaged.look()
        self.read_only.look()

    def _build(self) -> None:
        self.nav = QListWidget()
        self.nav.setAccessibleName("Pages")
        self.nav.setFixedWidth(170)
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setSpacing(4)
        self.stack = QStackedWidget()
        self._pages: dict[str, QWidget] = {}
        self.library_page = QSplitter()  # the Library with the watch terms beside it
        self.library_page.addWidget(self.library)
        self.library_page.addWidget(self.terms)
        self.library_page.setStretchFactor(0, 1)
        self.library_page.setStretchFactor(1, 0)
        self.library_page.setSizes([880, 230])
        for number, ((key, text, icon), page) in enumerate(zip(PAGES, (self.dashboard, self.library_page, self.matches,
                                                                      self.sources, self.settings_page, self.website),
                                                                     strict=True)):
            item = QListWidgetItem(symbol(icon), text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            self.stack.addWidget(page)
            page.setAccessibleName(text)
            self._pages[key] = page
            action = QAction(self, shortcut=QKeySequence(f"Ctrl+{number + 1}"))
            action.triggered.connect(lambda _c=False, k=key: self.show_page(k))
            self.addAction(action)
        self.quit_action = QAction("Quit CreatorWatch", self)
        self.quit_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
                                      or [QKeySequence("Ctrl+Q")])  # Windows has no standard key for it
        self.quit_action.triggered.connect(self.quit_requested)
        self.addAction(self.quit_action)
        self.nav.currentRowChanged.connect(self._leave_settings)  # before the page changes: it was on Settings
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.currentRowChanged.connect(lambda _row: self._alert_seen())
        self.nav.currentRowChanged.connect(lambda _row: self._forget_page_message())
        self.banner = AlertBanner()
        self.unfinished = UnfinishedAdd(self.paths)
        self.interrupted = InterruptedExport()
        self.damaged = DamagedData(self.paths)
        self.read_only = ReadOnlyData(self.paths)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.damaged)
        column.addWidget(self.read_only)
        column.addWidget(self.unfinished)
        column.addWidget(self.interrupted)
        column.addWidget(self.stack, 1)
        column.addWidget(self.banner)  # below the pages: see AlertBanner
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(right, 1)
        self.setCentralWidget(central)
        self.setStatusBar(MessageBar())
        self.nav.setCurrentRow(0)

    def _connect(self) -> None:
        for page in (self.library, self.terms, self.matches, self.sources, self.settings_page, self.website):
            page.message.connect(self._status)
        self.terms.changed.connect(self.dashboard.reload)
        self.terms.open_finding.connect(self.open_finding)
        self.library.changed.connect(self.dashboard.reload)
        self.matches.changed.connect(self.dashboard.reload)
        self.sources.sources_changed.connect(self.dashboard.reload)
        self.dashboard.review_requested.connect(self.review_new)
        self.dashboard.add_files_requested.connect(lambda: self._on_library(self.library.add_files_action.trigger))
        self.dashboard.add_folder_requested.connect(lambda: self._on_library(self.library.add_folder_action.trigger))
        self.dashboard.sources_requested.connect(lambda: self.show_page("sources"))
        self.dashboard.takedowns_requested.connect(self.open_takedowns)
        self.matches.takedown_followed.connect(self.open_takedowns)
        self.library.probe.add_endpoint_wanted.connect(self.add_model_endpoint)
        self.library.protect.settings_wanted.connect(self._name_in_settings)
        self.banner.open_finding.connect(self.open_finding)
        for writing in (self.library, self.terms, self.dashboard):
            self.read_only.writable_changed.connect(writing.set_writable)
        self.unfinished.add_requested.connect(self._add_unfinished)
        self.interrupted.review_requested.connect(lambda: self.show_page("review"))
        for unread in self.findChildren(CouldNotRead):
            unread.button.clicked.connect(lambda _c=False, u=unread: self._read_again(but=u))

    def _status(self, text: str, timeout: int) -> None:
        self._page_said = text
        self.statusBar().showMessage(text, timeout)

    _page_said = ""  # the last message a page put in the status bar (a check's result is the window's own)

    def _forget_page_message(self) -> None:
        """A page's message is about that page: on another page, "Wrote robots.txt… Upload them…" read as if it
        were about the Library. What the window said (a check's result) stays."""
        bar = self.statusBar()
        if self._page_said and bar.currentMessage() == self._page_said:
            bar.clearMessage()
        self._page_said = ""

    def reload(self) -> None:
        for page in (self.dashboard, self.library, self.terms, self.matches, self.sources, self.settings_page,
                     self.website):
            page.reload()

    def _read_again(self, but: CouldNotRead) -> None:
        """Try again on one page tries every other page that could not read the data file too: a backup restored
        is restored for all of them (the watch terms beside the Library, too: they say it in the status bar)."""
        for unread in self.findChildren(CouldNotRead):
            if unread is not but and unread.in_place():
                unread.retry.emit()
        self.terms.reload()

    def refresh_from_data(self) -> None:
        """Show what another process changed: every page reads the data file again, quietly (no new status message,
        no look for moved files, which writes); Settings keeps what is being typed there. A count of works
        already in the status bar is brought up to date rather than left saying what is no longer true."""
        counted_works = self.statusBar().currentMessage().endswith(self.library.summary())
        self.library.reload(announce=counted_works, check_files=False)
        for page in (self.dashboard, self.terms, self.matches, self.sources, self.website, self.settings_page):
            page.reload()  # Settings keeps what the creator typed there and has not saved
        if self.takedowns is not None and self.takedowns.isVisible():  # a step recorded on the command line
            self.takedowns.reload()

    # -- pages and alerts ----------------------------------------------------------------------------------
    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow([k for k, _, _ in PAGES].index(key))

    def _on_library(self, then: Callable[[], object]) -> None:
        """Go to the Library, where adding shows its progress, then add from there."""
        self.show_page("library")
        then()

    def _name_in_settings(self) -> None:
        """Protect copies… asked for the creator's name, and they chose to set it in Settings: there, at Name."""
        self.show_page("settings")
        self.settings_page.creator_name.setFocus()

    def _add_unfinished(self, files: list[Path]) -> None:
        """Add the files an earlier add never got to, on the Library, where adding shows its progress."""
        self.show_page("library")
        if self.library.add_paths(files):
            self.unfinished.hide()

    def add_model_endpoint(self, kind: str = "openai-compatible") -> None:
        """The Sources page's Add source dialog, with a model endpoint of `kind` chosen: probing needs one."""
        self.show_page("sources")
        dialog = self.sources.add_source()
        dialog.type.setCurrentIndex(max(0, dialog.type.findData(kind)))

    def open_takedowns(self, match_id: int | None = None, closed: bool = False) -> TakedownsDialog:
        """The Takedowns window, one for the main window, read afresh (with the takedown of `match_id` chosen)."""
        if self.takedowns is None:
            self.takedowns = TakedownsDialog(self.paths, self)
            self.takedowns.changed.connect(self.dashboard.reload)
            self.takedowns.message.connect(self._status)
        self.takedowns.follow(match_id, closed)
        self.takedowns.show()
        self.takedowns.raise_()
        self.takedowns.activateWindow()
        return self.takedowns

    def review_new(self) -> None:
        self.matches.show_status("Needs review")
        self.show_page("review")

    def current_page(self) -> str:
        return PAGES[self.stack.currentIndex()][0]

    def bring_forward(self) -> None:
        self.showNormal() if self.isMinimized() else self.show()
        self.raise_()
        self.activateWindow()

    def open_finding(self, finding_id: int) -> None:
        self.bring_forward()
        if finding_id == SITE_ALERT:  # the site's opt-out weakened: its audit, not a find
            self.show_page("website")
            return
        self.show_page("review")
        self.matches.open_finding(finding_id)

    def _alert_seen(self) -> None:
        """The creator went to what the alert is about (Review for finds, Website for the site's opt-out): the
        banner has said what it had to, and stayed over every page until dismissed."""
        alert = self.banner.alert
        if alert is not None and self.current_page() == ("website" if alert.finding_id == SITE_ALERT else "review"):
            self.banner.hide()

    def show_alert(self, alert: Alert) -> None:
        self.banner.show_alert(alert)
        self.bring_forward()

    # -- window state ---------------------------------------------------------------------------------------
    def _settings(self) -> QSettings:
        return window_settings(self.paths)

    def _restore_state(self) -> None:
        settings = self._settings()
        geometry = settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)  # maximized or full screen, as left
        frame_before = restore_place(self, settings)  # exactly where it was left, not a few pixels off
        fit_to_screen(self, frame_before)  # the first size, or one saved on a larger screen, fits this one
        review, columns = settings.value("review-columns"), settings.value("review-columns-of")
        if isinstance(review, QByteArray):
            self.matches.restore_columns(review, columns if isinstance(columns, str) else None)
        library, columns = settings.value("library-columns"), settings.value("library-columns-of")
        if isinstance(library, QByteArray):
            self.library.columns.restore(library, columns if isinstance(columns, str) else None)
        page = settings.value("page")
        if page in self._pages:
            self.show_page(str(page))

    def _leave_settings(self, _row: int) -> None:
        if self.current_page() == "settings":
            self.settings_page.keep_changes()

    def save_state(self) -> None:
        """Keep what the window remembers, and Settings typed but not saved, as the window closes."""
        self.settings_page.keep_changes()
        settings = self._settings()
        settings.setValue("geometry", self.saveGeometry())
        remember_place(self, settings)
        review, columns = self.matches.columns_saved()
        settings.setValue("review-columns", review)
        settings.setValue("review-columns-of", columns)
        library, columns = self.library.columns.saved()
        settings.setValue("library-columns", library)
        settings.setValue("library-columns-of", columns)
        settings.setValue("page", self.current_page())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        if self.keep_in_tray:
            event.ignore()
            self.hide()
            self.hidden_to_tray.emit()
            return
        self.library.cancel_adding()
        super().closeEvent(event)
