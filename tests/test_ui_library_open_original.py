"""A work whose file was deleted shows Missing once it is chosen or the Library shown again, and Open original says
in words why it cannot open a file: gone (and where it was), or no program for it. It stayed silent, and the Status
column empty until `creatorwatch export` noticed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.main_window import MainWindow
from tests.ui_fixtures import open_window, paths, settle  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")
STATUS = 5


@pytest.fixture
def no_program(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A desktop with no program set up for any file: what the window asked it to open."""
    asked: list[str] = []

    def open_url(url: QUrl) -> bool:
        asked.append(url.toLocalFile())
        return False

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return asked


def _with_works(qtbot: QtBot, paths: Paths, tmp_path: Path) -> tuple[MainWindow, Path]:  # noqa: F811
    files = []
    for name in ("lighthouse.txt", "harbour.txt"):
        files.append(tmp_path / name)
        files[-1].write_text(
            f"The {name[:-4]} at dusk, soft grey light over the boats and rocks. " * 20, encoding="utf-8"
        )
    db = open_database(paths.database)
    Library(db).add_paths(files)
    db.conn.close()
    return open_window(qtbot, paths), files[0]


def _row_of(window: MainWindow, title: str) -> int:
    model = window.library.model
    return next(r for r in range(model.rowCount()) if model.work_at(r).title == title)


def _status(window: MainWindow, title: str) -> str:
    return str(window.library.model.index(_row_of(window, title), STATUS).data())


def test_choosing_a_work_whose_file_was_deleted_shows_it_missing_and_open_says_where_it_was(
    qtbot: QtBot,
    paths: Paths,  # noqa: F811
    tmp_path: Path,
    no_program: list[str],
) -> None:
    window, lighthouse = _with_works(qtbot, paths, tmp_path)
    assert _status(window, "lighthouse") == ""
    lighthouse.unlink()
    window.library.table.selectRow(_row_of(window, "lighthouse"))
    qtbot.waitUntil(lambda: _status(window, "lighthouse") == "Missing", timeout=10_000)
    settle()
    window.library.table.selectRow(_row_of(window, "lighthouse"))
    window.library.open_action.trigger()
    said = window.statusBar().currentMessage()
    assert said.startswith("“lighthouse” cannot be opened: its file is no longer at ") and str(lighthouse) in said
    assert no_program == []  # nothing handed to the desktop


def test_showing_the_library_again_notices_a_deleted_file(
    qtbot: QtBot,
    paths: Paths,  # noqa: F811
    tmp_path: Path,
) -> None:
    window, lighthouse = _with_works(qtbot, paths, tmp_path)
    window.show_page("review")
    lighthouse.unlink()
    window.show_page("library")
    qtbot.waitUntil(lambda: _status(window, "lighthouse") == "Missing", timeout=10_000)
    assert _status(window, "harbour") == ""
    settle()


def test_open_with_no_program_for_the_file_says_so_and_copies_its_place(
    qtbot: QtBot,
    paths: Paths,  # noqa: F811
    tmp_path: Path,
    no_program: list[str],
) -> None:
    window, lighthouse = _with_works(qtbot, paths, tmp_path)
    window.library.table.selectRow(_row_of(window, "lighthouse"))
    window.library.open_action.trigger()
    assert no_program == [str(lighthouse)]
    said = window.statusBar().currentMessage()
    assert said.startswith("No program on this computer is set up to open “lighthouse”.") and str(lighthouse) in said
    assert QApplication.clipboard().text() == str(lighthouse)
    settle()
