"""Work a test leaves running — a Python thread, a QThread, a thread-pool task, an active QTimer or a pending
single-shot — runs on into the next test, where it touches widgets and files that are gone and fails somewhere
else, now and then. This finds it where it was started (napari's conftest does the same), after a short grace.

`Watch.start()` records what the test starts; `Watch.leftovers()` waits out the grace and names what still runs.
"""

from __future__ import annotations

import sysconfig
import threading
import time
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, QThreadPool, QTimer
from pytest_httpserver.httpserver import HTTPServerBase

GRACE_SECONDS = 2.0  # long enough for a queued result or a 0 ms single-shot to land; far less than any real hang


def _where() -> str:
    """The innermost frames of the current stack that are CreatorWatch's or a test's (not Python's, pytest's, Qt's)."""
    libraries = (sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"], "<frozen", __file__)
    frames = [f for f in traceback.extract_stack()[:-2] if not f.filename.startswith(libraries)]
    return "".join(traceback.format_list(frames[-4:])) or "(started by a library)\n"


@dataclass
class _SingleShot:
    started_at: str
    context: Any  # weakref to the context QObject, or None
    fired: bool = False

    def pending(self) -> bool:
        if self.fired:
            return False
        if self.context is None:
            return True
        context = self.context()
        return context is not None and shiboken6.isValid(context)  # Qt drops a single-shot whose context is gone


def _alive(obj: QObject, check: Callable[[], bool]) -> bool:
    """`check()` on a Qt object, False once its C++ side is deleted."""
    if not shiboken6.isValid(obj):
        return False
    try:
        return check()
    except RuntimeError:  # deleted between the two calls
        return False


@dataclass
class Watch:
    """What one test started; install with `start(monkeypatch)`."""

    threads_before: set[threading.Thread] = field(default_factory=set)
    timers: weakref.WeakKeyDictionary[QTimer, str] = field(default_factory=weakref.WeakKeyDictionary)
    qthreads: weakref.WeakKeyDictionary[QThread, str] = field(default_factory=weakref.WeakKeyDictionary)
    single_shots: list[_SingleShot] = field(default_factory=list)
    pool_tasks: list[str] = field(default_factory=list)

    def start(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.threads_before = set(threading.enumerate())
        timer_start, thread_start, pool_start = QTimer.start, QThread.start, QThreadPool.start
        single_shot: Callable[..., None] = QTimer.singleShot
        watch = self

        def start_timer(timer: QTimer, *args: Any) -> None:
            watch.timers[timer] = _where()
            timer_start(timer, *args)

        def start_qthread(thread: QThread, *args: Any) -> None:
            watch.qthreads[thread] = _where()
            thread_start(thread, *args)

        def start_in_pool(pool: QThreadPool, runnable: Any, *args: Any) -> None:
            watch.pool_tasks.append(_where())
            pool_start(pool, runnable, *args)

        def start_single_shot(msec: int, *args: Any) -> None:
            context = next((a for a in args if isinstance(a, QObject)), None)
            call = args[-1] if args and callable(args[-1]) and not isinstance(args[-1], QObject) else None
            if call is None:  # (msec, receiver, b"slot()"): not followed
                single_shot(msec, *args)
                return
            shot = _SingleShot(_where(), weakref.ref(context) if context is not None else None)
            watch.single_shots.append(shot)

            def fire() -> None:
                shot.fired = True
                call()

            single_shot(msec, *args[:-1], fire)

        monkeypatch.setattr(QTimer, "start", start_timer)
        monkeypatch.setattr(QThread, "start", start_qthread)
        monkeypatch.setattr(QThreadPool, "start", start_in_pool)
        monkeypatch.setattr(QTimer, "singleShot", staticmethod(start_single_shot))

    def _running(self) -> list[str]:
        left: list[str] = []
        for thread in threading.enumerate():
            if thread in self.threads_before or isinstance(thread, threading._DummyThread) or not thread.is_alive():
                continue  # a _DummyThread is a Qt thread that once ran Python: the Qt checks below cover it
            if isinstance(getattr(getattr(thread, "_target", None), "__self__", None), HTTPServerBase):
                continue  # the session's loopback server, which a test may stop and start again
            left.append(f"Python thread {thread.name!r} (target {getattr(thread, '_target', None)!r})")
        for qthread, where in list(self.qthreads.items()):
            if _alive(qthread, qthread.isRunning):
                left.append(f"QThread {qthread!r}, started at\n{where}")
        for timer, where in list(self.timers.items()):
            if _alive(timer, timer.isActive):
                kind = "single-shot QTimer" if _alive(timer, timer.isSingleShot) else "repeating QTimer"
                parent = timer.parent() if shiboken6.isValid(timer) else None
                owner = f" owned by {type(parent).__name__}" if parent is not None else ""
                left.append(f"active {kind}{owner} ({timer.interval()} ms), started at\n{where}")
        for shot in self.single_shots:
            if shot.pending():
                left.append(f"QTimer.singleShot not yet fired, started at\n{shot.started_at}")
        if QThreadPool.globalInstance().activeThreadCount():
            started = "".join(f"  task started at\n{w}" for w in self.pool_tasks) or "  (started before this test)\n"
            left.append(f"{QThreadPool.globalInstance().activeThreadCount()} QThreadPool task(s) still running;"
                        f" this test started:\n{started}")
        return left

    def leftovers(self, grace: float = GRACE_SECONDS) -> list[str]:
        """What still runs after `grace` seconds, during which queued events (results, deletions) are delivered."""
        app = QCoreApplication.instance()
        deadline = time.monotonic() + grace
        while True:
            if app is not None:
                QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
                app.processEvents()
            left = self._running()
            if not left or time.monotonic() >= deadline:
                return left
            time.sleep(0.01)

    def stop(self) -> None:
        """Stop what was left, so one test's leftovers do not fail the tests after it too."""
        for timer in list(self.timers.keys()):
            if _alive(timer, timer.isActive):
                timer.stop()
        QThreadPool.globalInstance().waitForDone(30_000)
        for qthread in list(self.qthreads.keys()):
            if _alive(qthread, qthread.isRunning):
                qthread.quit()
                qthread.wait(30_000)
        for thread in threading.enumerate():
            if thread not in self.threads_before and not isinstance(thread, threading._DummyThread):
                thread.join(30)
