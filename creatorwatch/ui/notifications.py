"""Alerts for new finds: batched so ten finds make one alert, and shown by the best way this desktop offers.

Back-ends are tried in order (system tray → a banner in the window); one that cannot work here refuses in its
constructor and the next is tried, so a desktop without a tray still hears about new finds and never crashes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from creatorwatch.core.records.allowlist import pattern_covers
from creatorwatch.core.records.found_where import found_where
from creatorwatch.core.wording.words import counted

BATCH_MS = 1500  # finds arriving within this window of each other make one alert


@dataclass(frozen=True)
class Alert:
    title: str
    text: str
    finding_id: int  # the find to open when the alert is clicked: the strongest of the batch
    count: int


class AlertBatcher(QObject):
    """Collects match_found / mention_found event data; emits `ready(Alert)` once the burst is over."""

    ready = Signal(object)

    def __init__(self, parent: QObject | None = None, batch_ms: int = BATCH_MS) -> None:
        super().__init__(parent)
        self.enabled = True
        self.include_mentions = True
        self.allowlist: list[str] = []
        self._pending: list[dict[str, Any]] = []
        self._timer = QTimer(self, singleShot=True, interval=batch_ms)
        self._timer.timeout.connect(self.flush)

    def add(self, find: dict[str, Any]) -> None:
        if not self.enabled or (find.get("type") == "mention" and not self.include_mentions):
            return
        if any(pattern_covers(p, str(find.get("candidate_url", ""))) for p in self.allowlist):
            return
        self._pending.append(find)
        self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        finds, self._pending = self._pending, []
        if finds:
            self.ready.emit(describe(finds))

    def stop(self) -> None:
        self._timer.stop()
        self._pending.clear()


def describe(finds: Sequence[dict[str, Any]]) -> Alert:
    """One alert in plain words for a burst of finds."""
    best = max(finds, key=_strength)
    places = sorted({found_where(str(f.get("candidate_url", "")), str(f.get("source", ""))) for f in finds})
    other = "other site" if not any(p.startswith("in ") for p in places) else "other place"
    where = places[0] if len(places) == 1 else f"{places[0]} and {counted(len(places) - 1, other)}"
    voices = sum(f.get("kind") == "voice" for f in finds)
    matches = sum(f.get("type") == "match" for f in finds) - voices
    mentions = len(finds) - matches - voices
    if len(finds) == 1:
        if voices:
            title = "Something sounds like your voice"
            text = f"Heard {where}, {round(float(best.get('score', 0)) * 100)}% alike. Click to listen."
        elif matches:
            work = str(best.get("work_title") or "")
            title = f"A possible copy of “{work}”" if work else "A possible copy of your work"
            text = f"Found {where}, {round(float(best.get('score', 0)) * 100)}% alike. Click to compare."
        else:
            title = "You were named somewhere new"
            text = f"“{best.get('term', '')}” appears {where}. Click to review."
    else:
        parts = [p for p in (counted(matches, "possible copy", "possible copies"),
                             counted(voices, "voice likeness", "voice likenesses"), counted(mentions, "mention"))
                 if not p.startswith("0 ")]
        title = f"{len(finds)} new finds"
        text = f"{' and '.join(parts)} {where}. Click to open the strongest."
    return Alert(title, text, int(best["id"]), len(finds))


def _strength(find: dict[str, Any]) -> tuple[int, float]:
    """A possible copy outranks a voice likeness, which outranks a mention (always scored 1.0: the name is there)."""
    rank = 0 if find.get("type") == "mention" else 1 if find.get("kind") == "voice" else 2
    return rank, float(find.get("score", 0))


class NotifierUnavailable(Exception):
    """This back-end cannot show alerts on this desktop."""


class Notifier(Protocol):
    def show(self, alert: Alert) -> None: ...


class TrayShows(Protocol):
    available: bool

    def show_alert(self, alert: Alert) -> None: ...


class TrayNotifier:
    """Alerts as tray balloons or desktop notifications."""

    def __init__(self, tray: TrayShows) -> None:
        if not tray.available or not QSystemTrayIcon.supportsMessages():
            raise NotifierUnavailable("no system tray that can show messages")
        self._tray = tray

    def show(self, alert: Alert) -> None:
        self._tray.show_alert(alert)


class WindowNotifier:
    """Alerts as a banner at the top of the window, which comes forward to show it."""

    def __init__(self, show_banner: Callable[[Alert], None]) -> None:
        self._show = show_banner

    def show(self, alert: Alert) -> None:
        self._show(alert)


def first_notifier(factories: Iterable[Callable[[], Notifier]]) -> Notifier:
    """The first back-end that agrees to work here."""
    for factory in factories:
        try:
            return factory()
        except NotifierUnavailable:
            continue
    raise NotifierUnavailable("no way to show alerts")
