"""A work with a very long file name (240 letters, one word) keeps the window and Compare inside the screen: word-
wrapping labels cannot break such a word, so the status bar pushed the window to 1816 px on a 1600 px screen (the
watch terms off its edge) and Compare opened 1812 px wide with Close and Open page out of reach. The name is cut
in its middle where it is shown, and whole in the tooltip and the link."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.paths import Paths
from creatorwatch.ui import tasks
from creatorwatch.ui.main_window import MainWindow
from creatorwatch.ui.message_bar import MessageBar
from tests.media import make_picture
from tests.ui_fixtures import make_paths, open_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")
LONG = "a" * 236 + ".png"  # 240 characters, the longest most file systems take


def _long_named_copy(tmp_path: Path) -> Paths:
    """A picture with a 240-character name in the library, and its copy found in a watched folder."""
    paths = make_paths(tmp_path / "home")
    (tmp_path / "mine").mkdir()
    picture = make_picture(tmp_path / "mine" / LONG, seed=7)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    (downloads / LONG).write_bytes(picture.read_bytes())
    db = open_database(paths.database)
    Library(db).add_paths([picture])
    SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(downloads)}))
    Monitor(db, cache=paths.cache).check()
    db.conn.close()
    return paths


def test_a_long_file_name_being_added_does_not_widen_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, make_paths(tmp_path / "home"))
    qtbot.waitUntil(lambda: tasks.pending() == 0)  # the first reads done: their count of works is said already
    narrowest = window.minimumSizeHint().width()
    window.library._show_progress(1, 1, LONG)  # what adding the file says in the status bar
    QApplication.processEvents()  # the layout takes in the new text
    assert window.width() <= max(narrowest, 1200)
    assert window.minimumSizeHint().width() <= max(narrowest, 1200)
    bar = window.statusBar()
    assert isinstance(bar, MessageBar)
    assert LONG in bar.currentMessage() and LONG in bar.label.toolTip()  # whole where it can be read
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_compare_of_a_long_named_work_fits_and_escape_closes_it(qtbot: QtBot, tmp_path: Path) -> None:
    paths = _long_named_copy(tmp_path)
    window: MainWindow = open_window(qtbot, paths, page="review")
    qtbot.waitUntil(lambda: window.matches.model.rowCount() == 1, timeout=30_000)
    window.matches.table.selectRow(0)
    window.matches.compare_selected()
    [dialog] = window.matches._dialogs
    qtbot.waitUntil(lambda: dialog.material is not None and not dialog.loading.isVisible(), timeout=30_000)
    QApplication.processEvents()
    assert dialog.minimumSizeHint().width() <= 1200  # was 1782: the name and address in one unbroken line
    assert "…" in dialog.explanation.text() and (tmp_path / "downloads" / LONG).as_uri() in dialog.explanation.text()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert QThreadPool.globalInstance().waitForDone(30_000)
