"""A check the creator asks for says when it is done and what it found: "Checking all sources now…" went away
after five seconds and, when nothing was found, nothing more was ever said."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.desktop import Desktop
from tests.media import make_picture
from tests.ui_fixtures import paths  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.mark.parametrize("copies", [0, 1])
def test_a_check_asked_for_says_what_it_found(qtbot: QtBot, paths: Paths, tmp_path: Path,  # noqa: F811
                                               copies: int) -> None:
    original = make_picture(tmp_path / "lighthouse.png", seed=7)
    watched = tmp_path / "watched"
    watched.mkdir()
    make_picture(watched / "unrelated.png", seed=3)
    if copies:
        shutil.copy(original, watched / "scraped-0001.png")
    db = open_database(paths.database)
    try:
        Library(db).add_paths([original])
        SourceStore(db).add(SourceConfig("dataset-dump", "folder", settings={"path": str(watched)}))
    finally:
        db.conn.close()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    desktop = Desktop(paths, app, tray_available=False)
    assert desktop.start()
    qtbot.addWidget(desktop.window)
    try:
        qtbot.waitUntil(lambda: desktop.watching, timeout=30_000)
        desktop.window.show_page("sources")
        desktop.window.sources.check_all_button.click()
        bar = desktop.window.statusBar()
        qtbot.waitUntil(lambda: bar.currentMessage().startswith("Check finished"), timeout=60_000)
        found = "2 new items, 1 new possible copy" if copies else "1 new item, 0 new possible copies"
        assert bar.currentMessage() == f"Check finished on 1 source: {found} and 0 new mentions."
        desktop.window.sources.check_all_button.click()  # again: what it looked at before is not new
        qtbot.waitUntil(lambda: bar.currentMessage() == "Check finished on 1 source: nothing new.", timeout=60_000)
    finally:
        desktop.quit()
        desktop.shutdown()
        assert QThreadPool.globalInstance().waitForDone(30_000)
        app.setQuitOnLastWindowClosed(True)
