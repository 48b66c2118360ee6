"""Library's Open original, which says why when it cannot open a work's file: it did nothing at all for a file that
was gone, or on a computer with no program set up for that kind of file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

from creatorwatch.core.library.works import Work

AT_ONCE = 5  # a slip of Ctrl+A then Enter opens a few files, not hundreds
SAY_FOR = 15_000  # ms: long enough to read, and to go and look


def open_originals(works: Sequence[Work], say: Callable[[str, int], None]) -> bool:
    """Open each work's file with the desktop's program for it, and `say` in words why one cannot be: its file
    gone (and where it was), or no program for it (its place copied, to open it by hand). Returns whether a file
    was gone, so the Library can show it as missing."""
    gone: list[Work] = []
    unopened: list[Work] = []
    for work in works[:AT_ONCE]:
        if not Path(work.path).is_file():
            gone.append(work)
        elif not QDesktopServices.openUrl(QUrl.fromLocalFile(work.path)):
            unopened.append(work)
    if gone:
        work = gone[0]
        say(f"\u201c{work.title}\u201d cannot be opened: its file is no longer at {work.path}.", SAY_FOR)
    elif unopened:
        work = unopened[0]
        QGuiApplication.clipboard().setText(work.path)
        say(
            f"No program on this computer is set up to open \u201c{work.title}\u201d. Its file, {work.path}, was "
            "copied so you can paste it.",
            SAY_FOR,
        )
    return bool(gone)
