"""A toolbar action that cannot be used looks it, icon and all: a desktop theme's dark one-colour speaker stayed as
dark when greyed, so "Use as my voice" looked usable on an empty Library (and did nothing when clicked)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QApplication

from creatorwatch.ui.glyphs import symbol


def _ink(image: QImage) -> int:
    return sum(image.pixelColor(x, y).alpha() for x in range(image.width()) for y in range(image.height()))


def test_unavailable_actions_draw_their_icons_faint(qapp: QApplication) -> None:
    for name in ("voice", "protect", "probe", "remove", "open", "confirm", "export"):
        icon = symbol(name)
        usable = _ink(icon.pixmap(QSize(24, 24), QIcon.Mode.Normal).toImage())
        unusable = _ink(icon.pixmap(QSize(24, 24), QIcon.Mode.Disabled).toImage())
        assert 0 < unusable <= usable * 0.4, name
