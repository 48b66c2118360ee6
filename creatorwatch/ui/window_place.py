"""Where the window was left, kept exactly: its frame as drawn and its inside size. Qt's saved geometry, restored
before the window manager has drawn a frame, guessed the frame and put the window a few pixels off each restart."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSettings, QSize
from PySide6.QtWidgets import QWidget


def remember_place(window: QWidget, settings: QSettings) -> None:
    """The frame's rectangle (move() places its corner) and the inside size (what resize() sets); a window
    maximized or full screen keeps the place it had before, for when it is made normal again."""
    if window.isMaximized() or window.isFullScreen():
        return
    settings.setValue("window-frame", window.frameGeometry())
    settings.setValue("window-size", window.size())


def restore_place(window: QWidget, settings: QSettings) -> QMargins | None:
    """Put a window not yet shown back where `remember_place` found it. Returns the frame it had then, to judge
    whether it fits the screen before the window manager draws the new one; None with no place kept."""
    frame, size = settings.value("window-frame"), settings.value("window-size")
    if not isinstance(frame, QRect) or not isinstance(size, QSize) or not size.isValid():
        return None
    around = QSize(frame.width() - size.width(), frame.height() - size.height())
    if around.width() < 0 or around.height() < 0:
        return None
    if not (window.isMaximized() or window.isFullScreen()):
        window.resize(size)
        window.move(frame.topLeft())  # before the first show, move() places the frame: the client sits inside it
    side = around.width() // 2  # only the sums count for the fit: the split is a guess
    return QMargins(side, around.height() - side, around.width() - side, side)
