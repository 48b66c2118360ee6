"""Run by test_read_only_data.py in a namespace of its own, where the data folder is mounted read-only: opens the
whole app (its real scheduler) over the home given, lets its first reads finish and prints what a creator sees, as
JSON. Not a test module itself: it needs a disk the test process cannot mount."""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox

from creatorwatch.paths import resolve_paths
from creatorwatch.ui.could_not_read import ReadOrReason
from creatorwatch.ui.desktop import Desktop
from creatorwatch.ui.theme import is_dark


def _settle(app: QApplication, seconds: float) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        QThreadPool.globalInstance().waitForDone(100)
        app.processEvents()


def main(home: str) -> None:
    app = QApplication(["creatorwatch"])
    desktop = Desktop(resolve_paths(home), app, tray_available=False)
    assert desktop.start()
    _settle(app, 4.0)
    window = desktop.window
    window.library.table.selectAll()
    window.library.table.clearSelection()
    _settle(app, 0.5)
    pages = window.findChildren(ReadOrReason)
    seen = {
        "unreadable": [page.unread.label.text() for page in pages if page.unreadable()],
        "banner": window.read_only.text.text() if window.read_only.isVisible() else "",
        "dark": is_dark(),
        "works": window.library.model.rowCount(),
        "voice_enabled": window.library.voice.action.isEnabled(),
        "status": window.statusBar().currentMessage(),
        "watching": desktop.watching,
        "paused": desktop.paused,
    }
    window.library.table.selectAll()
    _settle(app, 0.5)
    library = window.library
    writing = {"add files": library.add_files_action, "add folder": library.add_folder_action,
               "remove": library.remove_action, "my voice": library.voice.action}
    seen["writing_enabled"] = [name for name, action in writing.items() if action.isEnabled()]
    seen["writing_tips"] = sorted({action.toolTip() for action in writing.values()})
    seen["term_add_enabled"] = window.terms.add_button.isEnabled()
    seen["term_add_tip"] = window.terms.add_button.toolTip()
    seen["checks"] = window.dashboard.checks.text()
    library.remove_action.trigger()  # greyed: nothing happens, nothing to refuse
    _settle(app, 2.0)
    seen["after_remove"] = [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]
    seen["works_after_remove"] = library.model.rowCount()
    desktop.shutdown()
    print(json.dumps(seen))


if __name__ == "__main__":
    main(sys.argv[1])
