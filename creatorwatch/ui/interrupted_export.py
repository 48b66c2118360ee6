"""Says once, when the window opens, that an export was cut short when CreatorWatch last closed (killed, crashed, the
computer switched off) and that the start-up sweep removed its unfinished file: it was only logged, and a creator
looking for the bundle found nothing and no reason."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette

from creatorwatch.core.evidence.export_record import interrupted_sentence
from creatorwatch.ui.bar_frame import BarFrame


class InterruptedExport(BarFrame):
    review_requested = Signal()  # exports are made again from Review

    def __init__(self) -> None:
        super().__init__("interrupted-export", "Export not finished", ("Open Review", "Dismiss"),
                         QPalette.ColorRole.AlternateBase)
        self.first.clicked.connect(self.hide)
        self.first.clicked.connect(self.review_requested)
        self.second.clicked.connect(self.hide)

    def show_dropped(self, dropped: list[Path]) -> None:
        """Shown for the exports the start-up sweep dropped; nothing at all when there were none."""
        if not dropped:
            return
        self.text.setText(f"{interrupted_sentence(dropped)[:-1]} from Review.")
        self.text.setToolTip("\n".join(str(path) for path in dropped))
        self.setAccessibleDescription(self.text.text())
        self.show()
