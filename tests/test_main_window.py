"""The first window: the library listed, files and folders added in the background without freezing it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QThreadPool, QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.library_view import LibraryView
from creatorwatch.ui.main_window import MainWindow
from tests.media import SCRIPT, make_picture, make_recording


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[LibraryView]:
    """The Library page of the main window, shown."""
    paths = Paths(tmp_path / "data", tmp_path / "config", tmp_path / "cache", tmp_path / "logs").ensure()
    main = MainWindow(paths)
    qtbot.addWidget(main)
    main.show()
    main.show_page("library")
    win = main.library
    yield win
    win.cancel_adding()
    assert QThreadPool.globalInstance().waitForDone(30_000), "background work was left running"


def _shown_titles(win: LibraryView) -> set[str]:
    return {win.model.work_at(row).title for row in range(win.model.rowCount())}


def test_empty_library_invites_the_creator_to_add_works(qtbot: QtBot, window: LibraryView) -> None:
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.empty_label)
    assert "Your library is empty" in window.empty_label.text()
    assert window.add_files_action.text() == "Add files…" and window.add_folder_action.text() == "Add folder…"


def test_adding_a_folder_runs_in_background_and_fills_the_list(qtbot: QtBot, window: LibraryView,
                                                                tmp_path: Path) -> None:
    folder = tmp_path / "works"
    folder.mkdir()
    for seed in range(8):
        make_picture(folder / f"sketch {seed}.png", seed=seed)
    make_recording(folder / "theme.wav", seed=1, seconds=3)
    (folder / "pilot.fountain").write_text(SCRIPT, encoding="utf-8")
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(window.is_adding()))
    timer.start(5)
    window.add_paths([folder])
    assert window.progress.isVisible() and window.cancel_button.isVisible()
    status = window.window().statusBar()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "works added" in status.currentMessage(), timeout=60_000)  # the summary, when done
    timer.stop()
    assert True in ticks, "the window's event loop did not run while works were being added"
    qtbot.waitUntil(lambda: window.model.rowCount() == 10, timeout=10_000)
    assert _shown_titles(window) == {*(f"sketch {s}" for s in range(8)), "theme", "pilot"}
    assert window.table.isVisible() and not window.progress.isVisible()
    assert "10 works added" in window.window().statusBar().currentMessage()  # type: ignore[attr-defined]


def test_skipped_files_are_listed_with_reasons(qtbot: QtBot, window: LibraryView, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    make_picture(folder / "good.png", seed=1)
    (folder / "empty.txt").touch()
    window.add_paths([folder])
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "skipped-files") is not None, timeout=30_000)
    box = window.findChild(QMessageBox, "skipped-files")
    assert box is not None
    assert box.isVisible()
    assert f"{folder / 'empty.txt'}: the file is empty" in box.detailedText()
    box.close()
    qtbot.waitUntil(lambda: _shown_titles(window) == {"good"})


def test_removing_the_selected_work(qtbot: QtBot, window: LibraryView, tmp_path: Path) -> None:
    make_picture(tmp_path / "keep.png", seed=1)
    make_picture(tmp_path / "drop.png", seed=2)
    window.add_paths([tmp_path / "keep.png", tmp_path / "drop.png"])
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=30_000)
    proxy = window.table.model()
    row = next(r for r in range(2) if proxy.index(r, 0).data() == "drop")
    window.table.selectionModel().select(
        proxy.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    window.remove_action.trigger()
    qtbot.waitUntil(lambda: _shown_titles(window) == {"keep"}, timeout=10_000)
