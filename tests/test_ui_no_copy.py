"""A find made by a rescan when no copy of its material could be kept says so in the window: Review's details give
the reason, and an evidence bundle exported from the window warns of the gap, as `export` does on the command
line. The real flow: a folder source, the file gone before the work it copies was added and the library rescanned."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QThreadPool
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.paths import Paths
from creatorwatch.ui.compare_view import CompareDialog
from creatorwatch.ui.desktop import Desktop
from tests.conftest import CliRunner
from tests.media import make_picture
from tests.ui_fixtures import paths, start_desktop  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

WHY = "No copy of the material was kept: the file is no longer in the watched folder as it was when seen."


@pytest.fixture
def desktop(qtbot: QtBot, paths: Paths, tmp_path: Path) -> Iterator[Desktop]:  # noqa: F811
    watched = tmp_path / "watched"
    watched.mkdir()
    make_picture(watched / "scraped.png", seed=7)
    db = open_database(paths.database)
    SourceStore(db).add(SourceConfig("dump", "folder", settings={"path": str(watched)}))
    Monitor(db, cache=paths.cache).check()
    (watched / "scraped.png").unlink()
    Library(db).add_paths([make_picture(tmp_path / "lighthouse.png", seed=7)])
    Monitor(db, cache=paths.cache).rescan()
    db.conn.close()
    yield from start_desktop(qtbot, paths, tray=False)


def test_review_says_why_no_copy_was_kept_and_the_export_warns(qtbot: QtBot, desktop: Desktop, tmp_path: Path,
                                                               run_cli: CliRunner) -> None:
    view = desktop.window.matches
    desktop.window.show_page("review")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.table.selectionModel().select(view.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                       | QItemSelectionModel.SelectionFlag.Rows)
    assert view.details.isVisible() and view.details.text() == WHY

    with qtbot.waitSignal(view.message, timeout=30_000,
                          check_params_cb=lambda text, _: text.startswith("Saved the evidence bundle")) as saved:
        view.export_to(tmp_path / "bundle.zip", view.selected_ids())
    box = view.saved_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert box.icon() == QMessageBox.Icon.Warning  # a gap in the evidence is not a plain "saved"
    assert "the copies as they were found" not in box.informativeText()  # there is none
    # the notice to fill in is the copy beside the bundle, and this copy, found in a watched folder, needs its address
    assert "Beside it, \u201cbundle notice.txt\u201d: the notice draft to fill in and sign" in box.informativeText()
    assert (tmp_path / "bundle notice.txt").is_file()
    assert "replace \"[FILL IN: the web address where you found this copy" in box.informativeText()
    exported = run_cli("export", "1", "-o", tmp_path / "from-the-command-line.zip")
    assert exported.returncode == 0, exported.stderr
    said = [line.removeprefix("note: ") for line in exported.stderr.splitlines() if "no copy" in line]
    assert said == ["match #1: no copy of the material was kept: the file is no longer in the watched folder as it "
                    "was when seen"]
    assert f"\u2022 {said[0]}" in box.informativeText().splitlines()
    assert saved.args is not None and "with a notice draft inside. Take note: " in saved.args[0]
    assert saved.args[0].endswith(f"; {said[0]}.")  # after the word that the find is not confirmed yet


def test_compare_says_which_picture_is_missing_and_why(qtbot: QtBot, desktop: Desktop) -> None:
    view = desktop.window.matches
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    dialog = CompareDialog(desktop.paths, view.model.finding_at(0), "lighthouse")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.material is not None, timeout=30_000)
    assert dialog.not_shown.text() == \
        f"The found picture could not be opened, so they cannot be shown side by side. {WHY}"
    dialog.close()
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_compare_says_when_the_work_was_taken_out_of_the_library(qtbot: QtBot, desktop: Desktop) -> None:
    db = open_database(desktop.paths.database)
    Library(db).remove([1])
    db.conn.close()
    view = desktop.window.matches
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and view.model.finding_at(0).work_id is None)
    dialog = CompareDialog(desktop.paths, view.model.finding_at(0), "(removed from the library)")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.material is not None, timeout=30_000)
    assert dialog.not_shown.text() == \
        "Your picture was taken out of your library, so the two cannot be shown side by side."
    dialog.close()
    assert QThreadPool.globalInstance().waitForDone(30_000)
