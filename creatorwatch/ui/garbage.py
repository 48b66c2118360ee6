"""Python's cyclic garbage collector, run on the Qt main thread only.

Left automatic, the collector runs in whichever thread happens to allocate. A Qt object it frees on a worker
thread can deadlock the app: the worker holds Qt's connection lock while it waits for the interpreter, and the
main thread holds the interpreter while it waits for that lock (seen in a test run: a window froze in show()).
So automatic collection is switched off while the window runs, and a timer on the main thread collects as the
automatic collector would have (qutebrowser does the same, for the same reason)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self, interval=INTERVAL_MS)
        self._timer.timeout.connect(self._collect)
        self._was_enabled = gc.isenabled()

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Collect what is left here, on the main thread, and hand collection back as it was."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    def _collect(self) -> None:
        """The oldest generation whose threshold is passed, as the automatic collector chooses."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if thresholds[generation] and counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return
