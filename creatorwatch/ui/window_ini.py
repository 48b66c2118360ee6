"""The window's own settings store, window.ini beside the data's config: what the window remembers between runs
that is no part of the creator's data (its size, columns, hints shown, the tray's pause, the folders last used)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from creatorwatch.paths import Paths


def window_settings(paths: Paths) -> QSettings:
    """window.ini under `paths.config`, as an INI file on every system (not the Windows registry)."""
    return QSettings(str(paths.config / "window.ini"), QSettings.Format.IniFormat)
