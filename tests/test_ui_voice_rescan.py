"""The window's "my voice" action matches the voice just learnt against what the sources already showed: a clone
heard before the creator enrolled appears in Review, told by the alert as any find, without a check being run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from creatorwatch.core.library.works import Library
from creatorwatch.core.records.source_store import SourceStore
from creatorwatch.core.sources.base import SourceConfig
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.preferences import load_preferences
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.paths import Paths
from creatorwatch.ui.settings_view import SettingsView
from tests.test_voice import speech  # noqa: F401
from tests.ui_fixtures import paths, start_desktop  # noqa: F401

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support raise"), pytest.mark.needs_voice]


def test_enrolling_in_the_window_finds_a_clone_heard_before(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                           speech: dict[str, Path], tmp_path: Path) -> None:  # noqa: F811
    watched = tmp_path / "watched"
    watched.mkdir()
    shutil.copy(speech["same"], watched / "new-audiobook.wav")
    shutil.copy(speech["other"], watched / "someone-else.wav")
    db = open_database(paths.database)
    [added] = Library(db).add_paths([speech["enrol"]]).added
    assert added.work is not None
    SourceStore(db).add(SourceConfig("downloads", "folder", settings={"path": str(watched)}))
    assert Monitor(db).check().total("matches") == 0  # seen before any voice was enrolled
    db.conn.close()

    running = start_desktop(qtbot, paths, tray=False)
    desktop = next(running)
    try:
        library, matches = desktop.window.library, desktop.window.matches
        qtbot.waitUntil(lambda: library.model.rowCount() == 1 and matches.loaded, timeout=30_000)
        assert matches.model.rowCount() == 0
        work = added.work
        library.voice.enrol([work])  # the Library's "Use as my voice"
        qtbot.waitUntil(lambda: desktop.window.statusBar().currentMessage()  # the window says it listened
                        == "Listened for your voice in the recordings heard before: 1 new find.", timeout=180_000)
        qtbot.waitUntil(lambda: matches.model.rowCount() == 1, timeout=180_000)  # the Matches page's one row
        find = matches.model.finding_at(0)
        assert (find.kind, find.work_id, Path(find.candidate_url).name) == ("voice", work.id, "new-audiobook.wav")
        assert find.evidence["segments"]
        qtbot.waitUntil(lambda: bool(desktop.alerts), timeout=10_000)  # told as any find is
    finally:
        next(running, None)


def test_settings_turn_remembering_voices_off_and_on(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    page = SettingsView(paths)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.reload()
        qtbot.waitUntil(lambda: page.remember_voices.isChecked(), timeout=10_000)  # on unless turned off
        page.remember_voices.setChecked(False)
        page.save()
    db = open_database(paths.database)
    assert load_preferences(db).remember_voices is False
    db.conn.close()
    again = SettingsView(paths)
    qtbot.addWidget(again)
    again.remember_voices.setChecked(True)
    again.reload()
    qtbot.waitUntil(lambda: not again.remember_voices.isChecked(), timeout=10_000)  # shown as it was saved
    assert QThreadPool.globalInstance().waitForDone(10_000)
