"""A column whose cells keep to one line in a table that wraps its others (the Library's titles go on over two
lines): a text's first line in Details was cut after a few words and then wrapped on below ("Chapter 1. Hac… /
Slang and / Hacker Culture"), three lines in a row two high. Here it is one line cut at its end with "…"; the
model's tooltip holds it whole."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem


class OneLineCells(QStyledItemDelegate):
    """Draws a cell's text on one line, elided at the right, whatever the table's word wrap."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
        option.textElideMode = Qt.TextElideMode.ElideRight
