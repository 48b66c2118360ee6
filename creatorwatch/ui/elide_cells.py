"""Cells cut where it hurts least, as their model says per cell: a found file's name ("re_templates_burnt_bark.jpg in
bulk2") lost its middle, the one part that told twelve finds apart, where a long web address is best cut there."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

ELIDE_ROLE = Qt.ItemDataRole.UserRole + 40  # a Qt.TextElideMode, or None for the table's own


class ElideAsAsked(QStyledItemDelegate):
    """Draws a cell cut as its model's ELIDE_ROLE asks, else as the table cuts its cells."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        mode = index.data(ELIDE_ROLE)
        if isinstance(mode, Qt.TextElideMode):
            option.textElideMode = mode
