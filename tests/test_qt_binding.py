"""The Qt binding must not corrupt Python's own objects: a tray app makes millions of Qt calls over weeks."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot


def test_qt_calls_leave_the_reference_count_of_none_alone(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert app is not None
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        app.processEvents()
        label.setText("still here")
    assert sys.getrefcount(None) - before > -100, "this PySide6 release leaks references to None; see pyproject.toml"
