"""A work file moved away while the window is open: coming back to CreatorWatch (the application active again) shows
it missing in the Library, in words, at most one look a minute; it was only noticed once `creatorwatch works` ran."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui import look_on_return
from creatorwatch.ui.main_window import MainWindow
from tests.ui_fixtures import open_window, paths, settle  # noqa: F401

STATUS = 5


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The seconds look_on_return reads, set by the test (no waiting a minute)."""
    now = [1000.0]
    monkeypatch.setattr(look_on_return, "monotonic", lambda: now[0])
    return now


def _with_a_work(qtbot: QtBot, paths: Paths, tmp_path: Path) -> tuple[MainWindow, Path]:  # noqa: F811
    work = tmp_path / "harbour.txt"
    work.write_text("The harbour at dusk, soft grey light over the boats. " * 20, encoding="utf-8")
    db = open_database(paths.database)
    Library(db).add_paths([work])
    db.conn.close()
    window = open_window(qtbot, paths)
    assert _status(window) == ""
    return window, work


def _status(window: MainWindow) -> str:
    return str(window.library.model.index(0, STATUS).data())


def _come_back() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    settle()


def test_coming_back_shows_a_moved_work_missing(qtbot: QtBot, paths: Paths, tmp_path: Path,  # noqa: F811
                                               clock: list[float]) -> None:
    window, work = _with_a_work(qtbot, paths, tmp_path)
    work.rename(tmp_path / "elsewhere.txt")
    clock[0] += 61
    _come_back()
    assert _status(window) == "Missing"
    assert "no longer where it was added from" in str(window.library.model.index(0, STATUS).data(
        Qt.ItemDataRole.ToolTipRole))

    (tmp_path / "elsewhere.txt").rename(work)  # put back: said as it is, once the next look is due
    clock[0] += 61
    _come_back()
    assert _status(window) == ""


def test_it_looks_at_most_once_a_minute(qtbot: QtBot, paths: Paths, tmp_path: Path,  # noqa: F811
                                        clock: list[float]) -> None:
    window, work = _with_a_work(qtbot, paths, tmp_path)
    work.unlink()
    clock[0] += 30
    _come_back()
    assert _status(window) == ""
    clock[0] += 31
    _come_back()
    assert _status(window) == "Missing"
