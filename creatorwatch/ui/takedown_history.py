"""One find's custody log as `creatorwatch takedown show` prints it (found, captured, reviewed, exported, each
takedown step and note, oldest first), in words and local times a creator reads at a glance."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from creatorwatch.core.evidence.custody import CustodyEntry
from creatorwatch.core.wording.times import local_short

ACTION_WORDS = {"detected": "Found", "captured": "Copy captured", "reviewed": "Reviewed", "exported": "Evidence saved",
                "notice_drafted": "Notice drafted", "takedown_drafted": "Takedown drafted",
                "takedown_sent": "Notice sent", "takedown_acknowledged": "Acknowledged", "takedown_removed": "Removed",
                "takedown_refused": "Refused", "takedown_counter_notice": "Counter-notice", "note": "Note",
                "url_gone": "Address gone", "content_changed": "Content changed"}


def entry_line(entry: CustodyEntry) -> str:
    """"12 Mar, 09:30  Notice sent — channel: email, recipient: …": what `takedown show` says (its hashes left out
    here too), with the action in words."""
    words = ACTION_WORDS.get(entry.action, entry.action.replace("_", " ").capitalize())
    detail = ", ".join(f"{k}: {v}" for k, v in entry.detail.items() if k != "sha256")
    return f"{local_short(entry.at, entry.at)}  {words}" + (f" \u2014 {detail}" if detail else "")


class TakedownHistory(QPlainTextEdit):
    """Read-only, selectable (a line can be copied into a reply to the host)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setAccessibleName("Log of the chosen takedown")
        self.setPlaceholderText("Choose a takedown above to see everything that happened to its find.")

    def show_entries(self, entries: list[CustodyEntry]) -> None:
        self.setPlainText("\n".join(entry_line(e) for e in entries))

    def lines(self) -> list[str]:
        text = self.toPlainText()
        return text.split("\n") if text else []
