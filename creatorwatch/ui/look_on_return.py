"""Calls a look (the Library's check for moved and changed files) when the creator comes back to CreatorWatch, at most
once a minute: a work file moved while the window was open was not noticed until `creatorwatch works` ran."""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

EVERY_SECONDS = 60.0  # switching windows back and forth re-reads the library at most this often


class LookOnReturn(QObject):
    def __init__(self, look: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self.look = look
        self._last = monotonic()  # the window's opening look counts: no second one when it first gets the focus
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.applicationStateChanged.connect(self._state_changed)

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive or monotonic() - self._last < EVERY_SECONDS:
            return
        self._last = monotonic()
        self.look()
