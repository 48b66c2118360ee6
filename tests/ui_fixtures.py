"""What the window tests share: a data home seeded with works, sources and finds; a scheduler that only records."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.events import EventHub
from creatorwatch.paths import Paths
from creatorwatch.ui.desktop import Desktop, Scheduler
from creatorwatch.ui.library_view import LibraryView
from creatorwatch.ui.main_window import MainWindow
from creatorwatch.ui.sources_view import SourcesView


class RecordingScheduler:
    """Stands in for MonitorScheduler where a test is about the window, not about checking."""

    def __init__(self, paths: Paths, hub: EventHub) -> None:
        self.hub = hub
        self.checks: list[str | None] = []
        self.paused = False
        self.running = False

    def start(self, paused: bool = False) -> None:
        self.running, self.paused = True, paused

    def sync(self) -> None:
        pass

    def pause(self) -> None:
        self.paused = True

    def resume(self) -> None:
        self.paused = False

    def check_now(self, name: str | None = None) -> list[str]:
        self.checks.append(name)
        return []

    def stop(self) -> None:
        self.running = False


def from_a_worker(publish: Callable[[], object]) -> None:
    """Run `publish` on a thread of its own, as the monitor's events come: the window must take them through signals."""
    worker = threading.Thread(target=publish)
    worker.start()
    worker.join()


def shown_library(qtbot: QtBot, paths: Paths, works: int) -> LibraryView:
    """The Library page on its own, shown, once it lists `works` works (the files' statuses left unchecked)."""
    view = LibraryView(paths)
    qtbot.addWidget(view)
    view.show()
    view.reload(check_files=False)
    qtbot.waitUntil(lambda: view.model.rowCount() == works)
    return view


def make_paths(root: Path) -> Paths:
    return Paths(root / "data", root / "config", root / "cache", root / "logs").ensure()


def seed(paths: Paths, works: int = 3, finds: int = 4, sites: tuple[str, ...] = ("copies.example",)) -> None:
    """`works` text works and `finds` matches (the last one a mention), all new, spread over the last days."""
    db = open_database(paths.database)
    now = datetime.now(UTC)
    with db.conn:
        for i in range(works):
            db.execute("INSERT INTO works (title, kind, format, path, size, mtime, sha256, added_at, facts) VALUES"
                       " (?, ?, 'text', ?, 10, 0, ?, ?, '{}')", [f"Work {i}", ("text", "image", "audio")[i % 3],
                                                                 f"/nowhere/{i}.txt", f"{i:064x}", now.isoformat()])
        db.execute("INSERT INTO sources (name, type, settings, added_at) VALUES ('feed-a', 'feed', ?, ?)",
                   [json.dumps({"url": "https://feed.example/rss"}), now.isoformat()])
        db.execute("INSERT INTO source_health (source_id, state, last_run, next_run) VALUES (1, 'ok', ?, ?)",
                   [now.isoformat(), (now + timedelta(hours=1)).isoformat()])
        for i in range(finds):
            site = sites[i % len(sites)]
            db.execute("INSERT INTO candidates (url, source, title, first_seen) VALUES (?, 'feed-a', ?, ?)",
                       [f"https://{site}/item/{i}", f"Item {i}", now.isoformat()])
            found = (now - timedelta(days=i % 5)).isoformat(timespec="seconds")
            if i == finds - 1:
                db.execute("INSERT INTO matches (type, candidate_id, term, score, found_at) VALUES"
                           " ('mention', ?, 'Ada Lin', 1.0, ?)", [i + 1, found])
            else:
                db.execute("INSERT INTO matches (type, candidate_id, work_id, kind, score, evidence, found_at) VALUES"
                           " ('match', ?, ?, 'text', ?, '{}', ?)", [i + 1, 1 + i % max(works, 1), 0.6 + i / 100,
                                                                    found])
    db.conn.close()


def watch_folder(paths: Paths, works: list[Path], folder: Path, name: str = "dataset-dump") -> None:
    """The library holds `works` and a folder source `name` watches `folder`, as a creator sets them up."""
    db = open_database(paths.database)
    try:
        Library(db).add_paths(works)
        SourceStore(db).add(SourceConfig(name, "folder", settings={"path": str(folder)}))
    finally:
        db.conn.close()


def statuses(paths: Paths) -> dict[int, str]:
    db = open_database(paths.database)
    try:
        return dict(db.execute("SELECT id, status FROM matches").fetchall())
    finally:
        db.conn.close()


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return make_paths(tmp_path / "home")


def open_window(qtbot: QtBot, paths: Paths, page: str = "library") -> MainWindow:
    """The main window alone (no tray, no scheduler), shown on `page` once its opening reads are delivered: what a
    test makes the window say is then never replaced by "N works in your library" arriving late."""
    win = MainWindow(paths)
    qtbot.addWidget(win)
    win.show()
    win.show_page(page)
    settle()
    return win


def settle() -> None:
    """Every page's background reads done and their results delivered: nothing they say arrives later."""
    pool = QThreadPool.globalInstance()
    for _ in range(3):  # a delivered result may start a read of its own (the library checks its files, then shows)
        assert pool.waitForDone(30_000), "background work was left running"
        QApplication.processEvents()


@pytest.fixture
def window(qtbot: QtBot, paths: Paths) -> Iterator[MainWindow]:
    """The main window alone (no tray, no scheduler), shown on the Library page."""
    win = open_window(qtbot, paths)
    yield win
    assert QThreadPool.globalInstance().waitForDone(30_000)


@pytest.fixture
def sources_page(qtbot: QtBot, paths: Paths) -> Iterator[SourcesView]:
    """The Sources page alone over `paths`; its background work is done and delivered before it goes."""
    page = SourcesView(paths)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    yield page
    assert QThreadPool.globalInstance().waitForDone(30_000), "background work was left running"
    QApplication.processEvents()  # its results reach the page while the page is still there


@pytest.fixture
def tray_works(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the desktop has a tray that shows messages (offscreen has none)."""
    monkeypatch.setattr(QSystemTrayIcon, "supportsMessages", staticmethod(lambda: True))
    monkeypatch.setattr(QSystemTrayIcon, "show", lambda self: None)
    monkeypatch.setattr(QSystemTrayIcon, "showMessage", lambda self, *a: None)


def start_desktop(qtbot: QtBot, paths: Paths, tray: bool,
                  make_scheduler: Callable[[Paths, EventHub], Scheduler] = RecordingScheduler) -> Iterator[Desktop]:
    """The whole app over `paths` (by default with a scheduler that only records), shut down cleanly after."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    desktop = Desktop(paths, app, tray_available=tray, make_scheduler=make_scheduler)
    assert desktop.start()
    qtbot.waitUntil(lambda: desktop.watching, timeout=30_000)  # its scheduler started, as a creator finds it
    qtbot.addWidget(desktop.window)
    settle()  # the pages' opening reads delivered: nothing they say replaces what a test makes the window say
    yield desktop
    desktop.shutdown()
    app.setQuitOnLastWindowClosed(True)
    assert QThreadPool.globalInstance().waitForDone(30_000), "background work was left running"
