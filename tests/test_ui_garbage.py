"""While the window runs, Python's cyclic garbage is collected on the Qt main thread only: a Qt object freed by
the collector on a worker thread can deadlock the window (seen: a window frozen in show())."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from creatorwatch.ui.garbage import MainThreadCollector


class Holder:
    """A Qt object kept in a reference cycle: only the cyclic collector can free it."""

    def __init__(self) -> None:
        self.me = self
        self.qobject = QObject()


def test_cycles_are_freed_by_the_timer_on_the_main_thread(qtbot: QtBot) -> None:
    was_enabled = gc.isenabled()
    collector = MainThreadCollector()
    collector.start()
    try:
        assert not gc.isenabled()  # no thread collects on its own
        freed_in: list[threading.Thread] = []
        holder = Holder()
        weakref.finalize(holder, lambda: freed_in.append(threading.current_thread()))
        del holder
        kept = [[i] for i in range(5_000)]  # live allocations past the youngest generation's threshold
        qtbot.waitUntil(lambda: bool(freed_in), timeout=10_000)
        del kept
        assert freed_in == [threading.main_thread()]
    finally:
        collector.stop()
    assert gc.isenabled() == was_enabled
