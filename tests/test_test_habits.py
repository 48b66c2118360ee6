"""The habits every test keeps are themselves tested: work left running or a warning nobody expected fails the test
that caused it and names what it was; declared and finished work passes. (One pytest run in a subprocess, with
this suite's conftest.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CASES = '''
import logging, threading, time

import pytest
from PySide6.QtCore import QRunnable, QThreadPool, QTimer
from PySide6.QtWidgets import QLabel


def test_leaves_a_thread():
    threading.Thread(target=time.sleep, args=(4,), name="sleeper").start()


def test_leaves_a_repeating_timer(qtbot):
    timer = QTimer()
    timer.start(60_000)
    test_leaves_a_repeating_timer.keep = timer


def test_leaves_a_single_shot(qtbot):
    QTimer.singleShot(60_000, lambda: None)


def test_leaves_pool_work(qtbot):
    QThreadPool.globalInstance().start(QRunnable.create(lambda: time.sleep(4)))


def test_logs_an_unexpected_warning():
    logging.getLogger("creatorwatch.somewhere").warning("the disk is on fire")


def test_expects_a_warning_that_never_comes(expect_log):
    expect_log("creatorwatch.somewhere", "the disk is on fire")


def test_finished_work_and_a_declared_warning_pass(qtbot, expect_log):
    expect_log("creatorwatch.somewhere", "on fire")
    logging.getLogger("creatorwatch.somewhere.deeper").warning("the disk is on fire")
    worker = threading.Thread(target=time.sleep, args=(0.1,))
    worker.start()
    QTimer.singleShot(10, lambda: None)
    label = QLabel()
    qtbot.addWidget(label)
    QTimer(label).start(60_000)  # goes with its widget


@pytest.mark.expect_log("creatorwatch.somewhere", "on fire")
def test_a_marker_declares_a_warning():
    logging.getLogger("creatorwatch.somewhere").warning("the disk is on fire")
'''


def test_leftover_work_and_unexpected_warnings_fail_the_test_that_caused_them(pytester: pytest.Pytester,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    pytester.makeconftest("from tests.conftest import *  # noqa: F403\n")
    pytester.makepyfile(test_cases=CASES)
    pytester.makeini("[pytest]\nqt_api = pyside6\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=8, errors=6)
    out = result.stdout.str()
    for case, says in [("test_leaves_a_thread", "Python thread 'sleeper'"),
                       ("test_leaves_a_repeating_timer", "active repeating QTimer (60000 ms)"),
                       ("test_leaves_a_single_shot", "QTimer.singleShot not yet fired"),
                       ("test_leaves_pool_work", "1 QThreadPool task(s) still running"),
                       ("test_logs_an_unexpected_warning", "unexpected WARNING from creatorwatch.somewhere: the disk"),
                       ("test_expects_a_warning_that_never_comes", "none came")]:
        assert f"ERROR test_cases.py::{case}" in out
        assert says in out, (case, out)
    assert 'test_cases.py", line 14, in test_leaves_a_repeating_timer' in out  # where it was started
