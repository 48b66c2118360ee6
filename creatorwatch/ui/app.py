"""The desktop application: QApplication, the main window, and a clean shutdown."""

from __future__ import annotations

import sys
from typing import cast

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from creatorwatch import APP_ID, APP_NAME, __version__
from creatorwatch.paths import Paths
from creatorwatch.ui.main_window import MainWindow


def run_app(paths: Paths) -> int:
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    window = MainWindow(paths)
    window.show()
    code = app.exec()
    QThreadPool.globalInstance().waitForDone(10_000)
    return code
