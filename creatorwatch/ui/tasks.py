"""Run slow core work off the main thread and bring its result, progress or error back to the main thread.

    run_in_background(op, on_done, on_error, on_progress)

`op(progress)` runs on a pool thread and must never touch a widget; it may call progress(done, total, text).
on_done / on_error / on_progress run on the main thread, delivered through queued signals.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import cache
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThread, QThreadPool, Signal, Slot
from PySide6.QtGui import QImageReader

log = logging.getLogger(__name__)

T = TypeVar("T")
PROGRESS_EVERY = 0.05  # seconds between progress updates shown: 20 a second looks smooth
Progress = Callable[[int, int, str], None]


class _Relay(QObject):
    """Lives on the main thread; signals emitted from the worker reach its slots through the event queue."""

    done = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


class BackgroundTask(QObject, Generic[T]):
    """A handle on running work; `running` is True until its result or error has been delivered."""

    def __init__(self, op: Callable[[Progress], T], on_done: Callable[[T], None],
                 on_error: Callable[[BaseException], None] | None,
                 on_progress: Callable[[int, int, str], None] | None) -> None:
        super().__init__()
        self._op = op
        self._relay = _Relay()
        self._relay.done.connect(self._finish_done)
        self._relay.failed.connect(self._finish_failed)
        self._relay.progressed.connect(self._report_progress)
        self._on_done, self._on_error, self._on_progress = on_done, on_error, on_progress
        self.running = True
        self._last_progress = -PROGRESS_EVERY

    def run(self) -> None:  # on a pool thread
        try:
            result = self._op(self._progress)
        except BaseException as exc:
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)

    def _progress(self, done: int, total: int, text: str) -> None:  # on the pool thread
        """Pass progress on at most every PROGRESS_EVERY seconds, and always the last step: eyes need no more, and
        each update is work for the window (1,000 small files would queue 1,000 repaints)."""
        now = time.monotonic()
        last_step = 0 < total <= done
        if not last_step and now - self._last_progress < PROGRESS_EVERY:
            return
        self._last_progress = now
        self._relay.progressed.emit(done, total, text)

    @Slot(int, int, str)
    def _report_progress(self, done: int, total: int, text: str) -> None:
        if self._on_progress is not None and self.running:
            self._on_progress(done, total, text)

    @Slot(object)
    def _finish_done(self, result: Any) -> None:
        self.running = False
        _live.discard(self)
        if not _gone(self._on_done):
            self._on_done(result)

    @Slot(object)
    def _finish_failed(self, exc: BaseException) -> None:
        self.running = False
        _live.discard(self)
        if self._on_error is None:
            log.error("background work failed", exc_info=exc)
        elif _gone(self._on_error):
            log.info("background work failed after its page closed: %s", exc)
        else:
            self._on_error(exc)


def _gone(callback: Callable[..., Any]) -> bool:
    """A callback for a widget that was closed and deleted meanwhile (a page reloading as the window quits): a
    method of it, or a function — a lambda — that refers to it or to one of its parts. Calling it would raise
    "Internal C++ object already deleted" from the event loop."""
    referred = [getattr(callback, "__self__", None)]
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            referred.append(cell.cell_contents)
        except ValueError:  # a cell not yet filled
            continue
    return any(isinstance(obj, QObject) and not shiboken6.isValid(obj) for obj in referred)


_live: set[BackgroundTask[Any]] = set()  # keeps tasks alive until their result has been delivered


@cache
def _load_image_plugins() -> None:
    """Load Qt's image-format plugins here, on the main thread, before any worker decodes a picture. A plugin
    first loaded on a worker is moved to the main thread under a Qt lock while the worker holds Python's lock; if
    the main thread meanwhile waits for Python inside Qt (a signal disconnected), both wait for ever (seen in a full
    test run: a thumbnail on a worker, the window disconnecting a timer)."""
    QImageReader.supportedImageFormats()


def pending() -> int:
    """How many operations have started and not yet delivered their result: the window has settled at 0."""
    return len(_live)


def run_in_background(
    op: Callable[[Progress], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> BackgroundTask[T]:
    """Start `op` on the global thread pool. Must be called from the main thread."""
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        raise RuntimeError("run_in_background must be called from the main thread")
    _load_image_plugins()
    task: BackgroundTask[T] = BackgroundTask(op, on_done, on_error, on_progress)
    _live.add(task)
    QThreadPool.globalInstance().start(QRunnable.create(task.run))
    return task
