"""The desktop application: QApplication, the main window, and a clean shutdown."""

from __future__ import annotations

import os
import sys
from typing import cast

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from creatorwatch import APP_ID, APP_NAME, __version__
from creatorwatch.paths import Paths
from creatorwatch.ui.crash import install_crash_handler
from creatorwatch.ui.desktop import Desktop
from creatorwatch.ui.icons import app_icon
from creatorwatch.ui.main_window import MainWindow

SMOKE_TEST_ENV = "CREATORWATCH_SMOKE_TEST"  # set: quit as soon as the window is shown (packaging/build.sh)


def run_app(paths: Paths) -> int:
    crashes = install_crash_handler(paths.logs)  # first, so whatever goes wrong from here on leaves a crash log
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    desktop = Desktop(paths, app)
    if not desktop.start():
        return 0  # another CreatorWatch was already running; it came forward instead
    window = desktop.window
    crashes.tell_about_earlier_crashes(window)
    if os.environ.get(SMOKE_TEST_ENV):
        QTimer.singleShot(0, lambda: _end_smoke_test(window))
    code = app.exec()
    QThreadPool.globalInstance().waitForDone(10_000)
    return code


def _end_smoke_test(window: MainWindow) -> None:
    """The packaged app started, showed its window and can draw its icon: say so and quit (status 1 if not)."""
    shown = window.isVisible() and not window.windowIcon().pixmap(32).isNull()
    print(f"smoke test: window {'shown' if shown else 'NOT shown, or without its icon'}", flush=True)
    window.close()
    QApplication.exit(0 if shown else 1)
