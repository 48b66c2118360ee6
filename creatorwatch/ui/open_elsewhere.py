"""Handing a web page or a folder to the desktop's own program, and saying so when there is none: Open page and Show
in folder did nothing at all on a computer without one. The address is copied, so the creator can paste it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

SAY_FOR = 15_000  # ms: long enough to read, and to go and paste it


def open_elsewhere(url: QUrl, say: Callable[[str, int], None]) -> None:
    """Open `url` with the desktop's program for it; without one, copy it and `say` where to paste it."""
    if QDesktopServices.openUrl(url):
        return
    if url.isLocalFile():
        QGuiApplication.clipboard().setText(url.toLocalFile())
        say(f"This computer has no program set up to show folders. The folder is {url.toLocalFile()}; it was copied, "
            "so you can paste it into your file manager.", SAY_FOR)
    else:
        QGuiApplication.clipboard().setText(url.toString())
        say("This computer has no program set up to open web pages, so the address was copied: paste it into your "
            "web browser.", SAY_FOR)
