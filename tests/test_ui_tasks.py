"""Background work as the window sees it: results, errors and progress come back on the main thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QEvent, QThread, QThreadPool
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from creatorwatch.ui import tasks
from creatorwatch.ui.tasks import Progress, run_in_background


def test_result_error_and_progress_arrive_on_the_main_thread(qtbot: QtBot) -> None:
    main = QThread.currentThread()
    seen: list[tuple[str, object, bool]] = []

    def count(progress: Progress) -> int:
        for step in range(1, 4):
            progress(step, 3, f"file {step}")
        return threading.get_ident()

    run_in_background(count, lambda worker: seen.append(("done", worker, QThread.currentThread() is main)),
                      on_progress=lambda done, total, text: seen.append(("progress", text,
                                                                          QThread.currentThread() is main)))
    run_in_background(lambda _p: 1 / 0, lambda _r: None,
                      lambda exc: seen.append(("error", type(exc), QThread.currentThread() is main)))
    qtbot.waitUntil(lambda: tasks.pending() == 0)
    assert all(on_main for _kind, _value, on_main in seen)
    assert ("error", ZeroDivisionError, True) in seen
    done = next(value for kind, value, _ in seen if kind == "done")
    assert done != threading.get_ident()  # the work itself ran elsewhere
    assert [value for kind, value, _ in seen if kind == "progress"][-1] == "file 3"


def test_a_flood_of_progress_reaches_the_window_as_a_few_updates_ending_with_the_last(qtbot: QtBot) -> None:
    shown: list[int] = []

    def many(progress: Progress) -> None:
        for step in range(1, 100_001):
            progress(step, 100_000, "")

    run_in_background(many, lambda _r: None, on_progress=lambda done, _total, _text: shown.append(done))
    qtbot.waitUntil(lambda: tasks.pending() == 0)
    assert shown[-1] == 100_000
    assert len(shown) < 1_000  # not one repaint per step


def test_a_result_for_a_label_deleted_meanwhile_goes_nowhere(qtbot: QtBot) -> None:
    """The flaky "Internal C++ object (QLabel) already deleted": a lambda holding a page's label was called with a
    result that arrived after the page was closed and deleted (only a widget's own methods were checked)."""
    label = QLabel("Looking in the keyring…")
    release = threading.Event()
    run_in_background(lambda _p: release.wait(10), lambda _r: label.setText("found"),
                      lambda exc: label.setText(str(exc)))
    run_in_background(lambda _p: release.wait(10) and 1 / 0, lambda _r: label.setText("found"),
                      lambda exc: label.setText(str(exc)))
    label.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    release.set()
    assert QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.waitUntil(lambda: tasks.pending() == 0)  # before the fix: RuntimeError raised in the slot, failing here
