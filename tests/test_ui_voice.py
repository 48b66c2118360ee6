"""The creator's voice in the window: ticking a recording of their speech makes it "my voice" (the real speaker
encoder runs), music and texts are refused in plain words, the app starts without loading torch, and a voice match
reads in Review and Compare as a likeness of the voice, not a copy of a recording."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from creatorwatch.core.store.db import open_database
from creatorwatch.core.voice import installed
from creatorwatch.core.voice.store import VoiceStore
from creatorwatch.paths import Paths
from creatorwatch.ui.compare_view import CompareDialog
from creatorwatch.ui.desktop import Desktop
from creatorwatch.ui.library_model import VOICE_COLUMN
from creatorwatch.ui.library_view import LibraryView
from creatorwatch.ui.main_window import MainWindow
from tests.media import SCRIPT, make_recording
from tests.test_voice import check_a_clone, speech  # noqa: F401
from tests.ui_fixtures import open_window, paths, start_desktop  # noqa: F401

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support raise"), pytest.mark.needs_voice]


@pytest.fixture
def library(qtbot: QtBot, paths: Paths) -> Iterator[LibraryView]:  # noqa: F811
    yield open_window(qtbot, paths).library
    assert QThreadPool.globalInstance().waitForDone(60_000)


def _add(qtbot: QtBot, library: LibraryView, files: list[Path]) -> dict[str, int]:
    """Add `files` through the page; returns each title's row in the table."""
    library.add_paths(files)
    qtbot.waitUntil(lambda: library.model.rowCount() == len(files), timeout=30_000)
    return {library.model.index(row, 0).data(): row for row in range(library.model.rowCount())}


def _status(library: LibraryView) -> str:
    window = library.window()
    assert isinstance(window, MainWindow)
    return window.statusBar().currentMessage()


def _select(library: LibraryView, rows: list[int]) -> None:
    library.table.selectionModel().clearSelection()
    for row in rows:
        library.table.selectionModel().select(library.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                                              | QItemSelectionModel.SelectionFlag.Rows)


def _voice_cell(library: LibraryView, row: int) -> tuple[str, Qt.CheckState]:
    index = library.model.index(row, VOICE_COLUMN)
    return index.data(), Qt.CheckState(index.data(Qt.ItemDataRole.CheckStateRole))


def test_ticking_your_speech_makes_it_my_voice_and_other_works_are_refused_in_plain_words(
    qtbot: QtBot, library: LibraryView, speech: dict[str, Path], tmp_path: Path  # noqa: F811
) -> None:
    script = tmp_path / "Pilot episode.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    rows = _add(qtbot, library, [speech["enrol"], speech["music"], script])
    assert library.model.headerData(VOICE_COLUMN, Qt.Orientation.Horizontal) == "My voice"
    assert _voice_cell(library, rows["creator"]) == ("", Qt.CheckState.Unchecked)
    assert library.model.index(rows["Pilot episode"], VOICE_COLUMN).data(Qt.ItemDataRole.CheckStateRole) is None

    library.table.setCurrentIndex(library.model.index(rows["creator"], VOICE_COLUMN))
    qtbot.keyClick(library.table, Qt.Key.Key_Space)  # ticks the box, as a click on it does
    assert _voice_cell(library, rows["creator"]) == ("Listening…", Qt.CheckState.PartiallyChecked)
    assert library.progress.isVisible()
    qtbot.waitUntil(lambda: _voice_cell(library, rows["creator"]) == ("My voice", Qt.CheckState.Checked),
                    timeout=45_000)
    assert not library.progress.isVisible()
    assert "now knows your voice from “creator”" in _status(library)

    _select(library, [rows["music"], rows["Pilot episode"]])
    assert library.voice.action.isEnabled() and library.voice.action.text() == "Use as my voice"
    library.voice.action.trigger()
    qtbot.waitUntil(lambda: library.findChild(QMessageBox, "voice-not-learnt") is not None, timeout=30_000)
    box = library.findChild(QMessageBox, "voice-not-learnt")
    assert box is not None
    refusal = box.text()
    assert "“music”: music.wav sounds like music rather than speech" in refusal
    assert "“Pilot episode”: it is text, not audio" in refusal
    assert _voice_cell(library, rows["music"]) == ("", Qt.CheckState.Unchecked)

    _select(library, [rows["creator"]])
    assert library.voice.action.text() == "Stop using as my voice"
    library.voice.action.trigger()
    qtbot.waitUntil(lambda: _voice_cell(library, rows["creator"]) == ("", Qt.CheckState.Unchecked))
    assert "no longer teaches CreatorWatch your voice" in _status(library)
    assert VoiceStore(open_database(library.paths.database)).voices() == []


