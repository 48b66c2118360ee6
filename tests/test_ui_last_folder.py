"""File dialogs open in the folder last used for the same purpose, also after a restart: Add files and Protect
opened in the app's own folder, Save evidence in HOME, so the creator went looking for their folder every time.
The dialogs are not opened: each test catches the folder the page hands to QFileDialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.add_source import AddSourceDialog
from creatorwatch.ui.audit_view import AuditView
from creatorwatch.ui.library_view import LibraryView
from creatorwatch.ui.matches_view import MatchesView
from tests.ui_fixtures import paths  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


class Dialogs:
    """Stands in for QFileDialog's static functions: records the folder each was asked to open in, answers `chosen`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened_in: list[str] = []
        self.chosen = ""
        for name in ("getOpenFileNames", "getExistingDirectory", "getSaveFileName"):
            monkeypatch.setattr(QFileDialog, name, staticmethod(self._answer(name)))

    def _answer(self, name: str) -> Callable[..., Any]:
        def answer(_parent: object, _caption: str = "", folder: str = "", *_rest: object) -> Any:
            self.opened_in.append(folder)
            files = [self.chosen] if self.chosen else []
            return {"getOpenFileNames": (files, ""), "getSaveFileName": (self.chosen, "")}.get(name, self.chosen)
        return answer

    def last(self) -> Path:
        """The folder the last dialog opened in (a save dialog's suggested file name taken off)."""
        opened = Path(self.opened_in[-1])
        return opened.parent if opened.suffix == ".zip" else opened


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    return Dialogs(monkeypatch)


def test_adding_works_opens_where_the_last_works_came_from(qtbot: QtBot, paths: Paths, tmp_path: Path,  # noqa: F811
                                                           dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch) -> None:
    art = tmp_path / "my art"
    art.mkdir()
    (art / "cover.png").write_bytes(b"")
    added: list[list[Path]] = []
    def add_paths(_self: LibraryView, chosen: list[Path]) -> bool:
        added.append(list(chosen))
        return True

    monkeypatch.setattr(LibraryView, "add_paths", add_paths)
    first = LibraryView(paths)
    qtbot.addWidget(first)
    first._choose_files()
    assert dialogs.last() == Path.home()  # never the folder the app was started from
    dialogs.chosen = str(art / "cover.png")
    first._choose_files()
    assert added == [[art / "cover.png"]]
    again = LibraryView(paths)  # as after a restart: window.ini remembers
    qtbot.addWidget(again)
    dialogs.chosen = ""
    again._choose_folder()
    assert dialogs.last() == art


def test_protect_and_evidence_each_open_in_their_own_last_folder(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                                 tmp_path: Path, dialogs: Dialogs,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    protected, bundles = tmp_path / "protected", tmp_path / "bundles"
    protected.mkdir()
    bundles.mkdir()
    library = LibraryView(paths)
    qtbot.addWidget(library)
    monkeypatch.setattr(library.protect, "protect", lambda *_a: None)
    dialogs.chosen = str(protected)
    library.protect._act()
    review = MatchesView(paths)
    qtbot.addWidget(review)
    monkeypatch.setattr(review, "export_to", lambda *_a: None)
    review._choose_target([1])
    assert dialogs.last() == Path.home()  # the protect folder is not where evidence goes
    dialogs.chosen = str(bundles / "day4-sway.zip")
    review._choose_target([1])
    library.protect._act()
    assert dialogs.last() == protected
    review._choose_target([1])
    assert dialogs.last() == bundles


def test_a_watched_folder_and_the_sites_files_open_where_last_chosen(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                                     tmp_path: Path, dialogs: Dialogs,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    downloads, site = tmp_path / "downloads", tmp_path / "site"
    downloads.mkdir()
    site.mkdir()
    dialog = AddSourceDialog(paths=paths)
    qtbot.addWidget(dialog)
    dialogs.chosen = str(downloads)
    dialog._choose_folder()
    dialog._choose_folder()
    assert dialogs.last() == downloads
    website = AuditView(paths)
    qtbot.addWidget(website)
    monkeypatch.setattr(website, "save_fixes", lambda *_a: None)
    dialogs.chosen = str(site)
    website._choose_folder()
    website._choose_folder()
    assert dialogs.last() == site
