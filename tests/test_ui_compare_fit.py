"""Compare fits the screen it opens on, before and after both sides load (its Close and decisions stay in reach on a
1366 × 768 laptop), and Escape closes it wherever the focus is."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt, QThreadPool
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QSlider, QTextBrowser
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.findings import Finding, Findings
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.paths import Paths
from creatorwatch.ui.compare_view import FRAME, PREFERRED, CompareDialog, fitted
from creatorwatch.ui.main_window import MainWindow
from tests.media import make_picture
from tests.probe_model import make_story
from tests.ui_fixtures import make_paths

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def finds(tmp_path: Path) -> Iterator[tuple[Paths, dict[str, Finding]]]:
    """A picture and a story of the creator's, each found copied (the picture four times as large) in a folder."""
    paths = make_paths(tmp_path / "home")
    db = open_database(paths.database)
    picture = make_picture(tmp_path / "painting.png", seed=11, size=(640, 480))
    story = tmp_path / "story.txt"
    story.write_text(make_story(5), encoding="utf-8")
    Library(db).add_paths([picture, story])
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    make_picture(downloads / "big-copy.png", seed=11, size=(2560, 1920))
    shutil.copy(story, downloads / "story-copy.txt")
    SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(downloads)}))
    Monitor(db, cache=paths.cache).check()
    found = {f.kind or "": f for f in Findings(db).all()}
    db.conn.close()
    assert set(found) == {"image", "text"}
    yield paths, found
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_on_a_1366_by_768_laptop_the_dialog_and_its_frame_fit_above_the_panel() -> None:
    laptop = QRect(0, 0, 1366, 768 - 40)  # less a 40-pixel panel
    size = fitted(PREFERRED, laptop)
    assert size.width() + FRAME.width() <= 1366 and size.height() + FRAME.height() <= 728
    assert fitted(PREFERRED, QRect(0, 0, 1920, 1080)) == PREFERRED  # a larger screen keeps the usual size
    assert fitted(QSize(2000, 1500), QRect(0, 0, 1280, 720)) == QSize(1280 - FRAME.width(), 720 - FRAME.height())


def _fits(dialog: CompareDialog) -> bool:
    available = dialog.screen().availableGeometry()
    return (dialog.width() + FRAME.width() <= available.width()
            and dialog.height() + FRAME.height() <= available.height())


@pytest.mark.parametrize("kind", ["image", "text"])
def test_compare_fits_the_screen_and_escape_closes_it(qtbot: QtBot, finds: tuple[Paths, dict[str, Finding]],
                                                      kind: str) -> None:
    paths, found = finds
    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.show()
    [laptop] = [s for s in QGuiApplication.screens() if s.size().width() < PREFERRED.width() + FRAME.width()]
    handle = window.windowHandle()
    assert handle is not None
    handle.setScreen(laptop)  # the 800 × 800 one beside the desktop screen (tests/offscreen_screens.json)
    window.move(laptop.availableGeometry().topLeft())
    available = window.screen().availableGeometry()
    assert available.width() < PREFERRED.width() + FRAME.width()  # the test screen is narrower than Compare's usual
    dialog = CompareDialog(paths, found[kind], "my work", window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert _fits(dialog)
    qtbot.waitUntil(lambda: dialog.material is not None and not dialog.loading.isVisible(), timeout=30_000)
    QApplication.processEvents()
    assert _fits(dialog)  # still, with both sides loaded (the found picture is 2560 × 1920)
    assert available.contains(dialog.geometry().topLeft()) and dialog.geometry().bottom() <= available.bottom()

    inner = dialog.findChild(QSlider) if kind == "image" else dialog.findChild(QTextBrowser)
    assert inner is not None
    inner.setFocus()
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(inner, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == 0
