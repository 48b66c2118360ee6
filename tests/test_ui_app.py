"""The whole app: a seeded data home, a real scheduler checking a local folder source, the alert in the window,
a second launch raising the first, and a quit that leaves no thread or timer running; and a first start, where the
Overview leads an empty home to its first works and its first source."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from creatorwatch.core.store.preferences import Preferences
from creatorwatch.paths import Paths
from creatorwatch.ui.compare_view import CompareDialog
from creatorwatch.ui.desktop import Desktop
from creatorwatch.ui.single_instance import SingleInstance
from tests.media import make_picture
from tests.ui_fixtures import RecordingScheduler, paths, watch_folder  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def _seed_with_a_copy_in_a_watched_folder(paths: Paths, tmp_path: Path) -> None:  # noqa: F811
    original = make_picture(tmp_path / "lighthouse.png", seed=7)
    watched = tmp_path / "watched"
    watched.mkdir()
    shutil.copy(original, watched / "scraped-0001.png")
    watch_folder(paths, [original], watched)


def test_whole_app_checks_alerts_and_quits_cleanly(qtbot: QtBot, paths: Paths, tmp_path: Path) -> None:  # noqa: F811
    _seed_with_a_copy_in_a_watched_folder(paths, tmp_path)
    threads_before = set(threading.enumerate())
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    desktop = Desktop(paths, app, tray_available=False)
    assert desktop.start()
    qtbot.addWidget(desktop.window)

    second = SingleInstance(paths)
    with qtbot.waitSignal(desktop.instance.activated, timeout=5000):
        assert not second.claim(), "a second launch must hand over to the first"

    qtbot.waitUntil(lambda: bool(desktop.scheduler.next_runs()), timeout=10_000)  # type: ignore[attr-defined]
    desktop.window.show_page("sources")
    desktop.window.sources.check_all_button.click()
    banner = desktop.window.banner
    qtbot.waitUntil(banner.isVisible, timeout=60_000)
    assert "possible copy" in banner.text.text()
    banner.show_button.click()
    qtbot.waitUntil(lambda: len(desktop.window.matches.selected_ids()) == 1, timeout=10_000)

    desktop.quit()
    desktop.shutdown()
    for dialog in desktop.window.matches.findChildren(CompareDialog):  # the compare windows left open
        dialog.close()
    assert QThreadPool.globalInstance().waitForDone(30_000)
    app.setQuitOnLastWindowClosed(True)
    left = [t for t in set(threading.enumerate()) - threads_before if t.is_alive()]
    assert not left, f"threads left running: {left}"
    timers = [t for t in desktop.findChildren(QTimer) + desktop.window.findChildren(QTimer) if t.isActive()
              and t.interval() > 0]
    assert not timers, f"timers left running: {[t.objectName() or t.parent() for t in timers]}"


def test_a_first_start_leads_from_adding_works_to_choosing_sources(qtbot: QtBot, paths: Paths, tmp_path: Path,  # noqa: F811
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    desktop = Desktop(paths, app, tray_available=False, make_scheduler=RecordingScheduler)
    assert desktop.start()
    qtbot.addWidget(desktop.window)
    window = desktop.window
    step = window.dashboard.first_step
    try:
        assert window.current_page() == "overview"
        qtbot.waitUntil(step.isVisible)
        assert step.title.text() == "Add your works" and step.add_files_button.isVisible()
        assert step.add_folder_button.isVisible() and not step.sources_button.isVisible()

        picture = make_picture(tmp_path / "lighthouse.png", seed=3)
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(picture)], "")))
        step.add_files_button.click()  # the Library's own "Add files…", shown where adding reports its progress
        assert window.current_page() == "library"
        qtbot.waitUntil(lambda: window.dashboard.works.value.text() == "1", timeout=30_000)
        window.show_page("overview")
        assert step.isVisible() and step.title.text() == "Choose what to watch" and step.sources_button.isVisible()
        assert not step.add_files_button.isVisible()
        step.sources_button.click()
        assert window.current_page() == "sources"
        dialog = window.sources.add_source()
        dialog.type.setCurrentIndex(dialog.type.findData("folder"))
        dialog.settings.setPlainText(f"path={tmp_path}")
        dialog.name.setText("my-folder")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: "my-folder" in window.dashboard.sources.text())
        assert step.isHidden() and step.step is None
    finally:
        desktop.shutdown()
        app.setQuitOnLastWindowClosed(True)
        assert QThreadPool.globalInstance().waitForDone(30_000)


def test_preferences_read_before_a_shutdown_and_delivered_after_change_nothing(qtbot: QtBot, paths: Paths) -> None:  # noqa: F811
    """A quick quit can come before the preferences read at start have arrived; when they do, the window they were
    for is gone, and applying them must not raise from the event loop (seen once in a full run)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    desktop = Desktop(paths, app, tray_available=False, make_scheduler=RecordingScheduler)
    assert desktop.start()
    desktop.shutdown()
    app.setQuitOnLastWindowClosed(True)
    window = desktop.window
    window.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=5000)
    desktop.apply_preferences(Preferences(notify=False))
    assert desktop.batcher.enabled  # unchanged: nothing was applied after the shutdown
