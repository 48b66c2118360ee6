"""Keeps the main window inside the screen it opens on: its first size (1100 × 700), or a size saved on a larger
screen, cut off the right column and the status bar on a 1024 × 600 laptop."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, Qt
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# What a window manager adds around a window not yet shown (title bar, borders), until its real frame is known.
FRAME_GUESS = QMargins(4, 30, 4, 4)


def fit_to_screen(window: QWidget, frame_before: QMargins | None = None) -> None:
    """Shrink the window to the available room of its screen, its frame included, and move it so all of it is on
    that screen. Its screen: the one under its middle once it has a place (a restored one); before, the one under
    the pointer, where window managers open a new window. `frame_before`: the frame it had when last shown, nearer
    than a guess until the window manager draws the new one."""
    placed = window.isVisible() or window.testAttribute(Qt.WidgetAttribute.WA_Moved)
    screen = _screen_of(window, placed)
    if screen is None or window.isMaximized() or window.isFullScreen():
        return
    room = screen.availableGeometry()
    frame = _frame_margins(window, frame_before)
    inner = room.marginsRemoved(frame)
    if inner.width() <= 0 or inner.height() <= 0:
        return
    size = window.size().boundedTo(inner.size()).expandedTo(window.minimumSize())
    if size != window.size():
        window.resize(size)
    outer = QRect(window.frameGeometry().topLeft(), size.grownBy(frame))
    if not placed or room.contains(outer):
        return  # a window given no place yet is left where the window manager puts it
    left = min(max(outer.left(), room.left()), room.right() - outer.width() + 1)
    top = min(max(outer.top(), room.top()), room.bottom() - outer.height() + 1)
    window.move(left, top)  # move() places the frame, where it was read from: no guessed frame moves it


def fit_dialog_to_screen(dialog: QWidget) -> None:
    """Shrink a dialog, its frame included, to the room of the screen its window is on: one opened at its usual size
    on a 1024 × 600 laptop had its right-hand buttons off the screen."""
    parent = dialog.parentWidget()
    screen = _screen_of(parent.window() if parent is not None else dialog, parent is not None)
    if screen is None:
        return
    inner = screen.availableGeometry().marginsRemoved(FRAME_GUESS)
    if inner.width() > 0 and inner.height() > 0:
        dialog.resize(dialog.size().boundedTo(inner.size()).expandedTo(dialog.minimumSizeHint()))


def _frame_margins(window: QWidget, frame_before: QMargins | None) -> QMargins:
    """The frame the window manager draws around the window, or before it has drawn one the last one or a guess."""
    outer, inner = window.frameGeometry(), window.geometry()
    if outer == inner:
        return FRAME_GUESS if frame_before is None else frame_before
    return QMargins(inner.left() - outer.left(), inner.top() - outer.top(), outer.right() - inner.right(),
                    outer.bottom() - inner.bottom())


def _screen_of(window: QWidget, placed: bool) -> QScreen | None:
    where = QRect(window.pos(), window.size()).center() if placed else QCursor.pos()
    return QGuiApplication.screenAt(where) or window.screen() or QGuiApplication.primaryScreen()
