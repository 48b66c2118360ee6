"""The next step of one takedown, as the creator records it: the same steps and details `creatorwatch takedown
sent|acknowledged|removed|refused|counter-notice` take (how and to whom a notice went, on which day, a note)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QWidget

from creatorwatch.core.evidence.takedown import STEPS
from creatorwatch.ui.takedowns_model import STEP_WORDS

NEXT = {"drafted": "sent", "sent": "acknowledged", "acknowledged": "removed", "refused": "counter-notice",
        "counter-notice": "removed", "removed": "removed"}


@dataclass(frozen=True)
class Step:
    """What Takedowns.record is given."""

    status: str
    note: str = ""
    channel: str = ""
    recipient: str = ""
    when: str | None = None  # the day it happened, None for now


def day_of(chosen: date, today: date) -> str | None:
    """The day a step happened as `--date` stores it (midnight UTC), or None for today: "now", to the second."""
    if chosen == today:
        return None
    return datetime(chosen.year, chosen.month, chosen.day, tzinfo=UTC).isoformat(timespec="seconds")


class StepForm(QGroupBox):
    """Asks for one step; `recorded(Step)` once what it needs is there (a notice sent needs how and to whom)."""

    recorded = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Record the next step", parent)
        self.step = QComboBox()
        self.step.setAccessibleName("Step")
        for status in STEPS:
            self.step.addItem(STEP_WORDS[status], status)
        self.channel = QLineEdit(placeholderText="email, web form, post…")
        self.channel.setAccessibleName("Sent by")
        self.recipient = QLineEdit(placeholderText="copyright@host.example")
        self.recipient.setAccessibleName("Sent to")
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setAccessibleName("On")
        self.day.setMaximumDate(QDate.currentDate())
        self.day.setDisplayFormat("d MMM yyyy")
        self.note = QLineEdit(placeholderText="a ticket number, what they answered…")
        self.note.setAccessibleName("Note with the step")
        self.problem = QLabel(wordWrap=True)
        self.problem.setObjectName("step-problem")
        self.problem.hide()
        self.record_button = QPushButton("Record step")
        self.record_button.clicked.connect(self._record)
        form = QFormLayout(self)
        form.addRow("Step", self.step)
        form.addRow("Sent by", self.channel)
        form.addRow("Sent to", self.recipient)
        form.addRow("On", self.day)
        form.addRow("Note", self.note)
        form.addRow(self.problem)
        form.addRow(self.record_button)
        self.step.currentIndexChanged.connect(self._show_fields)
        for field in (self.channel, self.recipient, self.note):
            field.returnPressed.connect(self._record)
        self._show_fields()

    def follow_from(self, status: str | None) -> None:
        """Offer the step that usually comes after `status`, with the fields cleared (None: nothing chosen)."""
        self.setEnabled(status is not None)
        self.step.setCurrentIndex(max(0, self.step.findData(NEXT.get(status or "", "sent"))))
        for field in (self.channel, self.recipient, self.note):
            field.clear()
        self.day.setDate(QDate.currentDate())
        self.problem.hide()

    def _show_fields(self) -> None:
        sent = self.step.currentData() == "sent"
        form = self.layout()
        assert isinstance(form, QFormLayout)
        for field in (self.channel, self.recipient):
            form.setRowVisible(field, sent)

    def _record(self) -> None:
        status = str(self.step.currentData())
        channel, recipient = self.channel.text().strip(), self.recipient.text().strip()
        if status == "sent" and not (channel and recipient):
            self.problem.setText("Say how the notice was sent and to whom: both are kept in its log.")
            self.problem.show()
            (self.channel if not channel else self.recipient).setFocus()
            return
        self.problem.hide()
        chosen = self.day.date()
        when = day_of(date(chosen.year(), chosen.month(), chosen.day()), date.today())
        self.recorded.emit(Step(status, self.note.text().strip(), channel if status == "sent" else "",
                                recipient if status == "sent" else "", when))
