"""The running desktop app: one window, one tray, one scheduler, one event bridge — started together, wired
together, and stopped together so Quit leaves no thread or timer behind."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication

from creatorwatch.core.optout.site_watch import WEAKENED
from creatorwatch.core.records.allowlist import Allowlist
from creatorwatch.core.records.findings import finds_after, newest_find
from creatorwatch.core.store.db import open_database
from creatorwatch.core.store.events import Event, EventHub
from creatorwatch.core.store.preferences import (
    Preferences,
    load_preferences,
    monitoring_paused,
    set_monitoring_paused,
)
from creatorwatch.core.store.read_only import read_only_because
from creatorwatch.core.watch.data_watch import DataWatcher
from creatorwatch.core.watch.monitor import Monitor
from creatorwatch.core.watch.rescan import RescanSummary, rescan_new_works
from creatorwatch.core.wording.words import counted
from creatorwatch.paths import Paths
from creatorwatch.ui.bridge import Bridge
from creatorwatch.ui.check_tally import CheckTally
from creatorwatch.ui.data import query
from creatorwatch.ui.garbage import MainThreadCollector
from creatorwatch.ui.main_window import SITE_ALERT, MainWindow, window_settings
from creatorwatch.ui.notifications import Alert, AlertBatcher, Notifier, TrayNotifier, WindowNotifier, first_notifier
from creatorwatch.ui.single_instance import SingleInstance
from creatorwatch.ui.tasks import run_in_background
from creatorwatch.ui.theme import Appearance
from creatorwatch.ui.tray import Tray

log = logging.getLogger(__name__)
TROUBLE = ("failing", "waiting_for_token")

LISTENED = "Listened for your voice in"  # the line a voice matched against recordings heard before starts with


# How long a busy worker thread may keep the interpreter before handing it on (Python's default: 5 ms). Drawing
# a list calls into Python once per cell, and each call waits that long for a worker fingerprinting in Python: at
# 1 ms the worst pause during an import into a 10,000-work library fell from 140-200 ms to 100-137 ms.
SWITCH_INTERVAL = 0.001
SETTLE_MS = 150  # a burst of commits from another process (an import, a check) becomes one refresh


class Scheduler(Protocol):
    """What the window needs of core/watch/scheduler.py's MonitorScheduler."""

    @property
    def paused(self) -> bool: ...

    def start(self, paused: bool = False) -> None: ...
    def sync(self) -> None: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def check_now(self, name: str | None = None) -> list[str]: ...  # the sources it reports on
    def stop(self) -> None: ...


class _Stopping(QObject):
    """Stops what runs on threads of its own (the scheduler and its running check, the data watcher) on a worker
    thread and says when it is done, so the event loop keeps turning meanwhile: joining a check that waits on a
    service (Retry-After) once froze the window for a minute."""

    done = Signal()

    def __init__(self, steps: list[Callable[[], None]], parent: QObject, then: Callable[[], None] | None) -> None:
        super().__init__(parent)
        self.finished = False
        self.finished_at: float | None = None  # time.monotonic() when the last step returned
        if then is not None:
            self.done.connect(then)  # before the thread starts: a quick stop cannot finish unheard
        self._thread = threading.Thread(target=self._run, args=(steps,), name="creatorwatch-stopping", daemon=True)
        self._thread.start()

    def _run(self, steps: list[Callable[[], None]]) -> None:
        for step in steps:
            try:
                step()
            except Exception:  # one part failing to stop must not keep the others running
                log.exception("could not stop cleanly")
        self.finished_at = time.monotonic()
        self.finished = True
        self.done.emit()

    def wait(self) -> None:
        """Wait for the stop with the event loop turning (for a quit that did not come through Desktop.quit)."""
        if not self.finished:
            loop = QEventLoop()
            self.done.connect(loop.quit)
            if not self.finished:  # set before `done` is emitted: checked after connecting, nothing is missed
                loop.exec()
        self._thread.join(timeout=1)  # it has finished its work; let it leave


def monitor_scheduler(paths: Paths, hub: EventHub) -> Scheduler:
    from creatorwatch.core.watch.scheduler import MonitorScheduler

    return MonitorScheduler(paths.database, hub=hub, cache=paths.cache)


