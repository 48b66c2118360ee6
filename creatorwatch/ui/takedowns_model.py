"""The takedowns being followed as one Qt table model: what each is about (the work, the site) and how far it got,
read on a pool thread from the same rows `creatorwatch takedown list` reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlite_utils
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from creatorwatch.core.evidence.takedown import Takedown, Takedowns
from creatorwatch.core.records.findings import Findings
from creatorwatch.core.wording.times import local_short
from creatorwatch.ui.matches_model import where
from creatorwatch.ui.rows_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
STEP_WORDS = {"drafted": "Drafted", "sent": "Sent", "acknowledged": "Acknowledged", "removed": "Removed",
              "refused": "Refused", "counter-notice": "Counter-notice"}


@dataclass(frozen=True)
class FollowedTakedown:
    """One row: the takedown, and the words that name its find (the work copied, or the term a mention names)."""

    takedown: Takedown
    subject: str
    days: int | None  # since the notice was sent, as `takedown list` counts them

    @property
    def id(self) -> int:
        return self.takedown.match_id

    @property
    def address(self) -> str:
        return self.takedown.media_url or self.takedown.candidate_url


def read_takedowns(db: sqlite_utils.Database, closed_too: bool) -> list[FollowedTakedown]:
    """The takedowns followed (open ones only unless `closed_too`), each with what its find is about."""
    findings = Findings(db)
    titles = findings.work_titles()
    rows = []
    for takedown in Takedowns(db).all(open_only=not closed_too):
        find = findings.get(takedown.match_id)
        if find is not None and find.type == "mention":
            subject = f"\u201c{find.term}\u201d named"
        else:
            subject = titles.get(takedown.work_id or -1, "(removed from the library)")
        rows.append(FollowedTakedown(takedown, subject, takedown.days_since_sent()))
    return rows


class TakedownsModel(RowsTableModel):
    HEADERS = ("Find", "Your work", "Where", "Step", "Sent", "Days since sent", "Last re-check")

    def sort_key(self, column: int) -> Callable[[Any], Any]:
        keys: tuple[Callable[[FollowedTakedown], Any], ...] = (
            lambda r: r.id, lambda r: r.subject.casefold(), lambda r: where(r.address),
            lambda r: list(STEP_WORDS).index(r.takedown.status) if r.takedown.status in STEP_WORDS else 99,
            lambda r: r.takedown.sent_at or "", lambda r: -1 if r.days is None else r.days,
            lambda r: r.takedown.check_result or "")
        return keys[column]

    def rows_reordered(self) -> None:
        self._where = {row.id: number for number, row in enumerate(self._rows)}

    def row_of(self, match_id: int) -> int | None:
        return getattr(self, "_where", {}).get(match_id)

    def followed_at(self, row: int) -> FollowedTakedown:
        followed: FollowedTakedown = self._rows[row]
        return followed

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.followed_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return row.address
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(row: FollowedTakedown, column: int) -> str:
        t = row.takedown
        return (f"#{row.id}", row.subject, where(row.address), STEP_WORDS.get(t.status, t.status),
                local_short(t.sent_at, "not yet"), "" if row.days is None else str(row.days),
                t.check_result or "")[column]
