"""The tray and alerts: batched alerts, the menu's actions, close to tray, and a desktop with no tray at all."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from creatorwatch.core.store.db import open_database
from creatorwatch.paths import Paths
from creatorwatch.ui.compare_view import CompareDialog
from creatorwatch.ui.desktop import Desktop
from creatorwatch.ui.notifications import Alert, TrayNotifier, WindowNotifier, describe
from tests.conftest import CliRunner
from tests.ui_fixtures import RecordingScheduler, from_a_worker, paths, seed, settle, start_desktop, tray_works  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen cannot raise windows


@pytest.fixture
def with_tray(qtbot: QtBot, paths: Paths, tray_works: None) -> Iterator[Desktop]:  # noqa: F811
    seed(paths)
    yield from start_desktop(qtbot, paths, tray=True)


@pytest.fixture
def without_tray(qtbot: QtBot, paths: Paths) -> Iterator[Desktop]:  # noqa: F811
    seed(paths)
    yield from start_desktop(qtbot, paths, tray=False)


def _publish_finds(desktop: Desktop, count: int, site: str = "copies.example", first_id: int = 1) -> None:
    """As the monitor does: from a worker thread, one event per find."""

    def publish() -> None:
        for i in range(count):
            desktop.hub.publish("match_found", id=first_id + i, type="match", work_id=1, score=0.7 + i / 100,
                                candidate_url=f"https://{site}/item/{i}", source="feed-a")

    from_a_worker(publish)


def test_ten_finds_make_one_batched_alert(qtbot: QtBot, with_tray: Desktop) -> None:
    shown: list[Alert] = []
    with_tray.tray.alert_shown.connect(shown.append)
    assert isinstance(with_tray.notifier, TrayNotifier)
    _publish_finds(with_tray, 3)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=5000)
    qtbot.wait(200)
    assert len(shown) == 1
    assert shown[0].count == 3 and shown[0].title == "3 new finds"
    assert shown[0].finding_id == 3, "clicking opens the strongest find"


def test_clicking_the_alert_opens_that_match(qtbot: QtBot, with_tray: Desktop) -> None:
    _publish_finds(with_tray, 1, first_id=2)
    qtbot.waitUntil(lambda: len(with_tray.alerts) == 1, timeout=5000)
    with_tray.tray.icon.messageClicked.emit()
    window = with_tray.window
    assert window.current_page() == "review"
    qtbot.waitUntil(lambda: window.matches.selected_ids() == [2], timeout=5000)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.matches.findChildren(CompareDialog)))  # the match, open


def test_tray_menu_checks_pauses_resumes_opens_and_quits(qtbot: QtBot, with_tray: Desktop,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    tray, scheduler = with_tray.tray, with_tray.scheduler
    assert [a.text() for a in tray.menu.actions() if a.text()] == ["Open CreatorWatch", "Check now",
                                                                    "Pause monitoring", "Quit"]
    tray.check_action.trigger()
    assert scheduler.checks == [None]  # type: ignore[attr-defined]
    tray.pause_action.trigger()
    assert scheduler.paused and tray.state == "paused" and tray.pause_action.text() == "Resume monitoring"
    tray.pause_action.trigger()
    assert not scheduler.paused and tray.state == "on" and tray.pause_action.text() == "Pause monitoring"
    with_tray.window.hide()
    tray.open_action.trigger()
    assert with_tray.window.isVisible()
    quits = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(True)))
    tray.quit_action.trigger()
    qtbot.waitUntil(lambda: bool(quits))  # once the scheduler has stopped, off the main thread
    assert not with_tray.window.keep_in_tray


def test_a_failing_source_shows_as_a_problem(qtbot: QtBot, with_tray: Desktop) -> None:
    with_tray.hub.publish("source_checked", source="feed-a", state="failing", error="timed out")
    qtbot.waitUntil(lambda: with_tray.tray.state == "problem")
    assert "feed-a" in with_tray.tray.icon.toolTip()
    with_tray.hub.publish("source_checked", source="feed-a", state="ok")
    qtbot.waitUntil(lambda: with_tray.tray.state == "on")


def test_a_check_that_could_record_nothing_is_said_in_the_window(qtbot: QtBot, with_tray: Desktop) -> None:
    full = "The disk is full, so CreatorWatch could not save. Free some space and try again."
    with_tray.hub.publish("check_failed", source="feed-a", text=full)  # the Sources page has no record to show
    qtbot.waitUntil(lambda: with_tray.tray.state == "problem")
    assert with_tray.window.statusBar().currentMessage() == f"feed-a was not checked: {full}"
    assert "feed-a" in with_tray.tray.icon.toolTip()
    sources = with_tray.window.sources.table  # and where a source's problems are shown, after the status bar moved on

    def row() -> list[str]:
        items = [sources.item(0, column) for column in (0, 2, 5)]
        return [item.text() if item is not None else "" for item in items]

    qtbot.waitUntil(lambda: row()[2] == full)
    assert row()[0] == "feed-a" and row()[1].startswith("▲ failing — next try")
    with_tray.hub.publish("source_checked", source="feed-a", state="ok")  # a later check was recorded: as it says
    qtbot.waitUntil(lambda: row()[2] == "")
    assert row()[1].startswith("● ")


def test_closing_keeps_watching_in_the_tray_with_a_hint_once(qtbot: QtBot, with_tray: Desktop,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    hints = []
    monkeypatch.setattr(with_tray.tray, "show_hint", lambda title, text: hints.append(title))
    window = with_tray.window
    window.close()
    assert not window.isVisible() and not QApplication.quitOnLastWindowClosed()
    window.show()
    window.close()
    assert hints == ["CreatorWatch is still watching"]


def test_without_a_tray_alerts_appear_in_the_window_and_closing_quits(qtbot: QtBot, without_tray: Desktop) -> None:
    assert isinstance(without_tray.notifier, WindowNotifier)
    assert QApplication.quitOnLastWindowClosed() and not without_tray.window.keep_in_tray
    _publish_finds(without_tray, 2)
    banner = without_tray.window.banner
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert "2 new finds" in banner.text.text()
    banner.show_button.click()
    assert without_tray.window.current_page() == "review"
    without_tray.window.close()
    assert not without_tray.window.isVisible()


def test_a_voice_likeness_alerts_as_one_not_as_a_copy() -> None:
    voice = {"id": 7, "type": "match", "kind": "voice", "score": 0.93, "candidate_url": "https://clips.example/a"}
    copy = {"id": 8, "type": "match", "kind": "image", "score": 0.8, "candidate_url": "https://clips.example/b"}
    alone = describe([voice])
    assert alone.title == "Something sounds like your voice" and "copy" not in alone.text
    assert describe([voice, copy]).text.startswith("1 possible copy and 1 voice likeness on clips.example")


def test_an_alert_for_a_watched_folder_says_it_is_in_that_folder() -> None:
    """A folder is not a site: "Found on Downloads" read as a website called Downloads."""
    copy = {"id": 9, "type": "match", "kind": "image", "score": 1.0, "work_title": "Harbour", "source": "Downloads",
            "candidate_url": "file:///home/ada/Downloads/repost.jpg"}
    assert describe([copy]).text == "Found in the folder “Downloads”, 100% alike. Click to compare."
    online = {**copy, "id": 10, "candidate_url": "https://copies.example/1"}
    assert describe([copy, online]).text.startswith("2 possible copies in the folder “Downloads” and 1 other place")


def test_the_alert_opens_the_strongest_copy_not_a_mention() -> None:
    mention = {"id": 3, "type": "mention", "term": "Ada Lin", "score": 1.0, "candidate_url": "https://x.example/a"}
    copy = {"id": 4, "type": "match", "kind": "image", "score": 0.96, "candidate_url": "https://x.example/b"}
    weak = {"id": 5, "type": "match", "kind": "image", "score": 0.61, "candidate_url": "https://x.example/c"}
    assert describe([mention, weak, copy]).finding_id == 4
    assert describe([mention]).finding_id == 3


def test_a_pause_from_the_tray_outlasts_quitting_and_starting_again(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                                   tray_works: None,  # noqa: F811
                                                                   run_cli: CliRunner) -> None:
    """Paused from the tray, quit, started again: it came back watching (and checked every source at once). The
    command line sees the pause too (it listed next-run times that would pass with nothing run)."""
    seed(paths)
    first = start_desktop(qtbot, paths, tray=True)
    desktop = next(first)
    desktop.tray.pause_action.trigger()
    assert desktop.scheduler.paused and desktop.tray.state == "paused"
    next(first, None)  # quits
    second = start_desktop(qtbot, paths, tray=True)
    again = next(second)
    qtbot.waitUntil(lambda: again.scheduler.running, timeout=10_000)  # type: ignore[attr-defined]
    assert again.scheduler.paused
    qtbot.waitUntil(lambda: again.tray.state == "paused", timeout=5000)
    assert again.tray.pause_action.text() == "Resume monitoring"
    checks = again.window.dashboard.checks  # no "Next check" at a time that will pass with nothing run
    qtbot.waitUntil(lambda: "Monitoring is paused" in checks.text(), timeout=10_000)
    assert "Next check" not in checks.text()
    sources = again.window.sources  # nor a "Next run" for each source
    qtbot.waitUntil(lambda: sources.table.rowCount() > 0, timeout=10_000)

    def next_runs() -> set[str]:
        return {item.text() for r in range(sources.table.rowCount()) if (item := sources.table.item(r, 4))}

    assert next_runs() == {"paused"}
    listed = run_cli("sources")
    assert "Monitoring is paused" in listed.stdout and "next run paused" in listed.stdout, listed.stdout
    assert all(s["monitoring_paused"] for s in json.loads(run_cli("sources", "--json").stdout))
    again.tray.pause_action.trigger()
    assert not again.scheduler.paused
    assert "Next check" in checks.text() and "paused" not in checks.text()
    assert next_runs() and "paused" not in next_runs()
    next(second, None)
    assert "paused" not in run_cli("sources").stdout
    third = start_desktop(qtbot, paths, tray=True)
    resumed = next(third)
    qtbot.waitUntil(lambda: resumed.scheduler.running, timeout=10_000)
    assert not resumed.scheduler.paused and resumed.tray.state != "paused"
    next(third, None)


class SlowStart(RecordingScheduler):
    """A scheduler still starting (a sweep of a big data folder), which, like APScheduler, cannot pause before."""

    gate = threading.Event()

    def start(self, paused: bool = False) -> None:
        assert self.gate.wait(30)
        super().start(paused)

    def pause(self) -> None:
        if not self.running:
            raise RuntimeError("Scheduler is not running")  # APScheduler's SchedulerNotRunningError
        super().pause()


def test_a_pause_chosen_while_watching_starts_is_kept(qtbot: QtBot, paths: Paths,  # noqa: F811
                                                      tray_works: None) -> None:  # noqa: F811
    seed(paths)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    desktop = Desktop(paths, app, tray_available=True, make_scheduler=SlowStart)
    assert desktop.start()
    qtbot.addWidget(desktop.window)
    try:
        desktop.tray.pause_action.trigger()  # before the scheduler has started: it raised, or was undone
        assert desktop.tray.state == "paused" and not desktop.watching
        SlowStart.gate.set()
        qtbot.waitUntil(lambda: desktop.watching, timeout=10_000)
        assert desktop.scheduler.paused and desktop.tray.state == "paused"
    finally:
        SlowStart.gate.set()
        desktop.shutdown()
        app.setQuitOnLastWindowClosed(True)
        assert QThreadPool.globalInstance().waitForDone(30_000)


def test_finds_a_check_from_the_command_line_records_alert_as_the_windows_own(qtbot: QtBot,
                                                                             with_tray: Desktop) -> None:
    """The window in the tray heard nothing of a copy `creatorwatch check` found: the pages showed it, no alert did.
    Here another connection records the find, as that command does."""
    shown: list[Alert] = []
    with_tray.tray.alert_shown.connect(shown.append)
    qtbot.waitUntil(lambda: with_tray._newest_find == 4, timeout=10_000)  # the seeded finds are no news
    db = open_database(with_tray.paths.database)
    try:
        with db.conn:
            db.execute("INSERT INTO candidates (url, source, title, first_seen) VALUES "
                       "('https://elsewhere.example/copy', 'feed-a', 'Copy', '2026-12-07T10:00:00+00:00')")
            db.execute("INSERT INTO matches (type, candidate_id, work_id, kind, score, evidence, found_at) VALUES "
                       "('match', last_insert_rowid(), 1, 'text', 0.91, '{}', '2026-12-07T10:00:00+00:00')")
    finally:
        db.conn.close()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=20_000)
    assert shown[0].title == "A possible copy of “Work 0”" and shown[0].finding_id == 5  # the work named
    assert "elsewhere.example" in shown[0].text


def test_a_click_on_the_alert_of_a_find_gone_meanwhile_opens_review(qtbot: QtBot, with_tray: Desktop) -> None:
    _publish_finds(with_tray, 1, first_id=2)
    qtbot.waitUntil(lambda: len(with_tray.alerts) == 1, timeout=5000)
    db = open_database(with_tray.paths.database)
    with db.conn:
        db.execute("DELETE FROM matches WHERE id = 2")  # as removing its work does
    db.conn.close()
    window = with_tray.window
    window.reload()  # as the window does when its data file changes
    settle()
    window.show_page("sources")
    with_tray.tray.icon.messageClicked.emit()
    assert window.current_page() == "review"
    qtbot.waitUntil(lambda: "no longer in your list" in window.statusBar().currentMessage(), timeout=10_000)
    assert not any(d.isVisible() for d in window.matches.findChildren(CompareDialog))
    assert QThreadPool.globalInstance().waitForDone(30_000)


def test_a_click_on_a_hint_after_an_alert_opens_the_window_not_the_old_find(qtbot: QtBot,
                                                                           with_tray: Desktop) -> None:
    _publish_finds(with_tray, 1, first_id=2)
    qtbot.waitUntil(lambda: len(with_tray.alerts) == 1, timeout=5000)
    window = with_tray.window
    window.show_page("sources")
    window.hide()
    with_tray.tray.show_hint("CreatorWatch is still watching", "It keeps checking in the background.")
    with_tray.tray.icon.messageClicked.emit()
    assert window.isVisible() and window.current_page() == "sources"
    assert not any(d.isVisible() for d in window.matches.findChildren(CompareDialog))


def test_an_alert_balloon_goes_after_some_seconds(with_tray: Desktop,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    monkeypatch.setattr(QSystemTrayIcon, "showMessage", lambda self, title, text, icon, ms: asked.append(ms))
    with_tray.tray.show_alert(Alert("2 new finds", "Click to open the strongest.", 1, 2))
    assert asked and 3000 <= asked[0] <= 10_000
    assert with_tray.tray._balloon_ends.isActive()  # and then closes Qt's own balloon, pointer on it or not
