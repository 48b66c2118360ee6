"""Say why the window cannot open, in a window: started from the applications menu there is no terminal, so a
message printed to standard error (an unwritable data folder) left the creator with nothing at all."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from creatorwatch import APP_NAME


def tell_cannot_start(text: str) -> None:
    """Show `text` in a box and wait until it is closed (nothing else is running yet)."""
    app = QApplication.instance() or QApplication([APP_NAME])
    box = QMessageBox(QMessageBox.Icon.Critical, f"{APP_NAME} cannot start", text)
    box.setObjectName("cannot-start")
    box.exec()
    del app
