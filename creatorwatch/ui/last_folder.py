"""File dialogs open where the creator last went for the same purpose — adding works, protecting copies, saving
evidence, a folder to watch, the files for their site — remembered in window.ini across runs. They opened in the
app's own folder or HOME, and the creator had to find their way back each time."""

from __future__ import annotations

from pathlib import Path

from creatorwatch.paths import Paths
from creatorwatch.ui.window_ini import window_settings

WORKS, PROTECT, EVIDENCE, WATCHED, WEBSITE = "works", "protect", "evidence", "watched-folder", "website"


def start_folder(paths: Paths, purpose: str) -> Path:
    """The folder last used for `purpose` while it still exists; the home folder before any (never the folder the
    app was started from, which is what Qt falls back to)."""
    kept = window_settings(paths).value(f"last-folder/{purpose}")
    if isinstance(kept, str) and kept and Path(kept).is_dir():
        return Path(kept)
    return Path.home()


def remember_folder(paths: Paths, purpose: str, chosen: str | Path) -> None:
    """Keep the folder of what the creator chose (a folder itself, or the folder a chosen file is in)."""
    folder = Path(chosen)
    if not folder.is_dir():
        folder = folder.parent
    settings = window_settings(paths)
    settings.setValue(f"last-folder/{purpose}", str(folder))
    settings.sync()
