"""The tray icon: monitoring on, paused or in trouble at a glance, and a menu to open, check, pause or quit."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from creatorwatch import APP_NAME
from creatorwatch.ui.glyphs import state_icon
from creatorwatch.ui.notifications import Alert

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
        self._last_alert: Alert | None = None
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
        self._last_alert = alert
        if self.available:
            self.icon.showMessage(alert.title, alert.text, state_icon("on"), 15_000)
        self.alert_shown.emit(alert)

    def show_hint(self, title: str, text: str) -> None:
        if self.available:
            self.icon.showMessage(title, text, state_icon(self.state), 10_000)

    def hide(self) -> None:
        self.icon.hide()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_requested.emit()

    def _message_clicked(self) -> None:
        if self._last_alert is not None:
            self.alert_clicked.emit(self._last_alert.finding_id)
