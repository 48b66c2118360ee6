"""Keeps the main window inside the screen it opens on: its first size (1100 × 700), or a size saved on a larger
screen, cut off the right column and the status bar on a 1024 × 600 laptop."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, Qt
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# What a window manager adds around a window not yet shown (title bar, borders), until its real frame is known.
FRAME_GUESS = QMargins(4, 30, 4, 4)


def fit_to_screen(window: QWidget) -> None:
    """Shrink the window to the available room of its screen, its frame included, and move it so all of it is on
    that screen. Its screen: the one under its middle once it has a place (a restored one); before, the one under
    the pointer, where window managers open a new window."""
    placed = window.isVisible() or window.testAttribute(Qt.WidgetAttribute.WA_Moved)
    screen = _screen_of(window, placed)
    if screen is None or window.isMaximized() or window.isFullScreen():
        return
    room = screen.availableGeometry()
    frame = _frame_margins(window)
    inner = room.marginsRemoved(frame)
    if inner.width() <= 0 or inner.height() <= 0:
        return
    size = window.size().boundedTo(inner.size()).expandedTo(window.minimumSize())
    if size != window.size():
        window.resize(size)
    client = QRect(window.geometry().topLeft(), size)
    if not placed or inner.contains(client):
        return  # a window given no place yet is left where the window manager puts it
    left = min(max(client.left(), inner.left()), inner.right() - size.width() + 1)
    top = min(max(client.top(), inner.top()), inner.bottom() - size.height() + 1)
    window.move(left - frame.left(), top - frame.top())  # move() places the frame; the client sits inside it


def _frame_margins(window: QWidget) -> QMargins:
    """The frame the window manager draws around the window, or a guess before it has drawn one."""
    outer, inner = window.frameGeometry(), window.geometry()
    if outer == inner:
        return FRAME_GUESS
    return QMargins(inner.left() - outer.left(), inner.top() - outer.top(), outer.right() - inner.right(),
                    outer.bottom() - inner.bottom())


def _screen_of(window: QWidget, placed: bool) -> QScreen | None:
    where = QRect(window.pos(), window.size()).center() if placed else QCursor.pos()
    return QGuiApplication.screenAt(where) or window.screen() or QGuiApplication.primaryScreen()