def test_without_the_voice_extra_the_boxes_and_action_say_how_to_install_it(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, paths: Paths, tmp_path: Path  # noqa: F811
) -> None:
    monkeypatch.setattr(installed, "_MODULES", ("a_module_that_is_not_installed",))
    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.show_page("library")
    library = window.library
    rows = _add(qtbot, library, [make_recording(tmp_path / "reading.wav", seed=1, seconds=3)])
    _select(library, [rows["reading"]])
    assert not library.voice.action.isEnabled()
    assert "voice matching is not installed" in library.voice.action.toolTip().lower()
    assert "pip install creatorwatch[voice]" in library.voice.action.toolTip()
    cell = library.model.index(rows["reading"], VOICE_COLUMN)
    assert not cell.flags() & Qt.ItemFlag.ItemIsEnabled
    assert "not installed" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert QThreadPool.globalInstance().waitForDone(30_000)


def _folders(home: Paths) -> list[str]:
    return [str(home.data), str(home.config), str(home.cache), str(home.logs)]


def test_the_window_opens_without_loading_torch(paths: Paths) -> None:  # noqa: F811
    program = ("import sys; from PySide6.QtWidgets import QApplication; from PySide6.QtCore import QThreadPool;"
               "from creatorwatch.paths import Paths; from creatorwatch.ui.main_window import MainWindow;"
               f"app = QApplication([]); w = MainWindow(Paths(*map(__import__('pathlib').Path, {_folders(paths)!r})));"
               "w.show();"
               "[app.processEvents() for _ in range(50)]; QThreadPool.globalInstance().waitForDone();"
               "app.processEvents(); print('torch' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "False"


@pytest.fixture
def heard(qtbot: QtBot, paths: Paths, speech: dict[str, Path], tmp_path: Path) -> Iterator[Desktop]:  # noqa: F811
    """The window over a data home where a check found a clone of the enrolled voice saying new words."""
    db = open_database(paths.database)
    check_a_clone(db, speech, tmp_path / "watched")
    db.conn.close()
    yield from start_desktop(qtbot, paths, tray=False)


def test_a_voice_match_reads_as_a_likeness_of_your_voice(qtbot: QtBot, heard: Desktop) -> None:
    view = heard.window.matches
    heard.window.show_page("review")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    row = [view.model.index(0, column).data() for column in range(view.model.columnCount())]
    assert row[1:3] == ["Voice likeness", "Your voice"]
    view.open_finding(view.model.finding_at(0).id)
    dialog = next(d for d in view.findChildren(CompareDialog) if d.isVisible())  # the window it opened
    qtbot.waitUntil(lambda: hasattr(dialog, "voice_wave"), timeout=10_000)
    said = dialog.explanation.text()
    assert "sounds like your voice" in said and "not a copy of one of your recordings" in said
    assert "It sounds most like your voice in the stretch" in said and "similarity 0." in said
    assert not hasattr(dialog, "waves")  # no claim of an aligned copy
    assert len(dialog.voice_wave.segments) >= 1
    dialog.close()
    heard.window.show_page("overview")
    heard.window.dashboard.reload()
    qtbot.waitUntil(lambda: heard.window.dashboard.new_mentions.caption.text() == "new mention or voice likeness "
                    "of you")  # one: in the singular
    assert heard.window.dashboard.new_matches.value.text() == "0"  # not counted as a possible copy
    assert heard.window.dashboard.new_mentions.value.text() == "1"
    assert heard.window.dashboard.works.caption.text() == "work in your library: 1 recording"
