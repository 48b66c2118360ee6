"""Started from the applications menu (no terminal), a window that cannot open because its data folders cannot
be written says so in a window, with what to do; it used to print to a terminal nobody saw, and nothing opened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from creatorwatch.cli import main


def test_an_unwritable_home_is_told_in_a_window(qtbot: QtBot, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "logs").write_text("a file where the log folder should be", encoding="utf-8")
    shown: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, read_and_close)
            return
        shown.append(box.text())
        box.accept()

    QTimer.singleShot(50, read_and_close)
    assert main(["--home", str(home), "gui"]) == 1
    assert len(shown) == 1
    assert shown[0].startswith(f"Cannot write to {home / 'logs'}")
    assert "make them writable, or choose another folder with --home DIR" in shown[0]
