"""Every column of the Library is in sight at the window's first size (on a 1366×768 screen), with a dozen works of
every kind, a voice and a probed text: no sideways scrolling to reach "My voice" and "Probe". A column layout the
creator left is put back the next time when it still fits; one that would scroll sideways is dropped."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QByteArray, Qt, QThreadPool
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from creatorwatch.core.store.db import open_database
from creatorwatch.core.voice.profile import Enrolment
from creatorwatch.core.voice.store import VoiceStore
from creatorwatch.paths import Paths
from creatorwatch.ui.library_columns import DETAILS, KIND, TITLE, TITLE_ROOM
from creatorwatch.ui.library_model import PROBE_COLUMN, VOICE_COLUMN
from creatorwatch.ui.main_window import MainWindow, window_settings
from tests.conftest import CliRunner
from tests.media import make_picture, make_recording
from tests.probe_model import make_story
from tests.ui_fixtures import open_window, paths  # noqa: F401


@pytest.fixture
def dozen(run_cli: CliRunner, paths: Paths, tmp_path: Path) -> int:  # noqa: F811
    """Four texts, four pictures (one large), four recordings, one of them the creator's voice, and a text
    switched on for probing at a local model: the widest each column gets."""
    folder = tmp_path / "works"
    folder.mkdir()
    for i, title in enumerate(("The Saltmarsh Ledger, part one of the harbour cycle", "Jonah", "Ruth", "Philemon")):
        (folder / f"{title}.txt").write_text(make_story(i), encoding="utf-8")
    for i, title in enumerate(("harbour-study-1", "harbour-study-5", "elves marksman")):
        make_picture(folder / f"{title}.png", seed=i)
    make_picture(folder / "panorama of the night ferry.png", seed=9, size=(2108, 1186))
    for i, title in enumerate(("my reading", "theme for the night ferry", "robot ditty", "system")):
        make_recording(folder / f"{title}.wav", seed=i, seconds=2)
    assert run_cli("add", folder).returncode == 0
    works = {w["title"]: w["id"] for w in json.loads(run_cli("works", "--json").stdout)}
    db = open_database(paths.database)
    VoiceStore(db).enrol(works["my reading"], Enrolment(np.full((1, 1, 256), 1 / 16, dtype=np.float32), 2.0))
    db.conn.close()
    assert run_cli("sources", "add", "openai-compatible", "--name", "local-llama", "--base-url",
                   "http://127.0.0.1:11434/v1", "--set", "model=llama3").returncode == 0
    assert run_cli("probe", "enable", works["Jonah"]).returncode == 0
    return len(works)


def _loaded(qtbot: QtBot, paths: Paths, count: int) -> MainWindow:  # noqa: F811
    """The window at its first size (offscreen, a remembered size is fitted to an 800×600 screen), its Library
    filled."""
    settings = window_settings(paths)
    settings.remove("geometry")
    settings.sync()
    window = open_window(qtbot, paths)
    qtbot.waitExposed(window)
    library = window.library
    qtbot.waitUntil(lambda: library.model.rowCount() == count, timeout=30_000)
    def shown(column: int) -> bool:
        return any(library.model.index(row, column).data() for row in range(count))

    qtbot.waitUntil(lambda: shown(VOICE_COLUMN) and shown(PROBE_COLUMN), timeout=30_000)  # as wide as they get
    assert QThreadPool.globalInstance().waitForDone(30_000)
    return window


def _all_in_sight(table: QTableView) -> None:
    header = table.horizontalHeader()
    assert not table.horizontalScrollBar().isVisible() and table.horizontalScrollBar().maximum() == 0
    viewport = table.viewport().width()
    for column in range(header.count()):
        name = table.model().headerData(column, header.orientation())
        left, width = header.sectionViewportPosition(column), header.sectionSize(column)
        assert not header.isSectionHidden(column) and width > 0, name
        assert left >= 0 and left + width <= viewport, (name, left, width, viewport)
        # the header's words whole, with room for the sort arrow
        assert width >= header.sectionSizeHint(column) or column == TITLE, (name, width)


def test_every_column_is_in_sight_at_the_first_size(qtbot: QtBot, paths: Paths, dozen: int,  # noqa: F811
                                                     run_cli: CliRunner, tmp_path: Path) -> None:
    window = _loaded(qtbot, paths, dozen)
    table = window.library.table
    assert window.width() <= 1366 and window.height() <= 768
    _all_in_sight(table)
    assert table.columnWidth(TITLE) >= TITLE_ROOM  # the title keeps its room: a thumbnail and a few words a line
    metrics = table.fontMetrics()
    assert metrics.horizontalAdvance("2108 × 1186 px") < table.columnWidth(DETAILS)
    model = window.library.model
    rows = {model.index(r, TITLE).data(): r for r in range(model.rowCount())}
    assert model.index(rows["my reading"], VOICE_COLUMN).data() == "My voice"
    assert model.index(rows["Jonah"], PROBE_COLUMN).data() == "On: local-llama"
    for column, long_form in ((PROBE_COLUMN, "Model probe: "), (VOICE_COLUMN, "Recordings of your own speech")):
        assert model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole).startswith(long_form)

    more = tmp_path / "more"  # more works than the window shows: the scroll bar down takes room, not sideways
    more.mkdir()
    for i in range(8):
        (more / f"Chapter {i + 1}.txt").write_text(make_story(10 + i), encoding="utf-8")
    assert run_cli("add", more).returncode == 0
    window.library.reload()
    qtbot.waitUntil(lambda: model.rowCount() == dozen + 8, timeout=30_000)
    qtbot.waitUntil(table.verticalScrollBar().isVisible)
    _all_in_sight(table)
    assert table.columnWidth(TITLE) >= TITLE_ROOM


def test_a_layout_the_creator_left_comes_back_if_it_fits(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                         dozen: int) -> None:
    first = _loaded(qtbot, paths, dozen)
    header = first.library.table.horizontalHeader()
    header.resizeSection(DETAILS, header.sectionSize(DETAILS) - 20)  # the creator wants the title wider
    header.resizeSection(KIND, header.sectionSize(KIND) + 10)
    widths = [header.sectionSize(c) for c in range(header.count()) if c != TITLE]
    first.save_state()
    first.close()

    again = _loaded(qtbot, paths, dozen)
    header = again.library.table.horizontalHeader()
    assert [header.sectionSize(c) for c in range(header.count()) if c != TITLE] == widths
    _all_in_sight(again.library.table)


def test_a_layout_that_would_scroll_sideways_is_dropped(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                         dozen: int) -> None:
    first = _loaded(qtbot, paths, dozen)
    header = first.library.table.horizontalHeader()
    today = header.sectionSize(DETAILS)
    header.resizeSection(DETAILS, 400)  # left wide in a larger window, say
    first.save_state()
    first.close()
    saved = window_settings(paths).value("library-columns")
    assert isinstance(saved, QByteArray)

    again = _loaded(qtbot, paths, dozen)
    assert again.library.table.horizontalHeader().sectionSize(DETAILS) == today
    _all_in_sight(again.library.table)
