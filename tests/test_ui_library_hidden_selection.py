"""Library actions act only on works the creator can see selected: a search that hid the selected work left Protect
and Probe enabled, and Protect wrote a copy of the hidden work, while Remove did nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QThreadPool
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from creatorwatch.paths import Paths
from creatorwatch.ui.library_view import LibraryView
from tests.ui_fixtures import paths, seed, shown_library  # noqa: F401

SelectionFlag = QItemSelectionModel.SelectionFlag


def select(view: LibraryView, title: str) -> None:
    [row] = [r for r in range(view.model.rowCount()) if view.model.work_at(r).title == title]
    view.table.selectionModel().select(view.model.index(row, 0), SelectionFlag.ClearAndSelect | SelectionFlag.Rows)


def enabled(view: LibraryView) -> dict[str, bool]:
    return {action.iconText(): action.isEnabled() for action in (
        view.open_action, view.protect.action, view.probe.action, view.remove_action)}


def test_a_search_that_hides_the_selected_work_leaves_nothing_to_act_on(
        qtbot: QtBot, paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    seed(paths, works=4, finds=0)  # "Work 1" is a picture
    view = shown_library(qtbot, paths, 4)
    assert not any(enabled(view).values())  # nothing selected yet: every action greyed, Remove too
    select(view, "Work 1")
    assert all(enabled(view).values())

    view.search.setText("Work 2")  # the search hides the selected work
    assert [view.model.work_at(r).title for r in range(view.model.rowCount())] == ["Work 2"]
    assert view.selected_works() == []
    assert enabled(view) == {"Open original": False, "Protect": False, "Probe": False, "Remove": False}

    asked: list[str] = []

    def choose_folder(*_args: object, **_kwargs: object) -> str:
        asked.append("folder")
        return str(tmp_path / "out")

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(choose_folder))
    view.protect.action.trigger()  # a shortcut or a stale button: nothing happens
    assert asked == [] and not (tmp_path / "out").exists()

    view.search.clear()  # back in sight, but not selected behind the creator's back: still nothing to act on
    assert view.model.rowCount() == 4 and view.selected_works() == []
    assert not any(enabled(view).values())
    select(view, "Work 2")
    assert enabled(view)["Protect"] and [w.title for w in view.selected_works()] == ["Work 2"]
    assert QThreadPool.globalInstance().waitForDone(30_000)