class Desktop(QObject):
    def __init__(self, paths: Paths, app: QApplication, *, tray_available: bool | None = None,
                 make_scheduler: Callable[[Paths, EventHub], Scheduler] = monitor_scheduler) -> None:
        super().__init__()
        self.paths, self.app = paths, app
        self.instance = SingleInstance(paths, self)
        self.hub = EventHub()
        self._tray_available = tray_available
        self._make_scheduler = make_scheduler
        self._failing: set[str] = set()
        self._checking = False
        self._asked_check: CheckTally | None = None  # a check the creator asked for: said once all of it is done
        self._stopping: _Stopping | None = None
        self._shutting_down = False
        self.stopped = False  # True once everything has stopped
        self._want_paused = False  # what the creator chose; the scheduler follows once it has started
        self._pause_chosen = False  # chosen in this session, so what the data file held at start no longer counts
        self.watching = False  # the scheduler has started (set on this thread, when its start has returned)
        self.alerts: list[Alert] = []
        self._newest_find: int | None = None  # the newest find alerted about or there at start (None: not read yet)

    def start(self) -> bool:
        """Show the window and start watching; False if another CreatorWatch already runs (it was raised)."""
        if not self.instance.claim():
            return False
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.collector = MainThreadCollector(self)
        self.collector.start()  # before any worker starts: none may free a Qt object
        self.appearance = Appearance(self.app)
        self.bridge = Bridge(self.hub, self)
        self.window = MainWindow(self.paths)
        self.tray = Tray(self._tray_available, self)
        self.batcher = AlertBatcher(self)
        self.notifier: Notifier = first_notifier([lambda: TrayNotifier(self.tray),
                                                  lambda: WindowNotifier(self.window.show_alert)])
        self.window.keep_in_tray = self.tray.available
        self.app.setQuitOnLastWindowClosed(not self.tray.available)
        self.scheduler = self._make_scheduler(self.paths, self.hub)
        self.watcher = DataWatcher(self.paths.database, self.hub)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._changed_elsewhere)
        self._connect()
        self.window.installEventFilter(self)
        query(self.paths, load_preferences, self.apply_preferences)
        query(self.paths, newest_find, self._note_newest)
        run_in_background(lambda _p: self._begin_watching(), self._watching_started)
        self.watcher.start()
        self.window.show()
        return True

    def _begin_watching(self) -> tuple[bool, list[Path]]:
        """Off the main thread: clear what a killed CreatorWatch left half-done, then start the scheduler (held, if
        the creator had paused monitoring, or if nothing it finds could be saved: the data file is read-only, as the
        window says). Returns whether it was held, and the unfinished exports it dropped."""
        from creatorwatch.core.watch.sweep import sweep

        swept = sweep(self.paths.database, [self.paths.data, self.paths.cache])
        db = open_database(self.paths.database)
        try:
            paused = monitoring_paused(db) or read_only_because(self.paths.database) is not None
        finally:
            db.conn.close()
        self.scheduler.start(paused=paused)
        return paused, swept.exports_dropped

    def _watching_started(self, started: tuple[bool, list[Path]]) -> None:
        """The scheduler runs: follow a pause or resume the creator chose while it was starting; say which exports
        the sweep found cut short."""
        paused, dropped = started
        self.window.interrupted.show_dropped(dropped)
        self.watching = True
        if not self._pause_chosen:
            self._want_paused = paused
        if not self.stopped and self._want_paused != self.scheduler.paused:
            self.scheduler.pause() if self._want_paused else self.scheduler.resume()
        self._show_state()

    @property
    def paused(self) -> bool:
        return self.scheduler.paused if self.watching else self._want_paused

    def _settings(self) -> QSettings:
        return window_settings(self.paths)

    def _connect(self) -> None:
        w, tray = self.window, self.tray
        self.bridge.core_event.connect(self._on_event)
        self.batcher.ready.connect(self._alert)
        self.instance.activated.connect(w.bring_forward)
        tray.open_requested.connect(w.bring_forward)
        tray.check_requested.connect(lambda: self.check_now(None))
        tray.pause_toggled.connect(self.set_paused)
        tray.quit_requested.connect(self.quit)
        w.quit_requested.connect(self.quit)
        tray.alert_clicked.connect(w.open_finding)
        w.hidden_to_tray.connect(self._hint_once)
        w.sources.check_requested.connect(self.check_now)
        w.sources.sources_changed.connect(self._resync)
        w.settings_page.saved.connect(self.apply_preferences)
        w.settings_page.saved.connect(lambda _prefs: self._resync())  # a new check interval counts from the last check
        w.sources.rescan_requested.connect(self.rescan_all)
        w.matches.allowlist_changed.connect(lambda patterns: setattr(self.batcher, "allowlist", list(patterns)))
        self.app.aboutToQuit.connect(self.shutdown)

    # -- what the core says ------------------------------------------------------------------------------
    def _on_event(self, event: Event) -> None:
        if self._stopping is not None:  # quitting: what the stopping check still says would restart timers
            return
        data: dict[str, Any] = event.data
        if event.name == "data_changed":
            self._settle.start()  # restarted by each commit: one refresh once they settle
            return
        if event.name == "rescan_finished":
            self._refresh()
        if event.name in ("match_found", "mention_found"):
            self._note_newest(int(data.get("id", 0)))
            self.batcher.add(data)
        elif event.name == WEAKENED:  # the creator's site says "do not train" less firmly than at its last audit
            self._alert(Alert("Your site's AI opt-out weakened", str(data.get("text", "")), SITE_ALERT,
                              len(data.get("changes", [])) or 1))
            self.window.website.reload()
        elif event.name == "check_started":
            self._checking = True
        elif event.name == "source_checked" and data.get("state") in TROUBLE:
            self._failing.add(str(data.get("source")))
            self.window.sources.forget_not_recorded(str(data.get("source")))  # what it says now is recorded
        elif event.name == "source_checked":
            self._failing.discard(str(data.get("source")))
            self.window.sources.forget_not_recorded(str(data.get("source")))
        elif event.name == "check_failed":  # nothing could be recorded, so the data file cannot say it: the window
            self._checking, self._asked_check = False, None  # does, in the status bar and on the Sources page
            self._failing.add(str(data.get("source")))
            self.window.sources.note_not_recorded(str(data.get("source")), str(data.get("text")))
            self.window.statusBar().showMessage(f"{data.get('source')} was not checked: {data.get('text')}", 0)
            self.window.damaged.look()  # a damaged data file is why, most often: said until it is whole again
        elif event.name == "check_finished":
            self._checking = False
            self._say_check_done(data)
            self._failing.difference_update(o["name"] for o in data.get("sources", []) if o["state"] not in TROUBLE)
            self._failing.update(data.get("failed", []))
            query(self.paths, lambda db: Allowlist(db).license_covered(), lambda _ids: self._refresh())
        self._show_state()

    def _say_check_done(self, data: dict[str, Any]) -> None:
        """A check the creator asked for is done on every source it covers: what it looked at and found, in the
        status bar (the banner shows only finds, so a check that found nothing said nothing at all once "Checking…"
        went away)."""
        if self._asked_check is not None and self._asked_check.add(data):
            self.window.statusBar().showMessage(self._asked_check.sentence(), 20_000)
            self._asked_check = None

    def _show_state(self) -> None:
        if self.stopped or not shiboken6.isValid(self.window):
            return  # a start finished after a quick quit: its window may be gone
        self.window.dashboard.set_paused(self.paused)
        self.window.sources.set_paused(self.paused)
        if self.paused:
            self.tray.set_state("paused")
        elif self._failing:
            self.tray.set_state("problem", "Needs attention: " + ", ".join(sorted(self._failing)))
        else:
            self.tray.set_state("checking" if self._checking else "on")

    def _refresh(self) -> None:
        self.window.matches.reload()
        self.window.dashboard.reload()
        self.window.sources.reload()

    def _changed_elsewhere(self) -> None:
        """The data file changed (the command line, a script, this window's own pool threads): show it as it is
        now, let the scheduler pick up sources added elsewhere, and match new works against what was seen."""
        if self._stopping is not None:
            return
        self.window.refresh_from_data()
        query(self.paths, load_preferences, self._stored_elsewhere)
        self._resync()
        if self._newest_find is not None:  # finds a check from the command line recorded alert as this window's do
            after = self._newest_find
            query(self.paths, lambda db: finds_after(db, after), self._found_elsewhere)
        query(self.paths, lambda db: rescan_new_works(db, hub=self.hub, cache=self.paths.cache), self._heard_again)

    def _note_newest(self, finding_id: int) -> None:
        self._newest_find = max(self._newest_find or 0, finding_id)

    def _found_elsewhere(self, finds: list[dict[str, Any]]) -> None:
        for find in finds:
            if self._newest_find is None or find["id"] > self._newest_find:  # not already heard as an event
                self._note_newest(find["id"])
                self.batcher.add(find)

    def _heard_again(self, summary: RescanSummary | None) -> None:
        """A voice just learnt was matched against the recordings heard before: say so, as `voice enrol` does."""
        if summary is None or self._stopping is not None:
            return
        if summary.voice_note:
            self.window.statusBar().showMessage(summary.voice_note, 10_000)
        elif summary.voices and summary.candidates:
            bar = self.window.statusBar()
            if not summary.matches and bar.currentMessage().startswith(LISTENED):
                return  # a second pass over the same second's enrolment: the first line said what was found
            bar.showMessage(f"{LISTENED} the recordings heard before: {counted(summary.matches, 'new find')}.", 10_000)

    def rescan_all(self) -> None:
        """Match every remembered candidate against the library as it is now (the Sources page's action)."""
        self.window.statusBar().showMessage("Matching what the sources showed before against your library…")
        query(self.paths, lambda db: Monitor(db, hub=self.hub, cache=self.paths.cache).rescan(), self._rescanned,
              lambda exc: self.window.statusBar().showMessage(f"Could not match again: {exc}", 10_000))

    def _rescanned(self, summary: RescanSummary) -> None:
        self.window.statusBar().showMessage(
            f"Matched {counted(summary.candidates, 'item')} seen before against {counted(summary.works, 'work')}: "
            f"{counted(summary.matches, 'new find')}.", 10_000)

    def _alert(self, alert: Alert) -> None:
        self.alerts.append(alert)
        self.notifier.show(alert)
        self._refresh()

    # -- what the creator asks -----------------------------------------------------------------------------
    def check_now(self, name: str | None) -> None:
        if name is None and self.window.sources.none_yet():
            self.window.statusBar().showMessage(  # it said "Checking all sources now…", then nothing
                "There is no source to check yet. Choose Add source… on the Sources page to pick where to look.",
                10_000)
            return
        covered = self.scheduler.check_now(name)
        self._asked_check = None if self.paused else CheckTally(covered)
        self.window.statusBar().showMessage(
            "Checks resume when monitoring is resumed." if self.paused else
            f"Checking {name or 'all sources'} now…", 5000)

    def _resync(self) -> None:
        """Bring the scheduler's jobs in line with the sources and settings just changed (it reads the data file)."""
        run_in_background(lambda _p: self.scheduler.sync(), lambda _r: None)

    def set_paused(self, paused: bool) -> None:
        """Pause or resume monitoring, and remember it: a pause stays until the creator resumes, across restarts
        (it was forgotten at quit, and the next start checked everything at once). Chosen while the scheduler is
        still starting, it is applied once it has started (pausing a scheduler not yet started raised)."""
        self._want_paused, self._pause_chosen = paused, True
        if self.watching:
            self.scheduler.pause() if paused else self.scheduler.resume()
        # the latest choice, read when the write runs: two quick toggles' writes may run in either order
        query(self.paths, lambda db: set_monitoring_paused(db, self._want_paused), lambda _r: None)
        self._show_state()

    def apply_preferences(self, prefs: Preferences) -> None:
        if self.stopped or not shiboken6.isValid(self.window):
            return  # read before the app shut down and delivered after: its window may be gone
        self._take_effect(prefs)
        self.window.settings_page.show_preferences(prefs)

    def _stored_elsewhere(self, prefs: Preferences) -> None:
        """Settings stored from the command line take effect at once, as the Settings page shows them: after
        `creatorwatch settings appearance dark` the page said Dark and the window stayed light until Save."""
        if not self.stopped and shiboken6.isValid(self.window):
            self._take_effect(prefs)  # the page reads them itself, keeping what was typed there and not saved

    def _take_effect(self, prefs: Preferences) -> None:
        self.batcher.enabled = prefs.notify
        self.batcher.include_mentions = prefs.notify_mentions
        if prefs.appearance != self.appearance.choice:  # repainted only when it changed
            self.appearance.apply(prefs.appearance)

    def _hint_once(self) -> None:
        settings = self._settings()
        if not settings.value("hints/closed-to-tray", False, bool):
            settings.setValue("hints/closed-to-tray", True)
            self.tray.show_hint("CreatorWatch is still watching",
                                "It keeps checking in the background. Quit from this icon's menu.")

    @property
    def threads_stopped_at(self) -> float | None:
        """When (time.monotonic()) the scheduler and the data watcher had stopped, once they have."""
        return self._stopping.finished_at if self._stopping is not None else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Closing the window without a tray to carry on is Quit: the same stop, off the main thread."""
        if (watched is self.window and event.type() == QEvent.Type.Close and not self.window.keep_in_tray
                and self._stopping is None):
            event.ignore()
            self.quit()
            return True
        return super().eventFilter(watched, event)

    def quit(self) -> None:
        """Hide at once, stop the scheduler and its running check on a worker while the event loop keeps turning
        (a check waiting on a service ends at its next step), then leave the event loop."""
        if self._stopping is not None:
            return
        self.window.save_state()
        self.window.keep_in_tray = False
        self.window.hide()
        self._begin_stopping(then=self._finish_quit)

    def _finish_quit(self) -> None:
        self.shutdown()
        self.app.quit()

    def _begin_stopping(self, then: Callable[[], None] | None = None) -> _Stopping:
        if self._stopping is not None:
            return self._stopping
        self.batcher.stop()
        self._settle.stop()
        self.window.library.cancel_adding()
        self.window.statusBar().clearMessage()  # its message timeout is a timer too
        self._stopping = _Stopping([self.watcher.stop, self.scheduler.stop], self, then)
        return self._stopping

    def shutdown(self) -> None:
        """Stop everything that runs on its own: the scheduler (waiting for a running check, on a worker), timers,
        the tray. Also reached from the application's aboutToQuit, for a quit that did not come through quit()."""
        if self.stopped or self._shutting_down:
            return
        self._shutting_down = True
        self._begin_stopping().wait()
        self.tray.hide()
        self.bridge.close()
        self.instance.release()
        self.collector.stop()
        self.stopped = True
