"""The window in a process of its own over a data home, adding a folder as the creator's "Add folder…" does
(offscreen: no screen needed): `python -c WINDOW_ADDING HOME FOLDER`, for tests that kill it or run it beside a
command."""

WINDOW_ADDING = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from creatorwatch.paths import resolve_paths
from creatorwatch.ui.main_window import MainWindow
app = QApplication([])
window = MainWindow(resolve_paths(sys.argv[1]).ensure())
window.show()
window.library.add_paths([Path(sys.argv[2])])
app.exec()
"""
