"""Icons for the tray's states and the window's pages: SVG drawn at every size asked for, so HiDPI stays sharp.

The packaged icons in resources/ (helper module ui/icons.py) win when present; otherwise the standard style icons.
"""

from __future__ import annotations

import importlib
from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QStyle

STATE_COLOURS = {"on": "#2e9d5b", "paused": "#8a8f98", "problem": "#d9822b", "checking": "#3d7bd9"}

_EYE = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<path d="M4 32 C14 14 50 14 60 32 C50 50 14 50 4 32 Z" fill="#ffffff" stroke="#30343b" stroke-width="4"/>
<circle cx="32" cy="32" r="11" fill="{colour}"/>
<circle cx="32" cy="32" r="4.5" fill="#30343b"/>
{badge}
</svg>"""
_BADGES = {
    "paused": '<rect x="40" y="38" width="22" height="24" rx="4" fill="#ffffff"/>'
              '<rect x="45" y="42" width="4.5" height="16" fill="#8a8f98"/><rect x="53" y="42" width="4.5" height="16"'
              ' fill="#8a8f98"/>',
    "problem": '<circle cx="51" cy="51" r="12" fill="#d9822b" stroke="#ffffff" stroke-width="2.5"/>'
               '<rect x="49" y="42" width="4" height="11" fill="#ffffff"/><rect x="49" y="55" width="4" height="4"'
               ' fill="#ffffff"/>',
}


class _SvgEngine(QIconEngine):
    """Renders the SVG afresh at each requested size and device pixel ratio."""

    def __init__(self, svg: bytes) -> None:
        super().__init__()
        self._svg = svg

    def paint(self, painter: QPainter, rect: QRectF, mode: QIcon.Mode, state: QIcon.State) -> None:  # type: ignore[override]
        QSvgRenderer(QByteArray(self._svg)).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRectF(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _SvgEngine(self._svg)


@cache
def state_icon(state: str) -> QIcon:
    """The watching eye, coloured by state: "on", "paused", "problem" or "checking"."""
    packaged = _packaged(f"tray-{state}")
    if packaged is not None:
        return packaged
    svg = _EYE.format(colour=STATE_COLOURS.get(state, STATE_COLOURS["on"]), badge=_BADGES.get(state, ""))
    return QIcon(_SvgEngine(svg.encode()))


_STANDARD = {
    "dashboard": QStyle.StandardPixmap.SP_ComputerIcon, "library": QStyle.StandardPixmap.SP_DirHomeIcon,
    "review": QStyle.StandardPixmap.SP_FileDialogDetailedView, "sources": QStyle.StandardPixmap.SP_DriveNetIcon,
    "settings": QStyle.StandardPixmap.SP_FileDialogInfoView, "add-file": QStyle.StandardPixmap.SP_FileIcon,
    "add-folder": QStyle.StandardPixmap.SP_DirIcon, "remove": QStyle.StandardPixmap.SP_TrashIcon,
    "open": QStyle.StandardPixmap.SP_DialogOpenButton, "check": QStyle.StandardPixmap.SP_BrowserReload,
    "pause": QStyle.StandardPixmap.SP_MediaPause, "play": QStyle.StandardPixmap.SP_MediaPlay,
    "stop": QStyle.StandardPixmap.SP_MediaStop, "confirm": QStyle.StandardPixmap.SP_DialogApplyButton,
    "dismiss": QStyle.StandardPixmap.SP_DialogCancelButton, "licensed": QStyle.StandardPixmap.SP_DialogYesButton,
    "compare": QStyle.StandardPixmap.SP_FileDialogContentsView, "voice": QStyle.StandardPixmap.SP_MediaVolume,
    "export": QStyle.StandardPixmap.SP_DialogSaveButton, "close": QStyle.StandardPixmap.SP_TitleBarCloseButton,
    "website": QStyle.StandardPixmap.SP_DirHomeIcon, "probe": QStyle.StandardPixmap.SP_MessageBoxQuestion,
    "takedown": QStyle.StandardPixmap.SP_FileDialogListView,
}


def symbol(name: str) -> QIcon:
    """A named icon for an action or a page."""
    packaged = _packaged(name)
    if packaged is not None:
        return packaged
    return QIcon(_FadedWhenDisabled(QApplication.style().standardIcon(_STANDARD.get(name,
                                                                             QStyle.StandardPixmap.SP_FileIcon))))


DISABLED_OPACITY = 0.35


class _FadedWhenDisabled(QIconEngine):
    """A style's icon, drawn faint when its action is unavailable: a desktop theme's dark, one-colour icon (a
    speaker) stayed as dark when greyed, so "Use as my voice" looked usable on an empty Library."""

    def __init__(self, icon: QIcon) -> None:
        super().__init__()
        self._icon = icon

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        if mode != QIcon.Mode.Disabled:
            return self._icon.pixmap(size, mode, state)
        normal = self._icon.pixmap(size, QIcon.Mode.Disabled, state)
        faded = QPixmap(normal.size())
        faded.setDevicePixelRatio(normal.devicePixelRatio())
        faded.fill(Qt.GlobalColor.transparent)
        painter = QPainter(faded)
        painter.setOpacity(DISABLED_OPACITY)
        painter.drawPixmap(0, 0, normal)
        painter.end()
        return faded

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.drawPixmap(rect, self.pixmap(rect.size(), mode, state))

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return self._icon.actualSize(size, mode, state)

    def availableSizes(self, mode: QIcon.Mode = QIcon.Mode.Normal,
                       state: QIcon.State = QIcon.State.Off) -> list[QSize]:
        return self._icon.availableSizes(mode, state)

    def clone(self) -> QIconEngine:
        return _FadedWhenDisabled(self._icon)


def _packaged(name: str) -> QIcon | None:
    try:
        icons = importlib.import_module("creatorwatch.ui.icons")  # the packaged SVG icons, when this build has them
    except ImportError:
        return None
    find = getattr(icons, "icon", None)
    try:
        found = find(name) if callable(find) else None
    except (KeyError, FileNotFoundError, ValueError):
        return None
    return found if isinstance(found, QIcon) and not found.isNull() else None
