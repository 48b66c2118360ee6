"""The Library page as a person uses it: drop files to add them, filter by kind, search, see previews."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui import tasks
from creatorwatch.ui.main_window import MainWindow
from tests.conftest import ExpectLog
from tests.media import SCRIPT, make_picture, make_recording
from tests.ui_fixtures import paths, window  # noqa: F401


def _drop(target: object, files: list[Path]) -> bool:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(QPoint(10, 10), actions, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)  # type: ignore[arg-type]
    drop = QDropEvent(QPointF(10, 10), actions, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)  # type: ignore[arg-type]
    return enter.isAccepted() and drop.isAccepted()


def test_dropping_files_adds_them_then_filter_and_search(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:  # noqa: F811
    library = window.library
    files = [make_picture(tmp_path / "sunrise.png", seed=1), make_picture(tmp_path / "harbour.png", seed=2),
             make_recording(tmp_path / "theme.wav", seed=3, seconds=3)]
    (tmp_path / "pilot.fountain").write_text(SCRIPT, encoding="utf-8")
    assert _drop(library, [*files, tmp_path / "pilot.fountain"])
    qtbot.waitUntil(lambda: library.model.rowCount() == 4, timeout=30_000)
    library.kind_filter.setCurrentIndex(library.kind_filter.findData("image"))
    assert library.model.rowCount() == 2
    qtbot.keyClicks(library.search, "harb")
    assert library.model.rowCount() == 1 and library.model.index(0, 0).data() == "harbour"
    library.kind_filter.setCurrentIndex(0)
    library.search.clear()
    by_title = {library.model.work_at(r).title: r for r in range(4)}
    qtbot.waitUntil(lambda: library.model.index(by_title["sunrise"], 0).data(Qt.ItemDataRole.DecorationRole)
                    is not None, timeout=10_000)
    qtbot.waitUntil(lambda: library.model.index(by_title["theme"], 0).data(Qt.ItemDataRole.DecorationRole)
                    is not None, timeout=10_000)
    qtbot.waitUntil(lambda: library.model.index(by_title["pilot"], 2).data() != "", timeout=10_000)
    assert library.model.index(by_title["theme"], 2).data() == "3.0 s"  # a clip to the tenth, not "0:03"


def test_a_failure_in_the_background_is_told_without_stopping_the_window(qtbot: QtBot, window: MainWindow,  # noqa: F811
                                                                          paths: Paths,  # noqa: F811
                                                                          expect_log: ExpectLog) -> None:
    # other pages' reads of the damaged file fail too, and go to the log
    expect_log("creatorwatch.ui.tasks", "background work failed", level=logging.ERROR, required=False)
    # the window's first reads create the data file; damaging it while one is still writing would race that write
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=30_000)
    for leftover in paths.database.parent.glob(paths.database.name + "*"):
        leftover.unlink()
    paths.database.write_bytes(b"this is not a CreatorWatch data file " * 200)
    window.library.reload(check_files=False)
    qtbot.waitUntil(lambda: window.library.pages.currentWidget() is window.library.unread)
    assert "is damaged" in window.library.unread.label.text()  # told where the works are listed
    window.show_page("review")  # the window goes on
    assert window.current_page() == "review"
