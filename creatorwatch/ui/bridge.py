"""Core events ─► Qt signals, queued onto the main thread, so widgets hear the core without being touched by it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from creatorwatch.core.store.events import Event, EventHub


class Bridge(QObject):
    """Create on the main thread; `core_event` is emitted from whatever thread published and delivered queued."""

    core_event = Signal(object)

    def __init__(self, hub: EventHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe = hub.subscribe(self._forward)
        self.destroyed.connect(lambda *_: self._unsubscribe())

    def _forward(self, event: Event) -> None:
        self.core_event.emit(event)

    def close(self) -> None:
        self._unsubscribe()
