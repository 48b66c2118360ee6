"""The tray icon: monitoring on, paused or in trouble at a glance, and a menu to open, check, pause or quit."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from creatorwatch import APP_NAME
from creatorwatch.ui.glyphs import state_icon
from creatorwatch.ui.notifications import Alert

BALLOON_MS = 8000  # a balloon goes after some seconds: one stayed over the window for minutes
STATE_WORDS = {"on": "watching", "paused": "paused", "problem": "a source needs attention", "checking": "checking…"}


class Tray(QObject):
    open_requested = Signal()
    check_requested = Signal()
    pause_toggled = Signal(bool)  # True: pause
    quit_requested = Signal()
    alert_clicked = Signal(int)  # the finding to open
    alert_shown = Signal(object)

    def __init__(self, available: bool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = QSystemTrayIcon.isSystemTrayAvailable() if available is None else available
        self.state = "on"
        self._shown_alert: Alert | None = None  # the alert in the balloon now; None for a hint
        self._balloon_ends = QTimer(self, singleShot=True, interval=BALLOON_MS + 2000)
        self._balloon_ends.timeout.connect(close_balloon)
        self.menu = QMenu()
        self.open_action = self._action("Open CreatorWatch", self.open_requested.emit)
        self.check_action = self._action("Check now", self.check_requested.emit)
        self.pause_action = self._action("Pause monitoring", lambda: self.pause_toggled.emit(not self.paused))
        self.menu.addSeparator()
        self.quit_action = self._action("Quit", self.quit_requested.emit)
        self.icon = QSystemTrayIcon(state_icon("on"), self)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self._message_clicked)
        self.set_state("on")
        if self.available:
            self.icon.show()

    def _action(self, text: str, slot: object) -> QAction:
        action = QAction(text, self.menu)
        action.triggered.connect(slot)
        self.menu.addAction(action)
        return action

    @property
    def paused(self) -> bool:
        return self.state == "paused"

    def set_state(self, state: str, detail: str = "") -> None:
        """"on", "paused", "problem" or "checking"; `detail` adds a line to the tooltip."""
        self.state = state
        self.icon.setIcon(state_icon(state))
        self.icon.setToolTip(f"{APP_NAME}: {STATE_WORDS.get(state, state)}" + (f"\n{detail}" if detail else ""))
        self.pause_action.setText("Resume monitoring" if state == "paused" else "Pause monitoring")

    def show_alert(self, alert: Alert) -> None:
        self._shown_alert = alert
        if self.available:
            self.icon.showMessage(alert.title, alert.text, state_icon("on"), BALLOON_MS)
            self._balloon_ends.start()
        self.alert_shown.emit(alert)

    def show_hint(self, title: str, text: str) -> None:
        self._shown_alert = None  # a click on it opens the window, not an earlier alert's find
        if self.available:
            self.icon.showMessage(title, text, state_icon(self.state), BALLOON_MS)
            self._balloon_ends.start()

    def hide(self) -> None:
        self.available = False  # quitting: no balloon after this
        self._balloon_ends.stop()
        close_balloon()
        self.icon.hide()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_requested.emit()

    def _message_clicked(self) -> None:
        """A click on a balloon always opens something: the alert's strongest find, or the window for a hint."""
        if self._shown_alert is not None:
            self.alert_clicked.emit(self._shown_alert.finding_id)
        else:
            self.open_requested.emit()


def close_balloon() -> None:
    """Close Qt's own balloon (drawn where the desktop has no notification service) once its time is up: Qt keeps
    it up for as long as the pointer rests on it, which a pointer left in that corner of the screen does."""
    for widget in QApplication.topLevelWidgets():
        if widget.metaObject().className() == "QBalloonTip" and widget.isVisible():
            widget.close()
