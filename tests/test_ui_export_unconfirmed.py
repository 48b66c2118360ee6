"""Exporting finds still waiting for review from the window: the notice inside the bundle swears, under penalty of
perjury, that they infringe, and the bundle was written with no word about it. The window now asks first."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.matches_view import MatchesView
from tests.ui_fixtures import open_window, paths, seed, settle, statuses  # noqa: F401

CHECK = "[CHECK: you have not confirmed this find"


def _ask(qtbot: QtBot, paths: Paths, tmp_path: Path,  # noqa: F811
         monkeypatch: pytest.MonkeyPatch) -> tuple[MatchesView, list[int], list[str], QMessageBox]:
    """Two new matches chosen in Review and E pressed: the question asked, and where a save was asked for."""
    seed(paths, works=2, finds=4)
    view = open_window(qtbot, paths, "review").matches
    asked: list[str] = []

    def save_as(*_args: object) -> tuple[str, str]:
        asked.append("save")
        return str(tmp_path / "bundle.zip"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    chosen = [f.id for f in view.model._all if f.type == "match"][:2]
    view._select(set(chosen))
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_E)
    box = view.unconfirmed_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    return view, chosen, asked, box


def _button(box: QMessageBox, text: str) -> None:
    next(b for b in box.buttons() if b.text().replace("&", "") == text).click()


def _export_by(qtbot: QtBot, view: MatchesView, box: QMessageBox, text: str) -> None:
    """Answer the question with the button named `text`, and wait until the bundle is saved."""
    with qtbot.waitSignal(view.message, timeout=30_000,
                          check_params_cb=lambda said, _: said.startswith("Saved the evidence bundle")):
        _button(box, text)


def _notice(tmp_path: Path) -> str:
    return zipfile.ZipFile(tmp_path / "bundle.zip").read("notice.txt").decode("utf-8")


def test_cancel_writes_nothing(qtbot: QtBot, paths: Paths, tmp_path: Path,  # noqa: F811
                               monkeypatch: pytest.MonkeyPatch) -> None:
    _view, _chosen, asked, box = _ask(qtbot, paths, tmp_path, monkeypatch)
    assert box.text().startswith("None of the 2 chosen finds is confirmed yet: the notice draft swears, under penalty "
                                 "of perjury,")
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["Cancel", "Confirm them and export",
                                                                        "Export anyway"]
    _button(box, "Cancel")
    assert asked == [] and not (tmp_path / "bundle.zip").exists()


def test_confirm_them_and_export(qtbot: QtBot, paths: Paths, tmp_path: Path,  # noqa: F811
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    view, chosen, asked, box = _ask(qtbot, paths, tmp_path, monkeypatch)
    _export_by(qtbot, view, box, "Confirm them and export")
    assert asked == ["save"]
    assert [statuses(paths)[i] for i in chosen] == ["confirmed", "confirmed"]
    assert CHECK not in _notice(tmp_path)
    assert all(view.model.row_of(i) is None for i in chosen)  # they left "Needs review", as C takes them out


def test_export_anyway_keeps_them_new_and_the_notice_says_so(qtbot: QtBot, paths: Paths, tmp_path: Path,  # noqa: F811
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    view, chosen, _asked, box = _ask(qtbot, paths, tmp_path, monkeypatch)
    _export_by(qtbot, view, box, "Export anyway")
    assert [statuses(paths)[i] for i in chosen] == ["new", "new"]
    assert _notice(tmp_path).count(CHECK) == 2
    saved = view.saved_box
    assert saved is not None and "none of the 2 chosen finds is confirmed yet" in saved.informativeText()


def test_a_licensed_find_is_said_to_be_left_out_of_the_notice(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(paths, works=2, finds=4)
    new, licensed = 1, 2  # the copies found at item/0 and item/1
    db = open_database(paths.database)
    with db.conn:
        db.execute("UPDATE matches SET status = 'licensed' WHERE id = ?", [licensed])
    db.conn.close()
    view = open_window(qtbot, paths, "review").matches
    view.show_filter.setCurrentText("Everything")
    settle()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(tmp_path / "bundle.zip"), "")))
    view._select({new, licensed})
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_E)
    box = view.unconfirmed_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    said = "\u201cItem 1\u201d is marked licensed: it is kept in the bundle's report and left out of the notice"
    assert box.text().startswith("1 of the 2 chosen finds is not confirmed yet") and said in box.text()
    assert "Confirm it and export" in [b.text().replace("&", "") for b in box.buttons()]  # the licensed one stays so

    _export_by(qtbot, view, box, "Export anyway")
    notice = _notice(tmp_path)
    assert notice.count(CHECK) == 1 and "https://copies.example/item/0" in notice
    assert "https://copies.example/item/1" not in notice
    assert statuses(paths)[licensed] == "licensed"
    saved = view.saved_box
    assert saved is not None and said in saved.informativeText()


def test_saving_over_an_earlier_bundle_asks_no_replace_question_and_keeps_it(
        qtbot: QtBot, paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """The save dialog asked "replace it?" while the export kept the earlier bundle: it no longer asks, and the
    earlier bundle is kept beside the new one, as the export then says."""
    earlier = tmp_path / "bundle.zip"
    earlier.write_bytes(b"the bundle sent to a lawyer last week")
    options: list[object] = []

    def save_as(*args: object) -> tuple[str, str]:
        options.append(args[5] if len(args) > 5 else None)
        return str(earlier), ""

    view, _chosen, _asked, box = _ask(qtbot, paths, tmp_path, monkeypatch)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    _export_by(qtbot, view, box, "Confirm them and export")
    assert options == [QFileDialog.Option.DontConfirmOverwrite]
    assert (tmp_path / "bundle (earlier 1).zip").read_bytes() == b"the bundle sent to a lawyer last week"
    assert zipfile.ZipFile(earlier).read("notice.txt")
